/**
 * The working record of one result while it is turned into an escalc input: the numbers it
 * lacks, the assumptions and conversions it used, and notes. Each form's reader fills a
 * draft; `finish` then says whether the result is estimable.
 */
import type { Conversion, Measure, StudyInput } from "@metakit/effect-size";
import type { DoseClasses, EffectMeasure, Result } from "@metakit/schema";
import { isMissing, type AssumedValues, type Read } from "./assumed.js";
import type { DataIndex } from "./dataset.js";
import type { AssumptionUse, CorrelationUse, EffectRoute, ParticipantCount } from "../types.js";

/** What a form reader knows about the synthesis it reads for. */
export interface EffectContext {
  readonly index: DataIndex;
  readonly measure: EffectMeasure;
  readonly evidence: "comparative" | "single-arm";
  /** The within-person correlation for crossover results, only when the spec or scenario gives one. */
  readonly correlation: CorrelationUse | null;
  readonly assumed: AssumedValues;
  /** The spec's dose classes, for the doseClass subgroup; undefined when it declares none. */
  readonly doseClasses: DoseClasses | undefined;
}

/** A result ready for escalc. */
export interface ReadyInput {
  readonly ready: true;
  readonly route: EffectRoute;
  readonly escalcMeasure: Measure;
  /** escalc's input; `conversions` lists every derivation. */
  readonly input: StudyInput;
  readonly participants: ParticipantCount;
  readonly uses: readonly AssumptionUse[];
  readonly notes: readonly string[];
}

/** A result that cannot give an effect size, and why. */
export interface UnusableInput {
  readonly ready: false;
  readonly reason: string;
  readonly participants: ParticipantCount;
  readonly uses: readonly AssumptionUse[];
  readonly notes: readonly string[];
  readonly conversions: readonly Conversion[];
}

export type PreparedInput = ReadyInput | UnusableInput;

export class Draft {
  readonly missing: string[] = [];
  readonly uses: AssumptionUse[] = [];
  readonly notes: string[] = [];
  readonly conversions: Conversion[] = [];
  participants: ParticipantCount = { n: null, source: "not reported" };

  constructor(readonly result: Result) {}

  /** The value read, or undefined after recording why it is missing. */
  take(read: Read): number | undefined {
    if (isMissing(read)) {
      this.missing.push(read.missing);
      return undefined;
    }
    if (read.assumed !== undefined) this.uses.push(read.assumed);
    return read.value;
  }

  lack(reason: string): undefined {
    this.missing.push(reason);
    return undefined;
  }

  use(use: AssumptionUse): void {
    this.uses.push(use);
  }

  convert<T extends { readonly conversion: Conversion }>(converted: T): T {
    this.conversions.push(converted.conversion);
    return converted;
  }

  /** Estimable when nothing is missing; `build` is only called then. */
  finish(route: EffectRoute, escalcMeasure: Measure, build: () => Omit<StudyInput, "study" | "conversions">): PreparedInput {
    if (this.missing.length > 0) return this.unusable(this.missing.join("; "));
    return {
      ready: true,
      route,
      escalcMeasure,
      input: { study: this.result.study, ...build(), ...(this.conversions.length > 0 && { conversions: [...this.conversions] }) },
      participants: this.participants,
      uses: this.uses,
      notes: this.notes,
    };
  }

  unusable(reason: string): UnusableInput {
    return { ready: false, reason, participants: this.participants, uses: this.uses, notes: this.notes, conversions: this.conversions };
  }
}

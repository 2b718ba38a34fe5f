/**
 * Phase 2 of a synthesis: each selected result turned into an escalc input according to
 * its form, or marked not estimable with the reason. Nothing is invented: a number the
 * data lack stays missing unless an assumption in force supplies it, and every derived
 * number carries the conversion that produced it.
 *   dichotomous -> 2x2; continuous -> arm means; contrast -> GEN via conversions;
 *   paired -> paired effect (forms-paired.ts); proportion -> single-arm PR/PLO/PAS/PFT;
 *   median, narrative -> not estimable.
 * Single-arm proportions enter only single-arm syntheses, and comparative results only
 * comparative ones.
 */
import { isMetakitError, plainMessage } from "@metakit/base";
import type { Result, ResultOf } from "@metakit/schema";
import { readNumber } from "./assumed.js";
import type { DataIndex } from "./dataset.js";
import { Draft, type EffectContext, type PreparedInput } from "./draft.js";
import { readPaired } from "./forms-paired.js";
import { readContinuous, readContrast, readDichotomous } from "./forms-parallel.js";
import type { ParticipantCount } from "../types.js";

const PROPORTION_MEASURES: readonly string[] = ["PR", "PLO", "PAS", "PFT"];

export function readEffectInput(ctx: EffectContext, result: Result): PreparedInput {
  const kept = keptApart(ctx, result);
  const prepared = kept ?? readByForm(ctx, result);
  return prepared.ready || prepared.participants.n !== null
    ? prepared
    : { ...prepared, participants: fallbackParticipants(ctx.index, result.study) };
}

/** Single-arm evidence and comparative evidence never mix. */
function keptApart(ctx: EffectContext, result: Result): PreparedInput | undefined {
  if (result.form === "narrative" || result.form === "median") return undefined;
  const singleArm = result.form === "proportion";
  if (ctx.evidence === "comparative" && singleArm) {
    return new Draft(result).unusable("a single-arm proportion has no comparator; it is kept apart from comparative syntheses");
  }
  if (ctx.evidence === "single-arm" && !singleArm) {
    return new Draft(result).unusable(`a comparative (${result.form}) result does not enter a single-arm synthesis`);
  }
  return undefined;
}

function readByForm(ctx: EffectContext, result: Result): PreparedInput {
  try {
    switch (result.form) {
      case "dichotomous":
        return readDichotomous(ctx, result);
      case "continuous":
        return readContinuous(ctx, result);
      case "contrast":
        return readContrast(ctx, result);
      case "paired":
        return readPaired(ctx, result);
      case "proportion":
        return readProportion(ctx, result);
      case "median":
        return readMedian(result);
      case "narrative":
        return new Draft(result).unusable(`narrative only: ${result.reason ?? result.text}`);
    }
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    return new Draft(result).unusable(`a conversion failed: ${plainMessage(error.message)}`);
  }
}

function readProportion(ctx: EffectContext, result: ResultOf<"proportion">): PreparedInput {
  const draft = new Draft(result);
  if (!PROPORTION_MEASURES.includes(ctx.measure)) return draft.unusable(`a proportion cannot give ${ctx.measure}`);
  const xi = draft.take(readNumber(result.events, "events", ctx.assumed.lookup(result.id, "events")));
  const ni = draft.take(readNumber(result.total, "total", ctx.assumed.lookup(result.id, "total")));
  if (ni !== undefined) draft.participants = { n: ni, source: "total" };
  if (result.events.status === "computed") draft.notes.push(`events computed from the reported figures: ${result.events.formula ?? "formula not given"}`);
  return draft.finish("proportion", ctx.measure, () => ({ xi: xi!, ni: ni! }));
}

function readMedian(result: ResultOf<"median">): PreparedInput {
  const draft = new Draft(result);
  const n = result.arms.map((a) => a.n.value);
  if (n.every((x) => x !== undefined)) draft.participants = { n: n.reduce((a, b) => a! + b!, 0)!, source: "arm sizes" };
  return draft.unusable(
    "reported as medians (with IQR or range); converting them to means and SDs assumes a distribution and is not done",
  );
}

/**
 * Participants of a result that gave no count of its own: the study's analysed, completed
 * or randomised, else the sum over its arms of the same (every arm must report it).
 */
export function fallbackParticipants(index: DataIndex, studyId: string): ParticipantCount {
  const study = index.studies.get(studyId);
  const arms = [...index.arms.values()].filter((a) => a.study === studyId);
  const armSum = (field: "analysed" | "completed" | "randomised") => {
    const values = arms.map((a) => a[field]?.value);
    return arms.length > 0 && values.every((v) => v !== undefined) ? values.reduce((x, y) => x! + y!, 0) : undefined;
  };
  const candidates = [
    ["analysed (study)", study?.analysed?.value],
    ["completed (study)", study?.completed?.value],
    ["randomised or entered (study)", study?.randomised?.value],
    ["analysed (sum of arms)", armSum("analysed")],
    ["completed (sum of arms)", armSum("completed")],
    ["randomised (sum of arms)", armSum("randomised")],
  ] as const;
  for (const [source, n] of candidates) if (n !== undefined) return { n, source };
  return { n: null, source: "no count reported" };
}

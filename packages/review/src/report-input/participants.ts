/**
 * Participants, counted one way for every table of the report: per study and outcome, the
 * count behind the result (the arms or pairs analysed), else the study's own count
 * (analysed, completed, randomised or entered, from the study record or the sum of its
 * arms), always with which of these it is. The Summary of Findings, the narrative table
 * and GRADE's participants all come from here, so one study shows one number per outcome.
 */
import { fallbackParticipants } from "../inputs/effect-inputs.js";
import type { DataIndex } from "../inputs/dataset.js";
import type { ParticipantCount } from "../types.js";

/** What a count is, in words a reader expects: "analysed", "completed", "randomised". */
export type ParticipantBasis = "analysed" | "assumed" | "completed" | "randomised" | "randomised or entered" | "not reported";

export interface Participants {
  readonly n: number | null;
  readonly basis: ParticipantBasis;
}

/** The basis of a count from where analyze found it (ParticipantCount.source). */
export function participantBasis(source: string): ParticipantBasis {
  if (source.includes("assumed") || source.startsWith("assumption")) return "assumed";
  if (source.startsWith("completed")) return "completed";
  if (source.startsWith("randomised or entered")) return "randomised or entered";
  if (source.startsWith("randomised")) return "randomised";
  if (source === "not reported" || source === "no count reported") return "not reported";
  return "analysed";
}

/**
 * The participants of one study for one outcome: the largest count behind its results
 * (a study with two results for the outcome counts once), else the study's own count.
 */
export function participantsOf(index: DataIndex, study: string, counts: readonly ParticipantCount[] = []): Participants {
  const known = counts.filter((c): c is ParticipantCount & { n: number } => c.n !== null);
  const largest = known.reduce<(ParticipantCount & { n: number }) | undefined>((best, c) => (best === undefined || c.n > best.n ? c : best), undefined);
  const count = largest ?? fallbackParticipants(index, study);
  return { n: count.n, basis: participantBasis(count.source) };
}

/** "37 randomised", "12 analysed", "not reported". */
export function participantsText(p: Participants): string {
  return p.n === null ? "not reported" : `${p.n} ${p.basis === "assumed" ? "(assumed)" : p.basis}`;
}

/** Participants summed over studies, with the shared basis or "participants" when they differ. */
export function participantsTotalText(parts: readonly Participants[]): string {
  const known = parts.filter((p) => p.n !== null);
  const total = known.reduce((sum, p) => sum + (p.n ?? 0), 0);
  const bases = new Set(known.map((p) => p.basis));
  const [only] = [...bases];
  const basis = bases.size === 1 && only !== undefined && only !== "assumed" ? only : "participants";
  const missing = parts.length - known.length;
  return `${total} ${basis}${missing > 0 ? ` (${missing} not reported)` : ""}`;
}

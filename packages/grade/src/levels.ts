/**
 * The four GRADE levels of certainty, their symbols and their plain-language wording.
 * @reference Balshem et al. (2011) GRADE guidelines 3: rating the quality of evidence,
 *   J Clin Epidemiol 64:401-406 (the four levels);
 *   Santesso et al. (2020) GRADE guidelines 26: informative statements to communicate the
 *   findings of systematic reviews, J Clin Epidemiol 119:126-135 (the wording).
 */
export const CERTAINTY_LEVELS = ["very low", "low", "moderate", "high"] as const;
export type Certainty = (typeof CERTAINTY_LEVELS)[number];

/** Rank of a level: 1 for very low up to 4 for high. */
export function certaintyRank(level: Certainty): number {
  return CERTAINTY_LEVELS.indexOf(level) + 1;
}

/**
 * The level for a rank, clamped to very low .. high: rating down below very low or up above
 * high does not exist in GRADE.
 */
export function certaintyFromRank(rank: number): Certainty {
  const clamped = Math.min(4, Math.max(1, Math.round(rank)));
  return CERTAINTY_LEVELS[clamped - 1] as Certainty;
}

/** ⊕⊕⊕⊕ (high), ⊕⊕⊕◯, ⊕⊕◯◯, ⊕◯◯◯ (very low), as in GRADEpro and Cochrane tables. */
export function certaintySymbols(level: Certainty): string {
  const filled = certaintyRank(level);
  return "⊕".repeat(filled) + "◯".repeat(4 - filled);
}

/**
 * How a finding is stated at each level (GRADE guidelines 26): "results in" (high),
 * "likely results in" (moderate), "may result in" (low), "the evidence is very uncertain
 * about" (very low).
 */
export function certaintyPhrase(level: Certainty): string {
  switch (level) {
    case "high":
      return "results in";
    case "moderate":
      return "likely results in";
    case "low":
      return "may result in";
    case "very low":
      return "the evidence is very uncertain about";
  }
}

/**
 * The confidence level a table's column headers name. A table whose rows come from
 * analyses at one level names it in the header ("Relative effect (95% CI)"); when the rows
 * differ, the header says "CI" and each row's interval names its own level.
 */
import { readLevel } from "@metakit/base";
import { messages } from "../messages.js";

export interface TableLevels {
  /** "95% CI" when every row shares one level, "CI" when they differ. */
  readonly header: string;
  /** What follows a row's interval: "" under a shared level, " (90% CI)" otherwise. */
  readonly row: (level: number | undefined) => string;
}

/**
 * The header and row texts for intervals at `levels` (each as metafor reads it, 95 when
 * absent; anything else is INVALID_INPUT naming `fn`).
 * @example tableLevels([90, 0.9], "scenariosTable").header // "90% CI"
 */
export function tableLevels(levels: readonly (number | undefined)[], fn: string): TableLevels {
  const read = (level: number | undefined) => readLevel(level, fn);
  const distinct = new Set(levels.map(read));
  const [only] = [...distinct];
  if (distinct.size <= 1) return { header: messages.labels.ci(only ?? read(undefined)), row: () => "" };
  return { header: "CI", row: (level) => ` (${messages.labels.ci(read(level))})` };
}

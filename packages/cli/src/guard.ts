/**
 * The guards every command's output passes, in one place: numbers must be finite
 * whatever the format (so the exit status never depends on --format), CSV cells are
 * neutralised against formula injection (the same neutraliser as the report's CSVs),
 * terminal text has its control characters escaped, and option pairs that contradict
 * each other are usage errors.
 */
import { neutraliseCsvText, terminalText } from "@metakit/base/text";
import { UsageError } from "./errors.js";

export { neutraliseCsvText, terminalText };
export { assertFinite, explainNulls, firstNonFinite, nullPaths, refuseConflicts, type NullReasons } from "@metakit/review/pool/guard";

/** Work a command does without --allow-long: GOSH subsets (its default sample) and permutations. */
export const WORK_CAPS = { subsets: 1_000_000, permutations: 100_000 } as const;

/** The option that lifts WORK_CAPS, for commands with long work. */
export const ALLOW_LONG_OPTION = ["--allow-long", `run past the work caps (${WORK_CAPS.subsets} GOSH subsets, ${WORK_CAPS.permutations} permutations), knowing it may take hours`] as const;

/**
 * Refuses work beyond its cap unless the user lifted it with --allow-long: a typo of
 * --permutations 1e9 must not run for hours without a word.
 * @param work how many fits the command would run (already bounded by what exists: 2^k - 1 subsets).
 * @throws UsageError saying how much work and how to allow it.
 */
export function refuseLongWork(work: number, cap: number, what: string, allowed: boolean | undefined): void {
  if (allowed === true || work <= cap) return;
  throw new UsageError(`${work >= 1e15 ? work.toExponential(1) : work} ${what} is more than ${cap}, which can take hours; give --allow-long to run it knowingly, or ask for fewer`);
}

/** n! as a double (Infinity past 170!), for the count of distinct permutations. */
export function factorial(n: number): number {
  let product = 1;
  for (let i = 2; i <= n; i++) product *= i;
  return product;
}


/**
 * The one rule for an id (a study, result, spec, synthesis, outcome ...): what
 * `metakit validate` accepts is what every later step (analyze, report's folder and
 * anchor names) accepts. An id names a record; it is not a description.
 */

/** Letters, digits and - _ . (no spaces), starting with a letter or digit: safe as a file name, an HTML anchor and a CSV cell. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The longest id. */
export const MAX_ID_LENGTH = 100;

/** What an id must be, one sentence per rule, as the messages say it. */
export const ID_RULES = {
  pattern: "an id is letters, digits and - _ . without spaces",
  length: `an id is at most ${MAX_ID_LENGTH} characters`,
  reserved: "an id may not be a name JavaScript objects reserve (constructor, prototype, toString, ...)",
} as const;

/**
 * Whether `id` may name a record: not a name every JavaScript object already has
 * (constructor, toString, ...), so no id can reach a lookup table's prototype.
 */
export function isSafeKey(id: string): boolean {
  return !(id in Object.prototype) && id !== "prototype";
}

/**
 * Why `id` cannot be an id (the rule it breaks, from ID_RULES), or undefined when it can.
 * @example idProblem("pain-2") // undefined
 * @example idProblem("pain 2") // "an id is letters, digits and - _ . without spaces"
 */
export function idProblem(id: string): string | undefined {
  if (!ID_PATTERN.test(id)) return ID_RULES.pattern;
  if (id.length > MAX_ID_LENGTH) return ID_RULES.length;
  if (!isSafeKey(id)) return ID_RULES.reserved;
  return undefined;
}

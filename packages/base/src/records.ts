/**
 * Lookup tables keyed by text a user wrote (outcome ids, characteristic names, group
 * labels): built without a prototype, so a key such as "constructor" or "__proto__" is an
 * ordinary key and a missing key reads as undefined, never as a property every object has.
 */

/**
 * A record with no prototype holding the given entries (Object.fromEntries without the prototype).
 * @example recordOf([["constructor", 1]]).constructor // 1
 * @example recordOf<number>([])["toString"] // undefined
 */
export function recordOf<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const record = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}

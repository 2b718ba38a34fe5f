/**
 * R source text: literals (numbers at full precision, strings escaped, NA for missing),
 * vectors and the inline data frame of a CSV, so a script carries its data and needs no
 * file. Pure string building; the scripts are assembled in script.ts.
 */

/** A number as R reads it back to the same double (shortest round-trip form), NA when missing. */
export function rNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return "NA";
  if (!Number.isFinite(x)) throw new Error(`rNumber: ${x} is not a finite number`);
  return String(x);
}

/** A string literal: JSON's escapes (\", \\, \n, \uXXXX) are R's too. */
export const rString = (text: string): string => JSON.stringify(text);

export const rNumbers = (xs: readonly (number | null | undefined)[]): string => `c(${xs.map(rNumber).join(", ")})`;
export const rStrings = (xs: readonly string[]): string => `c(${xs.map(rString).join(", ")})`;

/** An R name for a CSV column: syntactic names as they are, others back-quoted. */
export function rName(column: string): string {
  return /^[A-Za-z.][A-Za-z0-9._]*$/.test(column) && !/^\.[0-9]/.test(column) ? column : `\`${column.replace(/`/g, "\\`")}\``;
}

export interface DataColumn {
  readonly name: string;
  readonly values: readonly (number | null)[] | readonly string[];
}

/** `dat <- data.frame(...)` with one line per column; text columns stay text (stringsAsFactors = FALSE). */
export function dataFrame(variable: string, columns: readonly DataColumn[]): string {
  const lines = columns.map((c) => {
    const values = c.values as readonly unknown[];
    const text = values.every((v) => typeof v === "string") ? rStrings(values as string[]) : rNumbers(values as (number | null)[]);
    return `  ${rName(c.name)} = ${text}`;
  });
  return `${variable} <- data.frame(\n${lines.join(",\n")},\n  stringsAsFactors = FALSE, check.names = FALSE\n)`;
}

/** A named argument list for a call: `name = value`, leaving out undefined values. */
export function rArgs(args: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(args)
    .flatMap(([name, value]) => (value === undefined ? [] : [`${name} = ${value}`]))
    .join(", ");
}

/** Comment lines (each prefixed "# "). */
export const rComments = (lines: readonly string[]): string[] => lines.map((line) => `# ${line}`);

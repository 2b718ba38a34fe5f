/**
 * A self-contained R script: a header saying what it reproduces, the notes on where
 * metafor differs from metakit, library(metafor) and jsonlite, the CSV's data inline,
 * the analysis, and the JSON it prints (the fields of metakit's --format json, same names).
 */
import { ESCALC_ARGS } from "@metakit/effect-size";
import { decimalNumber, type StudyTable } from "./study-csv.js";
import { dataFrame, rComments, type DataColumn } from "./r-code.js";

/** R functions the scripts share: the JSON shape of a pooled model (metakit's poolingJson). */
export const R_HELPERS = String.raw`num <- function(x) if (is.null(x) || length(x) == 0) NA_real_ else unname(as.numeric(x))
pooling <- function(res, pred, back) {
  out <- list(
    k = res$k, method = res$method, test = res$test, level = 100 * (1 - res$level),
    estimate = num(res$beta), se = num(res$se), statistic = num(res$zval), pval = num(res$pval),
    ciLower = num(res$ci.lb), ciUpper = num(res$ci.ub),
    df = if (is.null(res$test) || res$test == "z") NA_real_ else num(res$ddf),
    tau2 = num(res$tau2), tau = sqrt(num(res$tau2)), seTau2 = num(res$se.tau2),
    QE = num(res$QE), QEdf = if (is.null(res$k.yi)) res$k - res$p else res$k.yi - 1, QEp = num(res$QEp),
    I2 = num(res$I2), H2 = num(res$H2),
    piLower = num(pred$pi.lb), piUpper = num(pred$pi.ub),
    weights = I(unname(as.numeric(weights(res)))),
    studies = I(as.character(res$slab))
  )
  if (!is.null(back)) out$backTransformed <- list(estimate = num(back$pred), ciLower = num(back$ci.lb), ciUpper = num(back$ci.ub), piLower = num(back$pi.lb), piUpper = num(back$pi.ub))
  out
}
printJson <- function(out) cat(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null"), "\n")`;

export interface ScriptParts {
  /** The metakit version that writes the script (the CLI's, or the web app's build of it). */
  readonly version: string;
  /** "pool bcg.csv --measure RR ...": what the script reproduces. */
  readonly command: string;
  readonly notes: readonly string[];
  readonly data: string;
  readonly body: readonly string[];
}

export function rScript(parts: ScriptParts): string {
  return [
    ...rComments([
      `Written by metakit ${parts.version}: metakit ${parts.command}`,
      "The same analysis with metafor (written for 3.8-1); prints, as JSON, the numbers metakit's --format json prints, under the same names.",
      "Run: Rscript this-file.R (needs the R packages metafor and jsonlite).",
      ...parts.notes,
    ]),
    'suppressPackageStartupMessages({ library(metafor); library(jsonlite) })',
    R_HELPERS,
    parts.data,
    ...parts.body,
    "",
  ].join("\n");
}

/**
 * The CSV's data as an R data frame: the study labels, every column named as an escalc
 * argument (numbers as metakit's strict reader read them), and the extra columns asked
 * for, as text or, when `numeric`, as numbers.
 */
export function csvDataFrame(table: StudyTable, extra: readonly { readonly column: string; readonly numeric?: boolean }[] = []): string {
  const columns: DataColumn[] = [];
  if (table.columns.includes("study")) columns.push({ name: "study", values: table.studies.map((s, i) => s.study ?? String(i + 1)) });
  for (const arg of ESCALC_ARGS) {
    if (table.columns.includes(arg)) columns.push({ name: arg, values: table.studies.map((s) => s[arg] ?? null) });
  }
  for (const { column, numeric } of extra) {
    if (columns.some((c) => c.name === column)) continue;
    const cells = table.cells.map((row) => row[column]?.trim() ?? "");
    columns.push({ name: column, values: numeric ? cells.map((c) => decimalNumber(c) ?? null) : cells });
  }
  return dataFrame("dat", columns);
}

/** The file's name without its folders (no node:path: this module is pure). */
export const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** "pool bcg.csv --measure RR --method REML": the options as given, for the header. */
export function commandLine(command: string, file: string, options: Readonly<Record<string, unknown>>): string {
  const flags = Object.entries(options)
    .filter(([name, value]) => value !== undefined && value !== false && name !== "emitR" && name !== "format")
    .map(([name, value]) => {
      const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      return value === true ? flag : `${flag} ${Array.isArray(value) ? value.join(",") : String(value)}`;
    });
  return [command, file, ...flags].join(" ");
}

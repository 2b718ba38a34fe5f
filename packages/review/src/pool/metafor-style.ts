/**
 * `metakit pool --style metafor`: the fit printed in the layout of metafor's print.rma.uni
 * (metafor 3.8-1), line for line, for people who check metakit against R output: the model
 * line, tau², tau, I², H², the test for heterogeneity and the model-results table with
 * significance stars, in metafor's number formats (4 decimals; "<.0001"; tau² = 0 as "0").
 * Compared with metafor's own printout in packages/fixtures/metafor-print (test).
 */
import type { MetaAnalysisResult } from "@metakit/core";

const DIGITS = 4;
/** R's .Machine$double.eps * 10: a tau² this small prints as "0", as metafor does. */
const ZERO_TAU2 = 2.220446049250313e-16 * 10;
const LEGEND = "Signif. codes:  0 ‘***’ 0.001 ‘**’ 0.01 ‘*’ 0.05 ‘.’ 0.1 ‘ ’ 1";

/** formatC(x, format = "f", digits) */
const fcf = (x: number, digits = DIGITS) => x.toFixed(digits);

/** metafor's p-value text: 4 decimals, "<.0001" below; with the relation ("= 0.6274", "< .0001") in sentences. */
function pval(p: number, inSentence = false): string {
  if (p >= 0.0001) return `${inSentence ? "= " : ""}${fcf(p)}`;
  return inSentence ? "< .0001" : "<.0001";
}

/** R's symnum significance stars (cut points 0.001, 0.01, 0.05, 0.1). */
function stars(p: number): string {
  return p <= 0.001 ? "***" : p <= 0.01 ? "**" : p <= 0.05 ? "*" : p <= 0.1 ? "." : " ";
}

function modelLine(result: MetaAnalysisResult): string {
  if (result.method === "EE") return `Equal-Effects Model (k = ${result.k})`;
  if (result.method === "FE") return `Fixed-Effects Model (k = ${result.k})`;
  return `Random-Effects Model (k = ${result.k}; tau^2 estimator: ${result.method})`;
}

function heterogeneityLines(result: MetaAnalysisResult): string[] {
  const lines: string[] = [];
  if (result.method !== "EE" && result.method !== "FE") {
    const zero = Math.abs(result.tau2) <= ZERO_TAU2;
    const se = result.seTau2 === undefined ? "" : ` (SE = ${fcf(result.seTau2)})`;
    lines.push(`tau^2 (estimated amount of total heterogeneity): ${fcf(result.tau2, zero ? 0 : DIGITS)}${se}`);
    lines.push(`tau (square root of estimated tau^2 value):      ${fcf(Math.sqrt(result.tau2), zero ? 0 : DIGITS)}`);
  }
  lines.push(`I^2 (total heterogeneity / total variability):   ${fcf(result.I2, 2)}%`);
  lines.push(`H^2 (total variability / sampling variability):  ${fcf(result.H2, 2)}`);
  return lines;
}

/** The model-results table: right-justified columns two spaces apart, the stars last, as R prints the data frame. */
function resultsTable(result: MetaAnalysisResult): string[] {
  const t = result.test !== "z";
  const columns: [string, string][] = [
    ["estimate", fcf(result.estimate)],
    ["se", fcf(result.se)],
    [t ? "tval" : "zval", fcf(result.statistic)],
    ...(t ? [["df", String(Math.round((result.df ?? result.k - 1) * 100) / 100)] as [string, string]] : []),
    ["pval", pval(result.pval)],
    ["ci.lb", fcf(result.ciLower)],
    ["ci.ub", fcf(result.ciUpper)],
  ];
  const star = stars(result.pval);
  const widths = columns.map(([h, v]) => Math.max(h.length, v.length));
  const header = columns.map(([h], i) => h.padStart(widths[i]!)).join("  ") + "  " + "".padEnd(star.length) + " ";
  const row = columns.map(([, v], i) => v.padStart(widths[i]!)).join("  ") + "  " + star + " ";
  return [header, row];
}

export function metaforPrint(result: MetaAnalysisResult): string {
  const lines = [
    "",
    modelLine(result),
    "",
    ...heterogeneityLines(result),
    "",
    "Test for Heterogeneity:",
    `Q(df = ${result.QEdf}) = ${fcf(result.QE)}, p-val ${pval(result.QEp, true)}`,
    "",
    "Model Results:",
    "",
    ...resultsTable(result),
    "",
    "---",
    LEGEND,
    "",
  ];
  return lines.join("\n") + "\n";
}

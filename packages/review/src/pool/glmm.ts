/**
 * `metakit pool FILE --method GLMM`: metafor's rma.glmm models fitted by @metakit/core's
 * glmm() on the counts of the file: `--measure OR` (columns ai, bi, ci, di, or ai, n1i,
 * ci, n2i; `--glmm-model UM.FS` or `UM.RS`), `--measure PLO` (xi with ni or mi) and `--measure IRLN`
 * (xi, ti). As JSON or text. Rows with a missing count are left out, as rma.glmm omits
 * them; the file's escalc columns are otherwise not used.
 */
import { glmm, type GlmmInput, type GlmmResult } from "@metakit/core";
import { isMetakitError, plainMessage } from "@metakit/base";
import type { Measure, StudyInput } from "@metakit/effect-size";
import { InputFileError, UsageError } from "./errors.js";
import { formatted } from "./output.js";
import { explainNulls, type NullReasons } from "./guard.js";
import { fileRow, type StudyTable } from "./study-csv.js";

export const GLMM_MODEL_OPTIONS = ["UM.FS", "UM.RS"] as const;
export type GlmmModelOption = (typeof GLMM_MODEL_OPTIONS)[number];
const GLMM_MEASURES = ["OR", "PLO", "IRLN"] as const;

export interface GlmmPoolOptions {
  readonly measure: Measure;
  readonly method: string;
  readonly level: number;
  readonly test: string;
  readonly glmmModel?: GlmmModelOption;
  readonly format: string;
  readonly pi?: unknown;
  readonly tau2Ci?: boolean;
  readonly by?: string;
  readonly commonTau2?: boolean;
  readonly metaforCompat?: unknown;
}

/**
 * --glmm-model is read only with --method GLMM, and GLMM takes the measures and options
 * rma.glmm fits here: OR, PLO, IRLN; --test z or t; no subgroups, prediction interval,
 * tau² interval or escalc compatibility switch.
 */
export function checkGlmmOptions(options: GlmmPoolOptions, clustered: boolean): void {
  if (options.method !== "GLMM") {
    if (options.glmmModel !== undefined) throw new UsageError("--glmm-model needs --method GLMM");
    return;
  }
  if (!(GLMM_MEASURES as readonly string[]).includes(options.measure)) {
    throw new UsageError(`--method GLMM fits --measure OR (2x2 tables), PLO (proportions) or IRLN (rates); got ${options.measure}`);
  }
  if (options.glmmModel !== undefined && options.measure !== "OR") throw new UsageError(`--glmm-model is for --measure OR; ${options.measure} has one model (random intercept)`);
  if (options.test !== "z" && options.test !== "t") throw new UsageError(`--method GLMM takes --test z or t; got ${options.test}`);
  const unsupported: [boolean, string][] = [
    [clustered, "--cluster and --robust"],
    [options.by !== undefined, "--by"],
    [options.commonTau2 === true, "--common-tau2"],
    [options.pi !== undefined, "--pi"],
    [options.tau2Ci === true, "--tau2-ci"],
    [options.metaforCompat !== undefined, "--metafor-compat"],
  ];
  const found = unsupported.find(([present]) => present);
  if (found) throw new UsageError(`${found[1]} is not offered with --method GLMM`);
}

interface GlmmRows {
  readonly input: GlmmInput;
  /** File index (0-based data row) of each study given to glmm(). */
  readonly rows: readonly number[];
  readonly missing: readonly { study: string; row: number; reason: string }[];
}

const label = (s: StudyInput, i: number) => (typeof s.study === "string" && s.study.trim() !== "" ? s.study : `Study ${i + 1}`);

/** The counts of each row for the measure; a row missing one is listed, not used. */
function readCounts(table: StudyTable, measure: "OR" | "PLO" | "IRLN"): GlmmRows {
  const needed = measure === "OR" ? ["ai", "bi|n1i", "ci", "di|n2i"] : measure === "PLO" ? ["xi", "ni|mi"] : ["xi", "ti"];
  for (const column of needed) {
    if (!column.split("|").some((c) => table.columns.includes(c))) throw new InputFileError(table.file, `--method GLMM --measure ${measure} needs a column ${column.replace("|", " or ")}`, 1);
  }
  const rows: number[] = [];
  const missing: { study: string; row: number; reason: string }[] = [];
  const values: number[][] = needed.map(() => []);
  table.studies.forEach((s, i) => {
    const v = (name: string): number | null => s[name as keyof StudyInput] as number | null | undefined ?? null;
    const row =
      measure === "OR"
        ? [v("ai"), v("bi") ?? diff(v("n1i"), v("ai")), v("ci"), v("di") ?? diff(v("n2i"), v("ci"))]
        : measure === "PLO"
          ? [v("xi"), v("ni") ?? sum(v("xi"), v("mi"))]
          : [v("xi"), v("ti")];
    const gap = row.findIndex((x) => x === null);
    if (gap >= 0) {
      missing.push({ study: label(s, i), row: fileRow(i), reason: `missing ${needed[gap]!.replace("|", " or ")}` });
      return;
    }
    rows.push(i);
    row.forEach((x, j) => values[j]!.push(x!));
  });
  const labels = rows.map((i) => label(table.studies[i]!, i));
  const [a, b, c, d] = values as [number[], number[], number[], number[]];
  const input: GlmmInput =
    measure === "OR" ? { measure, ai: a, bi: b, ci: c, di: d, labels } : measure === "PLO" ? { measure, xi: a, ni: b, labels } : { measure, xi: a, ti: b, labels };
  return { input, rows, missing };
}

const diff = (n: number | null, x: number | null) => (n === null || x === null ? null : n - x);
const sum = (x: number | null, m: number | null) => (x === null || m === null ? null : x + m);

export function poolGlmm(table: StudyTable, options: GlmmPoolOptions): string {
  const measure = options.measure as "OR" | "PLO" | "IRLN";
  const { input, rows, missing } = readCounts(table, measure);
  if (rows.length === 0) throw new InputFileError(table.file, "no study has the counts --method GLMM needs, so nothing can be pooled");
  let result: GlmmResult;
  try {
    result = glmm(input, { level: options.level, test: options.test as "z" | "t", ...(measure === "OR" && { model: options.glmmModel ?? "UM.FS" }) });
  } catch (error) {
    if (!isMetakitError(error)) throw error;
    const index = error.details["index"];
    const row = typeof index === "number" && rows[index] !== undefined ? fileRow(rows[index]!) : undefined;
    throw new InputFileError(table.file, plainMessage(error.message), row, error.details.field);
  }
  const dropped = result.excluded.map((e) => {
    const i = rows[input.labels!.indexOf(String(e.study))];
    return { study: String(e.study), row: i === undefined ? null : fileRow(i), reason: e.reason };
  });
  const excluded = [...missing, ...dropped];
  return formatted(table.file, options.format, glmmJson(result, excluded), () => glmmText(result, excluded));
}

/** The JSON of issue 18: estimate, se, statistic, pval, ciLower, ciUpper, tau2, and the rest. */
export function glmmJson(r: GlmmResult, excluded: readonly unknown[]) {
  return explainNulls({
    measure: r.measure,
    method: "GLMM",
    model: r.model,
    estimation: "ML",
    quadrature: r.quadrature,
    k: r.k,
    level: r.level,
    test: r.test,
    estimate: r.estimate,
    se: r.se,
    statistic: r.zval,
    pval: r.pval,
    ciLower: r.ciLower,
    ciUpper: r.ciUpper,
    tau2: r.tau2,
    tau: r.tau,
    sigma2: r.sigma2,
    I2: r.I2,
    H2: r.H2,
    logLik: r.logLik,
    heterogeneity: r.heterogeneity,
    transformed: r.transformed,
    excluded,
  }, GLMM_NULL_REASONS);
}

/** Why a GLMM result field can be null (listed beside it in the JSON's notApplicable). */
export const GLMM_NULL_REASONS: NullReasons = {
  sigma2: "not applicable: only UM.RS has random study effects",
  heterogeneity: "not applicable: a zero cell leaves the saturated model without a maximum, so no heterogeneity test exists",
};

const f4 = (x: number) => x.toFixed(4);
const p4 = (p: number) => (p < 1e-4 ? "< .0001" : `= ${p.toFixed(4)}`);

const MODEL_TEXT: Record<GlmmResult["model"], string> = {
  "UM.FS": "unconditional model with fixed study effects (UM.FS): logistic, random treatment effect",
  "UM.RS": "unconditional model with random study effects (UM.RS): logistic, random intercept and random treatment effect",
  "random-intercept": "random-intercept model",
};

function glmmText(r: GlmmResult, excluded: readonly { study: string; reason: string }[]): string {
  const family = r.measure === "IRLN" ? "Poisson, log link, offset log(ti)" : "binomial, logit link";
  const het = r.heterogeneity;
  const stat = r.test === "t" ? `t(df = ${r.k - 1})` : "z";
  const lines = [
    `Random-effects GLMM (${r.measure}), ${MODEL_TEXT[r.model]}; ${family}; k = ${r.k}`,
    r.quadrature.nodes === 1
      ? "Maximum likelihood, Laplace approximation (as metafor's rma.glmm, which uses nAGQ = 1 for UM.RS); no continuity correction"
      : `Maximum likelihood, adaptive Gauss-Hermite quadrature with ${r.quadrature.nodes} nodes (as metafor's rma.glmm, nAGQ = 7); no continuity correction`,
    `tau^2 = ${f4(r.tau2)} (tau = ${f4(r.tau)}); I^2 = ${r.I2.toFixed(2)}%; H^2 = ${f4(r.H2)}${r.sigma2 === null ? "" : `; sigma^2 (study effects) = ${f4(r.sigma2)}`}`,
    ...(het === null ? ["Heterogeneity: no tests (a zero cell leaves the saturated model without a maximum)"] : []),
    ...(het
      ? [
          `Heterogeneity: Wald-type QE(df = ${het.wald.df}) = ${f4(het.wald.statistic)}, p ${p4(het.wald.pval)}; likelihood ratio QE(df = ${het.lrt.df}) = ${f4(het.lrt.statistic)}, p ${p4(het.lrt.pval)}`,
        ]
      : []),
    `Estimate (${r.measure === "OR" ? "log odds ratio" : r.measure === "PLO" ? "logit proportion" : "log rate"}): ${f4(r.estimate)}, se ${f4(r.se)}, ${stat} = ${f4(r.zval)}, p ${p4(r.pval)}, ${r.level}% CI [${f4(r.ciLower)}, ${f4(r.ciUpper)}]`,
    `${r.transformed.scale === "OR" ? "Odds ratio" : r.transformed.scale === "proportion" ? "Proportion" : "Rate per unit of ti"}: ${f4(r.transformed.estimate)} [${f4(r.transformed.ciLower)}, ${f4(r.transformed.ciUpper)}]`,
    ...excluded.map((e) => `Excluded: ${e.study} (${e.reason})`),
  ];
  return lines.join("\n") + "\n";
}

/**
 * Peto's one-step pooled odds ratio of 2x2 tables, as metafor's rma.peto().
 */
import { MetakitError } from "@metakit/base";
import { tableEffects } from "./mantel-haenszel-effects.js";
import {
  heterogeneity,
  heterogeneityNotes,
  percentWeights,
  type TablePoolingResult,
  uninformativeNotes,
  zInference,
} from "./mantel-haenszel-result.js";
import { checkTables, normaliseTableOptions, poolingTables, type Table2x2, type TablePoolingOptions } from "./mantel-haenszel-tables.js";
import { studyName } from "./validate-input.js";

export type PetoOptions = TablePoolingOptions;

export interface PetoResult extends TablePoolingResult {
  readonly method: "PETO";
  readonly measure: "OR";
}

/** Observed minus expected events in the treatment group, and its hypergeometric variance. */
interface PetoTerms {
  readonly OminusE: readonly number[];
  readonly Vi: readonly number[];
}

/**
 * Per table: O - E = ai - xti n1i / Ni, Vi = xti yti n1i n2i / (Ni^2 (Ni - 1)), with
 * xti = ai + ci and yti = bi + di (the hypergeometric mean and variance of ai).
 */
function petoTerms(tables: readonly Table2x2[], index: readonly number[], labels: readonly string[] | undefined): PetoTerms {
  const OminusE: number[] = [];
  const Vi: number[] = [];
  tables.forEach(({ ai, bi, ci, di }, j) => {
    const n1i = ai + bi;
    const n2i = ci + di;
    const Ni = n1i + n2i;
    const xt = ai + ci;
    const V = (xt * (bi + di) * (n1i / Ni) * (n2i / Ni)) / (Ni - 1);
    if (!(V >= 0) || !Number.isFinite(V)) {
      const study = studyName(labels, index[j]!);
      throw new MetakitError("INVALID_INPUT", `peto: the hypergeometric variance needs at least 2 participants (study ${study})`, {
        study,
        field: "tables",
        value: Ni,
      });
    }
    OminusE.push(ai - (xt * n1i) / Ni);
    Vi.push(V);
  });
  return { OminusE, Vi };
}

/**
 * Peto's Q: sum over tables with Vi > 0 of (O - E)^2 / Vi, minus (sum(O - E))^2 / sum Vi,
 * truncated at 0.
 * @reference Yusuf et al. (1985), Prog Cardiovasc Dis 27:335-371
 */
function petoQ({ OminusE, Vi }: PetoTerms, sumV: number): number {
  let within = 0;
  let total = 0;
  OminusE.forEach((d, i) => {
    total += d;
    if (Vi[i]! > 0) within += (d * d) / Vi[i]!;
  });
  return Math.max(0, within - (total * total) / sumV);
}

/**
 * Peto's pooled log odds ratio sum(O - E) / sum(Vi), with SE 1 / sqrt(sum Vi), a z test and
 * interval, and Peto's heterogeneity statistic on (tables with an escalc "PETO" estimate
 * - 1) df, as metafor computes it. With fewer than two tables of Vi > 0 there is no test
 * (QEp = 1, I2 = 0, H2 = 1). Weights are Vi / sum(Vi) in percent. add/to/drop00 follow
 * metafor's two-stage convention (see TablePoolingOptions); by default the estimate uses
 * the counts as given.
 *
 * Throws INVALID_INPUT for a bad table or option, INSUFFICIENT_DATA when one of the two
 * outcomes never occurs in any table (sum Vi = 0), as metafor stops there too.
 * @reference Yusuf, Peto, Lewis, Collins & Sleight (1985), Prog Cardiovasc Dis 27:335-371
 * @metafor rma.peto(ai, bi, ci, di, add, to, drop00, level)
 * @example peto(bcgTables).estimate // -0.4744 (dat.bcg)
 */
export function peto(tables: readonly Table2x2[], options: PetoOptions = {}): PetoResult {
  const opts = normaliseTableOptions(options, tables.length, "peto");
  checkTables(tables, opts.labels, "peto");
  const pooled = poolingTables(tables, opts.pooling, opts.labels);
  const terms = petoTerms(pooled.tables, pooled.index, opts.labels);
  let sumV = 0;
  let sumOE = 0;
  let kPos = 0;
  terms.Vi.forEach((V, i) => {
    sumV += V;
    sumOE += terms.OminusE[i]!;
    if (V > 0) kPos += 1;
  });
  if (!(sumV > 0)) {
    throw new MetakitError("INSUFFICIENT_DATA", "peto: one of the two outcomes never occurs in any table, Peto's method cannot be used", {
      field: "tables",
      value: tables.length,
    });
  }
  const estimate = sumOE / sumV;
  const se = Math.sqrt(1 / sumV);
  const effects = tableEffects(tables, "PETO", opts.heterogeneity, opts.labels);
  const df = kPos > 1 ? effects.yi.length - 1 : 0;
  return {
    k: pooled.tables.length,
    method: "PETO",
    measure: "OR",
    test: "z",
    level: opts.level,
    estimate,
    se,
    ...zInference(estimate, se, opts.alpha),
    tau2: 0,
    ...heterogeneity(petoQ(terms, sumV), df),
    weights: percentWeights(tables.length, pooled.index, terms.Vi),
    notes: [
      ...pooled.notes,
      ...uninformativeNotes(terms.Vi.map((V) => V === 0), pooled.index, opts.labels),
      ...heterogeneityNotes(effects, opts.labels),
      ...(kPos < 2 && effects.yi.length > 1 ? [`heterogeneity test: fewer than two tables with both outcomes, no test (QEp = 1, I2 = 0, H2 = 1, as metafor)`] : []),
    ],
  };
}

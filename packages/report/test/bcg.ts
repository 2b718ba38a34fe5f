/**
 * Forest-plot data for dat.bcg (BCG vaccine trials, log risk ratio), built the way a caller
 * of @metakit/report builds it: study effects from metafor's escalc block and the pooled
 * REML fit of oracle case S01 (packages/fixtures/metafor/cases.json, metafor 3.8-1),
 * back-transformed to the risk-ratio scale. Arms from S01_bcg_rr.csv (tpos/tneg, cpos/cneg).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { normalQuantile } from "@metakit/base";
import { column, oracleCases, oracleData, flagValue } from "@metakit/fixtures";
import { heterogeneityText, overallEffectText, subgroupDifferencesText, type ForestPlotData, type ForestRow } from "../src/index.js";

const z975 = normalQuantile(0.975);

export function bcgForest(): ForestPlotData {
  const s01 = oracleCases().find((c) => c.id === "S01")!;
  const fit = s01.fits.find((f) => flagValue(f.args, "--method") === "REML")!.expected;
  const rows = oracleData(s01.data);
  const [ai, bi, ci, di] = ["ai", "bi", "ci", "di"].map((name) => column(rows, name));
  const { yi, vi } = s01.escalc;
  const weights = fit["weights"] as readonly number[];
  const num = (name: string) => fit[name] as number;
  const studyRows: ForestRow[] = rows.map((row, i) => {
    const half = z975 * Math.sqrt(vi[i]!);
    return {
      label: String(row["study"]),
      arms: { intervention: { events: ai![i]!, total: ai![i]! + bi![i]! }, comparator: { events: ci![i]!, total: ci![i]! + di![i]! } },
      estimate: Math.exp(yi[i]!),
      ciLower: Math.exp(yi[i]! - half),
      ciUpper: Math.exp(yi[i]! + half),
      weightPercent: weights[i]!,
    };
  });
  return {
    title: "BCG vaccine and tuberculosis (dat.bcg): risk ratio, random effects (REML)",
    measure: "Risk Ratio",
    method: "IV, Random, 95% CI",
    scale: "log",
    kind: "comparative",
    columns: { intervention: "BCG vaccine", comparator: "Control" },
    rows: studyRows,
    pooled: {
      estimate: Math.exp(num("estimate")),
      ciLower: Math.exp(num("ciLower")),
      ciUpper: Math.exp(num("ciUpper")),
      piLower: Math.exp(num("piLower")),
      piUpper: Math.exp(num("piUpper")),
    },
    heterogeneityText: heterogeneityText({ tau2: num("tau2"), QE: num("QE"), df: num("k") - 1, QEp: num("QEp"), I2: num("I2") }),
    overallEffectText: overallEffectText({ statistic: "z", value: num("statistic"), pval: num("pval") }),
    favours: { left: "BCG vaccine", right: "control" },
  };
}

interface SubgroupFit {
  readonly name: string;
  readonly study: readonly string[];
  readonly estimate: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly piLower: number;
  readonly piUpper: number;
  readonly statistic: number;
  readonly pval: number;
  readonly tau2: number;
  readonly QE: number;
  readonly QEp: number;
  readonly I2: number;
  readonly k: number;
}

interface SubgroupFixture {
  readonly subgroups: readonly SubgroupFit[];
  readonly overall: SubgroupFit & { readonly weights: readonly number[] };
  readonly subgroupDifferences: { readonly Q: number; readonly df: number; readonly pval: number; readonly I2: number };
}

/**
 * dat.bcg by allocation (random, alternate, systematic): subgroup REML fits and the test
 * for subgroup differences from metafor 3.8-1 (packages/fixtures/report/bcg-subgroups.json,
 * made by packages/fixtures/scripts/report-bcg-subgroups.R). Study weights are those of the
 * overall fit, as RevMan shows them.
 */
export function bcgSubgroupForest(): ForestPlotData {
  const here = dirname(fileURLToPath(import.meta.url));
  const fixture = JSON.parse(readFileSync(join(here, "../../fixtures/report/bcg-subgroups.json"), "utf8")) as SubgroupFixture;
  const base = bcgForest();
  const groupOf = (label: string) => fixture.subgroups.find((s) => s.study.includes(label))!.name;
  const summary = (fit: SubgroupFit) => ({
    estimate: Math.exp(fit.estimate),
    ciLower: Math.exp(fit.ciLower),
    ciUpper: Math.exp(fit.ciUpper),
    piLower: Math.exp(fit.piLower),
    piUpper: Math.exp(fit.piUpper),
  });
  const texts = (fit: SubgroupFit) => ({
    heterogeneityText: heterogeneityText({ tau2: fit.tau2, QE: fit.QE, df: fit.k - 1, QEp: fit.QEp, I2: fit.I2 }),
    overallEffectText: overallEffectText({ statistic: "z", value: fit.statistic, pval: fit.pval }),
  });
  const d = fixture.subgroupDifferences;
  return {
    ...base,
    title: "BCG vaccine and tuberculosis (dat.bcg) by allocation: risk ratio, random effects (REML)",
    rows: base.rows.map((row, i) => ({ ...row, group: groupOf(row.label), weightPercent: fixture.overall.weights[i]! })),
    subgroups: fixture.subgroups.map((fit) => ({ name: fit.name, pooled: summary(fit), ...texts(fit) })),
    pooled: summary(fixture.overall),
    ...texts(fixture.overall),
    subgroupDifferencesText: subgroupDifferencesText({ QM: d.Q, df: d.df, QMp: d.pval, I2: d.I2 }),
  };
}

/** Risk-of-bias domains of the Cochrane RoB 1 tool, for the traffic-light columns. */
export const ROB1_DOMAINS = [
  { key: "A", name: "Random sequence generation (selection bias)" },
  { key: "B", name: "Allocation concealment (selection bias)" },
  { key: "C", name: "Blinding of participants and personnel (performance bias)" },
  { key: "D", name: "Blinding of outcome assessment (detection bias)" },
  { key: "E", name: "Incomplete outcome data (attrition bias)" },
  { key: "F", name: "Selective reporting (reporting bias)" },
] as const;

const JUDGEMENTS = ["low", "unclear", "high", "some concerns", "not applicable"] as const;

/**
 * The subgroup plot with everything switched on, to stress the layout: one study label
 * far longer than the label column, a study that could not be estimated (zero events in
 * both arms; display only, it is not part of the fits), long arm headings, and
 * risk-of-bias columns. Judgements cycle through every value; they are display data, not
 * assessments of these trials.
 */
export function stressForest(): ForestPlotData {
  const base = bcgSubgroupForest();
  const rows: ForestRow[] = base.rows.map((row, i) => ({
    ...row,
    label: i === 0 ? "Aronson 1948, Tuberculosis prevention trial among North American Indians of several reservations" : row.label,
    rob: ROB1_DOMAINS.map((_, d) => JUDGEMENTS[(i + d) % JUDGEMENTS.length]!),
  }));
  rows.splice(2, 0, {
    label: "Zero-event trial 2001",
    group: "random",
    arms: { intervention: { events: 0, total: 50 }, comparator: { events: 0, total: 48 } },
    notEstimable: "no events in either arm",
    rob: ROB1_DOMAINS.map(() => "unclear" as const),
  });
  return {
    ...base,
    columns: { intervention: "BCG vaccine (any strain, any dose, intradermal)", comparator: "Unvaccinated control" },
    robDomains: ROB1_DOMAINS,
    rows,
  };
}

/**
 * Single-arm proportions (dat.pritz1997, measure PR): study proportions and Wald intervals
 * from metafor's escalc block and the REML fit of oracle case S16, shown untransformed.
 */
export function pritzProportionForest(): ForestPlotData {
  const s16 = oracleCases().find((c) => c.id === "S16")!;
  const fit = s16.fits[0]!.expected;
  const num = (name: string) => fit[name] as number;
  const rows = oracleData(s16.data);
  const [xi, ni] = ["xi", "ni"].map((name) => column(rows, name));
  const weights = fit["weights"] as readonly number[];
  return {
    title: "Proportion of patients improved (dat.pritz1997): raw proportions, random effects (REML)",
    measure: "Proportion",
    method: "IV, Random, 95% CI",
    scale: "identity",
    kind: "single-arm proportion",
    columns: { intervention: "Treated" },
    rows: rows.map((row, i) => {
      const half = z975 * Math.sqrt(s16.escalc.vi[i]!);
      const yi = s16.escalc.yi[i]!;
      return { label: String(row["study"]), arms: { intervention: { events: xi![i]!, total: ni![i]! } }, estimate: yi, ciLower: yi - half, ciUpper: yi + half, weightPercent: weights[i]! };
    }),
    pooled: { estimate: num("estimate"), ciLower: num("ciLower"), ciUpper: num("ciUpper"), piLower: num("piLower"), piUpper: num("piUpper") },
    heterogeneityText: heterogeneityText({ tau2: num("tau2"), QE: num("QE"), df: num("k") - 1, QEp: num("QEp"), I2: num("I2") }),
    overallEffectText: overallEffectText({ statistic: "z", value: num("statistic"), pval: num("pval") }),
  };
}

/**
 * Mean difference in length of hospital stay (dat.normand1999, MD): study effects from
 * metafor's escalc block and the REML fit of oracle case S04, on a linear axis.
 */
export function normandMeanDifferenceForest(): ForestPlotData {
  const s04 = oracleCases().find((c) => c.id === "S04")!;
  const fit = s04.fits.find((f) => flagValue(f.args, "--method") === "REML")!.expected;
  const num = (name: string) => fit[name] as number;
  const rows = oracleData(s04.data);
  const [m1, sd1, n1, m2, sd2, n2] = ["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"].map((name) => column(rows, name));
  const weights = fit["weights"] as readonly number[];
  return {
    title: "Length of hospital stay, specialist vs routine care (dat.normand1999): mean difference (days)",
    measure: "Mean Difference",
    method: "IV, Random, 95% CI",
    scale: "identity",
    kind: "comparative",
    columns: { intervention: "Specialist care", comparator: "Routine care" },
    rows: rows.map((row, i) => {
      const yi = s04.escalc.yi[i]!;
      const half = z975 * Math.sqrt(s04.escalc.vi[i]!);
      return {
        label: String(row["study"]),
        arms: { intervention: { mean: m1![i]!, sd: sd1![i]!, n: n1![i]! }, comparator: { mean: m2![i]!, sd: sd2![i]!, n: n2![i]! } },
        estimate: yi,
        ciLower: yi - half,
        ciUpper: yi + half,
        weightPercent: weights[i]!,
      };
    }),
    pooled: { estimate: num("estimate"), ciLower: num("ciLower"), ciUpper: num("ciUpper"), piLower: num("piLower"), piUpper: num("piUpper") },
    heterogeneityText: heterogeneityText({ tau2: num("tau2"), QE: num("QE"), df: num("k") - 1, QEp: num("QEp"), I2: num("I2") }),
    overallEffectText: overallEffectText({ statistic: "z", value: num("statistic"), pval: num("pval") }),
    favours: { left: "specialist care", right: "routine care" },
  };
}

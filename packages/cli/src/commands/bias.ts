/**
 * `metakit bias FILE.csv --measure M (--egger | --begg | --trimfill | --fsn | --pet-peese |
 * --harbord | --peters)`: small-study effects and publication bias, as metafor's regtest(),
 * ranktest(), trimfill() and fsn(), with PET-PEESE and Harbord's and Peters' tests.
 */
import type { Command } from "commander";
import { MEASURES, type Measure, type MetaforCompat } from "@metakit/effect-size";
import {
  EGGER_MODELS,
  EGGER_PREDICTORS,
  eggerTest,
  failSafeN,
  FSN_TYPES,
  harbordTest,
  petersTest,
  petPeese,
  rankTest,
  REFIT_METHODS,
  TESTS,
  TRIMFILL_ESTIMATORS,
  trimAndFill,
  type EggerModel,
  type EggerPredictor,
  type FsnType,
  type RefitMethod,
  type TestType,
  type TrimfillEstimator,
} from "@metakit/core";
import { InputFileError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { computeOrLocate } from "../locate.js";
import { finiteNumber, level, metaforCompat, oneOf, TEST_HELP } from "../options.js";
import { formatted, pEquals } from "../output.js";
import { refuseConflicts } from "../guard.js";
import { reportingScale, reportingText, studySizes, type ToReportingScale } from "../reporting-scale.js";
import { fileRow, readStudyCsv } from "../study-csv.js";
import { readEffects, TEXT_OR_JSON, type StudyEffects } from "../study-effects.js";
import { emitROption, type EmitROption } from "../emit-r/option.js";
import { biasScript } from "../emit-r/analyses.js";

interface BiasCommandOptions extends EmitROption {
  readonly measure: Measure;
  readonly metaforCompat?: MetaforCompat;
  readonly egger?: boolean;
  readonly eggerModel: EggerModel;
  readonly predictor: EggerPredictor;
  readonly begg?: boolean;
  readonly trimfill?: boolean;
  readonly estimator: TrimfillEstimator;
  readonly side?: "left" | "right";
  readonly fsn?: boolean;
  readonly type: FsnType;
  readonly target?: number;
  readonly alpha?: number;
  readonly petPeese?: boolean;
  readonly harbord?: boolean;
  readonly peters?: boolean;
  readonly method: RefitMethod;
  readonly test: TestType;
  readonly level: number;
  readonly format: (typeof TEXT_OR_JSON)[number];
}

const TESTS_OFFERED = ["egger", "begg", "trimfill", "fsn", "petPeese", "harbord", "peters"] as const;
type BiasTest = (typeof TESTS_OFFERED)[number];

export function registerBias(program: Command, io: Io): void {
  const command = program
    .command("bias")
    .description("small-study effects: Egger, Begg, trim-and-fill, fail-safe N, PET-PEESE, Harbord, Peters")
    .argument("<file>", "CSV with metafor's column names, as for escalc")
    .requiredOption("-m, --measure <M>", `effect measure: ${MEASURES.join(", ")}`, oneOf(MEASURES))
    .option("--egger", "Egger's regression test (metafor's regtest)")
    .option("--egger-model <model>", "rma (meta-regression) or lm (classic Egger, weighted least squares)", oneOf(EGGER_MODELS), "rma")
    .option("--predictor <p>", `with --egger: ${EGGER_PREDICTORS.join(", ")}`, oneOf(EGGER_PREDICTORS), "sei")
    .option("--begg", "Begg and Mazumdar's rank correlation test")
    .option("--trimfill", "Duval and Tweedie's trim and fill")
    .option("--estimator <e>", "with --trimfill: L0 or R0", oneOf(TRIMFILL_ESTIMATORS), "L0")
    .option("--side <side>", "with --trimfill: side of the missing studies (default: estimated, as metafor)", oneOf(["left", "right"] as const))
    .option("--fsn", "fail-safe N")
    .option("--metafor-compat <version>", "defaults and formulas of metafor current (5.0-1, default) or 3.8 (3.8-1): Orwin's mean is weighted since 4.4", metaforCompat)
    .option("--type <type>", `with --fsn: ${FSN_TYPES.join(", ")}`, oneOf(FSN_TYPES), "Rosenthal")
    .option("--target <x>", "with --fsn --type Orwin: the effect to reduce the mean to (default half the mean); not 0, which no number of null studies reaches", finiteNumber((x) => x !== 0, " other than 0 (no number of studies with effect 0 brings the mean to 0)"))
    .option("--alpha <a>", "with --fsn or --pet-peese: significance level (default 0.05)", finiteNumber((x) => x > 0 && x < 1, " between 0 and 1"))
    .option("--pet-peese", "PET and PEESE limit estimates, and the conditional choice")
    .option("--harbord", "Harbord's score test (odds ratios from 2x2 tables)")
    .option("--peters", "Peters' test (odds ratios from 2x2 tables)")
    .option("--method <method>", `tau² estimator of the models: ${REFIT_METHODS.join(", ")}`, oneOf(REFIT_METHODS), "REML")
    .option("--test <test>", `${TEST_HELP}, for Egger's rma model`, oneOf(TESTS), "z")
    .option("--level <level>", "confidence level: 95 or 0.95", level, 95)
    .option("-f, --format <format>", "output format: text or json", oneOf(TEXT_OR_JSON), "text");
  emitROption(command).action((file: string, options: BiasCommandOptions) => {
      const chosen = TESTS_OFFERED.filter((t) => options[t] === true);
      if (chosen.length !== 1) {
        throw new UsageError("choose one of --egger, --begg, --trimfill, --fsn, --pet-peese, --harbord, --peters");
      }
      refuseConflicts([
        [options.target !== undefined && (options.fsn !== true || options.type !== "Orwin"), "--target goes with --fsn --type Orwin"],
        [options.alpha !== undefined && options.fsn !== true && options.petPeese !== true, "--alpha goes with --fsn or --pet-peese"],
      ]);
      if (options.emitR) return io.stdout(biasScript(readStudyCsv(file), options));
      const data = readEffects(file, options.measure, options.metaforCompat);
      const result = computeOrLocate(file, () => runTest(chosen[0]!, data, options));
      const back = reportingScale(options.measure, studySizes(data, options.measure));
      const estimates = back && backTransformedEstimates(chosen[0]!, result, back);
      const json = { test: chosen[0], k: data.yi.length, ...result, ...(estimates && { backTransformed: estimates }), excluded: data.excluded };
      io.stdout(formatted(file, options.format, json, () => biasText(chosen[0]!, json, back && { measure: options.measure, back })));
    });
}

function runTest(test: BiasTest, data: StudyEffects, options: BiasCommandOptions): Record<string, unknown> {
  const input = { yi: data.yi, vi: data.vi, labels: data.labels };
  const model = { method: options.method, test: options.test, level: options.level };
  switch (test) {
    case "egger": {
      const method = options.method as "REML";
      const ni = needsSampleSize(options.predictor) ? sampleSizes(data) : undefined;
      return { ...eggerTest({ ...input, ...(ni && { ni }) }, { ...model, method, model: options.eggerModel, predictor: options.predictor }) };
    }
    case "begg":
      return { ...rankTest(input) };
    case "trimfill":
      return { ...trimAndFill(input, { ...model, estimator: options.estimator, ...(options.side && { side: options.side }) }) };
    case "fsn":
      return {
        ...failSafeN(input, {
          type: options.type,
          ...(options.metaforCompat !== undefined && { metaforCompat: options.metaforCompat }),
          ...(options.target !== undefined && { target: options.target }),
          ...(options.alpha !== undefined && { alpha: options.alpha }),
        }),
      };
    case "petPeese":
      return { ...petPeese(input, { level: options.level, ...(options.alpha !== undefined && { alpha: options.alpha }) }) };
    case "harbord":
      return { ...harbordTest(oddsRatioTables(data, options.measure), data.labels) };
    case "peters":
      return { ...petersTest(oddsRatioTables(data, options.measure), data.yi, data.labels) };
  }
}

const needsSampleSize = (p: EggerPredictor) => p !== "sei" && p !== "vi";

/** Total sample size per estimable study: ni, or n1i + n2i, or the four cells of a 2x2 table. */
function sampleSizes(data: StudyEffects): number[] {
  return data.rows.map((i) => {
    const s = data.table.studies[i]!;
    const n =
      s.ni ??
      (s.n1i != null && s.n2i != null ? s.n1i + s.n2i : null) ??
      (s.ai != null && s.bi != null && s.ci != null && s.di != null ? s.ai + s.bi + s.ci + s.di : null);
    if (n == null) throw new InputFileError(data.table.file, "a sample size (ni, n1i and n2i, or a 2x2 table) is needed for this predictor", fileRow(i), "ni");
    return n;
  });
}

/** The 2x2 table of each estimable study (ai/bi/ci/di or ai/n1i/ci/n2i); odds ratios only. */
function oddsRatioTables(data: StudyEffects, measure: Measure) {
  if (measure !== "OR") throw new UsageError(`Harbord's and Peters' tests are for odds ratios: use --measure OR, not ${measure}`);
  return data.rows.map((i) => {
    const s = data.table.studies[i]!;
    const bi = s.bi ?? (s.n1i != null && s.ai != null ? s.n1i - s.ai : null);
    const di = s.di ?? (s.n2i != null && s.ci != null ? s.n2i - s.ci : null);
    if (s.ai == null || s.ci == null || bi == null || di == null) {
      throw new InputFileError(data.table.file, "a 2x2 table is needed for this test", fileRow(i), s.ai == null ? "ai" : "ci");
    }
    return { ai: s.ai, bi, ci: s.ci, di };
  });
}

const fixed = (x: unknown, digits = 4) => (typeof x === "number" ? x.toFixed(digits) : "-");
const pText = (p: unknown, name = "p") => (typeof p !== "number" ? `${name} -` : pEquals(p, name));

/**
 * The adjusted or limit estimates of a test on the reporting scale (exp for ratios ...):
 * Egger's limit estimate, trim and fill's adjusted estimate, PET, PEESE and the
 * conditional estimate; undefined for tests that estimate no effect.
 */
function backTransformedEstimates(test: BiasTest, r: Record<string, unknown>, back: ToReportingScale) {
  const num = (x: unknown) => (typeof x === "number" ? x : null);
  const interval = (o: Record<string, unknown>, e: string, l: string, u: string) => ({ estimate: back(num(o[e])), ciLower: back(num(o[l])), ciUpper: back(num(o[u])) });
  switch (test) {
    case "egger":
      return r["limitEstimate"] === undefined ? undefined : { limit: interval(r, "limitEstimate", "limitCiLower", "limitCiUpper") };
    case "trimfill":
      return interval(r, "estimate", "ciLower", "ciUpper");
    case "petPeese":
      return {
        pet: interval(r["pet"] as Record<string, unknown>, "estimate", "ciLower", "ciUpper"),
        peese: interval(r["peese"] as Record<string, unknown>, "estimate", "ciLower", "ciUpper"),
        estimate: back(num(r["estimate"])),
      };
    default:
      return undefined;
  }
}

function biasText(test: BiasTest, r: Record<string, unknown>, reporting?: { measure: Measure; back: ToReportingScale }): string {
  const lines: string[] = [];
  // "; RR 0.52 [0.37, 0.74]" after an estimate of a ratio (or otherwise transformed) measure
  const onReportingScale = (o: Record<string, unknown>, e: string, l: string, u: string) =>
    reporting === undefined ? "" : `; ${reporting.measure} ${reportingText(reporting.back, o[e] as number | null, o[l] as number | null, o[u] as number | null)}`;
  const stat = r["df"] === undefined ? "z" : `t(${String(r["df"])})`;
  switch (test) {
    case "egger":
      lines.push(
        `Egger's regression test (model ${String(r["model"])}, predictor ${String(r["predictor"])}${r["model"] === "rma" ? `, ${String(r["method"])}` : ""}), ${String(r["k"])} studies`,
        `asymmetry: ${stat} = ${fixed(r["statistic"], 3)}, ${pText(r["pval"])}`,
        ...(r["limitEstimate"] === undefined ? [] : [`limit estimate: ${fixed(r["limitEstimate"])} [${fixed(r["limitCiLower"])}, ${fixed(r["limitCiUpper"])}]${onReportingScale(r, "limitEstimate", "limitCiLower", "limitCiUpper")}`]),
      );
      break;
    case "begg":
      lines.push(`Begg and Mazumdar's rank correlation, ${String(r["k"])} studies`, `Kendall's tau = ${fixed(r["tau"])}, ${pText(r["pval"])}${r["exact"] ? " (exact)" : ""}`);
      break;
    case "trimfill":
      lines.push(
        `Trim and fill (${String(r["estimator"])}, ${String(r["method"])}), ${String(r["k"])} studies`,
        `estimated missing studies on the ${String(r["side"])}: ${String(r["k0"])} (se ${fixed(r["seK0"], 2)})`,
        `adjusted estimate: ${fixed(r["estimate"])} [${fixed(r["ciLower"])}, ${fixed(r["ciUpper"])}], se ${fixed(r["se"])}, tau² ${fixed(r["tau2"])}${onReportingScale(r, "estimate", "ciLower", "ciUpper")}`,
      );
      break;
    case "fsn":
      lines.push(`Fail-safe N (${String(r["type"])}): ${String(r["fsn"])}${r["pval"] === null ? "" : `, ${pText(r["pval"], "observed p")}`}`);
      break;
    case "petPeese": {
      const pet = r["pet"] as Record<string, number>;
      const peese = r["peese"] as Record<string, number>;
      lines.push(
        `PET-PEESE, ${String(r["k"])} studies`,
        `PET:   ${fixed(pet["estimate"])} [${fixed(pet["ciLower"])}, ${fixed(pet["ciUpper"])}], ${pText(pet["pval"])}${onReportingScale(pet, "estimate", "ciLower", "ciUpper")}`,
        `PEESE: ${fixed(peese["estimate"])} [${fixed(peese["ciLower"])}, ${fixed(peese["ciUpper"])}], ${pText(peese["pval"])}${onReportingScale(peese, "estimate", "ciLower", "ciUpper")}`,
        `conditional estimate (${String(r["selected"])}): ${fixed(r["estimate"])}${reporting === undefined || typeof r["estimate"] !== "number" ? "" : `; ${reporting.measure} ${fixed(reporting.back(r["estimate"]), 2)}`}`,
      );
      break;
    }
    case "harbord":
    case "peters":
      lines.push(
        `${test === "harbord" ? "Harbord's" : "Peters'"} test, ${String(r["k"])} studies`,
        `asymmetry coefficient ${fixed(r["coefficient"])} (se ${fixed(r["se"])}), ${stat} = ${fixed(r["statistic"], 3)}, ${pText(r["pval"])}`,
      );
  }
  const notes = (r["notes"] as string[] | undefined) ?? [];
  return [...lines, ...notes.map((n) => `Note: ${n}`), ""].join("\n");
}

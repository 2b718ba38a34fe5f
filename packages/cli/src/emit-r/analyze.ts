/**
 * `analyze --emit-r`: one script for every synthesis of the spec. metafor has none of
 * metakit's conversions from extraction records (2x2 tables, reported CIs, medians ...),
 * so each synthesis starts from the effect sizes metakit derived (yi and vi inline, one
 * row per pooled result, conversions listed in analyze's output); from there metafor does
 * the rest with the spec's model: the pooled model, each subgroup variable (a model per
 * group and the test for subgroup differences), leave-one-out, and each meta-regression
 * on a numeric moderator. It prints the same nested fields as analyze --format json.
 */
import type { AnalysisResult, SynthesisResult } from "@metakit/review";
import { modelArgs } from "./metafor-args.js";
import { dataFrame, rComments, rString, rStrings } from "./r-code.js";
import { commandLine, rScript } from "./script.js";

type Model = SynthesisResult["model"];

const fitLine = (model: Model, data: string, mods = "") => `rma(yi, vi${mods}, data = ${data}, ${modelArgs(model).code})`;

/** predict() for the synthesis's model (metafor's default interval, as analyze); none when the spec asks for none. */
const predictLine = (model: Model, kind: "pooled" | "single-study") => (model.predictionInterval && kind === "pooled" ? "predict(res)" : "list()");

/** The pooled model's JSON fields (studies are metakit's {labels, yi, vi} there: not repeated). */
const pooledLines = (model: Model, kind: "pooled" | "single-study", data: string, target: string) => [
  `res <- ${fitLine(model, data)}`,
  `${target} <- pooling(res, ${predictLine(model, kind)}, NULL); ${target}$studies <- NULL`,
];

function synthesisLines(s: SynthesisResult, index: number): string[] {
  const pooled = s.pooled;
  if (pooled === null) return [`syntheses[[${index + 1}]] <- list(id = ${rString(s.id)})  # nothing estimable`];
  const m = pooled.model;
  const lines = [
    "",
    `# synthesis ${s.id}: ${s.outcome.label}, ${s.measure}, ${m.k} results`,
    dataFrame("d", [
      { name: "result", values: pooled.results },
      { name: "yi", values: m.studies.yi },
      { name: "vi", values: m.studies.vi },
    ]),
    ...pooledLines(s.model, pooled.kind, "d", "pooled"),
    "subgroups <- list()",
  ];
  s.subgroups.forEach((sg, j) => {
    if (sg.groups === null) return lines.push(`subgroups[[${j + 1}]] <- list(variable = ${rString(sg.variable)})  # not run: ${sg.notes.join("; ").replace(/\n/g, " ")}`);
    lines.push(`groups <- list()`);
    sg.groups.forEach((g, h) => {
      lines.push(`d.g <- d[d$result %in% ${rStrings(g.results)}, ]`, ...pooledLines(s.model, g.pooled.kind, "d.g", "fit"), `groups[[${h + 1}]] <- list(group = ${rString(g.group)}, pooled = list(model = fit))`);
    });
    lines.push(
      "qb <- rma(sapply(groups, function(g) g$pooled$model$estimate), sei = sapply(groups, function(g) g$pooled$model$se), method = \"EE\")",
      `subgroups[[${j + 1}]] <- list(variable = ${rString(sg.variable)}, groups = groups, differences = list(QB = qb$QE, df = length(groups) - 1, pval = qb$QEp, I2 = if (qb$QE > 0) max(0, 100 * (qb$QE - (length(groups) - 1)) / qb$QE) else 0))`,
    );
  });
  const r = s.robustness;
  lines.push("robustness <- setNames(list(), character(0))");
  if (r?.leaveOneOut) {
    lines.push(
      `res <- ${fitLine(s.model, `d[match(${rStrings(r.leaveOneOut.results)}, d$result), ]`)}`,
      "l <- leave1out(res)",
      "robustness$leaveOneOut <- list(fit = list(estimate = num(l$estimate), se = num(l$se), statistic = num(l$zval), pval = num(l$pval), ciLower = num(l$ci.lb), ciUpper = num(l$ci.ub), QE = num(l$Q), QEp = num(l$Qp), tau2 = num(l$tau2), I2 = num(l$I2), H2 = num(l$H2)))",
    );
  }
  if (r !== undefined && r.metaRegressions.length > 0) {
    lines.push("robustness$metaRegressions <- list()");
    r.metaRegressions.forEach((run, j) => {
      if (run.bubble === null) return lines.push(`robustness$metaRegressions[[${j + 1}]] <- list()  # ${run.moderator}: categorical, not written yet`);
      lines.push(
        dataFrame("d.m", [
          { name: "yi", values: run.bubble.points.map((p) => p.yi) },
          { name: "vi", values: run.bubble.points.map((p) => p.vi) },
          { name: "x", values: run.bubble.points.map((p) => p.x) },
        ]),
        `res <- ${fitLine(s.model, "d.m", ", mods = ~ x")}`,
        `robustness$metaRegressions[[${j + 1}]] <- list(moderator = ${rString(run.moderator)}, model = list(k = res$k, tau2 = res$tau2, I2 = res$I2, H2 = res$H2, R2 = num(res$R2), QM = res$QM, QMp = res$QMp, QE = res$QE, QEp = res$QEp,`,
        "  coefficients = lapply(seq_along(res$beta), function(j) list(estimate = res$beta[j], se = res$se[j], statistic = res$zval[j], pval = res$pval[j], ciLower = res$ci.lb[j], ciUpper = res$ci.ub[j]))))",
      );
    });
  }
  lines.push(`syntheses[[${index + 1}]] <- list(id = ${rString(s.id)}, pooled = list(model = pooled), subgroups = subgroups, robustness = robustness)`);
  return lines;
}

/** The R script of `metakit analyze SPEC`, from the analysis metakit ran. */
export function analyzeScript(result: AnalysisResult, specFile: string): string {
  const notes = result.syntheses.flatMap((s) => modelArgs(s.model).notes);
  return rScript({
    command: commandLine("analyze", specFile, {}),
    notes: [
      "The effect sizes (yi, vi) are metakit's, derived from the extraction records (see analyze's output for each result's route and conversions): metafor starts from them.",
      ...notes,
    ],
    data: [...rComments([`spec ${result.spec.id}: ${result.spec.title}`]), "syntheses <- list()"].join("\n"),
    body: [...result.syntheses.flatMap(synthesisLines), "", "printJson(list(syntheses = syntheses))"],
  });
}


/** Bayesian models and GLMMs of one analysis, each beside the frequentist result of the same studies, with what it assumes. */
import { formatEffectCi } from "../format/revman.js";
import type { ModelSummary } from "../report/types.js";
import type { Table } from "./types.js";

/** The heading of the table in every format. */
export const MODELS_HEADING = "Bayesian and GLMM analyses beside the frequentist result";

function estimateText(m: ModelSummary): string {
  if (m.estimate === null) return `not fitted: ${m.notFitted ?? "no estimate"}`;
  return `${formatEffectCi(m.estimate.estimate, m.estimate.ciLower, m.estimate.ciUpper)} (${m.interval})`;
}

/** One row per model: the analysis, the model and its assumptions, studies, the frequentist result, the model's result. */
export function modelsTable(models: readonly ModelSummary[], measure: string): Table {
  return {
    columns: [{ header: "Analysis" }, { header: "Model and what it assumes" }, { header: "Studies", align: "right" }, { header: `${measure}, frequentist (CI)`, align: "right" }, { header: `${measure}, this model`, align: "right" }],
    rows: models.map((m) => [
      m.label,
      [`${m.model}.`, ...m.assumes].join(" "),
      m.k,
      m.frequentist === null ? "not estimable" : `${formatEffectCi(m.frequentist.estimate, m.frequentist.ciLower, m.frequentist.ciUpper)} (${m.frequentistLevel}% CI)`,
      estimateText(m),
    ]),
  };
}

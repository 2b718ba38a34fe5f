/**
 * Cluster-robust inference for the ordinary (two-level) random-effects model and
 * meta-regression of metafor's rma.uni(), whose effect sizes are dependent within clusters.
 */
import { MetakitError } from "@metakit/base";
import type { Moderator } from "../regression/moderators.js";
import { moderatorDesign } from "../regression/moderators.js";
import type { MetaRegressionOptions } from "../regression/meta-regression.js";
import { metaRegression } from "../regression/meta-regression.js";
import type { StudyInput } from "../validate-input.js";
import { validateStudies } from "../validate-input.js";
import { marginalFit } from "../weighted-least-squares.js";
import type { RobustResult, SmallSampleCorrection } from "./cluster-robust.js";
import { clusterRobust } from "./cluster-robust.js";
import { conditionDesign } from "./conditioned-design.js";

export interface RobustRegressionInput extends StudyInput {
  /** Robust clusters, one label per effect size. */
  readonly cluster: readonly string[];
}

/**
 * Fits metaRegression() (intercept only when `moderators` is empty) and replaces its
 * model-based tests by cluster-robust ones: M = diag(vi + tau2), W = M^{-1}, the sandwich
 * of clusterRobust() (CR1 with t on J - p df, or CR2 with Satterthwaite df; default CR2).
 * @reference Hedges, Tipton & Johnson (2010), Res Synth Methods 1:39-65; Tipton (2015),
 *   Psychol Methods 20:375-393
 * @metafor robust(rma(yi, vi, mods), cluster, adjust = TRUE); robust(..., clubSandwich = TRUE)
 * @example robustRegression({ yi, vi, cluster: district }, [], {}, "CR1").coefficients[0].df // 10 (dat.konstantopoulos2011)
 */
export function robustRegression(
  input: RobustRegressionInput,
  moderators: readonly Moderator[],
  options: MetaRegressionOptions = {},
  method: SmallSampleCorrection = "CR2",
): RobustResult {
  const studies = validateStudies(input, "robustRegression");
  if (input.cluster.length !== studies.k) {
    throw new MetakitError("INVALID_INPUT", `robustRegression: yi has ${studies.k} values but cluster has ${input.cluster.length}`, {
      field: "cluster",
      value: input.cluster.length,
    });
  }
  const fit = metaRegression(input, moderators, options);
  const { design, terms } = moderatorDesign(studies.k, moderators, studies.labels, "robustRegression");
  const conditioned = conditionDesign(design);
  const wls = marginalFit({ ...design, X: conditioned.X }, studies.yi, studies.vi, fit.tau2);
  const rowIds = Int32Array.from({ length: studies.k }, (_, i) => i);
  return clusterRobust(
    {
      yi: studies.yi,
      vi: studies.vi,
      X: conditioned.X,
      p: design.p,
      A: conditioned.A,
      betaC: wls.beta,
      vbC: wls.XtWXinv,
      outerId: rowIds,
      innerId: rowIds,
      sigma2: [fit.tau2, 0],
      terms,
      level: fit.level,
    },
    input.cluster,
    method,
  );
}

/**
 * The models a spec names, checked against its syntheses: a multilevel model by REML or ML;
 * a GLMM only where its likelihood applies (odds ratios from 2x2 tables, single-arm
 * proportions on the logit scale); no Bayesian model or GLMM for a synthesis the spec
 * describes without pooling (pool: false).
 */
import type { AnalysisSpec } from "./analysis.js";
import { formatPath, type Issue, type PathSegment } from "./issues.js";
import { messages } from "./messages.js";
import { GLMM_SPEC_MEASURES, MULTILEVEL_SPEC_METHODS, type AlternativeModel } from "./models.js";

type SynthesisSpec = AnalysisSpec["syntheses"][number];

function issue(file: string, path: PathSegment[], message: string): Issue {
  return { file, path: formatPath(path), message, severity: "error" };
}

function multilevelIssues(file: string, path: PathSegment[], type: string | undefined, method: string | undefined): Issue[] {
  if (type !== "multilevel" || method === undefined || (MULTILEVEL_SPEC_METHODS as readonly string[]).includes(method)) return [];
  return [issue(file, [...path, "method"], messages.multilevelMethod(method))];
}

/** Why `model` cannot be fitted for `synthesis`, as issues at `path`. */
function alternativeIssues(file: string, path: PathSegment[], synthesis: SynthesisSpec, model: AlternativeModel): Issue[] {
  if (!synthesis.pool) return [issue(file, path, messages.modelWhenNotPooled(synthesis.id))];
  if (model.type !== "glmm") return [];
  const measures: readonly string[] = GLMM_SPEC_MEASURES[synthesis.evidence];
  if (!measures.includes(synthesis.measure)) return [issue(file, [...path, "type"], messages.glmmMeasure(synthesis.id, synthesis.measure, synthesis.evidence))];
  if (synthesis.evidence === "single-arm" && model.glmmModel !== undefined) return [issue(file, [...path, "glmmModel"], messages.glmmModelForProportions(synthesis.id))];
  return [];
}

export function checkModels(file: string, spec: AnalysisSpec): Issue[] {
  const issues: Issue[] = [];
  spec.syntheses.forEach((synthesis, s) => {
    issues.push(...multilevelIssues(file, ["syntheses", s, "model"], synthesis.model.type, synthesis.model.method));
    if (synthesis.primaryModel !== undefined) issues.push(...alternativeIssues(file, ["syntheses", s, "primaryModel"], synthesis, synthesis.primaryModel));
  });
  spec.scenarios.forEach((scenario, c) => {
    const model = scenario.model;
    if (model === undefined) return;
    const path = ["scenarios", c, "model"];
    if (model.type !== "bayes" && model.type !== "glmm") return void issues.push(...multilevelIssues(file, path, model.type, model.method));
    // a scenario that names no synthesis applies where it can (review notes where it cannot)
    const named = spec.syntheses.filter((s) => scenario.syntheses.includes(s.id));
    for (const synthesis of named) issues.push(...alternativeIssues(file, path, synthesis, model));
  });
  return issues;
}

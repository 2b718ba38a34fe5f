/**
 * Sensitivity scenarios: each refits the syntheses it names (all when it names none) with
 * its assumptions in force, its crossover correlation, its model changes and its
 * exclusions (studies, risk of bias). Assumptions are in force only here.
 */
import { assumedCorrelation, type AlternativeModel, type AnalysisSpec, type Result } from "@metakit/schema";
import { assumedValues } from "../inputs/assumed.js";
import type { DataIndex } from "../inputs/dataset.js";
import { runSynthesis, type SynthesisSettings, type SynthesisSpec } from "../synthesis/synthesis.js";
import type { CorrelationUse, ModelChoice, Problem, ScenarioResult, ScenarioSynthesis, SynthesisResult } from "../types.js";

export type ScenarioSpec = AnalysisSpec["scenarios"][number];

/** The synthesis's model as the spec gives it (schema fills the defaults and reads the level as a percentage). */
export function modelChoice(model: SynthesisSpec["model"]): ModelChoice {
  return { type: model.type, method: model.method, test: model.test, predictionInterval: model.predictionInterval, level: model.level };
}

type ModelChange = Exclude<ScenarioSpec["model"], { type: "bayes" | "glmm" }>;

/** A scenario's Bayesian model or GLMM, or undefined when it changes the frequentist model (or nothing). */
function alternativeModelOf(scenario: ScenarioSpec): AlternativeModel | undefined {
  const model = scenario.model;
  return model?.type === "bayes" || model?.type === "glmm" ? model : undefined;
}

/** The model fitted beside the frequentist one: the scenario's (a sensitivity analysis), else the synthesis's primary model. */
function scenarioAlternative(scenario: ScenarioSpec, synthesis: SynthesisSpec): SynthesisSettings["alternative"] {
  const own = alternativeModelOf(scenario);
  if (own !== undefined) return { model: own, role: "sensitivity" };
  return synthesis.primaryModel === undefined ? undefined : { model: synthesis.primaryModel, role: "primary" };
}

/** The synthesis's model with the fields a scenario changes (a Bayesian model or GLMM changes none). */
function scenarioModel(given: ScenarioSpec["model"], base: ModelChoice): ModelChoice {
  const change: ModelChange | undefined = given?.type === "bayes" || given?.type === "glmm" ? undefined : given;
  return {
    type: change?.type ?? base.type,
    method: change?.method ?? base.method,
    test: change?.test ?? base.test,
    predictionInterval: change?.predictionInterval ?? base.predictionInterval,
    level: change?.level ?? base.level,
  };
}

/** The correlation a crossover assumption record states, or null when none is named (validate refuses one that states none). */
function correlationUse(index: DataIndex, id: string | undefined, from: CorrelationUse["from"]): CorrelationUse | null {
  if (id === undefined) return null;
  const assumption = index.assumptions.get(id);
  const value = assumedCorrelation(assumption);
  if (assumption === undefined || value === undefined) return null;
  return { value, justification: assumption.statement, assumption: id, from };
}

/** The synthesis's crossover correlation: the one its crossoverAssumption states. */
export function synthesisCorrelation(synthesis: SynthesisSpec, index: DataIndex): CorrelationUse | null {
  return correlationUse(index, synthesis.crossoverAssumption, "synthesis");
}

function scenarioCorrelation(scenario: ScenarioSpec, synthesis: SynthesisSpec, index: DataIndex): CorrelationUse | null {
  if (scenario.crossoverAssumption === undefined) return synthesisCorrelation(synthesis, index);
  return correlationUse(index, scenario.crossoverAssumption, "scenario");
}

const ROB2_LEVEL: Readonly<Record<string, string>> = { low: "low", "some-concerns": "some-concerns", high: "high" };

/** Why the scenario leaves a result out, or undefined. */
function exclusionOf(index: DataIndex, scenario: ScenarioSpec, result: Result): string | undefined {
  if (scenario.excludeStudies.includes(result.study)) return `study ${result.study} excluded by the scenario`;
  if (scenario.excludeRiskOfBias.length === 0) return undefined;
  const rob2 = index.rob2.get(result.id)?.overall.judgement;
  if (rob2 !== undefined && (scenario.excludeRiskOfBias as readonly string[]).includes(ROB2_LEVEL[rob2] ?? rob2)) return `RoB 2 overall: ${rob2}`;
  const robins = (index.robinsI.get(result.id) ?? index.robinsI.get(result.study))?.overall.judgement;
  if (robins !== undefined && (scenario.excludeRiskOfBias as readonly string[]).includes(robins)) return `ROBINS-I overall: ${robins}`;
  return undefined;
}

function unassessed(index: DataIndex, synthesis: SynthesisSpec): string[] {
  return synthesis.results.filter((id) => {
    const study = index.results.get(id)?.study;
    return !index.rob2.has(id) && !index.robinsI.has(id) && (study === undefined || !index.robinsI.has(study));
  });
}

export function runScenario(
  spec: AnalysisSpec,
  scenario: ScenarioSpec,
  index: DataIndex,
  main: readonly SynthesisResult[],
): { readonly result: ScenarioResult; readonly problems: readonly Problem[] } {
  const targets = spec.syntheses.filter((s) => scenario.syntheses.length === 0 || scenario.syntheses.includes(s.id));
  const assumed = assumedValues(index, scenario.useAssumptions);
  const problems: Problem[] = [];
  const notes: string[] = [];
  const syntheses: ScenarioSynthesis[] = targets.map((synthesis) => {
    const alternative = scenarioAlternative(scenario, synthesis);
    const settings: SynthesisSettings = {
      ...(alternative !== undefined && { alternative }),
      assumed,
      correlation: scenarioCorrelation(scenario, synthesis, index),
      model: scenarioModel(scenario.model, modelChoice(synthesis.model)),
      exclude: (result) => exclusionOf(index, scenario, result),
      scenario: scenario.id,
    };
    const run = runSynthesis(spec, synthesis, index, settings);
    problems.push(...run.problems);
    const missing = scenario.excludeRiskOfBias.length > 0 ? unassessed(index, synthesis) : [];
    if (missing.length > 0) notes.push(`${synthesis.id}: no risk-of-bias judgement recorded for ${missing.join(", ")}, so none of them is excluded on risk of bias`);
    const mainRun = main.find((m) => m.id === synthesis.id);
    const base = mainRun?.pooled?.model ?? mainRun?.multilevel?.estimate ?? null;
    const now = run.synthesis.pooled?.model ?? run.synthesis.multilevel?.estimate ?? null;
    return {
      synthesis: run.synthesis,
      named: scenario.syntheses.includes(synthesis.id),
      unjudged: missing,
      excluded: run.excluded,
      estimateChange: base === null || now === null ? null : now.estimate - base.estimate,
    };
  });
  if (scenario.crossoverAssumption !== undefined && correlationUse(index, scenario.crossoverAssumption, "scenario") === null)
    problems.push({ stage: "scenario", scenario: scenario.id, message: `assumption ${scenario.crossoverAssumption} states no within-person correlation` });
  for (const id of scenario.useAssumptions) {
    if (!index.assumptions.has(id)) problems.push({ stage: "scenario", scenario: scenario.id, message: `no assumption ${id} in the data` });
  }
  const assumptions = scenario.useAssumptions.flatMap((id) => {
    const a = index.assumptions.get(id);
    return a === undefined ? [] : [{ id, statement: a.statement, rationale: a.rationale }];
  });
  return { result: { id: scenario.id, label: scenario.label, description: scenario.description, assumptions, excludeRiskOfBias: [...scenario.excludeRiskOfBias], syntheses, notes }, problems };
}

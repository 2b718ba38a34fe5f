/**
 * Checks a risk-of-bias figure's data once, at the edge: a known tool, one judgement per
 * domain, only that tool's levels, weights for every study or none. Every failure names
 * the study, the field and the value.
 */
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { ROB_TOOL_DEFINITIONS } from "./tools.js";
import { ROB_TOOLS, type RobAssessment, type RobPlotData } from "./types.js";

function fail(message: string, details: Record<string, unknown>): never {
  throw new MetakitError("INVALID_INPUT", message, details);
}

function checkAssessment(data: RobPlotData, a: RobAssessment, index: number): void {
  const tool = ROB_TOOL_DEFINITIONS[data.tool];
  if (!(typeof a.label === "string" && a.label.trim() !== "")) fail(messages.rob.emptyLabel(index), { study: index + 1, field: "label", value: a.label });
  if (a.domains.length !== tool.domains.length) {
    fail(messages.rob.domainCount(a.label, data.tool, a.domains.length, tool.domains.length), { study: a.label, field: "domains", value: a.domains.length });
  }
  const judged: [string, unknown][] = [...a.domains.map((j, d) => [tool.domains[d]!.key, j] as [string, unknown]), ["overall", a.overall]];
  for (const [field, judgement] of judged) {
    if (!(tool.levels as readonly unknown[]).includes(judgement)) fail(messages.rob.judgement(a.label, data.tool, field, judgement), { study: a.label, field, value: judgement });
  }
  if (a.weight !== undefined && !(Number.isFinite(a.weight) && a.weight >= 0)) fail(messages.rob.weight(a.label, a.weight), { study: a.label, field: "weight", value: a.weight });
}

/** @throws MetakitError INVALID_INPUT naming the study, field and value. */
export function validateRobPlotData(data: RobPlotData): void {
  if (!(ROB_TOOLS as readonly unknown[]).includes(data.tool)) fail(messages.rob.tool(data.tool), { field: "tool", value: data.tool });
  if (data.assessments.length === 0) fail(messages.rob.noAssessments(), { field: "assessments", value: 0 });
  data.assessments.forEach((a, i) => checkAssessment(data, a, i));
  const weights = data.assessments.flatMap((a) => (a.weight === undefined ? [] : [a.weight]));
  const missing = data.assessments.find((a) => a.weight === undefined);
  if (weights.length > 0 && missing !== undefined) {
    fail(messages.rob.weightsPartial(missing.label), { study: missing.label, field: "weight", value: undefined });
  }
  if (weights.length > 0 && !(weights.reduce((sum, w) => sum + w, 0) > 0)) fail(messages.rob.weightsZero(), { field: "weight", value: 0 });
}

/**
 * Checks a forest plot's data once, at the edge, so the layout can trust it. Every check
 * is written so that NaN fails it, and every failure names the study, field and value.
 */
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { normaliseArm } from "./arms.js";
import { forestLevel } from "./level.js";
import { FOREST_KINDS, FOREST_SCALES, ROB_JUDGEMENTS, type ArmData, type ForestPlotData, type ForestRow, type ForestSummary } from "./types.js";

function fail(message: string, details: Record<string, unknown>): never {
  throw new MetakitError("INVALID_INPUT", message, details);
}

function checkValue(data: ForestPlotData, study: string, field: string, value: number): void {
  if (!Number.isFinite(value)) fail(messages.notFinite(field, value), { study, field, value });
  if (data.scale === "log" && !(value > 0)) fail(messages.forest.logScaleNotPositive(field, value), { study, field, value });
}

function checkInterval(data: ForestPlotData, study: string, estimate: number, lower: number, upper: number): void {
  checkValue(data, study, "estimate", estimate);
  checkValue(data, study, "ciLower", lower);
  checkValue(data, study, "ciUpper", upper);
  if (!(lower <= estimate && estimate <= upper)) fail(messages.forest.ciOrder(study), { study, field: "ciLower", value: [lower, estimate, upper] });
}

function checkSummary(data: ForestPlotData, name: string, s: ForestSummary): void {
  checkInterval(data, name, s.estimate, s.ciLower, s.ciUpper);
  if ((s.piLower === undefined) !== (s.piUpper === undefined)) fail(messages.forest.piPair(name), { study: name, field: "piLower" });
  if (s.piLower !== undefined && s.piUpper !== undefined) {
    checkValue(data, name, "piLower", s.piLower);
    checkValue(data, name, "piUpper", s.piUpper);
    if (!(s.piLower <= s.ciLower && s.ciUpper <= s.piUpper)) fail(messages.forest.piOrder(name), { study: name, field: "piLower", value: [s.piLower, s.piUpper] });
  }
  if (s.weightPercent !== undefined) checkPercent(name, "weightPercent", s.weightPercent);
}

function checkPercent(study: string, field: string, value: number): void {
  if (!(value >= 0 && value <= 100.05)) fail(messages.percent(field, value), { study, field, value });
}

function checkCount(study: string, field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) fail(messages.negative(field, value), { study, field, value });
}

function checkArm(study: string, field: string, given: ArmData): void {
  const arm = normaliseArm(given);
  if (typeof arm === "string") return;
  if ("events" in arm) {
    checkCount(study, `${field}.events`, arm.events);
    checkCount(study, `${field}.total`, arm.total);
    if (!(arm.events <= arm.total)) fail(messages.forest.eventsOverTotal(study, field, arm.events, arm.total), { study, field: `${field}.events`, value: arm.events });
    return;
  }
  if (!Number.isFinite(arm.mean)) fail(messages.notFinite(`${field}.mean`, arm.mean), { study, field: `${field}.mean`, value: arm.mean });
  checkCount(study, `${field}.sd`, arm.sd);
  checkCount(study, `${field}.n`, arm.n);
}

function checkRow(data: ForestPlotData, row: ForestRow, index: number): void {
  if (row.label.trim() === "") fail(messages.forest.emptyLabel(index), { study: index, field: "label", value: row.label });
  const study = row.label;
  const hasEffect = row.estimate !== undefined || row.ciLower !== undefined || row.ciUpper !== undefined;
  if (hasEffect && row.notEstimable !== undefined) fail(messages.forest.bothEffectAndNotEstimable(study), { study, field: "notEstimable" });
  if (!hasEffect && row.notEstimable === undefined) fail(messages.forest.noEffect(study), { study, field: "estimate" });
  if (hasEffect) checkInterval(data, study, row.estimate ?? Number.NaN, row.ciLower ?? Number.NaN, row.ciUpper ?? Number.NaN);
  if (row.weightPercent !== undefined) checkPercent(study, "weightPercent", row.weightPercent);
  if (row.arms !== undefined) {
    checkArm(study, "intervention", row.arms.intervention);
    if (row.arms.comparator !== undefined) {
      if (data.kind === "single-arm proportion") fail(messages.forest.comparatorForSingleArm(study), { study, field: "comparator" });
      checkArm(study, "comparator", row.arms.comparator);
    }
  }
  checkGroup(data, row);
  checkRob(data, row);
}

function checkGroup(data: ForestPlotData, row: ForestRow): void {
  if (data.subgroups === undefined || data.subgroups.length === 0) return;
  if (row.group === undefined) fail(messages.forest.missingGroup(row.label), { study: row.label, field: "group" });
  if (!data.subgroups.some((s) => s.name === row.group)) fail(messages.forest.unknownGroup(row.label, row.group), { study: row.label, field: "group", value: row.group });
}

function checkRob(data: ForestPlotData, row: ForestRow): void {
  const domains = data.robDomains?.length ?? 0;
  if (row.rob === undefined) return;
  if (row.rob.length !== domains) fail(messages.forest.robLength(row.label, row.rob.length, domains), { study: row.label, field: "rob", value: row.rob.length });
  for (const judgement of row.rob) {
    if (!(ROB_JUDGEMENTS as readonly string[]).includes(judgement)) fail(messages.forest.robJudgement(row.label, judgement), { study: row.label, field: "rob", value: judgement });
  }
}

function checkAxisLimits(data: ForestPlotData): void {
  const limits = data.axisLimits;
  if (limits === undefined) return;
  const [lower, upper] = limits;
  const ok = limits.length === 2 && Number.isFinite(lower) && Number.isFinite(upper) && lower < upper && (data.scale !== "log" || lower > 0);
  if (!ok) fail(messages.forest.axisLimits(limits), { field: "axisLimits", value: limits });
}

/** @throws MetakitError INVALID_INPUT naming the study, field and value at fault. */
export function validateForestPlotData(data: ForestPlotData): void {
  if (!(FOREST_SCALES as readonly string[]).includes(data.scale)) fail(messages.forest.scale(data.scale), { field: "scale", value: data.scale });
  if (!(FOREST_KINDS as readonly string[]).includes(data.kind)) fail(messages.forest.kind(data.kind), { field: "kind", value: data.kind });
  forestLevel(data);
  if (data.rows.length === 0) fail(messages.forest.noRows(), { field: "rows", value: [] });
  data.rows.forEach((row, index) => checkRow(data, row, index));
  if (data.pooled !== undefined) checkSummary(data, "pooled", data.pooled);
  for (const subgroup of data.subgroups ?? []) {
    if (subgroup.pooled !== undefined) checkSummary(data, `subgroup ${subgroup.name}`, subgroup.pooled);
  }
  if (data.bayesian !== undefined) checkBayesian(data, data.bayesian);
  checkAxisLimits(data);
}

/** The Bayesian estimate: its interval in order, its predictive interval given in pairs, each shrunken estimate in order and of a row. */
function checkBayesian(data: ForestPlotData, b: NonNullable<ForestPlotData["bayesian"]>): void {
  checkInterval(data, "bayesian", b.estimate, b.ciLower, b.ciUpper);
  if ((b.piLower === undefined) !== (b.piUpper === undefined)) fail(messages.forest.piPair("bayesian"), { study: "bayesian", field: "piLower" });
  if (b.piLower !== undefined && b.piUpper !== undefined) {
    checkValue(data, "bayesian", "piLower", b.piLower);
    checkValue(data, "bayesian", "piUpper", b.piUpper);
    if (!(b.piLower <= b.piUpper)) fail(messages.forest.piOrder("bayesian"), { study: "bayesian", field: "piLower", value: [b.piLower, b.piUpper] });
  }
  for (const s of b.shrinkage ?? []) {
    if (!data.rows.some((r) => r.label === s.label)) fail(messages.forest.shrunkenWithoutRow(s.label), { study: s.label, field: "shrinkage" });
    checkInterval(data, s.label, s.estimate, s.ciLower, s.ciUpper);
  }
}

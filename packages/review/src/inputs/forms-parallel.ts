/**
 * Parallel-group results as escalc inputs: events/total per arm (2x2 tables), mean/SD/n
 * per arm (MD, SMD, ...), and a reported contrast (an estimate with its CI, SE or p,
 * through the effect-size conversions). The experimental arm is group 1.
 */
import { sdFromCi, sdFromSe, seFromCi, seFromP, smdFromT, type EffectScale } from "@metakit/effect-size";
import { experimentalAndControl, type Reported, type ResultOf } from "@metakit/schema";
import { readNumber } from "./assumed.js";
import { armOf } from "./dataset.js";
import { Draft, type EffectContext, type PreparedInput } from "./draft.js";

const TWO_BY_TWO: readonly string[] = ["RR", "OR", "RD"];
const ARM_MEANS: readonly string[] = ["MD", "SMD", "SMDH", "ROM"];
const STANDARDISED: readonly string[] = ["SMD", "SMDH"];

/** The two arms of a parallel result: the experimental one first, the comparator second. */
function orderArms<T extends { readonly arm: string }>(
  ctx: EffectContext,
  result: ResultOf<"dichotomous" | "continuous">,
  arms: readonly T[],
  draft: Draft,
): readonly [T, T] | undefined {
  if (arms.length !== 2) return draft.lack(`${arms.length} arm${arms.length === 1 ? "" : "s"} reported; a comparison needs two`);
  const { experimental, control } = experimentalAndControl(arms, (arm) => armOf(ctx.index, result.study, arm)?.type);
  if (experimental === undefined || control === undefined) return draft.lack("no experimental and comparator arm among the result's arms");
  checkArmOrder(ctx, result, draft);
  return [experimental, control];
}

/**
 * A result whose values are assigned to arms by an assumption (the source does not label
 * them) is usable only where that assumption is in force.
 */
export function checkArmOrder(ctx: EffectContext, result: { readonly id: string; readonly armOrderAssumption?: string | undefined }, draft: Draft): void {
  const id = result.armOrderAssumption;
  if (id === undefined) return;
  if (!ctx.assumed.inForce.includes(id)) {
    draft.lack(`which value belongs to which arm is not reported; it rests on ${id}, applied only in the scenarios that name it`);
    return;
  }
  const set = ctx.assumed.lookup(result.id, "order");
  draft.use(set ?? { assumption: id, field: "order", value: "as recorded" });
}

export function readDichotomous(ctx: EffectContext, result: ResultOf<"dichotomous">): PreparedInput {
  const draft = new Draft(result);
  if (!TWO_BY_TWO.includes(ctx.measure)) return draft.unusable(`a dichotomous result cannot give ${ctx.measure}`);
  const arms = orderArms(ctx, result, result.arms, draft);
  if (arms === undefined) return draft.unusable(draft.missing.join("; "));
  const [e, c] = arms;
  const read = (value: Reported, field: string, arm: string) =>
    draft.take(readNumber(value, `${field} (${arm})`, ctx.assumed.lookup(result.id, field, arm)));
  const ai = read(e.events, "events", e.arm);
  const n1i = read(e.total, "total", e.arm);
  const ci = read(c.events, "events", c.arm);
  const n2i = read(c.total, "total", c.arm);
  if (n1i !== undefined && n2i !== undefined) draft.participants = { n: n1i + n2i, source: "arm totals" };
  return draft.finish("2x2", ctx.measure, () => ({ ai: ai!, n1i: n1i!, ci: ci!, n2i: n2i! }));
}

type ContinuousArm = ResultOf<"continuous">["arms"][number];

/** An arm's SD: reported, else from the SE or CI of its mean (recorded conversions), else missing. */
function armSd(ctx: EffectContext, result: ResultOf<"continuous">, arm: ContinuousArm, n: number | undefined, draft: Draft): number | undefined {
  const reported = readNumber(arm.sd, `SD (${arm.arm})`, ctx.assumed.lookup(result.id, "sd", arm.arm));
  if (!("missing" in reported)) return draft.take(reported);
  if (n !== undefined && arm.se?.value !== undefined) return draft.convert(sdFromSe({ se: arm.se.value, n })).sd;
  const ci = arm.ci;
  if (n !== undefined && ci?.lower.value !== undefined && ci.upper.value !== undefined) {
    return draft.convert(sdFromCi({ lower: ci.lower.value, upper: ci.upper.value, n, level: ci.level })).sd;
  }
  return draft.take(reported);
}

export function readContinuous(ctx: EffectContext, result: ResultOf<"continuous">): PreparedInput {
  const draft = new Draft(result);
  if (!ARM_MEANS.includes(ctx.measure)) return draft.unusable(`a continuous result (means per arm) cannot give ${ctx.measure}`);
  const arms = orderArms(ctx, result, result.arms, draft);
  if (arms === undefined) return draft.unusable(draft.missing.join("; "));
  const [e, c] = arms;
  const n = (arm: ContinuousArm) => draft.take(readNumber(arm.n, `n (${arm.arm})`, ctx.assumed.lookup(result.id, "n", arm.arm)));
  const mean = (arm: ContinuousArm) => draft.take(readNumber(arm.mean, `mean (${arm.arm})`));
  const m1i = mean(e);
  const n1i = n(e);
  const sd1i = armSd(ctx, result, e, n1i, draft);
  const m2i = mean(c);
  const n2i = n(c);
  const sd2i = armSd(ctx, result, c, n2i, draft);
  if (n1i !== undefined && n2i !== undefined) draft.participants = { n: n1i + n2i, source: draft.uses.some((u) => u.field === "n") ? "arm sizes (assumed)" : "arm sizes" };
  if (result.measure === "change") draft.notes.push("change from baseline");
  return draft.finish("arm-means", ctx.measure, () => ({ m1i: m1i!, sd1i: sd1i!, n1i: n1i!, m2i: m2i!, sd2i: sd2i!, n2i: n2i! }));
}

/** +1 when the estimate is experimental minus control (or a ratio experimental / control), -1 for the reverse. */
export function signOf(convention: string | undefined, draft: Draft): 1 | -1 | undefined {
  if (convention === "experimental-minus-control") return 1;
  if (convention === "control-minus-experimental") return -1;
  return draft.lack("which arm is subtracted from which (the sign of the difference) is not stated");
}

const RATIO_SCALES: readonly string[] = ["OR", "RR", "HR"];

/** Whether an estimate on `scale` can give the synthesis measure directly (same quantity). */
function sameQuantity(scale: string, measure: string): boolean {
  if (scale === measure) return true;
  return STANDARDISED.includes(measure) && (scale === "SMD" || scale === "cohen-d");
}

/**
 * The SE of a reported estimate: as reported, else from its CI (normal quantile: how the
 * interval was computed is rarely stated), else from its p-value (a t quantile on `pDf`
 * degrees of freedom when the test is known to be a t-test, else the normal quantile).
 */
export function estimateSe(
  result: { readonly se?: Reported | undefined; readonly ci?: { lower: Reported; upper: Reported; level: number } | undefined; readonly p?: Reported | undefined },
  estimate: number,
  scale: EffectScale,
  draft: Draft,
  pDf?: number,
): number | undefined {
  if (result.se?.value !== undefined) return result.se.value;
  const ci = result.ci;
  if (ci?.lower.value !== undefined && ci.upper.value !== undefined) {
    return draft.convert(seFromCi({ lower: ci.lower.value, upper: ci.upper.value, level: ci.level, scale })).se;
  }
  if (result.p?.value !== undefined) {
    return draft.convert(seFromP({ estimate, p: result.p.value, scale, ...(pDf !== undefined && { df: pDf }) })).se;
  }
  return draft.lack("no SE, confidence interval or p-value for the estimate");
}

export function readContrast(ctx: EffectContext, result: ResultOf<"contrast">): PreparedInput {
  const draft = new Draft(result);
  const measure = ctx.measure;
  const scale = result.scale;
  const direct = sameQuantity(scale, measure);
  const viaT = STANDARDISED.includes(measure) && scale === "MD";
  if (!direct && !viaT) return draft.unusable(`a contrast on the ${scale} scale cannot give ${measure}`);
  const sign = signOf(result.signConvention, draft);
  const estimate = draft.take(readNumber(result.estimate, "estimate"));
  const logScale: EffectScale = RATIO_SCALES.includes(scale) ? "log" : "identity";
  const se = estimate === undefined ? undefined : estimateSe(result, estimate, logScale, draft);
  const n1i = result.n === undefined ? undefined : draft.take(readNumber(result.n.experimental, "n (experimental)", ctx.assumed.lookup(result.id, "n", result.experimental)));
  const n2i = result.n === undefined ? undefined : draft.take(readNumber(result.n.control, "n (control)", ctx.assumed.lookup(result.id, "n", result.control)));
  if (n1i !== undefined && n2i !== undefined) draft.participants = { n: n1i + n2i, source: "arm sizes" };
  checkArmOrder(ctx, result, draft);
  if (viaT && result.n === undefined) draft.lack("n per arm, needed to standardise the mean difference");
  if (draft.missing.length > 0 || sign === undefined || estimate === undefined || se === undefined) return draft.unusable(draft.missing.join("; "));
  const onScale = logScale === "log" ? Math.log(estimate) : estimate;
  if (direct) {
    if (scale === "cohen-d") draft.notes.push("the authors' Cohen's d, used as reported (no small-sample correction)");
    return draft.finish("contrast", "GEN", () => ({ yi: sign * onScale, sei: se }));
  }
  const t = (sign * estimate) / se;
  draft.notes.push("t = MD / SE, then standardised with the group sizes");
  const smd = draft.convert(smdFromT({ t, n1: n1i!, n2: n2i! }));
  return draft.finish("contrast", "GEN", () => ({ yi: smd.yi, vi: smd.vi }));
}

/**
 * Crossover (within-person) results as escalc inputs, always as paired data, never as
 * parallel groups (Cochrane Handbook v6.4, section 23.2; Elbourne et al. 2002):
 *   MD   the within-person difference with its SE: SD of differences / sqrt(n)
 *        (pairedMdVarianceFromSd), |difference / t| (seFromT), the CI, or a paired-t p on
 *        n - 1 df: each a conversion of @metakit/effect-size, recorded with the effect;
 *   SMD  the paired t (reported, from the SD of differences, the CI, or the p-value of a
 *        paired t-test) to d_z, then to the between-groups scale with the within-person
 *        correlation, d = d_z sqrt(2 (1 - r)), only when the synthesis or scenario gives r.
 * A p-value is used only when the test behind it is known to be a paired t-test (reported
 * as t, or stated by an assumption in force).
 */
import { pairedMdVarianceFromSd, pairedSmdFromP, pairedSmdFromT, seFromT } from "@metakit/effect-size";
import type { ResultOf } from "@metakit/schema";
import { readNumber } from "./assumed.js";
import { Draft, type EffectContext, type PreparedInput } from "./draft.js";
import { checkArmOrder, estimateSe, signOf } from "./forms-parallel.js";

const STANDARDISED: readonly string[] = ["SMD", "SMDH"];
const NOT_DIFFERENCES: readonly string[] = ["median-difference", "OR", "RR", "RD", "HR"];

type Paired = ResultOf<"paired">;

/** A number for a note, at most four decimals (28.8 - 18 is 10.8, not 10.800000000000001). */
const plain = (x: number): string => String(Number(x.toFixed(4)));

/** The within-person difference, experimental minus control: the estimate with its sign convention, or the per-condition values. */
function pairedDifference(ctx: EffectContext, result: Paired, draft: Draft): number | undefined {
  if (result.estimate !== undefined) {
    const sign = signOf(result.signConvention, draft);
    const estimate = draft.take(readNumber(result.estimate, "within-person difference"));
    return sign === undefined || estimate === undefined ? undefined : sign * estimate;
  }
  const conditions = result.conditions ?? [];
  const e = conditions.find((c) => c.arm === result.experimental)?.value.value;
  const c = conditions.find((c) => c.arm === result.control)?.value.value;
  if (e === undefined || c === undefined) return draft.lack("no within-person difference and no value per condition");
  checkArmOrder(ctx, result, draft);
  draft.notes.push(`difference of the per-condition values (${result.conditionStatistic ?? "as reported"}): ${plain(e)} minus ${plain(c)} = ${plain(e - c)}`);
  return e - c;
}

/** Whether the p-value may be read as that of a paired t-test; records the assumption that says so. */
function pairedTestKnown(ctx: EffectContext, result: Paired, draft: Draft): boolean {
  const stated = ctx.assumed.lookup(result.id, "test");
  if (stated?.value === "paired-t") {
    draft.use(stated);
    return true;
  }
  draft.lack("the test behind the p-value (and so its degrees of freedom) is not stated");
  return false;
}

export function readPaired(ctx: EffectContext, result: Paired): PreparedInput {
  const draft = new Draft(result);
  if (NOT_DIFFERENCES.includes(result.scale)) return draft.unusable(unusableScale(result, ctx));
  if (!["MD", ...STANDARDISED].includes(ctx.measure)) {
    return draft.unusable(`a paired (crossover) result cannot give ${ctx.measure}: paired binary data need the counts of discordant pairs`);
  }
  const n = pairedN(ctx, result, draft);
  const difference = pairedDifference(ctx, result, draft);
  if (difference === undefined || draft.missing.length > 0) return draft.unusable(draft.missing.join("; "));
  return STANDARDISED.includes(ctx.measure) ? pairedSmd(ctx, result, draft, difference, n!) : pairedMd(ctx, result, draft, difference, n);
}

/**
 * The number of participants with both periods: needed for an SMD, and for an MD whose SE
 * comes from the SD of the differences or a p-value; an MD with a CI, SE or t needs none.
 */
function pairedN(ctx: EffectContext, result: Paired, draft: Draft): number | undefined {
  const read = readNumber(result.n, "number of participants with both periods", ctx.assumed.lookup(result.id, "n"));
  const precisionWithoutN = result.ci !== undefined || result.se !== undefined || result.t !== undefined;
  const needed = STANDARDISED.includes(ctx.measure) || !precisionWithoutN;
  const n = needed ? draft.take(read) : "missing" in read ? undefined : read.value;
  if (!needed && "assumed" in read && read.assumed !== undefined) draft.use(read.assumed);
  if (n !== undefined) draft.participants = { n, source: draft.uses.some((u) => u.field === "n") ? "paired participants (assumed)" : "paired participants" };
  return n;
}

function unusableScale(result: Paired, ctx: EffectContext): string {
  const missingN = result.n.value === undefined ? `; number analysed missing (${result.n.missing ?? "not reported"})` : "";
  if (result.scale === "median-difference") {
    return `only a median of the within-person differences with its IQR: no mean difference, SD or test statistic to give ${ctx.measure}${missingN}`;
  }
  return `a paired result on the ${result.scale} scale cannot give ${ctx.measure}; paired binary data need the counts of discordant pairs${missingN}`;
}

function pairedMd(ctx: EffectContext, result: Paired, draft: Draft, difference: number, n: number | undefined): PreparedInput {
  const sd = result.sdDifference?.value;
  if (sd !== undefined && n !== undefined) {
    return draft.finish("paired", "GEN", () => ({ yi: difference, vi: draft.convert(pairedMdVarianceFromSd({ sdDifference: sd, n })).vi }));
  }
  if (result.t?.value !== undefined) {
    const t = result.t.value;
    return draft.finish("paired", "GEN", () => ({ yi: difference, sei: draft.convert(seFromT({ estimate: difference, t })).se }));
  }
  const usesP = result.ci === undefined && result.se === undefined;
  if (usesP && !pairedTestKnown(ctx, result, draft)) return draft.unusable(draft.missing.join("; "));
  const se = estimateSe(result, difference, "identity", draft, n === undefined ? undefined : n - 1);
  return draft.finish("paired", "GEN", () => ({ yi: difference, sei: se! }));
}

function pairedSmd(ctx: EffectContext, result: Paired, draft: Draft, difference: number, n: number): PreparedInput {
  const r = ctx.correlation;
  if (r === null) {
    return draft.unusable("a within-person difference is put on the between-groups SMD scale with the within-person correlation, and the synthesis gives none");
  }
  draft.use({ assumption: r.assumption, field: "correlation", value: r.value });
  const options = { r: r.value, hedges: true };
  const t = pairedT(ctx, result, draft, difference, n);
  if (t === undefined) return draft.unusable(draft.missing.join("; "));
  const smd = t === "from-p"
    ? draft.convert(pairedSmdFromP({ p: result.p!.value!, n, sign: difference >= 0 ? 1 : -1 }, options))
    : draft.convert(pairedSmdFromT({ t, n }, options));
  if (smd.d === undefined || smd.vd === undefined) return draft.unusable("the between-groups SMD could not be computed");
  const d = smd.d;
  const vd = smd.vd;
  return draft.finish("paired", "GEN", () => ({ yi: d, vi: vd }));
}

/** The paired t statistic (signed as the difference), or "from-p" when only a paired-t p-value gives it. */
function pairedT(ctx: EffectContext, result: Paired, draft: Draft, difference: number, n: number): number | "from-p" | undefined {
  if (result.t?.value !== undefined) return Math.sign(difference || 1) * Math.abs(result.t.value);
  const sd = result.sdDifference?.value;
  if (sd !== undefined) {
    draft.notes.push("t = difference / SE");
    return difference / draft.convert(pairedMdVarianceFromSd({ sdDifference: sd, n })).se;
  }
  if (result.ci !== undefined || result.se !== undefined) {
    const se = estimateSe(result, difference, "identity", draft);
    if (se === undefined) return undefined;
    draft.notes.push("t = difference / SE");
    return difference / se;
  }
  if (result.p?.value === undefined) return draft.lack("no SD of the differences, t, confidence interval or p-value");
  if (difference === 0) return draft.lack("a difference of exactly 0 gives no sign for the p-value");
  return pairedTestKnown(ctx, result, draft) ? "from-p" : undefined;
}

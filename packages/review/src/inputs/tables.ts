/**
 * The 2x2 table of a dichotomous result, for the small-study tests built for odds ratios
 * (Harbord's, Peters').
 */
import type { OddsRatioTable } from "@metakit/core";
import { experimentalAndControl } from "@metakit/schema";
import { armOf, type DataIndex } from "./dataset.js";

/** The 2x2 table of a dichotomous result (experimental arm first), when every count is reported. */
export function tableOf(index: DataIndex, resultId: string): OddsRatioTable | undefined {
  const result = index.results.get(resultId);
  if (result?.form !== "dichotomous") return undefined;
  const { experimental: e, control: c } = experimentalAndControl(result.arms, (arm) => armOf(index, result.study, arm)?.type);
  const [ai, n1, ci, n2] = [e?.events.value, e?.total.value, c?.events.value, c?.total.value];
  if (ai === undefined || n1 === undefined || ci === undefined || n2 === undefined) return undefined;
  return { ai, bi: n1 - ai, ci, di: n2 - ci };
}


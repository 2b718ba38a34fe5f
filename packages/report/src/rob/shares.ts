/**
 * The numbers behind the summary plot: for each domain and for the overall judgement, the
 * share of studies (or, when every study has a weight, the share of the total weight) at
 * each of the tool's levels. Shares of one domain add up to 1. No rounding here.
 */
import type { RobDomain } from "../forest/types.js";
import type { RobJudgement } from "./judgements.js";
import { OVERALL_DOMAIN, ROB_TOOL_DEFINITIONS } from "./tools.js";
import type { RobPlotData } from "./types.js";

export interface RobDomainShares {
  readonly domain: RobDomain;
  /** True for the overall judgement (the last entry). */
  readonly overall: boolean;
  /** One entry per level of the tool, in the tool's order (least concern first); shares add up to 1. */
  readonly shares: readonly { readonly judgement: RobJudgement; readonly share: number }[];
}

/** True when every assessment carries a weight (validated data: then all do). */
export const isWeighted = (data: RobPlotData): boolean => data.assessments.length > 0 && data.assessments.every((a) => a.weight !== undefined);

/**
 * Share at level j of domain d: sum(w_i [judgement_id = j]) / sum(w_i), with w_i the
 * study's weight, or 1 for every study when the data carry no weights (robvis'
 * `weighted = FALSE`). Cost O(k x domains x levels).
 */
export function robShares(data: RobPlotData): RobDomainShares[] {
  const tool = ROB_TOOL_DEFINITIONS[data.tool];
  const weighted = isWeighted(data);
  const weightOf = (i: number) => (weighted ? data.assessments[i]!.weight! : 1);
  const total = data.assessments.reduce((sum, _, i) => sum + weightOf(i), 0);
  const columns = [...tool.domains.map((domain, d) => ({ domain, overall: false, judgementOf: (i: number) => data.assessments[i]!.domains[d]! })), { domain: OVERALL_DOMAIN, overall: true, judgementOf: (i: number) => data.assessments[i]!.overall }];
  return columns.map(({ domain, overall, judgementOf }) => ({
    domain,
    overall,
    shares: tool.levels.map((judgement) => {
      const sum = data.assessments.reduce((s, _, i) => (judgementOf(i) === judgement ? s + weightOf(i) : s), 0);
      return { judgement, share: sum / total };
    }),
  }));
}

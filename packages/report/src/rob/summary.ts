/**
 * The summary plot (robvis' rob_summary): one horizontal bar per domain and one for the
 * overall judgement (bold, last), each split into the share of studies, or of weight when
 * every study has one, at each level of the tool, least concern on the left. A segment
 * wide enough for it carries its percentage (rounded to a whole percent, so the labels of
 * a bar may add up to 99 or 101). An axis in percent under the bars; the
 * judgement legend under it.
 */
import { fitText, type TextStyle } from "../text/measure.js";
import type { TextMeasure } from "../text/measure.js";
import { ROB_STYLE } from "./palette.js";
import { isWeighted, robShares, type RobDomainShares } from "./shares.js";
import type { RobSceneLayout } from "./spec.js";
import { placeJudgementLegend, robTheme, RobScene, type RobOptions } from "./theme.js";
import type { RobJudgement } from "./judgements.js";
import type { RobPlotData } from "./types.js";

/** One bar segment: a domain's share at one judgement, in pixels. */
export interface RobSegment {
  readonly domain: string;
  readonly judgement: RobJudgement;
  readonly share: number;
  readonly x: number;
  readonly x2: number;
  readonly y: number;
  readonly y2: number;
}

export interface SummaryLayout extends RobSceneLayout {
  /** The bars span [x1, x2] for 0% to 100%. */
  readonly bar: { readonly x1: number; readonly x2: number };
  /** Segments with a share above 0, domain by domain. */
  readonly segments: readonly RobSegment[];
  readonly shares: readonly RobDomainShares[];
}

const TICKS = [0, 0.25, 0.5, 0.75, 1] as const;

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** Lays out a validated summary plot (see validateRobPlotData). */
export function layoutSummary(data: RobPlotData, measure: TextMeasure, options: RobOptions = {}): SummaryLayout {
  const t = robTheme({ labelMaxWidth: 230, ...options });
  const shares = robShares(data);
  const labelOf = (s: RobDomainShares) => (s.overall ? "Overall risk of bias" : `${s.domain.key} ${s.domain.name}`);
  const styleOf = (s: RobDomainShares): TextStyle => ({ size: t.size, bold: s.overall });
  const labelWidth = Math.ceil(Math.min(t.labelMaxWidth, Math.max(...shares.map((s) => measure.width(labelOf(s), styleOf(s))))));
  const x1 = t.padding + labelWidth + t.gap;
  const x2 = x1 + t.barWidth;
  const width = Math.ceil(x2 + measure.width("100%", { size: t.small }) / 2 + t.padding);
  const scene = new RobScene(t, measure);
  let y = scene.title(data.title, width);

  const segments: RobSegment[] = [];
  for (const s of shares) {
    const lines = fitText(labelOf(s), labelWidth, styleOf(s), measure, Number.POSITIVE_INFINITY);
    const height = Math.max(t.rowHeight, lines.length * t.lineHeight + 8);
    const cy = y + height / 2;
    lines.forEach((line, i) => scene.text(t.padding, cy + (i - (lines.length - 1) / 2) * t.lineHeight, line, "left", styleOf(s)));
    let cumulative = 0;
    for (const { judgement, share } of s.shares) {
      if (!(share > 0)) continue;
      const segment = { domain: s.domain.key, judgement, share, x: x1 + cumulative * t.barWidth, x2: x1 + (cumulative + share) * t.barWidth, y: cy - t.barHeight / 2, y2: cy + t.barHeight / 2 };
      cumulative += share;
      segments.push(segment);
      scene.rects.push({ group: "bars", x: segment.x, x2: segment.x2, y: segment.y, y2: segment.y2, fill: ROB_STYLE[judgement].fill, outlined: true });
      const label = percent(share);
      if (measure.width(label, { size: t.small }) + 6 <= segment.x2 - segment.x) scene.text((segment.x + segment.x2) / 2, cy, label, "center", { size: t.small }, ROB_STYLE[judgement].ink);
    }
    y += height;
  }

  const axisY = y + 4;
  scene.rules.push({ x: x1, x2, y: axisY, color: "#000000" });
  for (const tick of TICKS) {
    const x = x1 + tick * t.barWidth;
    scene.rules.push({ x, y: axisY, y2: axisY + 4, color: "#000000" });
    scene.text(x, axisY + 6 + t.small * 0.6, percent(tick), "center", { size: t.small });
  }
  y = axisY + 6 + t.lineHeight;
  const base = isWeighted(data) ? "Share of the total weight in the pooled analysis" : `Share of studies (${data.assessments.length} assessed)`;
  scene.text((x1 + x2) / 2, y + t.lineHeight / 2, base, "center", { size: t.small });
  y += t.lineHeight * 1.5;
  y = placeJudgementLegend(scene, data.tool, t.padding, y, width - t.padding, (cx, cy, judgement) =>
    scene.rects.push({ group: "legend", x: cx - t.swatch / 2, x2: cx + t.swatch / 2, y: cy - t.swatch / 2, y2: cy + t.swatch / 2, fill: ROB_STYLE[judgement].fill, outlined: true }),
  );
  return { width, height: Math.ceil(y + t.padding), scene, bar: { x1, x2 }, segments, shares };
}

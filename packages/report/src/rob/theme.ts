/**
 * Sizes and shared pieces of the two risk-of-bias figures: the pixel theme, the scene they
 * place into (text items from the forest plot's PlacedText, circles, rectangles, rules),
 * and the judgement legend (a swatch and a name per level, flowing into rows).
 */
import type { PlacedText, TextAlign } from "../forest/layout.js";
import { fitText, type TextMeasure, type TextStyle } from "../text/measure.js";
import type { RobJudgement } from "./judgements.js";
import { ROB_STYLE } from "./palette.js";
import { ROB_TOOL_DEFINITIONS } from "./tools.js";
import type { RobTool } from "./types.js";
import { textScale } from "../text/scale.js";

/** Sizes of a risk-of-bias figure, in pixels. */
export interface RobOptions {
  /** Body text size (default 11). */
  readonly fontSize?: number;
  /** Widest row label (study or domain name) before it wraps onto further lines, never cut (default 200). */
  readonly labelMaxWidth?: number;
}

export interface RobTheme {
  readonly size: number;
  readonly small: number;
  readonly title: number;
  readonly symbol: number;
  readonly padding: number;
  readonly gap: number;
  readonly lineHeight: number;
  readonly rowHeight: number;
  readonly cell: number;
  readonly diameter: number;
  readonly labelMaxWidth: number;
  readonly barWidth: number;
  readonly barHeight: number;
  readonly swatch: number;
}

export function robTheme(options: RobOptions): RobTheme {
  const { size, small, title, padding, px } = textScale(options.fontSize);
  return {
    size,
    small,
    title,
    symbol: px(11),
    padding,
    gap: px(14),
    lineHeight: px(13),
    rowHeight: px(26),
    cell: px(30),
    diameter: px(20),
    labelMaxWidth: options.labelMaxWidth ?? px(200),
    barWidth: px(320),
    barHeight: px(16),
    swatch: px(12),
  };
}

/** A filled rectangle in pixels, in a named group (one vega layer per group). */
export interface PixelRect {
  /** "shading", "bars", "legend" ...: the layer's name. */
  readonly group: string;
  readonly x: number;
  readonly x2: number;
  readonly y: number;
  readonly y2: number;
  readonly fill: string;
  /** Drawn with the judgement outline (bar segments, swatches); shading is not. */
  readonly outlined: boolean;
}

/** A traffic light: a circle of the judgement's colour with its symbol, in a named group. */
export interface RobCircle {
  readonly group: string;
  readonly x: number;
  readonly y: number;
  readonly diameter: number;
  readonly judgement: RobJudgement;
}

/** A horizontal (y2 absent) or vertical (x2 absent) line. */
export interface PixelRule {
  readonly x: number;
  readonly y: number;
  readonly x2?: number;
  readonly y2?: number;
  readonly color: string;
}

export class RobScene {
  readonly texts: PlacedText[] = [];
  readonly circles: RobCircle[] = [];
  readonly rects: PixelRect[] = [];
  readonly rules: PixelRule[] = [];

  constructor(
    readonly t: RobTheme,
    readonly measure: TextMeasure,
  ) {}

  text(x: number, y: number, value: string, align: TextAlign, style: TextStyle, color?: string): void {
    this.texts.push({ x, y, text: value, align, size: style.size, bold: style.bold === true, ...(color === undefined ? {} : { color }) });
  }

  /** The circle and, centred in it, its symbol. */
  light(group: string, x: number, y: number, judgement: RobJudgement): void {
    this.circles.push({ group, x, y, diameter: this.t.diameter, judgement });
    const { symbol, ink } = ROB_STYLE[judgement];
    if (symbol !== "") this.text(x, y, symbol, "center", { size: this.t.symbol, bold: true }, ink);
  }

  /** Left-aligned wrapped lines from `y` down (`y` is the top of the first line); returns the y below them. */
  paragraph(x: number, y: number, text: string, maxWidth: number, style: TextStyle, maxLines = Number.POSITIVE_INFINITY): number {
    for (const part of fitText(text, maxWidth, style, this.measure, maxLines)) {
      this.text(x, y + this.t.lineHeight / 2, part, "left", style);
      y += this.t.lineHeight;
    }
    return y;
  }

  /** The figure title from the top padding down, wrapped within `width`; returns the y below it. */
  title(text: string, width: number): number {
    const { t } = this;
    const style: TextStyle = { size: t.title, bold: true };
    let y = t.padding;
    for (const line of fitText(text, width - 2 * t.padding, style, this.measure, Number.POSITIVE_INFINITY)) {
      this.text(t.padding, y + t.title * 0.6, line, "left", style);
      y += Math.round(t.title * 1.35);
    }
    return y + Math.round(t.lineHeight * 0.5);
  }
}

const LEGEND_HEADING = "Judgement:";

/** Width of the judgement legend on one line (heading and every level). */
export function judgementLegendWidth(t: RobTheme, measure: TextMeasure, tool: RobTool): number {
  const definition = ROB_TOOL_DEFINITIONS[tool];
  const items = definition.levels.map((level) => t.diameter + 4 + measure.width(definition.levelNames[level] ?? level, { size: t.small }) + t.gap);
  return measure.width(LEGEND_HEADING, { size: t.small, bold: true }) + t.gap / 2 + items.reduce((a, b) => a + b, 0) - t.gap;
}

/**
 * The tool's levels as legend items, "Judgement:" first, flowing left to right from
 * `x` and wrapping at `right`; `mark` draws each item's swatch centred at (cx, cy).
 * Returns the y below the legend.
 */
export function placeJudgementLegend(scene: RobScene, tool: RobTool, x: number, y: number, right: number, mark: (cx: number, cy: number, judgement: RobJudgement) => void): number {
  const { t, measure } = scene;
  const definition = ROB_TOOL_DEFINITIONS[tool];
  const heading = LEGEND_HEADING;
  const headingStyle: TextStyle = { size: t.small, bold: true };
  const row = Math.max(t.diameter, t.lineHeight) + 4;
  let cy = y + row / 2;
  scene.text(x, cy, heading, "left", headingStyle);
  let cx = x + measure.width(heading, headingStyle) + t.gap / 2;
  for (const level of definition.levels) {
    const name = definition.levelNames[level] ?? level;
    const itemWidth = t.diameter + 4 + measure.width(name, { size: t.small });
    if (cx + itemWidth > right && cx > x + measure.width(heading, headingStyle) + t.gap) {
      cx = x + measure.width(heading, headingStyle) + t.gap / 2;
      cy += row;
    }
    mark(cx + t.diameter / 2, cy, level);
    scene.text(cx + t.diameter + 4, cy, name, "left", { size: t.small });
    cx += itemWidth + t.gap;
  }
  return cy + row / 2;
}

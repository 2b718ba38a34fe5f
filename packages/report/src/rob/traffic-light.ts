/**
 * The traffic-light plot (robvis' rob_traffic_light): one row per study, one column per
 * domain (D1..D5 for RoB 2, D1..D7 for ROBINS-I) and the overall judgement on a grey band,
 * a coloured circle with its symbol in every cell; under the grid the domain names and
 * the judgement legend. Labels are measured: a long study label wraps onto as many lines
 * as it needs (its row grows), never cut.
 */
import { fitText, type TextStyle } from "../text/measure.js";
import type { TextMeasure } from "../text/measure.js";
import type { RobSceneLayout } from "./spec.js";
import { judgementLegendWidth, placeJudgementLegend, robTheme, RobScene, type RobOptions, type RobTheme } from "./theme.js";
import { ROB_TOOL_DEFINITIONS } from "./tools.js";
import type { RobPlotData } from "./types.js";

const GRID = "#d9d9d9";
const OVERALL_BAND = "#e6e6e6";
/** The figure widens for its legend up to this width; beyond it the legend wraps. */
const MAX_LEGEND_WIDTH = 600;

export interface TrafficLightLayout extends RobSceneLayout {
  /** Centre x of each column: the domains, then Overall. */
  readonly columns: readonly number[];
  /** Centre y of each study's row, in the data's order. */
  readonly rows: readonly number[];
}

interface Grid {
  readonly labelWidth: number;
  readonly columns: number[];
  readonly overallWidth: number;
  readonly right: number;
}

function grid(data: RobPlotData, t: RobTheme, measure: TextMeasure): Grid {
  const domains = ROB_TOOL_DEFINITIONS[data.tool].domains;
  const regular: TextStyle = { size: t.size };
  const widest = Math.max(measure.width("Study", { size: t.size, bold: true }), ...data.assessments.map((a) => measure.width(a.label, regular)));
  const labelWidth = Math.ceil(Math.min(widest, t.labelMaxWidth));
  const overallWidth = Math.max(t.cell, Math.ceil(measure.width("Overall", { size: t.size, bold: true })) + 10);
  const first = t.padding + labelWidth + t.gap + t.cell / 2;
  const columns = domains.map((_, d) => first + d * t.cell);
  columns.push(first + domains.length * t.cell - t.cell / 2 + 4 + overallWidth / 2);
  return { labelWidth, columns, overallWidth, right: columns[columns.length - 1]! + overallWidth / 2 };
}

/** Lays out a validated traffic-light plot (see validateRobPlotData). */
export function layoutTrafficLight(data: RobPlotData, measure: TextMeasure, options: RobOptions = {}): TrafficLightLayout {
  const t = robTheme(options);
  const tool = ROB_TOOL_DEFINITIONS[data.tool];
  const g = grid(data, t, measure);
  const small: TextStyle = { size: t.small };
  const domainLines = tool.domains.map((d) => `${d.key}: ${d.name}`);
  const legendWidth = Math.max(...domainLines.map((line) => measure.width(line, small)), judgementLegendWidth(t, measure, data.tool));
  const width = Math.ceil(Math.max(g.right, t.padding + Math.min(legendWidth, MAX_LEGEND_WIDTH)) + t.padding);
  const scene = new RobScene(t, measure);
  let y = scene.title(data.title, width);

  const bold: TextStyle = { size: t.size, bold: true };
  const headerTop = y;
  scene.text((g.columns[0]! + g.columns[g.columns.length - 2]!) / 2, y + t.lineHeight / 2, "Risk of bias domains", "center", bold);
  y += t.lineHeight + 4;
  const keyY = y + t.lineHeight / 2;
  scene.text(t.padding, keyY, "Study", "left", bold);
  tool.domains.forEach((d, i) => scene.text(g.columns[i]!, keyY, d.key, "center", bold));
  const overallX = g.columns[g.columns.length - 1]!;
  scene.text(overallX, keyY, "Overall", "center", bold);
  y += t.lineHeight + 4;
  scene.rules.push({ x: t.padding, x2: g.right, y, color: "#000000" });

  const rows: number[] = [];
  for (const a of data.assessments) {
    const lines = fitText(a.label, g.labelWidth, { size: t.size }, measure, Number.POSITIVE_INFINITY);
    const height = Math.max(t.rowHeight, lines.length * t.lineHeight + 8);
    const cy = y + height / 2;
    lines.forEach((line, i) => scene.text(t.padding, cy + (i - (lines.length - 1) / 2) * t.lineHeight, line, "left", { size: t.size }));
    a.domains.forEach((judgement, d) => scene.light("lights", g.columns[d]!, cy, judgement));
    scene.light("lights", overallX, cy, a.overall);
    rows.push(cy);
    y += height;
    scene.rules.push({ x: t.padding, x2: g.right, y, color: GRID });
  }
  scene.rects.push({ group: "shading", x: overallX - g.overallWidth / 2, x2: overallX + g.overallWidth / 2, y: headerTop + t.lineHeight + 4, y2: y, fill: OVERALL_BAND, outlined: false });

  y += t.lineHeight;
  scene.text(t.padding, y + t.lineHeight / 2, "Domains:", "left", { size: t.small, bold: true });
  y += t.lineHeight;
  for (const line of domainLines) y = scene.paragraph(t.padding, y, line, width - 2 * t.padding, small);
  y += t.lineHeight / 2;
  y = placeJudgementLegend(scene, data.tool, t.padding, y, width - t.padding, (cx, cy, judgement) => scene.light("legend", cx, cy, judgement));
  return { width, height: Math.ceil(y + t.padding), scene, columns: g.columns, rows };
}

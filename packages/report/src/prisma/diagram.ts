/**
 * The PRISMA 2020 flow diagram as SVG, in the statement's layout: phase bands on the left
 * (identification, screening, included), the flow in the main column with the records or
 * reports that leave it in boxes to the right, arrows between them. A count that is not
 * known reads "n = not reported", never a number. Text is measured with the report's fonts
 * and wrapped to the boxes; the width (680 px, 180 mm at 96 px per inch) fits a journal's
 * two columns with 11 px (8.25 pt) text. Deterministic: the same flow gives the same bytes.
 * @reference Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement. BMJ 2021;372:n71, figure 1.
 */
import { FONT_FAMILY } from "../text/fonts.js";
import { fitText, type TextMeasure, type TextStyle } from "../text/measure.js";
import { escapeHtml } from "../report/escape.js";
import type { PrismaCount, PrismaFlow } from "./types.js";

/** Geometry in SVG units (CSS pixels). */
const WIDTH = 680;
const BAND = { x: 6, width: 24 };
const MAIN = { x: 44, width: 300 };
const SIDE = { x: 384, width: 290 };
const PAD = 7;
const LINE = 14;
const ROW_GAP = 26;
const TOP = 8;
const TEXT: TextStyle = { size: 11 };
const BOLD: TextStyle = { size: 11, bold: true };
const HEADER: TextStyle = { size: 12, bold: true };
const COLORS = { band: "#d9e6f2", bandText: "#1f3b57", box: "#ffffff", stroke: "#333333", text: "#111111", header: "#f2d7a6" };

/** "n = 12" or "n = not reported". */
export function countText(count: PrismaCount): string {
  return count.n === null ? "n = not reported" : `n = ${count.n}`;
}

/** A line of a box: bold lines are its headings. */
interface BoxLine {
  readonly text: string;
  readonly bold?: boolean;
  /** Indent in px (list items under a heading). */
  readonly indent?: number;
}

const line = (text: string, bold = false, indent = 0): BoxLine => ({ text, bold, indent });

/** The rows of the flow: main box, and the box of what leaves the flow there (or none). */
interface FlowRow {
  readonly phase: "Identification" | "Screening" | "Included";
  readonly main: readonly BoxLine[];
  readonly side: readonly BoxLine[] | null;
}

function identificationLines(flow: PrismaFlow): BoxLine[] {
  const columns = [
    { column: "databases-registers", heading: "Databases and registers:" },
    { column: "other", heading: "Other methods:" },
  ] as const;
  const lines: BoxLine[] = [line("Records identified from:", true)];
  for (const { column, heading } of columns) {
    const sources = flow.sources.filter((s) => s.column === column);
    if (sources.length === 0) continue;
    lines.push(line(heading, false, 6), ...sources.map((s) => line(`${s.name} (${countText(s.identified)})`, false, 14)));
  }
  return lines;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The flow's rows, top to bottom. */
export function prismaRows(flow: PrismaFlow): FlowRow[] {
  const excludedTotal = flow.excluded.reduce((sum, g) => sum + g.studies.length, 0);
  return [
    { phase: "Identification", main: identificationLines(flow), side: [line("Records removed before screening:", true), line(`Duplicate records (${countText(flow.duplicatesRemoved)})`, false, 6)] },
    { phase: "Screening", main: [line(`Records screened (${countText(flow.screened)})`)], side: [line(`Records excluded (${countText(flow.excludedAtScreening)})`)] },
    { phase: "Screening", main: [line(`Reports sought for retrieval (${countText(flow.soughtForRetrieval)})`)], side: [line(`Reports not retrieved (${countText(flow.notRetrieved)})`)] },
    {
      phase: "Screening",
      main: [line(`Studies assessed for eligibility (n = ${flow.assessed.studies}; ${plural(flow.assessed.reports, "report", "reports")})`)],
      side: [line(`Studies excluded, with reasons (n = ${excludedTotal}):`, true), ...flow.excluded.map((g) => line(`${g.reason} (n = ${g.studies.length})`, false, 6))],
    },
    {
      phase: "Included",
      main: [
        line(`Studies included in review (n = ${flow.included.studies})`, true),
        line(`Reports of included studies (n = ${flow.included.reports})`, true),
        ...flow.byIndication.map((i) => line(`${i.title}: ${plural(i.studies, "study", "studies")}`, false, 6)),
      ],
      side: null,
    },
  ];
}

/** Lines wrapped to the box's inner width. */
function wrap(lines: readonly BoxLine[], width: number, measure: TextMeasure): BoxLine[] {
  return lines.flatMap((l) => {
    const indent = l.indent ?? 0;
    const style = l.bold === true ? BOLD : TEXT;
    const parts = fitText(l.text, width - 2 * PAD - indent, style, measure, 12);
    // Continuation lines hang under the first line's text.
    return parts.map((text, i) => ({ text, ...(l.bold === true && { bold: true }), indent: indent + (i === 0 ? 0 : 8) }));
  });
}

const boxHeight = (lines: readonly BoxLine[]) => 2 * PAD + lines.length * LINE;
const num = (x: number) => (Math.round(x * 100) / 100).toString();

function textElement(x: number, y: number, text: string, style: TextStyle, extra = ""): string {
  const weight = style.bold === true ? ` font-weight="bold"` : "";
  return `<text x="${num(x)}" y="${num(y)}" font-size="${style.size}"${weight}${extra}>${escapeHtml(text)}</text>`;
}

function box(x: number, y: number, width: number, lines: readonly BoxLine[], height: number): string {
  const texts = lines.map((l, i) => textElement(x + PAD + (l.indent ?? 0), y + PAD + (i + 1) * LINE - 3.5, l.text, l.bold === true ? BOLD : TEXT));
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}" fill="${COLORS.box}" stroke="${COLORS.stroke}"/>\n${texts.join("\n")}`;
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  const horizontal = y1 === y2;
  const head = horizontal
    ? `${num(x2)},${num(y2)} ${num(x2 - 7)},${num(y2 - 4)} ${num(x2 - 7)},${num(y2 + 4)}`
    : `${num(x2)},${num(y2)} ${num(x2 - 4)},${num(y2 - 7)} ${num(x2 + 4)},${num(y2 - 7)}`;
  const end = horizontal ? { x: x2 - 7, y: y2 } : { x: x2, y: y2 - 7 };
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(end.x)}" y2="${num(end.y)}" stroke="${COLORS.stroke}"/><polygon points="${head}" fill="${COLORS.stroke}"/>`;
}

function band(y: number, height: number, label: string): string {
  const cx = BAND.x + BAND.width / 2;
  const cy = y + height / 2;
  return `<rect x="${BAND.x}" y="${num(y)}" width="${BAND.width}" height="${num(height)}" rx="4" fill="${COLORS.band}"/>\n${textElement(cx, cy, label, BOLD, ` text-anchor="middle" dominant-baseline="central" fill="${COLORS.bandText}" transform="rotate(-90 ${num(cx)} ${num(cy)})"`)}`;
}

/**
 * The flow diagram as an SVG document.
 * @example prismaDiagramSvg(flow, measure) // "<svg xmlns=... width=\"680\" ...>...Records screened (n = not reported)..."
 */
export function prismaDiagramSvg(flow: PrismaFlow, measure: TextMeasure): string {
  const parts: string[] = [];
  const headerLines = fitText("Identification of studies via databases, registers and other methods", MAIN.width + SIDE.width + (SIDE.x - MAIN.x - MAIN.width) - 2 * PAD, HEADER, measure, 2);
  const headerHeight = 2 * PAD + headerLines.length * (LINE + 1);
  parts.push(`<rect x="${MAIN.x}" y="${TOP}" width="${SIDE.x + SIDE.width - MAIN.x}" height="${num(headerHeight)}" fill="${COLORS.header}" stroke="${COLORS.stroke}"/>`);
  headerLines.forEach((text, i) => parts.push(textElement(MAIN.x + PAD, TOP + PAD + (i + 1) * (LINE + 1) - 3.5, text, HEADER)));
  let y = TOP + headerHeight + ROW_GAP / 2;
  const bands = new Map<string, { top: number; bottom: number }>();
  let previousBottom: number | null = null;
  for (const row of prismaRows(flow)) {
    const main = wrap(row.main, MAIN.width, measure);
    const side = row.side === null ? null : wrap(row.side, SIDE.width, measure);
    const height = Math.max(boxHeight(main), side === null ? 0 : boxHeight(side));
    if (previousBottom !== null) parts.push(arrow(MAIN.x + MAIN.width / 2, previousBottom, MAIN.x + MAIN.width / 2, y));
    parts.push(box(MAIN.x, y, MAIN.width, main, height));
    if (side !== null) {
      parts.push(box(SIDE.x, y, SIDE.width, side, height));
      parts.push(arrow(MAIN.x + MAIN.width, y + height / 2, SIDE.x, y + height / 2));
    }
    const extent = bands.get(row.phase);
    bands.set(row.phase, { top: extent?.top ?? y, bottom: y + height });
    previousBottom = y + height;
    y += height + ROW_GAP;
  }
  for (const [label, extent] of bands) parts.push(band(extent.top, extent.bottom - extent.top, label));
  const height = Math.ceil(y - ROW_GAP + TOP);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT_FAMILY}" fill="${COLORS.text}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    `</svg>\n`,
  ].join("\n");
}

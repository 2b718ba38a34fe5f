/**
 * The review report as a Word document (reports/review.docx), made with the `docx`
 * package from the report's blocks (see blocks.ts): headings as Word headings, tables as
 * Word tables with a repeated header row, figures as the report's PNG files with their
 * numbered captions, the Summary of Findings' footnotes under its table as GRADEpro prints
 * them, and what made the report as a Word footnote on its title. A4; tables of seven or
 * more columns get a landscape page of their own.
 *
 * Deterministic: drawing ids are given (docx counts them across documents otherwise), no
 * feature that draws random ids (hyperlinks, text boxes) is used, and the package is
 * written again with fixed dates (see deterministicDocx), so the same input gives the same
 * bytes.
 */
import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  Packer,
  PageOrientation,
  Paragraph,
  Table as DocxTable,
  TableCell as DocxTableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from "docx";
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import { checkTableShape } from "../table/shape.js";
import type { Table, TableCell } from "../table/types.js";
import type { ReportInput } from "../report/types.js";
import { reportBlocks, type Block, type HeadingLevel as Level } from "./blocks.js";
import { deterministicDocx, DOCX_FIXED_DATE } from "./package.js";
import { pngSize } from "./png.js";

/** A figure as the Word document shows it. */
export interface DocxFigure {
  /** Its number in the report ("Figure 3"). */
  readonly number: number;
  readonly png: Uint8Array;
  /** The PNG's pixels per SVG unit (CSS pixel, 1/96 inch): its size on paper is pixels / scale / 96 inches, shrunk to fit the page. */
  readonly scale: number;
}

/** Twips (1/1440 inch) of A4 and of the margins (2 cm). */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
const TWIPS_PER_PIXEL = 1440 / 96;
/** Tables with this many columns or more get a landscape page. */
const WIDE_TABLE = 7;
/** Font sizes in half-points: body 10 pt, tables and notes 8 pt. */
const BODY_SIZE = 20;
const TABLE_SIZE = 16;
const FONT = "Arial";

const HEADING: Readonly<Record<Level, (typeof HeadingLevel)[keyof typeof HeadingLevel]>> = {
  1: HeadingLevel.TITLE,
  2: HeadingLevel.HEADING_1,
  3: HeadingLevel.HEADING_2,
  4: HeadingLevel.HEADING_3,
};

interface Page {
  readonly landscape: boolean;
  /** Text width in twips. */
  readonly width: number;
  readonly height: number;
}

const PORTRAIT: Page = { landscape: false, width: A4.width - 2 * MARGIN, height: A4.height - 2 * MARGIN };
const LANDSCAPE: Page = { landscape: true, width: A4.height - 2 * MARGIN, height: A4.width - 2 * MARGIN };

function cellText(cell: TableCell, column: string): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new MetakitError("INVALID_INPUT", messages.notFinite(column, cell), { field: column, value: cell });
    return String(cell);
  }
  return cell;
}

const ALIGN = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER } as const;

/**
 * Column widths in twips that add up to the text width: each column's share grows with the
 * square root of its longest text (so a column of long sentences is wider without starving
 * the short ones), and none is narrower than 5% of the width.
 */
export function columnWidths(table: Table, width: number): number[] {
  const longest = table.columns.map((c, i) => Math.max(c.header.length, ...table.rows.map((row) => cellText(row[i], c.header).length), 1));
  const raw = longest.map((n) => Math.sqrt(n));
  const total = raw.reduce((a, b) => a + b, 0);
  const floor = 0.05;
  const shares = raw.map((r) => Math.max(floor, r / total));
  const sum = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((s) => Math.floor((s / sum) * width));
  const rest = width - widths.reduce((a, b) => a + b, 0);
  widths[widths.length - 1] = (widths[widths.length - 1] ?? 0) + rest;
  return widths;
}

function tableCellParagraph(text: string, align: keyof typeof ALIGN, bold: boolean): Paragraph {
  const lines = text.split("\n");
  return new Paragraph({
    alignment: ALIGN[align],
    children: lines.map((line, i) => new TextRun({ text: line, bold, size: TABLE_SIZE, break: i === 0 ? 0 : 1 })),
  });
}

function wordTable(table: Table, page: Page): DocxTable {
  checkTableShape(table);
  const widths = columnWidths(table, page.width);
  const row = (cells: readonly string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: !header && cells.join("").length < 400,
      children: cells.map(
        (text, i) =>
          new DocxTableCell({
            width: { size: widths[i] ?? 0, type: WidthType.DXA },
            margins: { top: 40, bottom: 40, left: 70, right: 70 },
            children: [tableCellParagraph(text, table.columns[i]?.align ?? "left", header)],
          }),
      ),
    });
  return new DocxTable({
    layout: TableLayoutType.FIXED,
    width: { size: page.width, type: WidthType.DXA },
    columnWidths: widths,
    rows: [row(table.columns.map((c) => c.header), true), ...table.rows.map((r) => row(table.columns.map((c, i) => cellText(r[i], c.header)), false))],
  });
}

const smallParagraph = (text: string) => new Paragraph({ spacing: { before: 40 }, children: [new TextRun({ text, size: TABLE_SIZE })] });
const caption = (text: string) => new Paragraph({ keepNext: true, spacing: { before: 120, after: 80 }, children: [new TextRun({ text, bold: true })] });

interface Context {
  readonly figures: ReadonlyMap<string, DocxFigure>;
}

/** The figure at its natural size, shrunk to fit the page (sizes in pixels at 96 to the inch, as docx takes them). */
function figureParagraphs(block: Extract<Block, { kind: "figure" }>, page: Page, context: Context): Paragraph[] {
  const figure = context.figures.get(block.key);
  if (figure === undefined) return [];
  const { width, height } = pngSize(figure.png);
  const natural = { width: width / figure.scale, height: height / figure.scale };
  const room = { width: page.width / TWIPS_PER_PIXEL, height: (page.height * 0.85) / TWIPS_PER_PIXEL };
  const shrink = Math.min(1, room.width / natural.width, room.height / natural.height);
  const image = new ImageRun({
    type: "png",
    data: figure.png,
    transformation: { width: Math.round(natural.width * shrink), height: Math.round(natural.height * shrink) },
    altText: { id: String(figure.number), name: `Figure ${figure.number}`, title: block.title, description: block.title },
  });
  return [new Paragraph({ keepNext: true, children: [image] }), new Paragraph({ spacing: { after: 200 }, children: [new TextRun({ text: `Figure ${figure.number}. ${block.title}.`, italics: true, size: TABLE_SIZE })] })];
}

function blockChildren(block: Block, page: Page, context: Context): (Paragraph | DocxTable)[] {
  switch (block.kind) {
    case "heading":
      return [new Paragraph({ heading: HEADING[block.level], keepNext: true, children: [new TextRun(block.text)] })];
    case "paragraph":
      return [new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: block.text, italics: block.note === true })] })];
    case "list":
      return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(item)] }));
    case "table":
      return [
        ...(block.caption === undefined ? [] : [caption(block.caption)]),
        wordTable(block.table, page),
        ...(block.footnotes ?? []).map(smallParagraph),
        new Paragraph({ spacing: { after: 120 }, children: [] }),
      ];
    case "figure":
      return figureParagraphs(block, page, context);
  }
}

const isWide = (block: Block) => block.kind === "table" && block.table.columns.length >= WIDE_TABLE;

/**
 * Splits the blocks into pages of one orientation: a wide table, with the headings just
 * before it, gets a landscape section of its own; everything else is portrait.
 */
export function sectionsOf(blocks: readonly Block[]): { readonly page: Page; readonly blocks: Block[] }[] {
  const sections: { page: Page; blocks: Block[] }[] = [{ page: PORTRAIT, blocks: [] }];
  for (const block of blocks) {
    const current = sections[sections.length - 1]!;
    if (isWide(block)) {
      let start = current.blocks.length;
      while (start > 0 && current.blocks[start - 1]?.kind === "heading") start -= 1;
      const headings = current.blocks.splice(start);
      if (current.blocks.length === 0 && sections.length > 1) sections.pop();
      sections.push({ page: LANDSCAPE, blocks: [...headings, block] }, { page: PORTRAIT, blocks: [] });
    } else {
      current.blocks.push(block);
    }
  }
  return sections.filter((s, i) => s.blocks.length > 0 || i === 0);
}

function section(page: Page, children: (Paragraph | DocxTable)[]): ISectionOptions {
  // docx takes the portrait size and swaps width and height itself for a landscape page.
  const size = { width: A4.width, height: A4.height, orientation: page.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT };
  return { properties: { page: { size, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } }, children };
}

function titleParagraphs(input: ReportInput): Paragraph[] {
  const made = input.generator === undefined ? "" : `Made by ${input.generator}`;
  const from = input.sources === undefined || input.sources.length === 0 ? "" : `from ${input.sources.join(", ")}`;
  const meta = [made, from].filter((part) => part !== "").join(" ");
  const title = new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(input.title), ...(meta === "" ? [] : [new FootnoteReferenceRun(1)])] });
  return [title, ...(input.introduction ?? []).map((line) => new Paragraph({ spacing: { after: 120 }, children: [new TextRun(line)] }))];
}

function footnotes(input: ReportInput): Record<string, { children: Paragraph[] }> {
  const made = input.generator === undefined ? "" : `Made by ${input.generator}`;
  const from = input.sources === undefined || input.sources.length === 0 ? "" : `from ${input.sources.join(", ")}`;
  const meta = [made, from].filter((part) => part !== "").join(" ");
  return meta === "" ? {} : { 1: { children: [new Paragraph({ children: [new TextRun({ text: `${meta}.`, size: TABLE_SIZE })] })] } };
}

/** The docx.Document of the report (not yet packed). */
export function reportDocument(input: ReportInput, figures: ReadonlyMap<string, DocxFigure>): Document {
  const context: Context = { figures };
  const sections = sectionsOf(reportBlocks(input)).map((s, i) =>
    section(s.page, [...(i === 0 ? titleParagraphs(input) : []), ...s.blocks.flatMap((block) => blockChildren(block, s.page, context))]),
  );
  return new Document({
    title: input.title,
    ...(input.generator === undefined ? {} : { creator: input.generator, lastModifiedBy: input.generator }),
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE } } } },
    footnotes: footnotes(input),
    sections,
  });
}

/**
 * The report as .docx bytes: the same input and figures give the same bytes (dates fixed
 * to DOCX_FIXED_DATE). @throws MetakitError on a table row of the wrong length or a
 * number that is not finite.
 */
export async function reportDocx(input: ReportInput, figures: ReadonlyMap<string, DocxFigure>): Promise<Uint8Array> {
  const packed = await Packer.toBuffer(reportDocument(input, figures));
  return deterministicDocx(new Uint8Array(packed), DOCX_FIXED_DATE);
}

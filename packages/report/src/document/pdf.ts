/**
 * A figure as a one-page vector PDF the size of the figure on paper, written here without a
 * browser: resvg reduces the SVG to paths (usvg: every text becomes the outlines of its
 * glyphs in the given font files, so the PDF needs no font), and each path becomes PDF path
 * operators, in one Flate-compressed content stream (fflate). The same SVG and fonts give
 * the same bytes: no dates, no ids.
 * @reference ISO 32000-1:2008 (PDF 1.7): 7.5 file structure, 8.4-8.5 graphics state and path
 *   construction and painting, 8.4.5 ExtGState (ca, CA), 7.3.8 streams with FlateDecode.
 */
import { Resvg } from "@resvg/resvg-js";
import { zlibSync } from "fflate";
import { MetakitError } from "@metakit/base";
import { FONT_FAMILY, type FontFiles } from "../text/fonts.js";

/** PDF points per CSS pixel: resvg writes the simplified SVG's size in CSS pixels (96 to the inch). */
const POINTS_PER_CSS_PIXEL = 72 / 96;

const number = (value: number): string => {
  const text = value.toFixed(3).replace(/\.?0+$/, "");
  return text === "-0" ? "0" : text;
};

const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;
const TAG = /<(\/?)([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;

function attributesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(ATTRIBUTE)) out[name!] = value!;
  return out;
}

function unsupported(what: string): MetakitError {
  return new MetakitError("UNSUPPORTED", `figure PDF: the figure uses ${what}, which the PDF writer does not draw`, { field: "svg", value: what });
}

/** "#1f4e9a" as PDF colour components "0.122 0.306 0.604". */
function rgb(colour: string): string {
  const match = /^#([0-9a-f]{6})$/i.exec(colour);
  if (match === null) throw unsupported(`the colour ${colour}`);
  const value = parseInt(match[1]!, 16);
  return [value >> 16, (value >> 8) & 0xff, value & 0xff].map((c) => number(c / 255)).join(" ");
}

/** SVG path data of usvg (absolute M, L, Q, C, Z) as PDF path operators; quadratic segments become cubic. */
export function pathOperators(d: string): string {
  const tokens = d.match(/[MLQCZ]|-?[0-9.]+(?:e-?[0-9]+)?/gi) ?? [];
  const out: string[] = [];
  let i = 0;
  let current: [number, number] = [0, 0];
  let start: [number, number] = [0, 0];
  const next = () => Number(tokens[i++]);
  while (i < tokens.length) {
    const command = tokens[i++]!;
    switch (command) {
      case "M":
        current = [next(), next()];
        start = current;
        out.push(`${number(current[0])} ${number(current[1])} m`);
        break;
      case "L":
        current = [next(), next()];
        out.push(`${number(current[0])} ${number(current[1])} l`);
        break;
      case "C": {
        const p = [next(), next(), next(), next(), next(), next()];
        current = [p[4]!, p[5]!];
        out.push(`${p.map(number).join(" ")} c`);
        break;
      }
      case "Q": {
        // The cubic with control points 2/3 of the way to the quadratic's one.
        const [qx, qy, x, y] = [next(), next(), next(), next()];
        const c1 = [current[0] + (2 / 3) * (qx - current[0]), current[1] + (2 / 3) * (qy - current[1])];
        const c2 = [x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y)];
        current = [x, y];
        out.push(`${[...c1, ...c2, x, y].map(number).join(" ")} c`);
        break;
      }
      case "Z":
      case "z":
        current = start;
        out.push("h");
        break;
      default:
        throw unsupported(`the path command ${command}`);
    }
  }
  return out.join("\n");
}

/** Graphics states for opacities, named /GS0, /GS1 ... in order of first use. */
class Opacities {
  readonly states = new Map<string, string>();
  name(fill: number, stroke: number): string {
    const key = `${number(fill)} ${number(stroke)}`;
    if (!this.states.has(key)) this.states.set(key, `GS${this.states.size}`);
    return this.states.get(key)!;
  }
  resources(): string {
    if (this.states.size === 0) return "";
    const entries = [...this.states].map(([key, name]) => {
      const [fill, stroke] = key.split(" ");
      return `/${name} << /Type /ExtGState /ca ${fill} /CA ${stroke} >>`;
    });
    return `/ExtGState << ${entries.join(" ")} >>`;
  }
}

const CAPS: Readonly<Record<string, number>> = { butt: 0, round: 1, square: 2 };
const JOINS: Readonly<Record<string, number>> = { miter: 0, "miter-clip": 0, round: 1, bevel: 2 };

function pathContent(a: Record<string, string>, opacities: Opacities): string {
  if (a["visibility"] === "hidden" || a["d"] === undefined) return "";
  const fill = a["fill"] ?? "#000000";
  const stroke = a["stroke"] ?? "none";
  if (fill === "none" && stroke === "none") return "";
  const ops: string[] = ["q"];
  const fillOpacity = Number(a["fill-opacity"] ?? 1) * Number(a["opacity"] ?? 1);
  const strokeOpacity = Number(a["stroke-opacity"] ?? 1) * Number(a["opacity"] ?? 1);
  if (fillOpacity < 1 || strokeOpacity < 1) ops.push(`/${opacities.name(fillOpacity, strokeOpacity)} gs`);
  if (fill !== "none") ops.push(`${rgb(fill)} rg`);
  if (stroke !== "none") {
    ops.push(`${rgb(stroke)} RG`, `${number(Number(a["stroke-width"] ?? 1))} w`);
    ops.push(`${CAPS[a["stroke-linecap"] ?? "butt"] ?? 0} J`, `${JOINS[a["stroke-linejoin"] ?? "miter"] ?? 0} j`, `${number(Number(a["stroke-miterlimit"] ?? 4))} M`);
    const dashes = a["stroke-dasharray"];
    if (dashes !== undefined && dashes !== "none") ops.push(`[${dashes.split(/[\s,]+/).map((v) => number(Number(v))).join(" ")}] ${number(Number(a["stroke-dashoffset"] ?? 0))} d`);
  }
  ops.push(pathOperators(a["d"]));
  const evenOdd = a["fill-rule"] === "evenodd";
  ops.push(fill === "none" ? "S" : stroke === "none" ? (evenOdd ? "f*" : "f") : evenOdd ? "B*" : "B", "Q");
  return ops.join("\n");
}

/** Path operators with their points mapped through "matrix(a b c d e f)" (a clip path's own path transform). */
function transformedOutline(outline: string, transform: string): string {
  const [a, b, c, d, e, f] = (/^matrix\(([^)]*)\)$/.exec(transform.trim())?.[1] ?? "").trim().split(/[\s,]+/).map(Number) as [number, number, number, number, number, number];
  if (![a, b, c, d, e, f].every(Number.isFinite)) throw unsupported(`the transform ${transform}`);
  return outline
    .split("\n")
    .map((line) => {
      const parts = line.split(" ");
      const operator = parts.pop()!;
      const values = parts.map(Number);
      const mapped: number[] = [];
      for (let i = 0; i + 1 < values.length; i += 2) mapped.push(a * values[i]! + c * values[i + 1]! + e, b * values[i]! + d * values[i + 1]! + f);
      return [...mapped.map(number), operator].join(" ");
    })
    .join("\n");
}

/** "matrix(a b c d e f)" as a PDF "cm" operator. */
function matrix(transform: string): string {
  const match = /^matrix\(([^)]*)\)$/.exec(transform.trim());
  if (match === null) throw unsupported(`the transform ${transform}`);
  return `${match[1]!.trim().split(/[\s,]+/).map((v) => number(Number(v))).join(" ")} cm`;
}

interface Drawing {
  readonly width: number;
  readonly height: number;
  readonly content: string;
  readonly resources: string;
}

/** A clip path of the definitions as path operators (its paths' outlines, in its own coordinates). */
interface ClipPath {
  readonly transform?: string;
  readonly paths: string[];
  readonly evenOdd: boolean;
}

/** The operators that set a clip path (then "n": the path is not painted). */
function clipOperators(clip: ClipPath): string {
  const body = `${clip.paths.join("\n")}\n${clip.evenOdd ? "W*" : "W"} n`;
  return clip.transform === undefined ? body : `q\n${matrix(clip.transform)}\n${body}\nQ`;
}

/** The content stream of a usvg-simplified SVG (paths in groups with matrix transforms and clip paths), in PDF points, y upwards. */
function drawing(simplified: string): Drawing {
  const opacities = new Opacities();
  const ops: string[] = [];
  const clips = new Map<string, ClipPath>();
  let size: { width: number; height: number; view: number[] } | undefined;
  let inDefs = false;
  let clip: { id: string; value: ClipPath } | undefined;
  for (const [, closing, tag, attributeText, selfClosing] of simplified.matchAll(TAG)) {
    const a = attributesOf(attributeText ?? "");
    if (inDefs && tag === "clipPath") {
      if (closing === "/") {
        if (clip !== undefined) clips.set(clip.id, clip.value);
        clip = undefined;
      } else {
        clip = { id: a["id"] ?? "", value: { ...(a["transform"] !== undefined && { transform: a["transform"] }), paths: [], evenOdd: false } };
      }
    } else if (inDefs && tag === "path" && clip !== undefined) {
      if (closing === "/" || a["d"] === undefined) continue;
      if (a["clip-path"] !== undefined) throw unsupported("a clip path inside a clip path");
      const outline = pathOperators(a["d"]);
      clip.value.paths.push(a["transform"] === undefined ? outline : transformedOutline(outline, a["transform"]));
      if (a["clip-rule"] === "evenodd") clip = { ...clip, value: { ...clip.value, evenOdd: true } };
    } else if (tag === "svg") {
      if (closing === "/") continue;
      const view = (a["viewBox"] ?? "").split(/\s+/).map(Number);
      size = { width: Number(a["width"]), height: Number(a["height"]), view };
      const scale = (size.width * POINTS_PER_CSS_PIXEL) / (view[2] ?? size.width);
      ops.push(`${number(scale)} 0 0 ${number(-scale)} 0 ${number(size.height * POINTS_PER_CSS_PIXEL)} cm`);
    } else if (tag === "defs") {
      inDefs = closing !== "/" && selfClosing !== "/";
    } else if (inDefs) {
      throw unsupported(`<${tag}> in its definitions`);
    } else if (tag === "g") {
      if (closing === "/") ops.push("Q");
      else {
        ops.push("q");
        if (a["transform"] !== undefined) ops.push(matrix(a["transform"]));
        const clipId = /^url\(#([^)]+)\)$/.exec(a["clip-path"] ?? "")?.[1];
        if (a["clip-path"] !== undefined) {
          const found = clipId === undefined ? undefined : clips.get(clipId);
          if (found === undefined) throw unsupported(`the clip path ${a["clip-path"]}`);
          ops.push(clipOperators(found));
        }
        if (a["mask"] !== undefined || a["filter"] !== undefined) throw unsupported("a mask or a filter");
        if (a["opacity"] !== undefined && Number(a["opacity"]) < 1) ops.push(`/${opacities.name(Number(a["opacity"]), Number(a["opacity"]))} gs`);
        if (selfClosing === "/") ops.push("Q");
      }
    } else if (tag === "path") {
      if (closing === "/") continue;
      const content = pathContent(a, opacities);
      if (content !== "") ops.push(a["transform"] === undefined ? content : `q\n${matrix(a["transform"])}\n${content}\nQ`);
    } else {
      throw unsupported(`<${tag}>`);
    }
  }
  if (size === undefined || !(size.width > 0 && size.height > 0)) throw unsupported("no width and height");
  return { width: size.width * POINTS_PER_CSS_PIXEL, height: size.height * POINTS_PER_CSS_PIXEL, content: ops.join("\n"), resources: opacities.resources() };
}

const encoder = new TextEncoder();

/** The PDF file: catalog, page tree, one page, its content stream, a cross-reference table. */
function pdfFile(page: Drawing): Uint8Array {
  const stream = zlibSync(encoder.encode(page.content), { level: 6 });
  const objects: (string | Uint8Array)[][] = [
    ["<< /Type /Catalog /Pages 2 0 R >>"],
    ["<< /Type /Pages /Kids [3 0 R] /Count 1 >>"],
    [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${number(page.width)} ${number(page.height)}] /Resources << ${page.resources} >> /Contents 4 0 R >>`],
    [`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, stream, "\nendstream"],
    ["<< /Producer (metakit) >>"],
  ];
  const parts: Uint8Array[] = [encoder.encode("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  const push = (part: string | Uint8Array) => {
    const bytes = typeof part === "string" ? encoder.encode(part) : part;
    parts.push(bytes);
    offset += bytes.length;
  };
  objects.forEach((body, i) => {
    offsets.push(offset);
    push(`${i + 1} 0 obj\n`);
    body.forEach(push);
    push("\nendobj\n");
  });
  const xref = offset;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`);
  push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A one-page vector PDF of the SVG at its size on paper (its width and height in mm), text
 * drawn as outlines of the given font files.
 * @throws MetakitError (UNSUPPORTED) when the SVG uses something the writer does not draw
 *   (an image, a gradient, a clip path).
 */
export function svgToPdf(svg: string, fonts: FontFiles): Uint8Array {
  const resvg = new Resvg(svg, { font: { fontFiles: [fonts.regular, fonts.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } });
  return pdfFile(drawing(resvg.toString()));
}

/**
 * Text widths measured with a real font (through @napi-rs/canvas), never guessed: vega in
 * Node otherwise assumes 0.8 x font size per character and mislays label columns.
 */
import { GlobalFonts, createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import * as vega from "vega";
import { MetakitError } from "@metakit/base";
import { messages } from "../messages.js";
import type { FontFiles } from "./fonts.js";

export interface TextStyle {
  /** Font size in pixels. */
  readonly size: number;
  readonly bold?: boolean;
}

export interface TextMeasure {
  /** Advance width of `text` in pixels. */
  width(text: string, style: TextStyle): number;
}

/** Registered under a private alias so canvas cannot pick another installed DejaVu. */
const registered = new Map<string, string>();

/** A family no font has: canvas measures it with its fallback font. */
const NO_SUCH_FAMILY = "metakit-no-such-font";

function registerFont(path: string): string {
  const known = registered.get(path);
  if (known !== undefined && GlobalFonts.has(known)) return known;
  const alias = `metakit-font-${registered.size}`;
  if (GlobalFonts.registerFromPath(path, alias) === null || !GlobalFonts.has(alias)) {
    throw new MetakitError("UNSUPPORTED", messages.fontUnusable(path), { field: "fontFiles", value: path });
  }
  registered.set(path, alias);
  return alias;
}

/**
 * Canvas silently measures with a fallback font when a family is unknown; this checks
 * that the alias really selects the registered file (its widths differ from the fallback's).
 */
function assertFontInUse(context: SKRSContext2D, alias: string, path: string): void {
  const probe = "Favours Heterogeneity 0123456789";
  context.font = `20px ${NO_SUCH_FAMILY}`;
  const fallback = context.measureText(probe).width;
  context.font = `20px ${alias}`;
  if (context.measureText(probe).width === fallback) {
    throw new MetakitError("UNSUPPORTED", messages.fontUnusable(path), { field: "fontFiles", value: path });
  }
}

/** A measure that uses exactly the given font files (regular and bold). */
export function createTextMeasure(fonts: FontFiles): TextMeasure {
  const regular = registerFont(fonts.regular);
  const bold = registerFont(fonts.bold);
  const context: SKRSContext2D = createCanvas(1, 1).getContext("2d");
  assertFontInUse(context, regular, fonts.regular);
  assertFontInUse(context, bold, fonts.bold);
  const cache = new Map<string, number>();
  return {
    width(text, style) {
      const font = `${style.size}px ${style.bold === true ? bold : regular}`;
      const key = `${font}\u0000${text}`;
      let width = cache.get(key);
      if (width === undefined) {
        context.font = font;
        width = context.measureText(text).width;
        cache.set(key, width);
      }
      return width;
    },
  };
}

interface VegaTextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
}

/**
 * Makes vega measure text with `measure` (vega's one global hook, `textMetrics.width`);
 * vega uses it for bounds and axis-label overlap. Idempotent for one measure.
 */
export function installVegaTextMetrics(measure: TextMeasure): void {
  // vega exports textMetrics at run time, but its typings do not declare it.
  const { textMetrics } = vega as unknown as { textMetrics: { width: (item: VegaTextItem, text: unknown) => number } };
  textMetrics.width = (item: VegaTextItem, text: unknown) => {
    const bold = item.fontWeight === "bold" || (typeof item.fontWeight === "number" && item.fontWeight >= 600);
    return measure.width(String(text ?? ""), { size: item.fontSize ?? 11, bold });
  };
}

/**
 * Fits text into `maxWidth`: greedy word wrap into at most `maxLines` lines, a word wider
 * than the line broken after a hyphen, else between characters, and the last line cut with an ellipsis when
 * text remains. Returns at least one line.
 */
export function fitText(text: string, maxWidth: number, style: TextStyle, measure: TextMeasure, maxLines = 2): string[] {
  const fits = (line: string) => measure.width(line, style) <= maxWidth;
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const lines: string[] = [];
  let next = 0;
  while (next < words.length && lines.length < maxLines) {
    let line = words[next]!;
    if (!fits(line)) {
      const head = longestFittingPrefix(line, fits);
      lines.push(head);
      words[next] = line.slice(head.length);
      continue;
    }
    next++;
    while (next < words.length && fits(`${line} ${words[next]!}`)) line = `${line} ${words[next++]!}`;
    lines.push(line);
  }
  if (next < words.length) {
    const last = lines.pop() ?? "";
    lines.push(ellipsize(`${last} ${words.slice(next).join(" ")}`, fits));
  }
  return lines.length === 0 ? [""] : lines;
}

/** The longest prefix that fits: up to a hyphen where one fits ("Orpington-"), else between characters. */
function longestFittingPrefix(word: string, fits: (line: string) => boolean): string {
  const hyphens = [...word.matchAll(/-/g)].map((m) => m.index + 1).filter((end) => end < word.length).reverse();
  const atHyphen = hyphens.find((end) => fits(word.slice(0, end)));
  if (atHyphen !== undefined) return word.slice(0, atHyphen);
  const chars = Array.from(word);
  let end = chars.length;
  while (end > 1 && !fits(chars.slice(0, end).join(""))) end--;
  return chars.slice(0, end).join("");
}

/** The longest prefix of `text` that fits with "…" appended (just "…" if none does). */
export function ellipsize(text: string, fits: (line: string) => boolean): string {
  if (fits(text)) return text;
  const chars = Array.from(text);
  for (let end = chars.length - 1; end > 0; end--) {
    const candidate = `${chars.slice(0, end).join("").trimEnd()}…`;
    if (fits(candidate)) return candidate;
  }
  return "…";
}

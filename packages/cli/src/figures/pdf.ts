/**
 * A figure as a one-page vector PDF the size of the figure, printed by the installed
 * Chromium through playwright-core (loaded only here), with the dates zeroed as the
 * report's PDF (report/pdf.ts) so the bytes do not depend on the time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_ARGS } from "@metakit/report/chromium";
import { zeroPdfDates } from "../report/pdf.js";

/** The width and height of an SVG's root element, in CSS pixels. */
export function svgSize(svg: string): { readonly width: number; readonly height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const size = (name: string) => Number(new RegExp(`\\b${name}="([0-9.]+)"`).exec(root)?.[1]);
  const width = size("width");
  const height = size("height");
  if (!(width > 0 && height > 0)) throw new Error("svgToPdf: the SVG has no width and height");
  return { width, height };
}

export async function svgToPdf(svg: string, browser: string): Promise<Buffer> {
  const { width, height } = svgSize(svg);
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "metakit-figure-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: browser, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent(`<!doctype html><html><head><style>@page{margin:0}html,body{margin:0;padding:0}svg{display:block}</style></head><body>${svg}</body></html>`, { waitUntil: "load" });
    const pdf = await page.pdf({ width: `${Math.ceil(width)}px`, height: `${Math.ceil(height)}px`, printBackground: true, pageRanges: "1" });
    return zeroPdfDates(Buffer.from(pdf));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * `metakit report --pdf`: prints index.html to PDF with an installed Chromium through
 * playwright-core (loaded only for --pdf), A4 with the report's print stylesheet. The
 * creation and modification dates Chromium stamps into the PDF are set to zeros of the
 * same length, so the bytes (and the cross-reference offsets) do not depend on the time;
 * links to the figure files are not printed (they would name the folder it was printed in).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_ARGS } from "@metakit/report/chromium";

/** "D:20261122001500+00'00'" -> "D:00000000000000+00'00'", same length. */
export function zeroPdfDates(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1").replace(/\/(CreationDate|ModDate) \(D:([0-9]+)/g, (_, key: string, digits: string) => `/${key} (D:${"0".repeat(digits.length)}`);
  return Buffer.from(text, "latin1");
}

/** Prints `html` to PDF with the Chromium at `browser` (found by the caller: findBrowser). */
export async function printPdf(html: string, browser: string): Promise<Buffer> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "metakit-pdf-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: browser, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
    // Links to the figure files would be printed as file:// addresses of the folder the
    // report was written in (a temporary one): dropped, so the bytes do not depend on it.
    // Links within the report (#...) stay.
    await page.$$eval('a[href]:not([href^="#"])', (links) => {
      for (const link of links) link.removeAttribute("href");
    });
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    return zeroPdfDates(Buffer.from(pdf));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

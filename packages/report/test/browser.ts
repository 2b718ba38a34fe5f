/**
 * A real browser for the tests: Debian's chromium driven by playwright-core, with a fresh
 * profile, recording every console error, page error, dialog and network request.
 */
import { TEST_BROWSER } from "@metakit/fixtures";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "../src/index.js";

export interface OpenedPage {
  readonly page: Page;
  readonly consoleErrors: string[];
  /** Every request other than the page itself. */
  readonly requests: string[];
  readonly dialogs: string[];
  close(): Promise<void>;
}

export async function openInChromium(file: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
  if (!existsSync(TEST_BROWSER)) throw new Error(`${TEST_BROWSER} not found: apt-get install -y chromium (see .ci/setup.sh)`);
  const profile = mkdtempSync(join(tmpdir(), "metakit-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: TEST_BROWSER,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const url = pathToFileURL(file).href;
  const opened: OpenedPage = {
    page,
    consoleErrors: [],
    requests: [],
    dialogs: [],
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") opened.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => opened.consoleErrors.push(String(error)));
  page.on("dialog", (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("request", (request) => {
    if (request.url() !== url) opened.requests.push(request.url());
  });
  await page.goto(url, { waitUntil: "load" });
  return opened;
}

export interface Box {
  readonly text: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Page boxes of every non-empty <text> of each forest figure, as the browser lays them out. */
export async function forestTextBoxes(page: Page): Promise<Box[][]> {
  return page.$$eval("figure.forest svg", (svgs) =>
    svgs.map((svg) =>
      [...svg.querySelectorAll("text")]
        .filter((t) => (t.textContent ?? "").trim() !== "")
        .map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent ?? "", x1: r.left, y1: r.top, x2: r.right, y2: r.bottom };
        }),
    ),
  );
}

/** Pairs of boxes that overlap by more than `slack` pixels in both directions. */
export function intersecting(boxes: readonly Box[], slack = 0.5): string[] {
  const clashes: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlapX = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
      const overlapY = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (overlapX > slack && overlapY > slack) clashes.push(`${a.text} / ${b.text}`);
    }
  }
  return clashes;
}

/**
 * What the web app's tests share: the built bundle (built here when missing, as
 * `pnpm build:web` would), a running `metakit serve` server, and Debian's chromium.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { closeTo, TEST_BROWSER, tol } from "@metakit/fixtures";
import { CHROMIUM_ARGS } from "@metakit/report/chromium";

export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
export const APP_DIR = join(WEB_DIR, "dist");
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The bundle `pnpm build:web` writes; built now if this checkout has none yet. */
export async function builtApp(): Promise<string> {
  if (!existsSync(join(APP_DIR, "index.html"))) {
    const { build } = await import("vite");
    await build({ root: WEB_DIR, configFile: join(WEB_DIR, "vite.config.ts"), logLevel: "warn" });
  }
  return APP_DIR;
}

export interface Browser {
  readonly page: Page;
  /** Console errors and warnings (a CSP violation is one), and page errors. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  if (!existsSync(TEST_BROWSER)) throw new Error(`${TEST_BROWSER} not found: apt-get install -y chromium (see .ci/setup.sh)`);
  const profile = mkdtempSync(join(tmpdir(), "metakit-web-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: TEST_BROWSER,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  return {
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical violations on the page as it is now, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
  });
}

/**
 * Where two JSON documents differ: same keys, strings, booleans and nulls everywhere, and
 * numbers equal up to float rounding (tol.exact). The browser's V8 and Node's may round
 * Math.exp and Math.log differently in the last bit, so the download is compared with the
 * CLI's output number by number rather than byte for byte.
 */
export function jsonDifferences(actual: unknown, expected: unknown, path = "$"): string[] {
  if (typeof expected === "number" && typeof actual === "number") return closeTo(actual, expected, tol.exact) ? [] : [`${path}: ${actual} vs ${expected}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length) return [`${path}: ${actual.length} items vs ${expected.length}`];
    return expected.flatMap((item, i) => jsonDifferences(actual[i], item, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === "object" && actual !== null && typeof actual === "object" && !Array.isArray(actual)) {
    const [a, e] = [actual as Record<string, unknown>, expected as Record<string, unknown>];
    if (Object.keys(a).join() !== Object.keys(e).join()) return [`${path}: keys ${Object.keys(a).join()} vs ${Object.keys(e).join()}`];
    return Object.keys(e).flatMap((key) => jsonDifferences(a[key], e[key], `${path}.${key}`));
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`];
}


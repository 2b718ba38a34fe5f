/**
 * Machine configuration: the CLI finds the font files and the browser and passes them in;
 * when one is missing, a MachineError names what, every path tried and how to install it,
 * and `metakit report` exits with code 3 before analysing or writing anything.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { errorOf } from "@metakit/fixtures";
import { MachineError } from "../src/errors.js";
import { BROWSER_PATHS, browserPaths, findBrowser, findFontFiles, fontDirectories, FONT_DIRECTORIES } from "../src/machine.js";
import { EXIT } from "../src/program.js";
import { metakit, repoRoot } from "./run-cli.js";

describe("findFontFiles(directories)", () => {
  it("finds DejaVu Sans regular and bold on this machine (.ci/setup.sh installs fonts-dejavu-core)", () => {
    const fonts = findFontFiles();
    expect(fonts.regular).toMatch(/DejaVuSans\.ttf$/);
    expect(fonts.bold).toMatch(/DejaVuSans-Bold\.ttf$/);
    expect(existsSync(fonts.regular) && existsSync(fonts.bold)).toBe(true);
  });

  it("throws MachineError naming every path tried and how to install the font when none has it", () => {
    const error = errorOf(() => findFontFiles(["/nonexistent/fonts", "/also/missing"]));
    expect(error).toBeInstanceOf(MachineError);
    const e = error as MachineError;
    expect(e.missing).toBe("fonts");
    expect(e.tried).toEqual(["/nonexistent/fonts/DejaVuSans.ttf", "/nonexistent/fonts/DejaVuSans-Bold.ttf", "/also/missing/DejaVuSans.ttf", "/also/missing/DejaVuSans-Bold.ttf"]);
    expect(e.message).toContain("/also/missing/DejaVuSans-Bold.ttf");
    expect(e.message).toContain("fonts-dejavu-core");
  });

  it("searches $METAKIT_FONT_DIR alone when set", () => {
    expect(fontDirectories({ METAKIT_FONT_DIR: "/opt/fonts" })).toEqual(["/opt/fonts"]);
    expect(fontDirectories({})).toEqual(FONT_DIRECTORIES);
  });
});

describe("findBrowser(paths)", () => {
  it("throws MachineError naming every path tried and how to install Chromium when none exists", () => {
    const error = errorOf(() => findBrowser(["/nonexistent/chromium", "/nonexistent/chrome"]));
    expect(error).toBeInstanceOf(MachineError);
    const e = error as MachineError;
    expect(e.missing).toBe("browser");
    expect(e.tried).toEqual(["/nonexistent/chromium", "/nonexistent/chrome"]);
    expect(e.message).toMatch(/^--pdf needs Chromium, not found \(tried \/nonexistent\/chromium, \/nonexistent\/chrome\): apt-get install chromium/);
  });

  it("returns the first path that exists", () => {
    expect(findBrowser(["/nonexistent/chromium", process.execPath])).toBe(process.execPath);
  });

  it("tries $METAKIT_BROWSER alone when set", () => {
    expect(browserPaths({ METAKIT_BROWSER: "/opt/chromium" })).toEqual(["/opt/chromium"]);
    expect(browserPaths({})).toEqual(BROWSER_PATHS);
  });
});

describe("metakit report on a machine that lacks fonts or a browser", () => {
  const saved = { font: process.env["METAKIT_FONT_DIR"], browser: process.env["METAKIT_BROWSER"] };
  afterEach(() => {
    for (const [key, value] of [["METAKIT_FONT_DIR", saved.font], ["METAKIT_BROWSER", saved.browser]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  const report = (out: string, ...args: string[]) => metakit("report", join(repoRoot, "analyses"), "--data", join(repoRoot, "data"), "--out", out, ...args);

  it("without the fonts: exit 3, the paths tried, and no file written", async () => {
    process.env["METAKIT_FONT_DIR"] = "/nonexistent/fonts";
    const out = join(mkdtempSync(join(tmpdir(), "metakit-machine-")), "report");
    const { code, stderr } = await report(out);
    expect(code).toBe(EXIT.machine);
    expect(stderr).toContain("error: figures need the DejaVu Sans font, not found (tried /nonexistent/fonts/DejaVuSans.ttf");
    expect(existsSync(out)).toBe(false);
  });

  it("--pdf without a browser: exit 3, the path tried, and no file written", async () => {
    process.env["METAKIT_BROWSER"] = "/nonexistent/chromium";
    const out = join(mkdtempSync(join(tmpdir(), "metakit-machine-")), "report");
    const { code, stderr } = await report(out, "--pdf");
    expect(code).toBe(EXIT.machine);
    expect(stderr).toContain("error: --pdf needs Chromium, not found (tried /nonexistent/chromium)");
    expect(existsSync(out)).toBe(false);
  });
});

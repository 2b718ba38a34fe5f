/**
 * The installed `metakit` (bin) is the esbuild bundle of the built CLI (scripts/bundle.mjs,
 * run by pnpm build): it must print what the program prints in-process. Built here from
 * dist/ (tsc -b runs before the tests in pnpm check) into a folder of its own.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metakit, repoRoot } from "./run-cli.js";

const cli = `${repoRoot}packages/cli/`;
const outdir = `${cli}dist/bundle-test-${process.pid}`;
const BCG = `${repoRoot}data/sample/bcg.csv`;

const runBundle = (...args: string[]) => spawnSync(process.execPath, [`${outdir}/metakit.js`, ...args], { encoding: "utf8" });

describe("the bundled command", () => {
  beforeAll(() => {
    const built = spawnSync(process.execPath, [`${cli}scripts/bundle.mjs`, outdir], { encoding: "utf8" });
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("splits the commands into chunks loaded when they run", () => {
    expect(existsSync(`${outdir}/metakit.js`)).toBe(true);
  });

  it("--help loads only the program: its static imports carry no command, distribution (@stdlib) or figure code", () => {
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const text = readFileSync(`${outdir}/${file}`, "utf8");
      for (const m of text.matchAll(/^(?:import|export)[^;]*?from "\.\/([^"]+)"/gms)) visit(m[1]!);
      for (const m of text.matchAll(/^import "\.\/([^"]+)"/gm)) visit(m[1]!);
    };
    visit("metakit.js");
    const text = [...loaded].map((file) => readFileSync(`${outdir}/${file}`, "utf8")).join("\n");
    expect(text).not.toContain("@stdlib");
    expect(text).not.toContain("resvg");
    expect(text.length).toBeLessThan(200_000);
  });

  it.each([
    [["--help"]],
    [["--version"]],
    [["pool", BCG, "--measure", "RR", "--format", "json"]],
    [["bias", BCG, "--measure", "RR", "--trimfill"]],
    [["measures"]],
  ])("prints what the program prints in-process: metakit %j", async (args) => {
    const inProcess = await metakit(...args);
    const bundled = runBundle(...args);
    expect(bundled.stderr).toBe(inProcess.stderr);
    expect(bundled.stdout).toBe(inProcess.stdout);
    expect(bundled.status).toBe(inProcess.code);
  }, 60_000);
});

/**
 * The installed `metakit` (bin) is the esbuild bundle of the built CLI (scripts/bundle.mjs,
 * run by pnpm build): it must print what the program prints in-process. Built here from
 * dist/ (tsc -b runs before the tests in pnpm check) into a folder of its own.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
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

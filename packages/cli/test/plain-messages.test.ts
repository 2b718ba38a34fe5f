/**
 * Messages a person reads name no internal function: the numeric packages begin their
 * errors with the function that raised them ("trimAndFill: ..."), and every place that
 * shows such an error (the command line, the analysis's problems and notes) puts it in
 * plain words with plainMessage. This test finds every function name the packages' sources
 * put at the start of a message and requires a plain name for it, so a new one cannot slip
 * through; and runs the commands that showed the issue's example.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAIN_NAMES, plainMessage } from "@metakit/base";
import { metakit, repoRoot, tempFile } from "./run-cli.js";

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

/** Function names at the start of error messages: literal prefixes, and the names passed to the helpers that prefix them. */
function functionNamesInMessages(): Set<string> {
  const names = new Set<string>();
  const literal = /MetakitError\(\s*"[A-Z_]+",\s*[`"]([a-z][A-Za-z0-9]*): /g;
  const passed = /\b(?:validateStudies|modelSpec|moderatorDesign|metaAnalysisFor|normaliseTableOptions|checkTables|clusterLayout|normalizeControl|lengthError)\([^;]*?"([a-z][A-Za-z0-9]*)"\)/g;
  for (const pkg of ["base", "core", "effect-size", "grade", "review", "schema"]) {
    for (const file of sources(`${repoRoot}packages/${pkg}/src`)) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(literal)) names.add(m[1]!);
      for (const m of text.matchAll(passed)) names.add(m[1]!);
    }
  }
  return names;
}

describe("plain words instead of internal function names", () => {
  it("every function name that starts a message has a plain name", () => {
    const names = functionNamesInMessages();
    expect(names.size).toBeGreaterThan(20);
    expect([...names].filter((name) => PLAIN_NAMES[name] === undefined)).toEqual([]);
  });

  it("plainMessage replaces only a known leading name", () => {
    expect(plainMessage("trimAndFill: needs at least 2 studies")).toBe("trim and fill: needs at least 2 studies");
    expect(plainMessage("yi: not a number")).toBe("yi: not a number");
    expect(plainMessage("constructor: x")).toBe("constructor: x");
  });

  it("metakit bias --trimfill on one study says 'trim and fill', not trimAndFill", async () => {
    const file = tempFile("one.csv", "study,yi,vi\na,0.1,0.01\n");
    const r = await metakit("bias", file, "-m", "GEN", "--trimfill");
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/[a-z][A-Z]\w*:/);
    expect(r.stderr).toMatch(/trim and fill: needs at least 2 studies/);
  });
});

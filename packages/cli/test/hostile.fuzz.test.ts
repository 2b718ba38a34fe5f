/**
 * Issue 11's contract, tried with generated hostile input (fast-check, fixed seeds): for
 * every command, whatever the CSV, YAML or option values,
 * - the exit status is 0, 1 (data) or 2 (usage), never 3 (an internal error);
 * - a command that fails writes nothing on stdout;
 * - every stderr line is `WHERE: message` (no stack trace, no `    at ...` line);
 * - stdout holds no NaN or Infinity and no control character a terminal acts on.
 * The CLI runs in-process (run(args, io)); files go to one temporary folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { nullPaths } from "../src/guard.js";
import { metakit, type CliRun } from "./run-cli.js";

const folder = mkdtempSync(join(tmpdir(), "metakit-fuzz-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileCount = 0;
function write(name: string, text: string | Uint8Array): string {
  const path = join(folder, `${fileCount++}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** Control characters a terminal acts on (tab and line feed are text). */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const NON_FINITE = /(?<![A-Za-z])(NaN|-?Infinity)(?![A-Za-z])/;

/** Asserts the contract on one run; the message names the arguments so a failure can be replayed. */
function holdsContract(run: CliRun, args: readonly string[]): void {
  const what = `metakit ${args.join(" ")}\nstdout: ${run.stdout.slice(0, 400)}\nstderr: ${run.stderr.slice(0, 400)}`;
  expect([0, 1, 2], what).toContain(run.code);
  if (run.code !== 0) {
    expect(run.stdout, what).toBe("");
    expect(run.stderr.length, what).toBeGreaterThan(0);
  }
  for (const line of run.stderr.split("\n").filter((l) => l !== "")) {
    expect(line, what).toMatch(/^[^\n]+: /);
    expect(line, what).not.toMatch(/^\s+at /);
  }
  expect(run.stdout, what).not.toMatch(NON_FINITE);
  expect(run.stdout + run.stderr, what).not.toMatch(TERMINAL_CONTROL);
}

// --- hostile pieces -------------------------------------------------------------------

const hostileText = fc.constantFrom(
  "=HYPERLINK(\"http://x\",\"y\")",
  "@SUM(1)",
  "+1",
  "-1+2",
  "\tx",
  "__proto__",
  "constructor",
  "toString",
  "a\u001b[31mred",
  "line\nbreak",
  "cr\rreturn",
  "nul\u0000byte",
  "rtl\u202eoverride",
  "x".repeat(300),
  "Ünïcödé",
  "\"quoted\"",
  "semi;colon",
  "",
  " ",
);
const numberText = fc.oneof(
  fc.constantFrom("0", "1", "-1", "0.5", "1e308", "-1e308", "1e-320", "5e-324", "0x10", "0b11", "1,5", "1.5.2", "NaN", "Infinity", "-Infinity", "NA", "", ".", "1e", "++1", " 2 ", "1_000"),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -5, max: 200 }).map(String),
);
const cellText = fc.oneof({ weight: 3, arbitrary: numberText }, { weight: 1, arbitrary: hostileText });

const COLUMN_NAMES = ["study", "yi", "vi", "sei", "ai", "bi", "ci", "di", "n1i", "n2i", "m1i", "m2i", "sd1i", "sd2i", "ni", "xi", "ablat", "year", "Ai", "Yi", "__proto__", "__proto__.x", "constructor", "", "yi"] as const;

/** Quotes a CSV cell when it needs it (or, now and then, leaves a quote open). */
function csvCell(text: string, unterminated: boolean): string {
  if (unterminated) return `"${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const hostileCsv = fc
  .record({
    header: fc.array(fc.constantFrom(...COLUMN_NAMES), { minLength: 1, maxLength: 6 }),
    rows: fc.array(fc.array(cellText, { minLength: 0, maxLength: 7 }), { minLength: 0, maxLength: 6 }),
    blankLines: fc.array(fc.nat(6), { maxLength: 2 }),
    unterminated: fc.option(fc.nat(6), { nil: undefined }),
    separator: fc.constantFrom(",", ";"),
    lineEnd: fc.constantFrom("\n", "\r\n"),
    bom: fc.boolean(),
  })
  .map(({ header, rows, blankLines, unterminated, separator, lineEnd, bom }) => {
    const lines = [header.join(separator), ...rows.map((row, r) => row.map((cell, c) => csvCell(cell, unterminated === r && c === 0)).join(separator))];
    for (const at of blankLines) lines.splice(Math.min(at + 1, lines.length), 0, "");
    return `${bom ? "\uFEFF" : ""}${lines.join(lineEnd)}${lineEnd}`;
  });

/** A well-formed study CSV with hostile labels and numbers: reaches the computations. */
const studyCsv = fc
  .array(fc.record({ label: fc.oneof(hostileText, fc.constantFrom("A", "B", "C")), yi: numberText, vi: numberText }), { minLength: 0, maxLength: 6 })
  .map((rows) => `study,yi,vi\n${rows.map((r) => [csvCell(r.label, false), csvCell(r.yi, false), csvCell(r.vi, false)].join(",")).join("\n")}\n`);

const optionValue = fc.oneof(numberText, hostileText, fc.constantFrom("95", "0.95", "150", "-1", "0", "1e9", "1e13", "0x5F", "95%"));

const STUDY_COMMANDS: readonly (readonly string[])[] = [
  ["escalc", "-m", "GEN"],
  ["escalc", "-m", "OR"],
  ["escalc", "-m", "SMD", "--format", "json"],
  ["pool", "-m", "GEN"],
  ["pool", "-m", "GEN", "--format", "json"],
  ["pool", "-m", "OR", "--method", "MH"],
  ["regress", "-m", "GEN", "--mods", "ablat"],
  ["sensitivity", "-m", "GEN", "--leave-one-out"],
  ["sensitivity", "-m", "GEN", "--influence", "--format", "json"],
  ["bias", "-m", "GEN", "--egger"],
  ["bias", "-m", "GEN", "--fsn"],
  ["conv-wald"],
  ["conv-delta"],
  ["conv-fivenum"],
  ["conv-2x2"],
];

const OPTIONS_WITH_VALUES: readonly (readonly [readonly string[], string])[] = [
  [["pool", "-m", "GEN"], "--level"],
  [["pool", "-m", "GEN", "--method", "BAYES"], "--tau-prior"],
  [["escalc", "-m", "OR"], "--add"],
  [["pool", "-m", "GEN"], "--method"],
  [["regress", "-m", "GEN", "--mods", "ablat"], "--predict"],
  [["sensitivity", "-m", "GEN", "--gosh"], "--max-subsets"],
  [["regress", "-m", "GEN", "--mods", "ablat"], "--permutations"],
  [["bias", "-m", "GEN", "--fsn", "--type", "Orwin"], "--target"],
];

const SEED = 20261207;
const RUNS = 40;

describe("the contract holds for hostile input (fast-check, fixed seed)", () => {
  it("every study command on generated CSV files", async () => {
    await fc.assert(
      fc.asyncProperty(hostileCsv, fc.constantFrom(...STUDY_COMMANDS), async (csv, command) => {
        const file = write("studies.csv", csv);
        const args = [command[0]!, file, ...command.slice(1)];
        holdsContract(await metakit(...args), args);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it("pool, escalc and sensitivity on well-formed CSVs with hostile labels and extreme numbers", async () => {
    await fc.assert(
      fc.asyncProperty(studyCsv, fc.constantFrom(...STUDY_COMMANDS.slice(0, 9)), async (csv, command) => {
        const file = write("studies.csv", csv);
        const args = [command[0]!, file, ...command.slice(1)];
        holdsContract(await metakit(...args), args);
      }),
      { seed: SEED + 1, numRuns: RUNS * 2 },
    );
  });

  it("pool's JSON has no null without its reason beside it (notApplicable)", async () => {
    const data = fc
      .array(fc.record({ yi: fc.double({ min: -3, max: 3, noNaN: true }), vi: fc.double({ min: 1e-4, max: 2, noNaN: true }) }), { minLength: 1, maxLength: 5 })
      .map((rows) => `study,yi,vi\n${rows.map((r, i) => `s${i},${r.yi},${r.vi}`).join("\n")}\n`);
    const methods = fc.constantFrom(["--method", "FE"], ["--method", "REML"], ["--method", "DL", "--test", "knha"], ["--method", "BAYES", "--tau-prior", "halfcauchy:0.5"], ["--method", "BAYES", "--tau-prior", "halfnormal:0.5", "--mu-prior", "normal:0,4"]);
    await fc.assert(
      fc.asyncProperty(data, methods, async (csv, method) => {
        const file = write("studies.csv", csv);
        const args = ["pool", file, "-m", "GEN", ...method, "--format", "json"];
        const run = await metakit(...args);
        holdsContract(run, args);
        if (run.code !== 0) return;
        const json = JSON.parse(run.stdout) as { notApplicable?: Record<string, string> };
        const nulls = nullPaths({ ...json, notApplicable: undefined });
        for (const path of nulls) {
          expect(json.notApplicable?.[path], `${path} in ${args.join(" ")}`).toMatch(/\w/);
          expect(json.notApplicable?.[path]).not.toMatch(/no reason recorded/);
        }
      }),
      { seed: SEED + 5, numRuns: RUNS },
    );
  });

  it("options with hostile values", async () => {
    const file = write("studies.csv", "study,yi,vi,ablat\nA,0.1,0.01,10\nB,0.3,0.02,20\nC,-0.2,0.03,30\nD,0.4,0.05,40\n");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPTIONS_WITH_VALUES), optionValue, async ([command, option], value) => {
        const args = [command[0]!, file, ...command.slice(1), option, value];
        holdsContract(await metakit(...args), args);
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it("validate, analyze and reconcile on generated YAML", async () => {
    const scalar = fc.oneof(numberText, hostileText, fc.constantFrom("0x5F", "0o17", ".inf", ".nan", "*a", "&a x", "[", "{", "~", "null", "true"));
    const yaml = fc
      .record({
        kind: fc.constantFrom("analysis", "extraction", "x", "__proto__"),
        key: fc.constantFrom("level", "id", "title", "__proto__", "constructor", "studies", "measure"),
        value: scalar,
        bomb: fc.boolean(),
      })
      .map(({ kind, key, value, bomb }) => {
        const aliases = bomb ? "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n" : "";
        return `kind: ${kind}\nid: fuzz\n${key}: ${value}\n${aliases}`;
      });
    await fc.assert(
      fc.asyncProperty(yaml, fc.constantFrom("validate", "analyze", "reconcile"), async (text, command) => {
        const file = write("spec.yaml", text);
        const args = command === "analyze" ? [command, file, "--data", file] : command === "reconcile" ? [command, file, file] : [command, file];
        holdsContract(await metakit(...args), args);
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });

  it("files in other encodings and bytes that are not text", async () => {
    const bytes = fc.oneof(
      fc.constant(Buffer.from("\ufeffstudy,yi,vi\nA,0.1,0.01\n", "utf16le")),
      fc.constant(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("study,yi,vi\nA,0.1,0.01\n", "utf16le")])),
      fc.constant(Buffer.from("study,yi,vi\nMüller,0.1,0.01\n", "latin1")),
      fc.uint8Array({ minLength: 0, maxLength: 64 }),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom(["escalc", "-m", "GEN"], ["pool", "-m", "GEN"], ["validate"]), async (content, command) => {
        const file = write(command[0] === "validate" ? "x-studies.csv" : "studies.csv", content);
        const args = [command[0]!, file, ...command.slice(1)];
        holdsContract(await metakit(...args), args);
      }),
      { seed: SEED + 4, numRuns: RUNS },
    );
  });
});

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerValidate } from "../src/commands/validate.js";
import { fixture, repoRoot, runCommand } from "./schema-command.js";

const validate = (...args: string[]) => runCommand(registerValidate, ["validate", ...args]);

/** The error lines of a failed validation (on stderr): everything before the warnings and the summary. */
function errorLines(stderr: string): string[] {
  const lines = stderr.split("\n");
  const end = lines.findIndex((line) => line === "" || line.includes(": warning: ") || line.startsWith("validate:"));
  return lines.slice(0, end);
}

const base = fixture("valid/base.yaml");
const broken = (name: string) => fixture(`broken/${name}`);

/**
 * The corpus of broken files: one per check, each with the exact messages it must give.
 * Analysis-spec checks run against valid/base.yaml, which holds the studies they name.
 */
const corpus: readonly { readonly file: string; readonly context?: string | readonly string[]; readonly expected: readonly string[] }[] = [
  { file: "decimal-comma-arms.csv", expected: [`${broken("decimal-comma-arms.csv")}:2:randomised: comma in the number "1,5": metakit reads neither decimal commas nor thousands separators; write it with a point and no separators`] },
  { file: "split-number-arms.csv", expected: [`${broken("split-number-arms.csv")}:2: row has 10 fields but the header has 9: a decimal comma splits a number in a comma-delimited file; write numbers with a point`] },
  { file: "short-row-claims.csv", expected: [`${broken("short-row-claims.csv")}:2: row has 3 fields but the header has 4`] },
  { file: "no-kind.csv", expected: [`${broken("no-kind.csv")}: cannot tell the record kind of "${broken("no-kind.csv")}": a CSV file name must end in studies, arms, results, assumptions, rob2, robins-i or claims (e.g. trials-arms.csv)`] },
  { file: "notes.txt", expected: [`${broken("notes.txt")}: unknown file type "${broken("notes.txt")}": expected .csv, .yaml, .yml or .json`] },
  { file: "yaml-syntax.yaml", expected: [`${broken("yaml-syntax.yaml")}:4:1: unreadable YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`] },
  { file: "json-syntax.json", expected: [`${broken("json-syntax.json")}: unreadable JSON: Unexpected end of JSON input`] },
  { file: "unknown-field.yaml", expected: [`${broken("unknown-field.yaml")}:2:70: studies[0].desing: unknown field "desing"`] },
  { file: "bad-enum.yaml", expected: [`${broken("bad-enum.yaml")}:2:70: studies[0].design: expected one of "parallel-rct", "crossover-rct", "crossover", "cluster-rct", "non-randomised-controlled", "cohort", "single-arm-trial", "case-series", "case-report", "n-of-1", "review"`] },
  { file: "missing-field.yaml", expected: [`${broken("missing-field.yaml")}:2:5: studies[0].population: missing required field`] },
  { file: "unknown-form.yaml", expected: [`${broken("unknown-form.yaml")}:2:83: results[0].form: unknown form; expected one of "dichotomous", "continuous", "median", "contrast", "paired", "proportion", "narrative"`] },
  { file: "dose-range-without-class-by.yaml", expected: [`${broken("dose-range-without-class-by.yaml")}:2:76: arms[0].dose.classBy: a dose range (min/max) needs "classBy": min or max, the end it is classed by`] },
  { file: "value-and-missing.yaml", expected: [`${broken("value-and-missing.yaml")}:2:107: arms[0].randomised: give either "value" or "missing" (the reason it is missing), not both`] },
  { file: "unknown-study.yaml", expected: [`${broken("unknown-study.yaml")}:2:13: arms[0].study: unknown study "nosuch"`] },
  { file: "unknown-arm.yaml", expected: [`${broken("unknown-arm.yaml")}:6:101: results[0].arm: unknown arm "x" of study "s1"`] },
  { file: "unknown-result.yaml", expected: [`${broken("unknown-result.yaml")}:6:13: rob2[0].result: unknown result "nosuch"`] },
  { file: "unknown-assumption.yaml", expected: [`${broken("unknown-assumption.yaml")}:4:148: results[0].armOrderAssumption: unknown assumption "nosuch"`] },
  { file: "analysed-above-randomised.yaml", expected: [`${broken("analysed-above-randomised.yaml")}:4:121: arms[0].analysed: analysed (12) is greater than randomised (10)`] },
  { file: "events-above-total.yaml", expected: [`${broken("events-above-total.yaml")}:6:127: results[0].events: events (7) is greater than total (5)`] },
  { file: "negative-sd.yaml", expected: [`${broken("negative-sd.yaml")}:13:32: results[0].arms[0].sd: sd is negative (-2.5)`] },
  { file: "implausible-dose.yaml", context: [base, fixture("valid/analysis.yaml")], expected: [`${broken("implausible-dose.yaml")}:4:84: arms[0].dose.value: implausible daily dose 5000 mg: outside (0, 1000] mg/day (the specs' doseClasses.implausibleAbove)`] },
  { file: "duplicate-id.yaml", expected: [`${broken("duplicate-id.yaml")}:3:10: studies[1].id: duplicate study id "s1" (first defined at ${broken("duplicate-id.yaml")}:studies[0])`] },
  { file: "number-without-provenance.yaml", expected: [`${broken("number-without-provenance.yaml")}:2:120: studies[0].randomised: number without provenance: no location, status (give them on the number or in the record's "provenance")`] },
  { file: "computed-without-formula.yaml", expected: [`${broken("computed-without-formula.yaml")}:2:120: studies[0].randomised: a computed number needs "formula", the calculation that produced it`] },
  { file: "narrative-without-reason.yaml", expected: [`${broken("narrative-without-reason.yaml")}:4:5: results[0].reason: narrative-only result without "reason": say why no number can be used`] },
  { file: "crossover-as-parallel.yaml", expected: [`${broken("crossover-as-parallel.yaml")}:10:11: results[0].form: study "s1" is a within-person (crossover) design: enter its comparison as a paired result, not as a continuous result of parallel groups`] },
  { file: "unresolved-conflict.yaml", expected: [`${broken("unresolved-conflict.yaml")}:4:5: conflicts[0]: unresolved reconciliation conflict on study s1, field population: A "adults", B "children"`] },
  { file: "selects-nothing.yaml", context: base, expected: [`${broken("selects-nothing.yaml")}:16:79: syntheses[0].results: synthesis "dep-smd" selects no results`] },
  { file: "single-arm-in-comparative.yaml", context: base, expected: [`${broken("single-arm-in-comparative.yaml")}:15:88: syntheses[0].results[1]: result "r-prop" is a single-arm proportion and cannot enter the comparative synthesis "dep-smd"`] },
];

describe("metakit validate on the broken-file corpus", () => {
  it("has an expectation for every file in fixtures/broken", () => {
    const files = readdirSync(new URL("./fixtures/broken", import.meta.url)).sort();
    expect(corpus.map((entry) => entry.file).sort()).toEqual(files);
  });

  for (const entry of corpus) {
    it(`validate(${entry.file}) fails with its exact message and location`, async () => {
      const paths = [...(entry.context === undefined ? [] : [entry.context].flat()), broken(entry.file)];
      const run = await validate(...paths);
      expect(run.code).toBe(1);
      expect(errorLines(run.stderr)).toEqual(entry.expected);
      expect(run.stderr).toMatch(new RegExp(`\nerror: validation failed with ${entry.expected.length} errors?\n$`));
      expect(run.stdout).toBe("");
    });
  }

  it("validate(valid fixtures) passes", async () => {
    const run = await validate(base, fixture("valid/analysis.yaml"));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("validate: 2 files, 0 errors, 0 warnings\n");
  });

  it("validate(missing path) reports it", async () => {
    const run = await validate("no/such/folder");
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual(["no/such/folder: no such file or folder"]);
  });
});

describe("metakit validate on the review's data", () => {
  it("validate(data/, analyses/) passes with no errors", async () => {
    const run = await validate(join(repoRoot, "data"), join(repoRoot, "analyses"));
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/validate: \d+ files, 0 errors, \d+ warnings\n$/);
  });

  it("validate() with no paths checks data/ and analyses/ of the working directory", async () => {
    const cwd = process.cwd();
    process.chdir(repoRoot);
    try {
      const run = await validate();
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("0 errors");
      expect(run.stdout).not.toContain("0 files");
    } finally {
      process.chdir(cwd);
    }
  });

  it("lists warnings apart, after the errors, and they do not fail", async () => {
    const run = await validate(join(repoRoot, "data"));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("warnings (do not fail):\n");
    // pdn2021's dose is daily (abstract: "2 mg naltrexone ... daily", issue 15); younger2009's basis is still not stated.
    expect(run.stdout).toContain('pain.yaml:309:11: arms[8].dose: dose of arm "ldn" of study "younger2009" cannot be classed: no daily amount in mg');
  });
});

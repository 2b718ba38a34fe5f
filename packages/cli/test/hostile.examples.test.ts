/**
 * Issue 11, example by example: each input the hostile trial named, with the behaviour the
 * contract asks for (one line per problem on stderr naming FILE:ROW:COLUMN, exit 1 for
 * data and 2 for usage, nothing on stdout on failure, nothing lost).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/program.js";
import { metakit, repoRoot, tempFile, type CliRun } from "./run-cli.js";

const STACK_LINE = /^\s+at /m;

/** A failed run by the contract: the exit code, nothing on stdout, each stderr line `WHERE: message`. */
function failed(run: CliRun, code: 1 | 2): string[] {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code, stdout: "" });
  expect(run.stderr).not.toMatch(STACK_LINE);
  const lines = run.stderr.trimEnd().split("\n");
  for (const line of lines) expect(line).toMatch(/^[^\n]+: /);
  return lines;
}

function folder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `metakit-${prefix}-`));
}

const BCG = join(repoRoot, "data/sample/bcg");
const RECONCILE_A = join(repoRoot, "packages/cli/test/fixtures/reconcile/reviewer-a.yaml");
const RECONCILE_B = join(repoRoot, "packages/cli/test/fixtures/reconcile/reviewer-b.yaml");

describe("1. untrusted keys never reach a prototype", () => {
  it("an extraction CSV header __proto__.missing is refused and changes no other file's study", async () => {
    const dir = folder("proto");
    writeFileSync(join(dir, "a-studies.csv"), "id,__proto__.missing,indication,design,population,citation.year\ns1,injected reason,x,parallel-rct,adults,2020\n");
    const run = await metakit("validate", join(dir, "a-studies.csv"));
    const lines = failed(run, 1);
    expect(lines[0]).toBe(`${join(dir, "a-studies.csv")}:1:__proto__.missing: "__proto__" names no field (it is a name every JavaScript object has); rename or remove the column`);
    expect(({} as Record<string, unknown>)["missing"]).toBeUndefined();
  });

  it("a bare __proto__ or __proto__.x header is an error line, not a stack trace", async () => {
    for (const header of ["__proto__", "__proto__.x", "constructor"]) {
      const file = tempFile("b-studies.csv", `id,${header}\ns1,1\n`);
      const lines = failed(await metakit("validate", file), 1);
      expect(lines[0]).toMatch(new RegExp(`^${file}:1:${header.replace(/\./g, "\\.")}: "(__proto__|constructor)" names no field`));
    }
  });

  it("a study CSV column named __proto__ passes through as its own text", async () => {
    const file = tempFile("studies.csv", "study,__proto__,yi,vi\na,hello,0.1,0.01\n");
    const run = await metakit("escalc", file, "-m", "GEN", "--format", "json");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("[object Object]");
    expect(JSON.parse(run.stdout).studies[0]["__proto__"]).toBe("hello");
    const csv = await metakit("escalc", file, "-m", "GEN");
    expect(csv.stdout.split("\n")[1]).toMatch(/^a,hello,0\.1,0\.01,/);
  });

  it("an id that names an Object.prototype member is refused", async () => {
    const file = tempFile("c-studies.csv", "id,indication,design,population,citation.year\nconstructor,x,parallel-rct,adults,2020\n");
    const lines = failed(await metakit("validate", file), 1);
    expect(lines.some((line) => line.includes("may not be a name JavaScript objects reserve"))).toBe(true);
  });
});

describe("2. formula injection in escalc's CSV", () => {
  it("labels that a spreadsheet would run are neutralised; numbers stay numbers", async () => {
    const file = tempFile("studies.csv", 'study,yi,vi\n"=HYPERLINK(""http://x"")",-0.5,0.01\n@SUM(1),0.2,0.02\n+1,0.3,0.03\n');
    const run = await metakit("escalc", file, "-m", "GEN");
    expect(run.code).toBe(0);
    const rows = run.stdout.split("\n");
    expect(rows[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)",-0\.5,0\.01,/);
    expect(rows[2]).toMatch(/^'@SUM\(1\),0\.2,/);
    expect(rows[3]).toMatch(/^'\+1,0\.3,/);
  });
});

describe("3. non-finite numbers never reach the output, whatever the format", () => {
  it("yi = 1e308 in every row fails pool alike in text and JSON", async () => {
    const file = tempFile("studies.csv", "study,yi,vi\na,1e308,0.01\nb,1e308,0.02\nc,1e308,0.03\n");
    const text = failed(await metakit("pool", file, "-m", "GEN"), 1);
    const json = failed(await metakit("pool", file, "-m", "GEN", "--format", "json"), 1);
    expect(json).toEqual(text);
    expect(text[0]).toMatch(new RegExp(`^${file}: estimate is Infinity: `));
  });

  it("tiny variances fail pool and leave-one-out in both formats", async () => {
    const file = tempFile("studies.csv", "study,yi,vi\na,0.1,1e-300\nb,0.2,1e-300\nc,0.3,1e-300\n");
    for (const args of [["pool"], ["sensitivity", "--leave-one-out"]]) {
      const text = await metakit(args[0]!, file, "-m", "GEN", ...args.slice(1));
      const json = await metakit(args[0]!, file, "-m", "GEN", ...args.slice(1), "--format", "json");
      expect(text.code).toBe(json.code);
      expect(text.stdout + json.stdout).not.toMatch(/NaN|Infinity|null/);
    }
  });

  it("Orwin's fail-safe N with target 0 is a usage error, not Infinity", async () => {
    const file = tempFile("studies.csv", "study,yi,vi\na,0.1,0.01\nb,0.2,0.02\nc,0.3,0.03\n");
    const lines = failed(await metakit("bias", file, "-m", "GEN", "--fsn", "--type", "Orwin", "--target", "0"), 2);
    expect(lines[0]).toMatch(/--target <x>.*other than 0/);
  });
});

describe("4. numbers outside the study columns are read strictly", () => {
  const data = "study,yi,vi,ablat,year\na,0.1,0.01,\"2,5\",0x7D0\nb,0.2,0.02,3,2001\nc,0.3,0.03,4,2002\nd,0.5,0.01,3,2003\n";

  it("a decimal comma in a numeric moderator is an error at its cell, not a silent category", async () => {
    const file = tempFile("studies.csv", data);
    const lines = failed(await metakit("regress", file, "-m", "GEN", "--mods", "ablat"), 1);
    expect(lines[0]).toMatch(new RegExp(`^${file}:2:ablat: "2,5" is not a number`));
  });

  it("--order reads 0x7D0 as an error, not the year 2000", async () => {
    const file = tempFile("studies.csv", data);
    const lines = failed(await metakit("sensitivity", file, "-m", "GEN", "--cumulative", "--order", "year"), 1);
    expect(lines[0]).toBe(`${file}:2:year: year is not a number: "0x7D0"`);
  });

  it("--add 0x10, --level 0x5F and --predict ablat= are usage errors", async () => {
    const file = tempFile("studies.csv", "study,yi,vi,ablat\na,0.1,0.01,1\nb,0.2,0.02,3\nc,0.3,0.03,4\nd,0.5,0.01,3\n");
    failed(await metakit("escalc", file, "-m", "GEN", "--add", "0x10"), 2);
    failed(await metakit("pool", file, "-m", "GEN", "--level", "0x5F"), 2);
    failed(await metakit("regress", file, "-m", "GEN", "--mods", "ablat", "--predict", "ablat="), 2);
  });
});

describe("5. stack traces become one-line messages", () => {
  it("a YAML alias bomb", async () => {
    const bomb = ["a: &a [x,x,x,x,x,x,x,x,x]", "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]", "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]", "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]", ""].join("\n");
    const file = tempFile("bomb.yaml", bomb);
    const lines = failed(await metakit("validate", file), 1);
    expect(lines[0]).toMatch(new RegExp(`^${file}: unreadable YAML: its aliases expand too far`));
  });

  it("a missing or folder spec for analyze, a missing file for reconcile", async () => {
    const dir = folder("paths");
    expect(failed(await metakit("analyze", join(dir, "nosuch.yaml")), 1)[0]).toBe(`${join(dir, "nosuch.yaml")}: cannot read file (ENOENT): no such file or folder`);
    expect(failed(await metakit("analyze", dir), 1)[0]).toBe(`${dir}: cannot read file (EISDIR): is a folder, not a file`);
    expect(failed(await metakit("reconcile", join(dir, "a.yaml"), join(dir, "b.yaml")), 1)[0]).toMatch(/a\.yaml: cannot read file \(ENOENT\)/);
  });

  it("a path under a file (ENOTDIR) is a read error naming it", async () => {
    const file = tempFile("studies.csv", "study,yi,vi\n");
    const lines = failed(await metakit("escalc", join(file, "inner.csv"), "-m", "GEN"), 1);
    expect(lines[0]).toBe(`${join(file, "inner.csv")}: cannot read file (ENOTDIR): a part of the path is a file, not a folder`);
  });

  it("a write that fails names the output the user gave, never the temporary file it writes first", { timeout: 60_000 }, async () => {
    // /proc takes no new files (ENOENT) on Linux, whoever runs the test
    const lines = failed(await metakit("forest", join(repoRoot, "data/sample/bcg.csv"), "-m", "RR", "-o", "/proc/metakit-x.svg"), 1);
    expect(lines).toEqual(["/proc/metakit-x.svg: cannot write file (ENOENT): no such file or folder"]);
  });

  it("an unwritable output (reconcile --out under a file) is one line, exit 2, refused before reading", async () => {
    const blocker = tempFile("blocker", "");
    const run = await metakit("reconcile", RECONCILE_A, RECONCILE_B, "--out", join(blocker, "merged.yaml"));
    expect(failed(run, 2)).toEqual([`error: --out ${join(blocker, "merged.yaml")}: ${blocker} is a file, not a folder`]);
  });
});

describe("6. nothing the user has is put at risk", () => {
  it("reconcile --out through a symlinked folder to an input is refused and the input is unchanged", async () => {
    const dir = folder("symlink");
    const [nameA, nameB] = ["reviewer-a.yaml", "reviewer-b.yaml"];
    mkdirSync(join(dir, "in"));
    writeFileSync(join(dir, "in", nameA!), readFileSync(RECONCILE_A));
    writeFileSync(join(dir, "in", nameB!), readFileSync(RECONCILE_B));
    symlinkSync(join(dir, "in"), join(dir, "link"));
    const before = readFileSync(join(dir, "in", nameA!), "utf8");
    const run = await metakit("reconcile", join(dir, "in", nameA!), join(dir, "in", nameB!), "--out", join(dir, "link", nameA!), "--force");
    expect(failed(run, 2)[0]).toBe("error: --out names an input file; the inputs are never modified");
    expect(readFileSync(join(dir, "in", nameA!), "utf8")).toBe(before);
  });

  it("report refuses data that does not load (a YAML alias bomb) and writes nothing, as validate refuses it", async () => {
    const data = folder("unread-data");
    writeFileSync(join(data, "trials.yaml"), readFileSync(join(BCG, "trials.yaml")));
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ..."bcdefg".split("").map((c, i) => `${c}: &${c} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`)].join("\n");
    writeFileSync(join(data, "sources.yaml"), `${bomb}\n`);
    const out = join(data, "..", `${data.split("/").pop()}-report`);
    const lines = failed(await metakit("report", join(BCG, "analysis.yaml"), "--data", data, "-o", out), 1);
    expect(lines.some((line) => line.includes("sources.yaml"))).toBe(true);
    expect(lines.at(-1)).toMatch(/problem.* in the data files; nothing was written/);
    expect(existsSync(out)).toBe(false);
  });

  it("report -o '' is refused and writes nothing", async () => {
    const dir = folder("empty-out");
    const run = await metakit("report", join(BCG, "analysis.yaml"), "--data", BCG, "-o", "");
    expect(failed(run, 2)[0]).toMatch(/--out is empty/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("report refuses an output folder that holds an input, or files that are not a report", async () => {
    const dir = folder("not-report");
    writeFileSync(join(dir, "notes.txt"), "mine");
    failed(await metakit("report", join(BCG, "analysis.yaml"), "--data", BCG, "-o", dir), 2);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
    failed(await metakit("report", join(BCG, "analysis.yaml"), "--data", BCG, "-o", BCG), 2);
  });

  it("a report that fails leaves the previous report whole (no new files beside old ones)", async () => {
    const out = folder("old-report");
    writeFileSync(join(out, "index.html"), "old report");
    const spec = tempFile("analysis.yaml", "kind: analysis\nid: broken\nlevel: 150\n");
    const run = await metakit("report", spec, "--data", BCG, "-o", out);
    expect(run.code).toBe(1);
    expect(readdirSync(out)).toEqual(["index.html"]);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("old report");
  });

  it("a refused reconcile prints nothing on stdout", async () => {
    const out = tempFile("merged.yaml", "existing");
    const run = await metakit("reconcile", RECONCILE_A, RECONCILE_B, "--out", out);
    expect(failed(run, 2)).toEqual([`error: ${out} exists; use --force to replace it`]);
    expect(readFileSync(out, "utf8")).toBe("existing");
  });
});

describe("7. success on nothing is an error", () => {
  it("analyze and report with a --data folder that does not exist", async () => {
    const missing = join(folder("nodata"), "nosuch");
    const lines = failed(await metakit("analyze", join(BCG, "analysis.yaml"), "--data", missing), 1);
    expect(lines[0]).toBe(`${missing}: no such file or folder (the data to analyse; give --data PATH)`);
    const out = join(folder("nodata-out"), "r");
    failed(await metakit("report", join(BCG, "analysis.yaml"), "--data", missing, "-o", out), 1);
    expect(existsSync(out)).toBe(false);
  });

  it("a spec with level: 150 fails validate", async () => {
    const spec = readFileSync(join(BCG, "analysis.yaml"), "utf8");
    expect(spec).toContain("level: 0.95}");
    const file = tempFile("spec.yaml", spec.replace("level: 0.95}", "level: 150}"));
    const lines = failed(await metakit("validate", file), 1);
    expect(lines[0]).toBe(`${file}:55:69: syntheses[0].model.level: spec: level must be a confidence level such as 95 or 0.95 (0 < level < 100), got 150`);
  });

  it("a spec with level: 0x5F is refused at its line and column", async () => {
    const file = tempFile("spec.yaml", "kind: analysis\nid: x\nlevel: 0x5F\n");
    const lines = failed(await metakit("validate", file), 1);
    expect(lines[0]).toBe(`${file}:3:8: "0x5F" is not a decimal number (no hex, octal, .inf or .nan); write it as digits with a point, or quote it if it is text`);
  });
});

describe("8. nothing is silently accepted", () => {
  it("duplicate CSV columns are an error, not yi_1", async () => {
    const file = tempFile("studies.csv", "study,yi,yi,vi\na,0.1,0.3,0.01\n");
    expect(failed(await metakit("escalc", file, "-m", "GEN"), 1)).toEqual([`${file}:1:yi: column "yi" appears twice; which one to read is not for metakit to guess`]);
  });

  it("Ai,Bi,Ci,Di headers get a hint about letter case", async () => {
    const file = tempFile("studies.csv", "study,Ai,Bi,Ci,Di\na,1,2,3,4\n");
    const lines = failed(await metakit("escalc", file, "-m", "OR"), 1);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`${file}:1:Ai: column "Ai" is not read: column names are lower case; rename it "ai"`);
  });

  it("duplicate ids in reconcile are an error naming both places", async () => {
    const dir = folder("dup-ids");
    const record = "  - id: s1\n    indication: x\n    design: parallel-rct\n    population: adults\n    citation: {year: 2020}\n";
    writeFileSync(join(dir, "a.yaml"), `studies:\n${record}${record}`);
    writeFileSync(join(dir, "b.yaml"), `studies:\n${record}`);
    const lines = failed(await metakit("reconcile", join(dir, "a.yaml"), join(dir, "b.yaml")), 1);
    expect(lines.some((line) => line.includes('duplicate studies id "s1"'))).toBe(true);
  });

  it("conflicting flags are usage errors", async () => {
    const table = tempFile("studies.csv", "study,ai,bi,ci,di\na,10,20,5,25\nb,12,18,6,24\n");
    expect(failed(await metakit("pool", table, "-m", "OR", "--method", "MH", "--test", "knha"), 2)[0]).toBe("error: --test knha is for the inverse-variance models, not --method MH");
    expect(failed(await metakit("pool", table, "-m", "OR", "--common-tau2"), 2)[0]).toBe("error: --common-tau2 needs --by (one tau² shared by the subgroups)");
    const effects = tempFile("studies.csv", "study,yi,vi,x\na,0.1,0.01,1\nb,0.2,0.02,2\nc,0.3,0.03,3\n");
    expect(failed(await metakit("sensitivity", effects, "-m", "GEN", "--leave-one-out", "--max-subsets", "10"), 2)[0]).toBe("error: --max-subsets goes with --gosh");
    expect(failed(await metakit("sensitivity", effects, "-m", "GEN", "--cumulative", "--decreasing"), 2)[0]).toBe("error: --decreasing goes with --order COLUMN");
    expect(failed(await metakit("regress", effects, "-m", "GEN", "--mods", "x", "--seed", "3"), 2)[0]).toBe("error: --seed goes with --permutations");
    expect(failed(await metakit("regress", effects, "-m", "GEN", "--mods", "x", "--bubble", "x"), 2)[0]).toBe("error: --bubble goes with --format json (the bubble plot's data) or --plot (the figure)");
    expect(failed(await metakit("bias", effects, "-m", "GEN", "--fsn", "--target", "0.1"), 2)[0]).toBe("error: --target goes with --fsn --type Orwin");
    expect(failed(await metakit("bias", effects, "-m", "GEN", "--egger", "--alpha", "0.1"), 2)[0]).toBe("error: --alpha goes with --fsn or --pet-peese");
  });
});

describe("9. positions are the rows a spreadsheet shows", () => {
  it("after blank lines", async () => {
    const file = tempFile("studies.csv", "study,yi,vi\na,0.1,0.01\n\n\nb,x,0.02\n");
    expect(failed(await metakit("escalc", file, "-m", "GEN"), 1)).toEqual([`${file}:5:yi: "x" is not a number`]);
  });

  it("an unterminated quote names the row it starts on", async () => {
    const file = tempFile("studies.csv", 'study,yi,vi\na,0.1,0.01\n\n"b,0.2,0.02\nc,0.3,0.03\n');
    expect(failed(await metakit("escalc", file, "-m", "GEN"), 1)[0]).toMatch(new RegExp(`^${file}:4: malformed csv: a quoted cell is never closed`));
  });

  it("every bad row is reported, one line each", async () => {
    const file = tempFile("studies.csv", "study,yi,vi\na,x,0.01\nb,0.2,y\nc,0.3,0.03\nd,1,5,0.1\n");
    expect(failed(await metakit("escalc", file, "-m", "GEN"), 1)).toEqual([
      `${file}:5: malformed csv: too many fields: expected 3 fields but parsed 4`,
      `${file}:2:yi: "x" is not a number`,
      `${file}:3:vi: "y" is not a number`,
    ]);
  });

  it("UTF-16 is reported as an encoding", async () => {
    const file = tempFile("studies.csv", "");
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("study,yi,vi\na,0.1,0.01\n", "utf16le")]));
    expect(failed(await metakit("escalc", file, "-m", "GEN"), 1)).toEqual([`${file}: the file is encoded as UTF-16 (little-endian); save it as UTF-8 (in a spreadsheet: CSV UTF-8)`]);
    const spec = join(folder("utf16"), "spec.yaml");
    writeFileSync(spec, Buffer.from("kind: analysis\n", "utf16le"));
    expect(failed(await metakit("validate", spec), 1)[0]).toMatch(/spec\.yaml: the file has NUL bytes/);
  });
});

describe("10. unbounded work and unsafe text", () => {
  const many = `study,yi,vi,x\n${Array.from({ length: 25 }, (_, i) => `s${i},0.${i},0.0${(i % 9) + 1},${i}`).join("\n")}\n`;

  it("--permutations 1e9 and --gosh --max-subsets 1e13 are refused without --allow-long", async () => {
    const file = tempFile("studies.csv", many);
    expect(failed(await metakit("regress", file, "-m", "GEN", "--mods", "x", "--permutations", "1e9"), 2)[0]).toMatch(/1000000000 permutations is more than 100000.*--allow-long/);
    expect(failed(await metakit("sensitivity", file, "-m", "GEN", "--gosh", "--max-subsets", "1e13"), 2)[0]).toMatch(/33554431 GOSH subsets is more than 1000000.*--allow-long/);
  });

  it("GOSH draws a progress bar with the time left on a terminal's stderr only", async () => {
    const file = tempFile("studies.csv", `study,yi,vi\n${Array.from({ length: 12 }, (_, i) => `s${i},0.${i},0.0${(i % 9) + 1}`).join("\n")}\n`);
    let stdout = "";
    let stderr = "";
    const code = await run(["sensitivity", file, "-m", "GEN", "--gosh"], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTerminal: true });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^GOSH \(REML\): 4095 subsets fitted/);
    expect(stderr).toMatch(/^\r\[#* *\] \d+\/4095, about \d+ (s|min|h) left\r/);
    expect(stderr.endsWith("] 4095/4095\n")).toBe(true);
    expect((await metakit("sensitivity", file, "-m", "GEN", "--gosh")).stderr).toBe("");
  });

  /** Runs metakit on a terminal whose user presses Ctrl-C as soon as the first progress bar is drawn. */
  async function interruptedRun(args: string[]) {
    let stdout = "";
    let stderr = "";
    const listeners = new Set<() => void>();
    const code = await run(args, {
      stdout: (t) => void (stdout += t),
      stderr: (t) => {
        stderr += t;
        if (t.startsWith("\r[")) for (const press of listeners) press();
      },
      stderrIsTerminal: true,
      onInterrupt: (handler) => {
        listeners.add(handler);
        return () => void listeners.delete(handler);
      },
    });
    return { code, stdout, stderr, listening: listeners.size };
  }

  it("Ctrl-C stops GOSH between two subsets: exit 130, one line, nothing on stdout, no figure written", async () => {
    const file = tempFile("studies.csv", many);
    const plot = join(folder("gosh-interrupted"), "gosh.svg");
    for (const format of ["text", "json"]) {
      const r = await interruptedRun(["sensitivity", file, "-m", "GEN", "--gosh", "--format", format, "--plot", plot]);
      expect(r.code).toBe(130);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n").filter((line) => line !== "" && !line.startsWith("\r["))).toEqual(["metakit: interrupted (Ctrl-C): stopped before the end, nothing was written"]);
      expect(existsSync(plot)).toBe(false);
      expect(r.listening).toBe(0);
    }
  });

  it("permutations draw a progress bar on a terminal and stop cleanly on Ctrl-C", async () => {
    const file = tempFile("studies.csv", many);
    let stderr = "";
    const done = await run(["regress", file, "-m", "GEN", "--mods", "x", "--permutations", "500"], { stdout: () => undefined, stderr: (t) => void (stderr += t), stderrIsTerminal: true });
    expect(done).toBe(0);
    expect(stderr.endsWith("] 500/500\n")).toBe(true);
    const r = await interruptedRun(["regress", file, "-m", "GEN", "--mods", "x", "--permutations", "5000", "--format", "json"]);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^\r\[#* *\] \d+\/5000, about \d+ (s|min|h) left\n(?:metakit: interrupted \(Ctrl-C\))/);
    expect(r.listening).toBe(0);
  });

  it("a label with a terminal escape or a line break is refused at its cell", async () => {
    const file = tempFile("studies.csv", 'study,yi,vi\n"a\u001b[31m",0.1,0.01\n"b\nc",0.2,0.02\n');
    const lines = failed(await metakit("pool", file, "-m", "GEN"), 1);
    expect(lines).toEqual([
      `${file}:2:study: the label has the control character U+001B (a line break, tab or terminal escape); a label is one line of text`,
      `${file}:3:study: the label has the control character U+000A (a line break, tab or terminal escape); a label is one line of text`,
    ]);
  });

  it("control characters in other cells reach the terminal escaped", async () => {
    const file = tempFile("studies.csv", "study,yi,vi,note2\na,0.1,0.01,x\u001b[2Jy\n");
    const run = await metakit("escalc", file, "-m", "GEN");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("x\\u001b[2Jy");
    expect(run.stdout).not.toContain("\u001b");
  });
});

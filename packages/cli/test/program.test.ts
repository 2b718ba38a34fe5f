/** The program's lazy command table: what `metakit --help` lists without loading a command module is what each command says of itself. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Help } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, commandOf, COMMANDS } from "../src/program.js";
import { metakit, repoRoot } from "./run-cli.js";

const silent = { stdout: () => {}, stderr: () => {} };

describe("the command table", () => {
  it("lists each command with the term and description the command defines", { timeout: 120_000 }, async () => {
    const program = await buildProgram(silent);
    const help = new Help();
    const defined = program.commands.map((c) => ({ name: c.name(), term: help.subcommandTerm(c), summary: c.description() }));
    expect(COMMANDS.map(({ name, term, summary }) => ({ name, term, summary }))).toEqual(defined);
  });

  it("builds only the command a run names; the others are listed by summary alone", async () => {
    const program = await buildProgram(silent, ["pool"]);
    const pool = program.commands.find((c) => c.name() === "pool")!;
    const escalc = program.commands.find((c) => c.name() === "escalc")!;
    expect(pool.options.map((o) => o.long)).toContain("--measure");
    expect(escalc.options).toEqual([]);
  });

  it("finds the command word after the program's options and after help", () => {
    expect(commandOf(["--help"])).toBeUndefined();
    expect(commandOf(["pool", "x.csv", "--measure", "RR"])).toBe("pool");
    expect(commandOf(["help", "bias"])).toBe("bias");
    expect(commandOf(["pol", "x.csv"])).toBeNull();
  });
});

describe("metakit --help", () => {
  it("lists every command with its options and arguments, as the full program would", async () => {
    const { stdout, code } = await metakit("--help");
    expect(code).toBe(0);
    for (const { term } of COMMANDS) expect(stdout).toContain(term);
  });

  it("still suggests the nearest command for a misspelt one", async () => {
    const { stderr, code } = await metakit("pol", "x.csv");
    expect(code).toBe(2);
    expect(stderr).toMatch(/did you mean pool\?/i);
  });
});

describe("each command's help", () => {
  it.each(COMMANDS.map((c) => [c.name, c.example] as const))("%s ends with an example of its own", async (name, example) => {
    const { stdout, code } = await metakit(name, "--help");
    expect(code).toBe(0);
    expect(stdout.trimEnd().endsWith(`Example:\n  ${example}`)).toBe(true);
    expect(example.startsWith(`metakit ${name} `)).toBe(true);
  });

  it.each(COMMANDS.filter((c) => /data\/sample|measures/.test(c.example)).map((c) => [c.name, c.example] as const))("%s: its example runs on the shipped sample", async (_, example) => {
    // figures are written into a fresh temporary folder, never into the repository
    const out = mkdtempSync(join(tmpdir(), "metakit-example-"));
    const args = example.replace(/#.*/, "").trim().split(/\s+/).slice(1).map((a, i, all) => (a.startsWith("data/") ? `${repoRoot}${a}` : all[i - 1] === "-o" ? join(out, a) : a));
    const { code, stderr } = await metakit(...args);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("states every default once: commander prints '(default: x)', so no description repeats it", async () => {
    const program = await buildProgram(silent);
    const twice = program.commands.flatMap((c) =>
      c.options.filter((o) => o.defaultValue !== undefined && /default/i.test(o.description)).map((o) => `${c.name()} ${o.flags}`),
    );
    expect(twice).toEqual([]);
  });

  it("names the knha test one way (Knapp-Hartung) in every command", async () => {
    const program = await buildProgram(silent);
    const texts = program.commands.flatMap((c) => c.options.filter((o) => o.long === "--test").map((o) => o.description));
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const text of texts) expect(text).toMatch(/knha \(Knapp-Hartung\)/);
    const help = program.commands.map((c) => c.helpInformation()).join("\n");
    expect(help).not.toMatch(/Hartung-Knapp/);
  });
});

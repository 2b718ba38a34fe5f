/** The program's lazy command table: what `metakit --help` lists without loading a command module is what each command says of itself. */
import { Help } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, commandOf, COMMANDS } from "../src/program.js";
import { metakit } from "./run-cli.js";

const silent = { stdout: () => {}, stderr: () => {} };

describe("the command table", () => {
  it("lists each command with the term and description the command defines", async () => {
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

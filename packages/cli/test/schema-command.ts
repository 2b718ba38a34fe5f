/**
 * Runs one schema command (validate, reconcile) in-process on a fresh commander program,
 * mapping errors to exit codes as the metakit program does: 1 for problems in the data
 * (MetakitError) and for a negative outcome (OutcomeFailure: extractions that disagree),
 * 2 for usage errors.
 */
import { relative } from "node:path";
import { Command, CommanderError } from "commander";
import { isMetakitError } from "@metakit/base";
import { OutcomeFailure, UsageError } from "../src/errors.js";
import type { Io } from "../src/io.js";

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCommand(register: (program: Command, io: Io) => Command, args: readonly string[]): Promise<CommandRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const program = new Command("metakit").exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  register(program, io).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let code = 0;
  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (error) {
    if (isMetakitError(error) || error instanceof OutcomeFailure) code = 1;
    else if (error instanceof UsageError || error instanceof CommanderError) code = 2;
    else throw error;
    stderr += `error: ${(error as Error).message}\n`;
  }
  return { code, stdout, stderr };
}

/** The repository root, for data/ and analyses/. */
export const repoRoot = new URL("../../../", import.meta.url).pathname;

/** A fixture's path relative to the working directory, as a user would type it. */
export function fixture(name: string): string {
  return relative(process.cwd(), new URL(`./fixtures/${name}`, import.meta.url).pathname);
}

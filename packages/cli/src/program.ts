/**
 * The metakit command line: builds the commander program and runs it against injected
 * output streams, so tests run it in-process. Exit codes: 0 success, 1 a problem in the
 * input data (reported as FILE:ROW:COLUMN: message), 2 a usage error, 3 the machine lacks
 * something a command needs (the figures' font files, the browser of --pdf).
 */
import { Command, CommanderError } from "commander";
import { isMetakitError } from "@metakit/base";
import { registerAnalyze } from "./commands/analyze.js";
import { registerEscalc } from "./commands/escalc.js";
import { registerConv2x2 } from "./commands/conv-2x2.js";
import { registerConvDelta } from "./commands/conv-delta.js";
import { registerConvFivenum } from "./commands/conv-fivenum.js";
import { registerConvWald } from "./commands/conv-wald.js";
import { registerMeasures } from "./commands/measures.js";
import { registerPool } from "./commands/pool.js";
import { registerRegress } from "./commands/regress.js";
import { registerSensitivity } from "./commands/sensitivity.js";
import { registerBias } from "./commands/bias.js";
import { registerReconcile } from "./commands/reconcile.js";
import { registerReport } from "./commands/report.js";
import { registerServe } from "./commands/serve.js";
import { registerValidate } from "./commands/validate.js";
import { registerForest } from "./commands/forest.js";
import { registerFunnel } from "./commands/funnel.js";
import { InputFileError, MachineError, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { cliVersion } from "./version.js";

export type { Io } from "./io.js";

export const EXIT = { ok: 0, dataError: 1, usage: 2, machine: 3 } as const;

export function buildProgram(io: Io): Command {
  const program = new Command("metakit")
    .description("systematic review and meta-analysis: effect sizes, pooling, GRADE, reports")
    .version(cliVersion(), "-V, --version")
    .showHelpAfterError("(run metakit --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  registerEscalc(program, io);
  registerMeasures(program, io);
  registerConvWald(program, io);
  registerConvFivenum(program, io);
  registerConvDelta(program, io);
  registerConv2x2(program, io);
  registerPool(program, io);
  registerRegress(program, io);
  registerSensitivity(program, io);
  registerBias(program, io);
  registerForest(program, io);
  registerFunnel(program, io);
  registerValidate(program, io);
  registerReconcile(program, io);
  registerAnalyze(program, io);
  registerReport(program, io);
  registerServe(program, io);
  return program;
}

/** Runs metakit with the given arguments (without `node` and the script) and returns the exit code. */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  program.commands.forEach((command) => command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  try {
    await program.parseAsync([...args], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // commander has already written its message (or the help / version text)
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof InputFileError) {
    io.stderr(`${error.format()}\n`);
    return EXIT.dataError;
  }
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof MachineError) {
    io.stderr(`error: ${error.message}\n`);
    return EXIT.machine;
  }
  if (isMetakitError(error)) {
    io.stderr(`error: ${error.message}\n`);
    return EXIT.dataError;
  }
  throw error;
}

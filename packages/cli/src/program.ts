/**
 * The metakit command line: builds the commander program and runs it against injected
 * output streams, so tests run it in-process. Exit codes: 0 success, 1 a problem in the
 * input data (reported as FILE:ROW:COLUMN: message), 2 a usage error, 3 the machine lacks
 * something a command needs (the figures' font files, the browser of --pdf) or metakit
 * itself failed (an internal error, one line asking for a report, never a stack trace).
 */
import { Command, CommanderError } from "commander";
import { isMetakitError, terminalText } from "@metakit/base";
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
import { fileSystemProblem, InputFileError, InputFileErrors, MachineError, UsageError } from "./errors.js";
import { holdStdout, type Io } from "./io.js";
import { cliVersion } from "./version.js";

export type { Io } from "./io.js";

export const EXIT = { ok: 0, dataError: 1, usage: 2, machine: 3 } as const;

export function buildProgram(io: Io): Command {
  const program = new Command("metakit")
    .description("systematic review and meta-analysis: effect sizes, pooling, GRADE, reports")
    .version(cliVersion(), "-V, --version")
    .showHelpAfterError("hint: run metakit --help for usage")
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
  registerValidate(program, io);
  registerReconcile(program, io);
  registerAnalyze(program, io);
  registerReport(program, io);
  registerServe(program, io);
  return program;
}

/**
 * Runs metakit with the given arguments (without `node` and the script) and returns the
 * exit code. What a command writes on stdout is held until it succeeds: a command that
 * fails prints only its problems, on stderr, one line each. Control characters in
 * anything written are escaped (a label cannot move the cursor or recolour the terminal).
 */
export async function run(args: readonly string[], outerIo: Io): Promise<number> {
  const io = holdStdout(outerIo, terminalText);
  const program = buildProgram(io);
  program.commands.forEach((command) => command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  let code: number;
  try {
    await program.parseAsync([...args], { from: "user" });
    code = EXIT.ok;
  } catch (error) {
    code = reportError(error, io);
  }
  if (code === EXIT.ok) io.release();
  else io.discard();
  return code;
}

/** One line for an error nobody foresaw: says it is metakit's fault and asks for a report. */
function internalError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `metakit: internal error (${text.split("\n")[0]}); this is a bug in metakit, please report it with the command you ran`;
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // commander has already written its message (or the help / version text)
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof InputFileErrors) {
    for (const problem of error.problems) io.stderr(`${oneLine(problem.format())}\n`);
    return EXIT.dataError;
  }
  if (error instanceof InputFileError) {
    io.stderr(`${oneLine(error.format())}\n`);
    return EXIT.dataError;
  }
  if (error instanceof UsageError) {
    io.stderr(`error: ${oneLine(error.message)}\n`);
    return EXIT.usage;
  }
  if (error instanceof MachineError) {
    io.stderr(`error: ${oneLine(error.message)}\n`);
    return EXIT.machine;
  }
  if (isMetakitError(error)) {
    io.stderr(`error: ${oneLine(error.message)}\n`);
    return EXIT.dataError;
  }
  const file = fileSystemProblem(error);
  if (file !== undefined) {
    io.stderr(`${oneLine(file.path)}: ${file.message}\n`);
    return EXIT.dataError;
  }
  io.stderr(`${oneLine(internalError(error))}\n`);
  return EXIT.machine;
}

/** A message on one line: line breaks inside it (a file name with one) are shown as \\n. */
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, "\\n");
}

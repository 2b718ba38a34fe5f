/**
 * The metakit command line: builds the commander program and runs it against injected
 * output streams, so tests run it in-process. Exit codes: 0 success, 1 a problem in the
 * input data (reported as FILE:ROW:COLUMN: message), 2 a usage error, 3 the machine lacks
 * something a command needs (the figures' font files, the browser of --pdf) or metakit
 * itself failed (an internal error, one line asking for a report, never a stack trace).
 */
import { Command, CommanderError, Help } from "commander";
import { isMetakitError, plainMessage } from "@metakit/base/errors";
import { terminalText } from "@metakit/base/text";
import { fileSystemProblem, InputFileError, InputFileErrors, Interrupted, MachineError, OutcomeFailure, UsageError } from "./errors.js";
import { holdStdout, type Io } from "./io.js";
import { cliVersion } from "./version.js";

export type { Io } from "./io.js";

export const EXIT = { ok: 0, dataError: 1, usage: 2, machine: 3, interrupted: 130 } as const;

type Register = (program: Command, io: Io) => void;

/**
 * The commands, in the order `metakit --help` lists them: how the list shows each (its
 * term and one-line summary, the same as the command's own usage and description, which
 * a test checks) and the module that defines it. A run loads only the module of the
 * command it runs, so `metakit pool` never loads the report's rendering or the schemas,
 * and `metakit --help` loads none.
 */
export const COMMANDS: readonly {
  readonly name: string;
  readonly term: string;
  readonly summary: string;
  /** A typical run, shown at the end of the command's help. */
  readonly example: string;
  readonly load: () => Promise<Register>;
}[] = [
  { name: "escalc", term: "escalc [options] <file>", summary: "compute effect sizes (yi), sampling variances (vi) and 95% CIs per study", example: "metakit escalc data/sample/bcg.csv --measure RR", load: async () => (await import("./commands/escalc.js")).registerEscalc },
  { name: "measures", term: "measures [options]", summary: "list the effect-size measures (metafor's codes) with their CSV columns and formula references", example: "metakit measures --format json", load: async () => (await import("./commands/measures.js")).registerMeasures },
  { name: "conv-wald", term: "conv-wald [options] <file>", summary: "estimates and sampling variances from reported estimates with a CI, z or p-value (metafor's conv.wald)", example: "metakit conv-wald reported.csv --transf log   # columns out, ci.lb, ci.ub (or pval)", load: async () => (await import("./commands/conv-wald.js")).registerConvWald },
  { name: "conv-fivenum", term: "conv-fivenum [options] <file>", summary: "means and SDs from medians with ranges and/or quartiles (metafor's conv.fivenum, with its skewness test)", example: "metakit conv-fivenum medians.csv   # columns min, q1, median, q3, max, n", load: async () => (await import("./commands/conv-fivenum.js")).registerConvFivenum },
  { name: "conv-delta", term: "conv-delta [options] <file>", summary: "transform yi and vi to another scale by the delta method (metafor's conv.delta)", example: "metakit conv-delta effects.csv --transf ztor   # columns yi, vi", load: async () => (await import("./commands/conv-delta.js")).registerConvDelta },
  { name: "conv-2x2", term: "conv-2x2 [options] <file>", summary: "2x2 cells from the total, the margins and an odds ratio, phi or chi-square (metafor's conv.2x2)", example: "metakit conv-2x2 margins.csv   # columns ni, n1i, n2i and ori, ri or x2i", load: async () => (await import("./commands/conv-2x2.js")).registerConv2x2 },
  { name: "pool", term: "pool [options] <file>", summary: "pool the studies of a CSV: equal or random effects, Mantel-Haenszel or Peto", example: "metakit pool data/sample/bcg.csv --measure RR --method REML --test knha", load: async () => (await import("./commands/pool.js")).registerPool },
  { name: "regress", term: "regress [options] <file>", summary: "meta-regression on moderator columns (numeric, or categorical against a reference level)", example: "metakit regress data/sample/bcg.csv --measure RR --mods ablat", load: async () => (await import("./commands/regress.js")).registerRegress },
  { name: "sensitivity", term: "sensitivity [options] <file>", summary: "leave-one-out, cumulative, influence diagnostics or GOSH for the pooled estimate", example: "metakit sensitivity data/sample/bcg.csv --measure RR --leave-one-out", load: async () => (await import("./commands/sensitivity.js")).registerSensitivity },
  { name: "bias", term: "bias [options] <file>", summary: "small-study effects: Egger, Begg, trim-and-fill, fail-safe N, PET-PEESE, Harbord, Peters", example: "metakit bias data/sample/bcg.csv --measure RR --egger", load: async () => (await import("./commands/bias.js")).registerBias },
  { name: "forest", term: "forest [options] <file>", summary: "forest plot of a CSV in RevMan's layout (SVG, PNG at 300 dpi, or PDF)", example: "metakit forest data/sample/bcg.csv --measure RR -o bcg-forest.svg", load: async () => (await import("./commands/forest.js")).registerForest },
  { name: "funnel", term: "funnel [options] <file>", summary: "funnel plot of a CSV, contour-enhanced and with trim and fill on request (SVG, PNG at 300 dpi, or PDF)", example: "metakit funnel data/sample/bcg.csv --measure RR --contours -o bcg-funnel.svg", load: async () => (await import("./commands/funnel.js")).registerFunnel },
  { name: "validate", term: "validate [paths...]", summary: "check extraction files and analysis specs (default: data/ and analyses/)", example: "metakit validate data/ analyses/", load: async () => (await import("./commands/validate.js")).registerValidate },
  { name: "reconcile", term: "reconcile [options] <a> <b>", summary: "compare two independent extractions field by field; write agreed values and conflicts", example: "metakit reconcile reviewer-a.yaml reviewer-b.yaml --out merged.yaml", load: async () => (await import("./commands/reconcile.js")).registerReconcile },
  { name: "analyze", term: "analyze [options] <spec>", summary: "run an analysis spec: effect sizes, pooled models, subgroups, scenarios, not-estimable studies, GRADE", example: "metakit analyze data/sample/bcg/analysis.yaml --data data/sample/bcg", load: async () => (await import("./commands/analyze.js")).registerAnalyze },
  { name: "report", term: "report [options] [specs...]", summary: "the review report: forest plots, evidence tables, Summary of Findings, claims audit (HTML, Word, SVG, PNG, Markdown, CSV)", example: "metakit report analyses/pain.yaml --out reports", load: async () => (await import("./commands/report.js")).registerReport },
  { name: "serve", term: "serve [options] [dir]", summary: "serve the review in DIR and the web app on 127.0.0.1, behind a random token", example: "metakit serve . --port 8080", load: async () => (await import("./commands/serve.js")).registerServe },
];

/**
 * The program with the named commands defined in full and the others listed by name and
 * summary only (enough for `metakit --help`); every command in full when `names` is
 * omitted.
 */
export async function buildProgram(io: Io, names: readonly string[] = COMMANDS.map((c) => c.name)): Promise<Command> {
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  const help = new Help();
  const program = new Command("metakit")
    .description("systematic review and meta-analysis: effect sizes, pooling, GRADE, reports")
    .version(cliVersion(), "-V, --version")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? help.subcommandTerm(command) })
    .exitOverride();
  const registers = await Promise.all(COMMANDS.map((c) => (names.includes(c.name) ? c.load() : undefined)));
  COMMANDS.forEach((c, i) => {
    const register = registers[i];
    if (register) {
      register(program, io);
      program.commands.at(-1)!.addHelpText("after", `\nExample:\n  ${c.example}\n`);
    } else {
      program.command(c.name).summary(c.summary);
    }
  });
  return program;
}

/**
 * The command that `args` run, when it is one of COMMANDS: the first argument that is not
 * an option (the program's own options take no value), or the one after `help`.
 * Undefined for a bare `metakit --help`; null when the first word names no command.
 */
export function commandOf(args: readonly string[]): string | undefined | null {
  const words = args.filter((a) => !a.startsWith("-"));
  const word = words[0] === "help" ? words[1] : words[0];
  if (word === undefined) return undefined;
  return COMMANDS.some((c) => c.name === word) ? word : null;
}

/**
 * Runs metakit with the given arguments (without `node` and the script) and returns the
 * exit code. What a command writes on stdout is held until it succeeds: a command that
 * fails prints only its problems, on stderr, one line each. Control characters in
 * anything written are escaped (a label cannot move the cursor or recolour the terminal).
 */
export async function run(args: readonly string[], outerIo: Io): Promise<number> {
  const io = holdStdout(outerIo, terminalText);
  const command = commandOf(args);
  // an unknown word loads every command, so commander can suggest the nearest name
  const program = await buildProgram(io, command === undefined ? [] : command === null ? undefined : [command]);
  program.commands.forEach((command) => command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  let code: number;
  let outputStands = true;
  try {
    await program.parseAsync([...args], { from: "user" });
    code = EXIT.ok;
  } catch (error) {
    code = reportError(error, io);
    outputStands = code === EXIT.ok || error instanceof OutcomeFailure;
  }
  if (outputStands) io.release();
  else io.discard();
  return code;
}

/** One line for an error nobody foresaw: says it is metakit's fault and asks for a report. */
function internalError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `metakit: internal error (${text.split("\n")[0]}); this is a bug in metakit, please report it with the command you ran`;
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof OutcomeFailure) {
    io.stderr(`error: ${oneLine(error.message)}\n`);
    return EXIT.dataError;
  }
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
  if (error instanceof Interrupted) {
    io.stderr(`metakit: ${error.message}\n`);
    return EXIT.interrupted;
  }
  if (error instanceof MachineError) {
    io.stderr(`error: ${oneLine(error.message)}\n`);
    return EXIT.machine;
  }
  if (isMetakitError(error)) {
    io.stderr(`error: ${oneLine(plainMessage(error.message))}\n`);
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

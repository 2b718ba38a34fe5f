/**
 * `metakit reconcile A B [--out MERGED] [--force]`: compares two reviewers' independent
 * extractions field by field, lists every disagreement with both values and the record
 * it belongs to, and writes a merged file of the agreed values plus the conflict list.
 * The inputs are never modified; an existing output is not replaced without --force.
 * Exit status as diff's: 0 when the extractions agree, 1 when they disagree (after the
 * conflicts are listed and the merged file written), 2 for a usage error.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { MetakitError } from "@metakit/base";
import {
  duplicateRecords,
  issueAt,
  reconcileExtractions,
  recordKey,
  recordListsOf,
  stringifyReconciliation,
  type Conflict,
  type Located,
  type ParsedExtraction,
  type Reconciliation,
} from "@metakit/schema";
import { InputFileError, OutcomeFailure, throwProblems, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { refuseMissingFolder, writeFileAtomically } from "../files.js";
import { formatProblem, readAndParse, samePath } from "../schema-io.js";

interface ReconcileOptions {
  readonly out?: string;
  readonly force?: boolean;
}

function readExtraction(file: string, io: Io): ParsedExtraction {
  const outcome = readAndParse(file);
  const errors = outcome.issues.filter((issue) => issue.severity === "error");
  for (const issue of errors) io.stderr(`${formatProblem(issue)}\n`);
  if (errors.length > 0 || outcome.parsed === undefined) {
    throw new MetakitError("INVALID_INPUT", `${file} does not parse; run metakit validate ${file} and fix it first`, { field: "file", value: file });
  }
  if (outcome.parsed.type !== "extraction") throw new UsageError(`${file} is an analysis spec, not an extraction`);
  return outcome.parsed;
}

/** Duplicate keys within one reviewer's file (schema's duplicateRecords), each as a problem at its record. */
function duplicateKeys(parsed: ParsedExtraction): InputFileError[] {
  return duplicateRecords([parsed]).map(({ kind, key, located, earlier }) => {
    const where = formatProblem({ ...issueAt(located, ["id"], "") }).replace(/: $/, "");
    const before = formatProblem({ ...issueAt(earlier, [], "") }).replace(/: $/, "");
    return new InputFileError(where, `duplicate ${kind} id "${key}" (first at ${before}); reconcile pairs records by id, so each must be unique`);
  });
}

function whereIs(parsed: ParsedExtraction, conflict: Conflict): string {
  const located = (parsed.records[conflict.kind] as readonly Located[]).find(
    (l) => recordKey(conflict.kind, l.record as { id: string; study?: string }) === conflict.key,
  );
  if (located === undefined) return "absent";
  return formatProblem({ ...issueAt(located, [], ""), message: "" }).replace(/: $/, "");
}

function show(value: unknown): string {
  return value === null ? "(absent)" : JSON.stringify(value);
}

/** Every disagreement, grouped by record: the record, where it is in A and B, then field: A | B. */
export function formatConflicts(reconciliation: Reconciliation, a: ParsedExtraction, b: ParsedExtraction): string {
  const lines: string[] = [];
  let current = "";
  for (const conflict of reconciliation.conflicts) {
    const record = `${conflict.kind} ${conflict.key}`;
    if (record !== current) {
      current = record;
      lines.push(`${record} (A: ${whereIs(a, conflict)}; B: ${whereIs(b, conflict)})`);
    }
    lines.push(`  ${conflict.path}: A ${show(conflict.a)} | B ${show(conflict.b)}`);
  }
  const { fieldsCompared, fieldsAgreed } = reconciliation;
  lines.push(`reconcile: ${fieldsCompared} fields compared, ${fieldsAgreed} agreed, ${reconciliation.conflicts.length} conflicts`);
  return `${lines.join("\n")}\n`;
}

/** Adds `reconcile` to the program. Output goes to `io` (the process's streams by default). */
export function registerReconcile(program: Command, io: Io): Command {
  return program
    .command("reconcile")
    .description("compare two independent extractions field by field; write agreed values and conflicts")
    .argument("<a>", "extraction of reviewer A (CSV, YAML or JSON)")
    .argument("<b>", "extraction of reviewer B")
    .option("--out <merged>", "write the agreed values and the conflict list (YAML) to this file")
    .option("--force", "replace the output file if it exists")
    .addHelpText("after", "\nExit status, as diff's: 0 when the extractions agree, 1 when they disagree (or an input has errors), 2 for a usage error.")
    .action((fileA: string, fileB: string, options: ReconcileOptions) => {
      const out = options.out;
      if (out !== undefined && (samePath(out, fileA) || samePath(out, fileB))) {
        throw new UsageError("--out names an input file; the inputs are never modified");
      }
      if (out !== undefined && out.trim() === "") throw new UsageError("--out is empty; name the file to write");
      if (out !== undefined && options.force !== true && existsSync(out)) throw new UsageError(`${out} exists; use --force to replace it`);
      if (out !== undefined) refuseMissingFolder(out, "--out");
      const a = readExtraction(fileA, io);
      const b = readExtraction(fileB, io);
      throwProblems([...duplicateKeys(a), ...duplicateKeys(b)]);
      const reconciliation = reconcileExtractions(recordListsOf([a]), recordListsOf([b]));
      io.stdout(formatConflicts(reconciliation, a, b));
      if (out !== undefined) writeMerged(out, reconciliation, fileA, fileB, options, io);
      const conflicts = reconciliation.conflicts.length;
      if (conflicts > 0) throw new OutcomeFailure(`the extractions disagree in ${conflicts} ${conflicts === 1 ? "field" : "fields"}`);
    });
}

/** The merged file: agreed values and the conflict list; an existing file only with --force. */
function writeMerged(out: string, reconciliation: Reconciliation, fileA: string, fileB: string, options: ReconcileOptions, io: Io): void {
  const text = stringifyReconciliation(reconciliation, `metakit reconcile of ${fileA} (A) and ${fileB} (B)`);
  try {
    writeFileAtomically(out, text, { overwrite: options.force === true });
  } catch (error) {
    // the output appeared between the check before reading and the write
    if ((error as NodeJS.ErrnoException).code === "EEXIST" && (error as NodeJS.ErrnoException).syscall === "link") throw new UsageError(`${out} exists; use --force to replace it`);
    throw error;
  }
  io.stdout(`wrote ${out}\n`);
}

/**
 * The reconcile page's endpoints: the data files and folders to choose from, the
 * comparison of two extractions (every disagreement with where each reviewer wrote it and
 * the provenance they gave, and the agreement figures), and "Save merged": a NEW merged
 * extraction file and, beside it, the adjudication log as CSV (one row per decision: the
 * record, the field, both values, whose value was taken and why). The inputs are never
 * written; an output that exists, or that is or lies in an input, is refused.
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { neutraliseCsvText } from "@metakit/base/text";
import {
  adjudicate,
  agreementOf,
  compareForAdjudication,
  decisionProblems,
  duplicateRecords,
  parseFileText,
  recordKey,
  recordListsOf,
  stringifyMerged,
  type Decision,
  type Located,
  type LogEntry,
  type RecordKind,
} from "@metakit/schema";
import { writeFileAtomically } from "../files.js";
import { Refusal } from "./refusal.js";
import { dataChoices, inside, local, positionFinder, readExtraction, resolveInRoot, type ReadExtraction } from "./review-files.js";

export interface Answer {
  readonly status: number;
  readonly json: unknown;
}

function both(root: string, body: unknown): { a: ReadExtraction; b: ReadExtraction; names: { a: string; b: string } } {
  const { a, b } = (body ?? {}) as { a?: unknown; b?: unknown };
  const pathA = resolveInRoot(root, a, "extraction A");
  const pathB = resolveInRoot(root, b, "extraction B");
  if (pathA === pathB) throw new Refusal(400, "A and B are the same; choose two reviewers' extractions");
  if (inside(pathA, pathB) || inside(pathB, pathA)) throw new Refusal(400, "one extraction lies inside the other; choose two separate files or folders");
  return { a: readExtraction(root, a as string), b: readExtraction(root, b as string), names: { a: local(root, pathA), b: local(root, pathB) } };
}

function duplicateErrors(read: ReadExtraction): string[] {
  const where = positionFinder(read.texts);
  return duplicateRecords(read.parsed).map(
    ({ kind, key, located, earlier }) => `${where(located, ["id"])}: duplicate ${kind} id "${key}" (first at ${where(earlier, [])}); records are paired by id, so each must be unique`,
  );
}

function comparison(root: string, body: unknown) {
  const { a, b, names } = both(root, body);
  const errors = { a: [...a.errors, ...duplicateErrors(a)], b: [...b.errors, ...duplicateErrors(b)] };
  if (errors.a.length > 0 || errors.b.length > 0) {
    throw Object.assign(new Refusal(422, "an extraction has errors; fix them (metakit validate) before reconciling"), { details: { errors } });
  }
  const listsA = recordListsOf(a.parsed);
  const listsB = recordListsOf(b.parsed);
  const { compared, disagreements } = compareForAdjudication(listsA, listsB);
  return { a, b, names, compared, disagreements };
}

/** The located records of one extraction by "kind key" (the first of a key: duplicates are refused before). */
function locatedIndex(read: ReadExtraction): Map<string, Located> {
  const byKey = new Map<string, Located>();
  for (const parsed of read.parsed) {
    for (const kind of Object.keys(parsed.records) as RecordKind[]) {
      for (const located of parsed.records[kind] as readonly Located[]) {
        const key = `${kind} ${recordKey(kind, located.record as { id: string; study?: string })}`;
        if (!byKey.has(key)) byKey.set(key, located);
      }
    }
  }
  return byKey;
}

export function choices(root: string): Answer {
  return { status: 200, json: dataChoices(root) };
}

export function compare(root: string, body: unknown): Answer {
  const { a, b, names, compared, disagreements } = comparison(root, body);
  const whereA = positionFinder(a.texts);
  const whereB = positionFinder(b.texts);
  const [indexA, indexB] = [locatedIndex(a), locatedIndex(b)];
  const shown = disagreements.map((d) => {
    const inA = indexA.get(`${d.kind} ${d.key}`);
    const inB = indexB.get(`${d.kind} ${d.key}`);
    return { ...d, whereA: inA === undefined ? null : whereA(inA, d.segments), whereB: inB === undefined ? null : whereB(inB, d.segments) };
  });
  return { status: 200, json: { a: names.a, b: names.b, filesA: [...a.texts.keys()], filesB: [...b.texts.keys()], disagreements: shown, agreement: agreementOf(compared) } };
}

/** The log's CSV: one row per decision; text cells neutralised against spreadsheet formulas. */
export function adjudicationCsv(log: readonly LogEntry[], names: { a: string; b: string }): string {
  const cell = (value: unknown): string => {
    const text = value === null || value === undefined ? "" : typeof value === "string" ? neutraliseCsvText(value) : JSON.stringify(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const header = ["record", "field", "value_a", "value_b", "chosen_from", "chosen_value", "reason", "file_a", "file_b"];
  const rows = log.map((e) => [e.record, e.field, e.a, e.b, e.from, e.chosen, e.reason, names.a, names.b].map(cell).join(","));
  return `${[header.join(","), ...rows].join("\n")}\n`;
}

/** The adjudication log's name beside the merged file: merged.yaml -> merged.adjudication.csv. */
export function logPathOf(merged: string): string {
  return join(dirname(merged), `${basename(merged).replace(/\.ya?ml$/i, "")}.adjudication.csv`);
}

export function save(root: string, sent: unknown): Answer {
  const body = (sent !== null && typeof sent === "object" ? sent : {}) as { a?: unknown; b?: unknown; out?: unknown; decisions?: unknown };
  const { out, decisions } = body;
  if (typeof out !== "string" || !/\.ya?ml$/i.test(out)) throw new Refusal(400, "name the merged file, ending in .yaml (for example data/merged.yaml)");
  if (!Array.isArray(decisions)) throw new Refusal(400, "no decisions sent");
  const target = resolveInRoot(root, out, "merged file", true);
  const logTarget = logPathOf(target);
  for (const [side, given] of [["A", body.a], ["B", body.b]] as const) {
    const path = resolveInRoot(root, given, `extraction ${side}`);
    if (target === path || (statSync(path).isDirectory() && inside(path, target))) {
      throw new Refusal(400, `the merged file would be written ${target === path ? "over" : "into"} the input ${local(root, path)}; the inputs are never modified`);
    }
  }
  for (const path of [target, logTarget]) if (existsSync(path)) throw new Refusal(409, `${local(root, path)} exists; choose a new name (nothing is overwritten)`);
  // as every command: the merged file is created in a folder that exists, never a new folder tree
  if (!(existsSync(dirname(target)) && statSync(dirname(target)).isDirectory())) throw new Refusal(400, `the folder ${local(root, dirname(target))} does not exist; create it first (nothing is created but the merged file)`);
  const { names, compared, disagreements } = comparison(root, body);
  const problems = decisionProblems(disagreements, decisions as Decision[]);
  if (problems.length > 0) throw Object.assign(new Refusal(422, `${problems.length} disagreement${problems.length === 1 ? "" : "s"} not decided as needed`), { details: { problems } });
  const { merged, log } = adjudicate(compared, disagreements, decisions as Decision[]);
  const outName = local(root, target);
  const text = stringifyMerged(merged, `merged from ${names.a} (A) and ${names.b} (B) by adjudication; each decision is in ${basename(logTarget)}`);
  const errors = parseFileText(outName, text).issues.filter((i) => i.severity === "error");
  if (errors.length > 0) throw Object.assign(new Refusal(422, "the merged extraction would not be valid"), { details: { errors: errors.map((e) => `${e.path ?? ""}: ${e.message}`) } });
  writeNew(target, text, root);
  writeNew(logTarget, adjudicationCsv(log, names), root);
  return { status: 201, json: { merged: outName, log: local(root, logTarget), decisions: log.length } };
}

function writeNew(path: string, text: string, root: string): void {
  try {
    writeFileAtomically(path, text, { overwrite: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new Refusal(409, `${relative(root, path)} exists; choose a new name (nothing is overwritten)`);
    throw error;
  }
}

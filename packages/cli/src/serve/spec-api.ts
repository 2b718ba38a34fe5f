/**
 * The analysis page's endpoints: the specs in analyses/, one spec's text (with a hash of
 * it, so a save can tell whether the file changed since the page read it), the review's
 * data files (the page runs the analysis in the browser with @metakit/review), and saving
 * edits to a spec: each edit spliced into the file's text (schema's patchYaml), so
 * comments, key order and every other byte stay; the result must parse as a valid spec
 * (a GRADE override needs its written reason) and is written atomically.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { formatIssue, parseFileText, patchYaml, type YamlEdit } from "@metakit/schema";
import { writeFileAtomically } from "../files.js";
import { collectDataFiles } from "../schema-io.js";
import { readText } from "../text-file.js";
import type { Answer } from "./reconcile-api.js";
import { Refusal } from "./refusal.js";
import { inside, local, resolveInRoot } from "./review-files.js";

/** Where a review keeps its specs and its data, as `metakit report` reads them by default. */
export const SPEC_FOLDER = "analyses";
export const DATA_FOLDER = "data";
const SPEC_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The spec files of analyses/, by name (file name without .yaml). */
export function specList(root: string): Answer {
  const folder = join(root, SPEC_FOLDER);
  const names = existsSync(folder) ? readdirSync(folder).filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith(".")).sort() : [];
  return { status: 200, json: { specs: names.map((n) => ({ name: n.replace(/\.ya?ml$/i, ""), file: `${SPEC_FOLDER}/${n}` })) } };
}

function specFile(root: string, name: string): { path: string; file: string } {
  if (!SPEC_NAME.test(name) || name.includes("..")) throw new Refusal(400, "not a spec name");
  for (const extension of [".yaml", ".yml"]) {
    const file = `${SPEC_FOLDER}/${name}${extension}`;
    if (existsSync(join(root, file))) return { path: resolveInRoot(root, file, "spec"), file };
  }
  throw new Refusal(404, `no spec ${SPEC_FOLDER}/${name}.yaml`);
}

export function readSpec(root: string, name: string): Answer {
  const { path, file } = specFile(root, name);
  const text = readText(path);
  return { status: 200, json: { name, file, text, hash: textHash(text) } };
}

/** Every data file of data/ (as `metakit report` reads them), with its text. */
export function reviewData(root: string): Answer {
  const folder = join(root, DATA_FOLDER);
  const files = existsSync(folder) ? collectDataFiles([folder]).files : [];
  return { status: 200, json: { files: files.filter((f) => inside(root, resolveInRoot(root, local(root, f), "data file"))).map((f) => ({ path: local(root, f), text: readText(f) })) } };
}

/** The edits sent: each {path, value} or {path, delete: true}. */
function editsOf(body: unknown): YamlEdit[] {
  const edits = (body as { edits?: unknown } | null)?.edits;
  if (!Array.isArray(edits) || edits.length === 0) throw new Refusal(400, "no edits sent");
  return edits.map((edit) => {
    const path = (edit as { path?: unknown } | null)?.path;
    if (!Array.isArray(path) || path.length === 0 || !path.every((s) => (typeof s === "string" && s !== "__proto__" && s !== "constructor" && s !== "prototype") || (Number.isInteger(s) && s >= 0))) {
      throw new Refusal(400, "an edit's path must be a list of keys and list positions");
    }
    if ((edit as { delete?: unknown }).delete === true) return { path, delete: true };
    if (!("value" in (edit as object))) throw new Refusal(400, "each edit is {path, value} or {path, delete: true}");
    return { path, value: (edit as { value: unknown }).value };
  });
}

export function saveSpec(root: string, name: string, body: unknown): Answer {
  const { path, file } = specFile(root, name);
  const hash = (body as { hash?: unknown } | null)?.hash;
  const edits = editsOf(body);
  const text = readText(path);
  if (hash !== textHash(text)) throw new Refusal(409, `${file} changed on disk since the page read it; reload the page to see the new version (nothing was saved)`);
  let edited: string;
  try {
    edited = patchYaml(text, edits);
  } catch (error) {
    throw new Refusal(400, (error as Error).message);
  }
  const errors = parseFileText(file, edited).issues.filter((i) => i.severity === "error");
  if (errors.length > 0) throw Object.assign(new Refusal(422, `not saved: ${errors.map(formatIssue).join("; ")}`), { details: { errors: errors.map(formatIssue) } });
  writeFileAtomically(path, edited);
  return { status: 200, json: { name, file, text: edited, hash: textHash(edited) } };
}

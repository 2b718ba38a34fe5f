/**
 * `POST /api/save`: the study form's Save. The body names a YAML file of the review (a
 * path relative to DIR), the SHA-256 of the file as the form read it, and the edits (a
 * path and a value, or a path to remove). The file is
 * - refused when it changed on disk since it was read (409: the hash differs), never
 *   overwritten silently;
 * - patched node by node (@metakit/schema's patchYaml: comments, key order, formatting and
 *   every untouched record stay byte for byte);
 * - checked as `metakit validate` checks it, cross-record checks with the review's other
 *   files included, and refused (422, the file untouched) when it would have an error;
 * - written atomically (a temporary file renamed over it) at its real path inside DIR.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { join, relative, sep } from "node:path";
import { checkDataset, formatIssue, parseFileText, parsePath, patchYaml, yamlLocator, YamlPatchError, type Issue, type ParsedAnalysis, type ParsedExtraction, type YamlEdit } from "@metakit/schema";
import { DEFAULT_VALIDATE_PATHS } from "../commands/validate.js";
import { writeFileAtomically } from "../files.js";
import { collectDataFiles, readAndParse } from "../schema-io.js";
import { Refusal } from "./refusal.js";
import { resolveInRoot } from "./review-files.js";

export const SAVE_PATH = "/api/save";

/** What the endpoint answers: a status and a JSON body ({error, problems?} or {hash, text}). */
/** Edits one save may carry: a person saves a handful; each edit re-reads the file, so many edits in one request would tie the server up. */
const MAX_EDITS = 500;

export interface SaveAnswer {
  readonly status: number;
  readonly json: { readonly error?: string; readonly problems?: readonly string[]; readonly hash?: string; readonly text?: string };
}

/** The server's own body limit (server.ts refuses a longer Content-Length before routing); read again here as the body streams. */
const BODY_LIMIT = 1_048_576;

/** The SHA-256 of a file's bytes, hex: what the form sends back to say which version it edited. */
export function contentHash(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Reads the request body, refusing one longer than `limit` bytes. */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        fail(new Refusal(413, "request too large"));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    request.on("error", fail);
  });
}

interface SaveRequest {
  readonly file: string;
  readonly hash: string;
  readonly edits: readonly YamlEdit[];
}

function refusal(status: number, error: string, problems?: readonly string[]): SaveAnswer {
  return { status, json: problems === undefined ? { error } : { error, problems } };
}

/** The request's JSON, or why it is not a save request. */
function readRequest(body: string): SaveRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "the request is not JSON";
  }
  if (value === null || typeof value !== "object") return "the request is not a JSON object";
  const { file, hash, edits } = value as Record<string, unknown>;
  if (typeof file !== "string" || file === "") return "the request names no file";
  if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) return "the request has no SHA-256 of the file as it was read";
  if (!Array.isArray(edits)) return "the request has no list of edits";
  if (edits.length > MAX_EDITS) return `a save holds at most ${MAX_EDITS} edits (this one has ${edits.length}): save more often`;
  for (const edit of edits as unknown[]) {
    if (edit === null || typeof edit !== "object" || !Array.isArray((edit as { path?: unknown }).path)) return "each edit needs a path";
    const keys = Object.keys(edit);
    const ok = keys.length === 2 && keys.includes("path") && (keys.includes("value") || ((edit as { delete?: unknown }).delete === true && keys.includes("delete")));
    if (!ok) return "each edit is {path, value} or {path, delete: true}";
  }
  return { file, hash, edits: edits as YamlEdit[] };
}

/** Answers a save request for the review in `root` (a real path); a path leaving it is refused (resolveInRoot). */
export async function saveAnswer(request: IncomingMessage, root: string): Promise<SaveAnswer> {
  const parsed = readRequest(await readBody(request, BODY_LIMIT));
  if (typeof parsed === "string") return refusal(400, parsed);
  if (!/\.ya?ml$/i.test(parsed.file)) return refusal(400, `${parsed.file}: only YAML extraction files are saved from the form`);
  const target = resolveInRoot(root, parsed.file, "file");
  const shown = local(root, target);
  const before = readFileSync(target);
  if (contentHash(before) !== parsed.hash) return changedOnDisk(shown);
  let text: string;
  try {
    text = patchYaml(before.toString("utf8"), parsed.edits);
  } catch (error) {
    if (error instanceof YamlPatchError) return refusal(422, `not saved: ${error.message}`);
    throw error;
  }
  const problems = problemsOf(root, target, text);
  if (problems.length > 0) return refusal(422, `not saved: ${shown} would have ${problems.length} error${problems.length === 1 ? "" : "s"}; ${shown} is unchanged`, problems);
  if (contentHash(readFileSync(target)) !== parsed.hash) return changedOnDisk(shown);
  writeFileAtomically(target, text);
  return { status: 200, json: { hash: contentHash(text), text } };
}

function changedOnDisk(shown: string): SaveAnswer {
  return refusal(409, `not saved: ${shown} changed on disk since this page read it. Nothing was written. Reload the page to see the file as it is now (your unsaved edits here would be lost: note them first).`);
}

function local(root: string, file: string): string {
  return relative(root, file).split(sep).join("/");
}

/**
 * The errors `metakit validate` run in DIR would report for `target` if it held `text`:
 * its own records' problems and the cross-record problems placed in it, each as validate
 * prints it (FILE:LINE:COL: path: message).
 */
export function problemsOf(root: string, target: string, text: string): string[] {
  const paths = DEFAULT_VALIDATE_PATHS.map((p) => join(root, p)).filter((p) => existsSync(p));
  const files = collectDataFiles(paths).files.filter((file) => !relative(root, realpathSync(file)).startsWith(".."));
  if (!files.some((file) => realpathSync(file) === target)) files.push(target);
  const extractions: ParsedExtraction[] = [];
  const analyses: ParsedAnalysis[] = [];
  const own: Issue[] = [];
  for (const file of files) {
    const isTarget = realpathSync(file) === target;
    const outcome = isTarget ? parseFileText(target, text) : readAndParse(file);
    if (isTarget) own.push(...outcome.issues);
    if (outcome.parsed?.type === "extraction") extractions.push(isTarget ? { ...outcome.parsed, file: target } : outcome.parsed);
    else if (outcome.parsed?.type === "analysis") analyses.push(isTarget ? { ...outcome.parsed, file: target } : outcome.parsed);
  }
  own.push(...checkDataset({ extractions, analyses }).filter((issue) => issue.file === target));
  const locate = yamlLocator(text);
  return own
    .filter((issue) => issue.severity === "error")
    .map((issue) => {
      const at = issue.path === undefined || issue.row !== undefined ? undefined : locate(parsePath(issue.path));
      return formatIssue({ ...issue, file: local(root, target), ...(at === undefined ? {} : { row: at.line, column: String(at.col) }) });
    });
}

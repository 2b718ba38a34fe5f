/**
 * Where the web app shows a field a validation problem names: the study's page
 * (/studies/STUDY_ID, its fields marked with data-path) or the analysis page
 * (/analyses/NAME), with the field's path as the fragment. Pure.
 */
import YAML from "yaml";
import type { Issue } from "./issues.js";
import { parsePath } from "./parse.js";

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The study a path of an extraction document belongs to: studies[i]'s id, or the study of the record at path[0][i]. */
export function studyOfPath(document: unknown, path: string): string | undefined {
  const [kind, index] = parsePath(path);
  if (!isMapping(document) || typeof kind !== "string" || typeof index !== "number") return undefined;
  const list = document[kind];
  const record = Array.isArray(list) ? (list[index] as unknown) : undefined;
  if (!isMapping(record)) return undefined;
  const study = kind === "studies" ? record["id"] : record["study"];
  return typeof study === "string" && study !== "" ? study : undefined;
}

/**
 * The page and fragment for a problem of a YAML or JSON file, given the file's text:
 * `/analyses/NAME#PATH` for a spec in analyses/, `/studies/STUDY_ID#PATH` for a field of a
 * study's record; undefined when the problem names no field or the text does not parse.
 * @example fieldLink({ file: "data/pain.yaml", path: "results[2].arms[0].sd", ... }, text) // "/studies/bruun2024#results[2].arms[0].sd"
 */
export function fieldLink(issue: Issue, text: string): string | undefined {
  const { file, path } = issue;
  if (file === undefined || path === undefined || path === "" || !/\.(ya?ml|json)$/i.test(file)) return undefined;
  let document: unknown;
  try {
    document = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
  if (isMapping(document) && document["kind"] === "analysis") {
    const name = /^analyses\/([^/]+)\.ya?ml$/i.exec(file)?.[1];
    return name === undefined ? undefined : `/analyses/${encodeURIComponent(name)}#${path}`;
  }
  const study = studyOfPath(document, path);
  return study === undefined ? undefined : `/studies/${encodeURIComponent(study)}#${path}`;
}

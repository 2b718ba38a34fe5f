/**
 * Reading a text file: it must be UTF-8 (with or without BOM); UTF-16, UTF-32, files with
 * NUL bytes and bytes that are not UTF-8 are named as an encoding problem, not reported
 * as a bad row. Only node:fs here: the web app bundles the study CSV reader that uses it.
 */
import { readFileSync } from "node:fs";
import { fileSystemMessage, InputFileError } from "./errors.js";

/** Byte-order marks of the encodings metakit does not read, longest first. */
const FOREIGN_BOMS: readonly (readonly [string, readonly number[]])[] = [
  ["UTF-32 (little-endian)", [0xff, 0xfe, 0x00, 0x00]],
  ["UTF-32 (big-endian)", [0x00, 0x00, 0xfe, 0xff]],
  ["UTF-16 (little-endian)", [0xff, 0xfe]],
  ["UTF-16 (big-endian)", [0xfe, 0xff]],
];

const SAVE_AS_UTF8 = "save it as UTF-8 (in a spreadsheet: CSV UTF-8)";

/**
 * The encoding problem of a file's bytes, or undefined when they are UTF-8 text: a
 * UTF-16/32 byte-order mark, NUL bytes (UTF-16 without a mark, or a binary file) or
 * bytes that are not UTF-8 (Latin-1, Windows-1252).
 */
export function encodingProblem(bytes: Uint8Array): string | undefined {
  for (const [name, mark] of FOREIGN_BOMS) {
    if (mark.every((byte, i) => bytes[i] === byte)) return `the file is encoded as ${name}; ${SAVE_AS_UTF8}`;
  }
  if (bytes.includes(0)) return `the file has NUL bytes: UTF-16 without a byte-order mark, or not a text file; ${SAVE_AS_UTF8}`;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return `the file is not UTF-8 (Latin-1 or Windows-1252?); ${SAVE_AS_UTF8}`;
  }
  return undefined;
}

/**
 * A file's text, without a UTF-8 byte-order mark.
 * @throws InputFileError for an encoding problem or a file that cannot be read (ENOENT,
 * EISDIR, EACCES), naming the path.
 */
export function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputFileError(file, fileSystemMessage(error as NodeJS.ErrnoException, "read"));
  }
  const problem = encodingProblem(bytes);
  if (problem !== undefined) throw new InputFileError(file, problem);
  const text = bytes.toString("utf8");
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}


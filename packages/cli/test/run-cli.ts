/** Runs the metakit program in-process and captures what it writes. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../src/program.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function metakit(...args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { code, stdout, stderr };
}

/** Writes `text` to a new temporary file with the given name and returns its path. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "metakit-cli-")), name);
  writeFileSync(path, text);
  return path;
}

/** The repository root, for the files shipped in data/ and packages/fixtures/. */
export const repoRoot = new URL("../../../", import.meta.url).pathname;

import { readFileSync } from "node:fs";

/** The CLI's version, from its package.json (one folder up from src/ and dist/). */
export function cliVersion(): string {
  const manifest = new URL("../package.json", import.meta.url);
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

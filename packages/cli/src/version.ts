import { readFileSync } from "node:fs";

/**
 * The CLI's version, from its package.json: the nearest one named @metakit/cli above
 * this module (one folder up from src/ and dist/, two from the bundle in dist/bundle/).
 */
export function cliVersion(): string {
  for (let dir = new URL(".", import.meta.url); ; dir = new URL("..", dir)) {
    const manifest = readManifest(new URL("package.json", dir));
    if (manifest?.name === "@metakit/cli") return manifest.version;
    if (dir.pathname === "/") throw new Error("internal: the CLI's package.json was not found above " + import.meta.url);
  }
}

function readManifest(url: URL): { name?: string; version: string } | undefined {
  try {
    return JSON.parse(readFileSync(url, "utf8")) as { name?: string; version: string };
  } catch {
    return undefined;
  }
}

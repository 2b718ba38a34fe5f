/**
 * A self-contained R script (header, notes, data inline, analysis, JSON): built in
 * @metakit/review (pure, the web app writes the same scripts); here headed with the CLI's
 * version.
 */
import { rScript as scriptOf, type ScriptParts } from "@metakit/review/pool/r-script";
import { cliVersion } from "../version.js";

export { commandLine, csvDataFrame, fileName, R_HELPERS } from "@metakit/review/pool/r-script";

export function rScript(parts: Omit<ScriptParts, "version">): string {
  return scriptOf({ ...parts, version: cliVersion() });
}

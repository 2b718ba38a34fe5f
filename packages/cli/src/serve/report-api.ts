/**
 * The report page's endpoints. Both run `metakit report` itself, in a child process whose
 * working folder is DIR, so the preview is the very report the command writes (same
 * code, same relative file names) and the server keeps answering while it renders:
 * - preview: the report written to a private temporary folder, whose index.html the page
 *   shows in a sandboxed frame (no script, nothing but its own inline styles and images);
 * - write: `metakit report` with its defaults, writing reports/ by its whole-folder swap.
 * One run at a time.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Answer } from "./reconcile-api.js";
import { Refusal } from "./refusal.js";
import { inside } from "./review-files.js";

/** The preview's own policy: no script at all, its inline styles and data: images, shown only in a frame of this server. */
export const PREVIEW_CONTENT_SECURITY_POLICY = ["sandbox", "default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "font-src data:", "frame-ancestors 'self'"].join("; ");

/** Output of a run kept for the page, at most this many characters. */
const MAX_RUN_OUTPUT = 20_000;

export interface ReportRunner {
  preview(): Promise<Answer>;
  write(): Promise<Answer>;
  /** The preview's index.html, or a refusal when none has been made. */
  previewHtml(): Buffer;
  close(): void;
}

/** Runs the CLI's `report` in DIR with the given arguments; resolves with its exit code and output. */
function runReport(cliEntry: string, root: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliEntry, "report", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => void (stdout = (stdout + chunk.toString("utf8")).slice(-MAX_RUN_OUTPUT)));
    child.stderr.on("data", (chunk: Buffer) => void (stderr = (stderr + chunk.toString("utf8")).slice(-MAX_RUN_OUTPUT)));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

export function reportRunner(root: string, cliEntry: string): ReportRunner {
  let busy = false;
  let previewFolder: string | undefined;
  const once = async (run: () => Promise<Answer>): Promise<Answer> => {
    if (busy) throw new Refusal(409, "a report is being made; wait for it to finish");
    busy = true;
    try {
      return await run();
    } finally {
      busy = false;
    }
  };
  const failed = (stderr: string) => ({ status: 422, json: { error: `metakit report failed: ${stderr.trim().split("\n").slice(0, 20).join("\n")}` } });
  return {
    preview: () =>
      once(async () => {
        const folder = mkdtempSync(join(tmpdir(), "metakit-report-preview-"));
        const result = await runReport(cliEntry, root, ["--out", join(folder, "reports")]);
        if (result.code !== 0) {
          rmSync(folder, { recursive: true, force: true });
          return failed(result.stderr);
        }
        if (previewFolder !== undefined) rmSync(previewFolder, { recursive: true, force: true });
        previewFolder = folder;
        return { status: 200, json: { message: result.stdout.trim().replace(join(folder, "reports"), "the preview") } };
      }),
    write: () =>
      once(async () => {
        refuseReportsOutside(root);
        const result = await runReport(cliEntry, root, []);
        if (result.code !== 0) return failed(result.stderr);
        return { status: 200, json: { message: result.stdout.trim() } };
      }),
    previewHtml() {
      const index = previewFolder === undefined ? undefined : join(previewFolder, "reports", "index.html");
      if (index === undefined || !existsSync(index)) throw new Refusal(404, "no preview yet: press Preview report");
      return readFileSync(index);
    },
    close() {
      if (previewFolder !== undefined) rmSync(previewFolder, { recursive: true, force: true });
    },
  };
}

/** reports/ must be the served folder's own: a link to a folder elsewhere would write the report outside DIR. */
function refuseReportsOutside(root: string): void {
  const reports = join(root, "reports");
  if (existsSync(reports) && !inside(root, realpathSync(reports))) throw new Refusal(403, "forbidden: reports/ leaves the served folder (a link to a folder elsewhere): nothing was written");
}

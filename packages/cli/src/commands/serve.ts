/**
 * `metakit serve [DIR] [--port N] [--no-open]`: serves the review in DIR and the web app
 * on 127.0.0.1, printing exactly one line on stdout, `metakit serve: URL`, once it listens.
 * The server module is loaded only when the command runs, so the rest of the CLI (and its
 * --help) starts without it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { streamStdout, type Io } from "../io.js";
import { finiteNumber } from "../options.js";
import { UsageError } from "../errors.js";

/** The web app's build, `pnpm build:web`'s output (packages/web/dist, from src/ or dist/ alike). */
export const WEB_APP_DIR = fileURLToPath(new URL("../../../web/dist", import.meta.url));

interface ServeCommandOptions {
  readonly port: number;
  readonly open: boolean;
}

const port = finiteNumber((x) => Number.isInteger(x) && x >= 0 && x <= 65_535, " (an integer from 0 to 65535; 0 picks a free port)");

export function registerServe(program: Command, io: Io): void {
  program
    .command("serve")
    .description("serve the review in DIR and the web app on 127.0.0.1, behind a random token")
    .argument("[dir]", "the review's folder, with data/, analyses/ and reports/", ".")
    .option("--port <N>", "port to listen on; 0 picks a free one", port, 0)
    .option("--no-open", "do not open the browser")
    .action(async (dir: string, options: ServeCommandOptions) => {
      if (!existsSync(dir)) throw new UsageError(`no folder ${dir}`);
      if (!existsSync(join(WEB_APP_DIR, "index.html"))) throw new UsageError("the web app is not built: run pnpm build:web");
      const { startServer } = await import("../serve/server.js");
      const server = await startServer({ root: dir, appDir: WEB_APP_DIR, port: options.port });
      streamStdout(io);
      io.stdout(`metakit serve: ${server.url}\n`);
      if (options.open) openBrowser(server.url);
      await new Promise<void>((done) => server.server.once("close", done));
    });
}

/** Opens the URL in the desktop's browser; a machine without one just keeps serving. */
function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(command, [url], { stdio: "ignore", detached: true });
  child.on("error", () => undefined);
  child.unref();
}

/**
 * The HTTP server of `metakit serve`: the web app's built bundle and the review's files,
 * on Node's own `http` (no framework: the surface is a handful of checks and a few routes,
 * and every check is visible here). The study form's Save is `POST /api/save` (save.ts). Safe by default, because it serves a clinical
 * project's files:
 * - it binds 127.0.0.1 only;
 * - every request carries the random token, in the URL's `token` parameter on the first
 *   visit (answered with an HttpOnly, SameSite=Strict cookie and a redirect that drops it
 *   from the address bar) or in that cookie afterwards;
 * - a `Host` other than the server's own is refused (DNS rebinding), and so is a
 *   state-changing request whose `Origin` is not the server's own (cross-site requests);
 * - every file path is confined to its folder after resolving real paths (symlinks, `..`);
 * - request bodies, URLs and served files have size limits;
 * - every answer has a Content-Security-Policy without inline script or eval.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { realpathSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, isAbsolute, relative, resolve } from "node:path";
import { projectStatus } from "./project.js";
import { Refusal } from "./refusal.js";
import { isAppPage, reviewApi, type ReviewApi } from "./review-api.js";

export const HOST = "127.0.0.1";
export const TOKEN_COOKIE = "metakit_token";
/** The largest request body accepted, in bytes (state-changing requests will send YAML files). */
export const MAX_BODY_BYTES = 1_048_576;
export const MAX_URL_LENGTH = 8_192;
/** The largest file served, in bytes: far above any extraction file or the app's bundle. */
export const MAX_FILE_BYTES = 32 * 1_048_576;

/**
 * Scripts only from the server itself, never inline and never eval; inline styles are
 * allowed because vega sets style attributes on the SVG it draws.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".csv": "text/csv; charset=utf-8",
  ".yaml": "text/yaml; charset=utf-8",
  ".yml": "text/yaml; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};

export interface ServeOptions {
  /** The review's folder: the files /api/files/ may read. */
  readonly root: string;
  /** The built web app (index.html and its assets). */
  readonly appDir: string;
  /** 0 lets the system choose a free port. */
  readonly port: number;
  /** Fixed in tests; random otherwise. */
  readonly token?: string;
  /** The CLI's entry script, run as `metakit report` for the report page (default: the running script). */
  readonly cliEntry?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts the server; resolves once it listens, with the URL to open (token included). */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const root = realpathSync(options.root);
  const appDir = realpathSync(options.appDir);
  const token = options.token ?? randomBytes(24).toString("base64url");
  let port = options.port;
  const api = reviewApi(root, options.cliEntry ?? process.argv[1] ?? "");
  const server = createServer({ maxHeaderSize: 16_384 }, (request, response) => {
    try {
      handle(request, response, { root, appDir, token, port, api });
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(500, "internal error");
      send(response, refusal.status, `${refusal.message}\n`, "text/plain; charset=utf-8");
    }
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, HOST, () => done());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the server has no TCP address");
  port = address.port;
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((done) => {
        api.close();
        server.close(() => done());
      }),
  };
}

interface Context {
  readonly root: string;
  readonly appDir: string;
  readonly token: string;
  readonly port: number;
  readonly api: ReviewApi;
}

function handle(request: IncomingMessage, response: ServerResponse, context: Context): void {
  checkHost(request, context.port);
  checkOrigin(request, context.port);
  checkSize(request);
  const url = new URL(request.url ?? "/", `http://${HOST}:${context.port}`);
  const fromQuery = url.searchParams.get("token");
  if (fromQuery !== null && sameSecret(fromQuery, context.token)) {
    url.searchParams.delete("token");
    response.setHeader("Set-Cookie", `${TOKEN_COOKIE}=${context.token}; HttpOnly; SameSite=Strict; Path=/`);
    response.setHeader("Location", url.pathname + url.search);
    send(response, 303, "", "text/plain; charset=utf-8");
    return;
  }
  if (!sameSecret(cookie(request, TOKEN_COOKIE) ?? "", context.token)) throw new Refusal(403, "forbidden: the token is missing or wrong");
  const path = decodePath((request.url ?? "/").split("?")[0] ?? "/");
  if (path.split("/").includes("..")) throw new Refusal(403, "forbidden: the path leaves the served folder");
  const route = context.api.route(request.method ?? "", path);
  if (route !== undefined) {
    route(request).then(
      (answer) => send(response, answer.status, answer.body, answer.contentType, answer.contentSecurityPolicy),
      (error: unknown) => sendApiError(response, error),
    );
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") throw new Refusal(405, "method not allowed");
  if (isAppPage(path)) {
    serveAppPage(response, context.appDir);
    return;
  }
  if (path === "/api/project") {
    send(response, 200, JSON.stringify(projectStatus(context.root)), CONTENT_TYPES[".json"]!);
    return;
  }
  if (path.startsWith("/api/files/")) {
    serveFile(response, confinedPath(context.root, path.slice("/api/files/".length)));
    return;
  }
  const asset = path === "/" ? "index.html" : path.slice(1);
  serveFile(response, confinedPath(context.appDir, asset));
}

/** The Host header must name this server: a DNS-rebound name reaching 127.0.0.1 is refused. */
function checkHost(request: IncomingMessage, port: number): void {
  const host = request.headers.host;
  if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) throw new Refusal(421, "forbidden: foreign Host");
}

/** A request that can change state must come from a page of this server (or carry no Origin at all, as a non-browser client). */
function checkOrigin(request: IncomingMessage, port: number): void {
  if (request.method === "GET" || request.method === "HEAD") return;
  const origin = request.headers.origin;
  if (origin !== `http://${HOST}:${port}` && origin !== `http://localhost:${port}`) {
    throw new Refusal(403, "forbidden: cross-origin request");
  }
}

function checkSize(request: IncomingMessage): void {
  if ((request.url ?? "").length > MAX_URL_LENGTH) throw new Refusal(414, "URL too long");
  const length = Number(request.headers["content-length"] ?? "0");
  if (!Number.isFinite(length) || length > MAX_BODY_BYTES) throw new Refusal(413, "request too large");
  if (request.headers["transfer-encoding"] !== undefined) throw new Refusal(411, "a request body needs a Content-Length");
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function decodePath(pathname: string): string {
  try {
    const path = decodeURIComponent(pathname);
    if (path.includes("\0")) throw new Refusal(400, "bad path");
    return path;
  } catch {
    throw new Refusal(400, "bad path");
  }
}

/**
 * The real path of `relativePath` inside `folder`, or a refusal when it leaves the folder
 * by `..`, an absolute path or a symbolic link, or does not exist.
 */
export function confinedPath(folder: string, relativePath: string): string {
  const lexical = resolve(folder, relativePath);
  if (!inside(folder, lexical)) throw new Refusal(403, "forbidden: the path leaves the served folder");
  let real: string;
  try {
    real = realpathSync(lexical);
  } catch {
    throw new Refusal(404, "not found");
  }
  if (!inside(folder, real)) throw new Refusal(403, "forbidden: the path leaves the served folder");
  return real;
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function serveFile(response: ServerResponse, path: string): void {
  const stat = statSync(path);
  if (!stat.isFile()) throw new Refusal(404, "not found");
  if (stat.size > MAX_FILE_BYTES) throw new Refusal(413, "file too large to serve");
  send(response, 200, readFileSync(path), CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream");
}

/**
 * The app's index.html for a page of its own (/reconcile, /analyses/NAME, ...): its
 * relative asset paths made absolute, so they resolve from any depth.
 */
function serveAppPage(response: ServerResponse, appDir: string): void {
  const html = readFileSync(confinedPath(appDir, "index.html"), "utf8").replace(/(src|href)="\.\//g, '$1="/');
  send(response, 200, html, CONTENT_TYPES[".html"]!);
}

/** An endpoint's refusal as JSON ({error, ...details}); anything unforeseen as a 500 without details. */
function sendApiError(response: ServerResponse, error: unknown): void {
  const refusal = error instanceof Refusal ? error : new Refusal(500, "internal error");
  const details = (error as { details?: Record<string, unknown> }).details ?? {};
  send(response, refusal.status, JSON.stringify({ error: refusal.message, ...details }), CONTENT_TYPES[".json"]!);
}

function send(response: ServerResponse, status: number, body: string | Buffer, contentType: string, contentSecurityPolicy = CONTENT_SECURITY_POLICY): void {
  response.writeHead(status, {
    "Content-Type": contentType,
    "Content-Security-Policy": contentSecurityPolicy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
  });
  response.end(body);
}

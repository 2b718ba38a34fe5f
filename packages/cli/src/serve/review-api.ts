/**
 * The endpoints of the web app's review pages (reconcile, analyses, report), behind the
 * server's checks (token, Host, Origin, size): a table from method and path to a handler.
 * Bodies are JSON; answers are JSON, except the report preview (HTML under its own policy).
 */
import type { IncomingMessage } from "node:http";
import { choices, compare, save, type Answer } from "./reconcile-api.js";
import { Refusal } from "./refusal.js";
import { SAVE_PATH, saveAnswer } from "./save.js";
import { PREVIEW_CONTENT_SECURITY_POLICY, reportRunner, type ReportRunner } from "./report-api.js";
import { readSpec, reviewData, saveSpec, specList } from "./spec-api.js";

export interface ApiAnswer {
  readonly status: number;
  readonly body: string | Buffer;
  readonly contentType: string;
  /** Replaces the server's Content-Security-Policy (the report preview's own). */
  readonly contentSecurityPolicy?: string;
}

export interface ReviewApi {
  /** The handler of a request, or undefined when the path is not one of these endpoints. */
  route(method: string, path: string): ((request: IncomingMessage) => Promise<ApiAnswer>) | undefined;
  close(): void;
}

const JSON_TYPE = "application/json; charset=utf-8";

function json(answer: Answer): ApiAnswer {
  return { status: answer.status, body: JSON.stringify(answer.json), contentType: JSON_TYPE };
}

/** The request's JSON body (the server has already refused bodies above its size limit). */
async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Refusal(400, "the request body is not JSON");
  }
}

export function reviewApi(root: string, cliEntry: string): ReviewApi {
  const report: ReportRunner = reportRunner(root, cliEntry);
  const withBody = (handle: (body: unknown) => Answer | Promise<Answer>) => async (request: IncomingMessage) => json(await handle(await jsonBody(request)));
  const plain = (handle: () => Answer) => async () => json(handle());
  return {
    route(method, path) {
      const spec = /^\/api\/analyses\/([^/]+)$/.exec(path)?.[1];
      if (method === "GET") {
        if (path === "/api/reconcile/choices") return plain(() => choices(root));
        if (path === "/api/analyses") return plain(() => specList(root));
        if (spec !== undefined) return plain(() => readSpec(root, spec));
        if (path === "/api/review-data") return plain(() => reviewData(root));
        if (path === "/api/report/preview") {
          return async () => ({ status: 200, body: report.previewHtml(), contentType: "text/html; charset=utf-8", contentSecurityPolicy: PREVIEW_CONTENT_SECURITY_POLICY });
        }
      }
      if (method === "POST") {
        if (path === "/api/reconcile/compare") return withBody((body) => compare(root, body));
        if (path === "/api/reconcile/save") return withBody((body) => save(root, body));
        if (spec !== undefined) return withBody((body) => saveSpec(root, spec, body));
        if (path === "/api/report/preview") return withBody(() => report.preview());
        if (path === "/api/report/write") return withBody(() => report.write());
        if (path === SAVE_PATH) return async (request) => json(await saveAnswer(request, root));
      }
      return undefined;
    },
    close: () => report.close(),
  };
}

/** Paths the web app shows as pages of its own (the server answers them with the app). */
export function isAppPage(path: string): boolean {
  return /^\/(reconcile|report|analyses\/[^/]+|studies\/[^/]+)\/?$/.test(path);
}

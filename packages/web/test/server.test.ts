/**
 * `metakit serve`'s safety checks, by raw HTTP requests against a running server: the
 * token, the Host and Origin checks, paths confined to the served folder (`..`, encoded
 * `..`, a symbolic link out), size limits and the Content-Security-Policy. And the
 * command itself: exactly one line on stdout, 127.0.0.1 only.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@metakit/cli/serve/server";
import { run } from "@metakit/cli";
import { builtApp, REPO_ROOT } from "./app.js";

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(server: RunningServer, path: string, headers: Record<string, string> = {}, method = "GET", body?: string): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", fail);
    req.end(body);
  });
}

/** The status of a request written by hand, headers only: the server must answer before any body. */
function rawStatus(server: RunningServer, head: string): Promise<number> {
  return new Promise((done, fail) => {
    const socket = connect(server.port, "127.0.0.1", () => socket.write(head));
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (status) {
        socket.destroy();
        done(Number(status[1]));
      }
    });
    socket.on("error", fail);
  });
}

describe("metakit serve: the server refuses what it must", () => {
  const base = mkdtempSync(join(tmpdir(), "metakit-serve-"));
  const review = join(base, "review");
  const app = join(base, "app");
  let server: RunningServer;
  const withCookie = () => ({ cookie: `metakit_token=${server.token}` });

  beforeAll(async () => {
    mkdirSync(join(review, "data"), { recursive: true });
    mkdirSync(app);
    writeFileSync(join(review, "data", "trial.csv"), "study,yi,vi\nA,0.1,0.02\n");
    writeFileSync(join(review, "data", "broken.yaml"), "# a reviewer's half-written file\ntype: extraction\nstudies: 3\n");
    writeFileSync(join(base, "secret.txt"), "outside the review\n");
    symlinkSync(join(base, "secret.txt"), join(review, "data", "link.txt"));
    writeFileSync(join(base, "outside.yaml"), "type: extraction\nsecret: outside the review\n");
    symlinkSync(join(base, "outside.yaml"), join(review, "data", "outside.yaml"));
    writeFileSync(join(app, "index.html"), "<!doctype html><title>app</title>");
    server = await startServer({ root: review, appDir: app, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 with a long random token in the URL", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    expect(server.server.address()).toMatchObject({ address: "127.0.0.1" });
  });

  it("refuses a request without the token, or with a wrong one", async () => {
    expect((await get(server, "/")).status).toBe(403);
    expect((await get(server, "/api/files/data/trial.csv")).status).toBe(403);
    expect((await get(server, "/?token=wrong")).status).toBe(403);
    expect((await get(server, "/", { cookie: "metakit_token=wrong" })).status).toBe(403);
  });

  it("answers the token in the URL with an HttpOnly SameSite cookie and a redirect that drops it", async () => {
    const answer = await get(server, `/?token=${server.token}`);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe("/");
    expect(String(answer.headers["set-cookie"])).toMatch(new RegExp(`^metakit_token=${server.token}; HttpOnly; SameSite=Strict; Path=/$`));
  });

  it("serves the app and the review's files with the cookie, under a CSP without inline script or eval", async () => {
    const page = await get(server, "/", withCookie());
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>app</title>");
    const csp = String(page.headers["content-security-policy"]);
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("default-src 'none'");
    const file = await get(server, "/api/files/data/trial.csv", withCookie());
    expect(file.status).toBe(200);
    expect(file.body).toBe("study,yi,vi\nA,0.1,0.02\n");
  });

  it("lists the project's files with their problems as metakit validate run in DIR prints them", async () => {
    const own = join(base, "own-review");
    mkdirSync(join(own, "data"), { recursive: true });
    writeFileSync(join(own, "data", "broken.yaml"), "# a reviewer's half-written file\ntype: extraction\nstudies: 3\n");
    writeFileSync(join(own, "data", "notes.csv"), "a,b\n1,2\n");
    const second = await startServer({ root: own, appDir: app, port: 0 });
    try {
      const answer = await get(second, "/api/project", { cookie: `metakit_token=${second.token}` });
      expect(answer.status).toBe(200);
      const project = JSON.parse(answer.body) as { files: { path: string; errors: string[] }[]; report: string };
      let printed = "";
      // validate prints its problems on stderr when there is an error (issue 11), then the error line
      await run(["validate", join(own, "data")], { stdout: (t) => void (printed += t), stderr: (t) => void (printed += t) });
      const asInDir = printed.split(`${own}/`).join("").replace(/^error: validation failed with \d+ errors?\n/m, "");
      expect(project.report).toBe(asInDir);
      const broken = project.files.find((f) => f.path === "data/broken.yaml");
      expect(broken?.errors.length).toBeGreaterThan(0);
      for (const line of broken?.errors ?? []) expect(asInDir.split("\n")).toContain(line);
    } finally {
      await second.close();
    }
  });

  it("does not read a data file whose symbolic link leaves DIR", async () => {
    const answer = await get(server, "/api/project", withCookie());
    const project = JSON.parse(answer.body) as { files: { path: string }[] };
    expect(project.files.map((f) => f.path)).toContain("data/broken.yaml");
    expect(project.files.map((f) => f.path)).not.toContain("data/outside.yaml");
    expect(answer.body).not.toContain("outside the review");
  });

  it("refuses a foreign Host (DNS rebinding), even with the token", async () => {
    const answer = await get(server, "/", { ...withCookie(), host: `evil.example:${server.port}` });
    expect(answer.status).toBe(421);
    expect((await get(server, `/?token=${server.token}`, { host: "evil.example" })).status).toBe(421);
  });

  it("refuses a state-changing request from another Origin", async () => {
    const foreign = await get(server, "/api/files/data/trial.csv", { ...withCookie(), origin: "http://evil.example", "content-length": "2" }, "POST", "{}");
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatch(/cross-origin/);
    const own = await get(server, "/api/files/data/trial.csv", { ...withCookie(), origin: `http://127.0.0.1:${server.port}`, "content-length": "2" }, "POST", "{}");
    expect(own.status).toBe(405); // past the Origin check; no state-changing route exists yet
  });

  it("refuses every path that leaves the served folder: .., encoded .., a symbolic link out", async () => {
    for (const path of ["/api/files/../secret.txt", "/api/files/%2e%2e/secret.txt", "/api/files/data/%2e%2e%2f%2e%2e%2fsecret.txt", "/api/files/data/link.txt", "/api/files/%2Fetc%2Fpasswd"]) {
      const answer = await get(server, path, withCookie());
      expect(answer.status, path).toBe(403);
      expect(answer.body).not.toContain("outside the review");
    }
    expect((await get(server, "/api/files/data/%00trial.csv", withCookie())).status).toBe(400);
  });

  it("refuses a request body over the size limit and an overlong URL", async () => {
    const host = `127.0.0.1:${server.port}`;
    const big = `PUT /api/files/data/trial.csv HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nCookie: metakit_token=${server.token}\r\nContent-Length: ${2 * 1_048_576}\r\n\r\n`;
    expect(await rawStatus(server, big)).toBe(413);
    expect((await get(server, `/?q=${"a".repeat(9_000)}`, withCookie())).status).toBe(414);
  });
});

describe("metakit serve: the command", () => {
  it("prints exactly one line, metakit serve: http://127.0.0.1:PORT/?token=TOKEN, and serves", async () => {
    await builtApp();
    const child = spawn(process.execPath, [join(REPO_ROOT, "packages/cli/dist/main.js"), "serve", REPO_ROOT, "--no-open", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((done, fail) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes("\n")) done();
        });
        child.on("exit", (code) => fail(new Error(`exited with ${code}: ${stderr}`)));
      });
      expect(stdout).toMatch(/^metakit serve: http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}\n$/);
      const url = new URL(stdout.slice("metakit serve: ".length).trim());
      const page = await fetch(url, { redirect: "manual" });
      expect(page.status).toBe(303);
      expect((await fetch(new URL("/", url))).status).toBe(403);
    } finally {
      child.kill("SIGTERM");
    }
  }, 120_000);

  it("loads the server module only in the serve command: no static import of it anywhere in the CLI", () => {
    const command = readFileSync(join(REPO_ROOT, "packages/cli/src/commands/serve.ts"), "utf8");
    expect(command).toMatch(/await import\("\.\.\/serve\/server\.js"\)/);
    expect(command).not.toMatch(/^import .*serve\/server/m);
    const program = readFileSync(join(REPO_ROOT, "packages/cli/src/program.ts"), "utf8");
    expect(program).not.toMatch(/serve\/server|vite|preact|@metakit\/web/);
  });
});

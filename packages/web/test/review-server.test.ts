/**
 * The review pages' endpoints of `metakit serve`, by raw HTTP: reconcile (choices,
 * comparison, Save merged: a new file and its log, inputs untouched, outputs that exist or
 * are inputs refused), analysis specs (read with a hash, edits saved in place with every
 * other byte kept, a stale hash refused with 409, a GRADE override without a reason
 * refused), and for all of them the token, the Origin check and confinement to DIR.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@metakit/cli/serve/server";
import { REPO_ROOT } from "./app.js";

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

function call(server: RunningServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const text = body === undefined ? "" : JSON.stringify(body);
  return new Promise((done, fail) => {
    const own = { host: `127.0.0.1:${server.port}`, cookie: `metakit_token=${server.token}`, origin: `http://127.0.0.1:${server.port}`, "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) };
    const req = request({ host: "127.0.0.1", port: server.port, path, method, headers: { ...own, ...headers } }, (res) => {
      let answer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (answer += chunk));
      res.on("end", () => done({ status: res.statusCode ?? 0, body: answer, headers: res.headers }));
    });
    req.on("error", fail);
    req.end(text);
  });
}

const reviewerA = `# reviewer A's extraction
kind: extraction
studies:
  - id: s1
    indication: pain
    citation: {year: 2020}
    design: parallel-rct
    population: adults
arms:
  - study: s1
    id: ldn
    type: experimental
    intervention: naltrexone
    randomised: {value: 20, source: PMID 1, location: table 1, quote: "n = 20", status: verified}
`;
const reviewerB = reviewerA.replace("reviewer A", "reviewer B").replace("design: parallel-rct", "design: crossover-rct").replace('value: 20, source: PMID 1, location: table 1, quote: "n = 20"', 'value: 21, source: PMID 1, location: table 1, quote: "n = 20"');

describe("metakit serve: the review pages' endpoints", () => {
  const base = mkdtempSync(join(tmpdir(), "metakit-review-serve-"));
  const review = join(base, "review");
  let server: RunningServer;

  beforeAll(async () => {
    mkdirSync(join(review, "extractions"), { recursive: true });
    mkdirSync(join(review, "analyses"));
    mkdirSync(join(review, "data"));
    writeFileSync(join(review, "extractions", "a.yaml"), reviewerA);
    writeFileSync(join(review, "extractions", "b.yaml"), reviewerB);
    writeFileSync(join(review, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n"); // a tool's file, never offered
    writeFileSync(join(base, "outside.yaml"), reviewerA);
    symlinkSync(join(base, "outside.yaml"), join(review, "extractions", "link.yaml"));
    copyFileSync(join(REPO_ROOT, "data/sample/bcg/analysis.yaml"), join(review, "analyses", "bcg.yaml"));
    copyFileSync(join(REPO_ROOT, "data/sample/bcg/trials.yaml"), join(review, "data", "trials.yaml"));
    server = await startServer({ root: review, appDir: join(REPO_ROOT, "packages/web"), port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it("needs the token and, for a change, the server's own Origin", async () => {
    const compare = { a: "extractions/a.yaml", b: "extractions/b.yaml" };
    expect((await call(server, "POST", "/api/reconcile/compare", compare, { cookie: "" })).status).toBe(403);
    expect((await call(server, "GET", "/api/analyses/bcg", undefined, { cookie: "metakit_token=wrong" })).status).toBe(403);
    for (const path of ["/api/reconcile/save", "/api/analyses/bcg", "/api/report/write", "/api/report/preview"]) {
      const foreign = await call(server, "POST", path, {}, { origin: "http://evil.example" });
      expect(foreign.status, path).toBe(403);
      expect(foreign.body).toMatch(/cross-origin/);
    }
  });

  it("refuses to write the report through a reports/ link to a folder outside the served one", async () => {
    const outside = mkdtempSync(join(tmpdir(), "metakit-outside-reports-"));
    symlinkSync(outside, join(review, "reports"));
    try {
      const answer = await call(server, "POST", "/api/report/write", {});
      expect(answer.status).toBe(403);
      expect(answer.body).toMatch(/reports\/ leaves the served folder/);
    } finally {
      rmSync(join(review, "reports"));
    }
    expect(readdirSync(outside)).toEqual([]);
    rmSync(outside, { recursive: true, force: true });
  });

  it("lists the data files and folders to reconcile", async () => {
    const answer = await call(server, "GET", "/api/reconcile/choices");
    const choices = JSON.parse(answer.body) as { files: string[]; folders: string[] };
    expect(choices.files).toEqual(expect.arrayContaining(["extractions/a.yaml", "extractions/b.yaml", "data/trials.yaml", "analyses/bcg.yaml"]));
    expect(choices.files).not.toContain("extractions/link.yaml");
    expect(choices.files).not.toContain("pnpm-lock.yaml");
    expect(choices.folders).toEqual(expect.arrayContaining(["extractions", "data"]));
  });

  it("compares two extractions: each disagreement with where each reviewer wrote it and its provenance, and the agreement figures", async () => {
    const answer = await call(server, "POST", "/api/reconcile/compare", { a: "extractions/a.yaml", b: "extractions/b.yaml" });
    expect(answer.status).toBe(200);
    const result = JSON.parse(answer.body) as { disagreements: { id: string; whereA: string; whereB: string; provenanceA?: { quote: string } }[]; agreement: { fieldsCompared: number; fieldsAgreed: number; categorical: { field: string; kappa: number | null }[] } };
    expect(result.disagreements.map((d) => d.id)).toEqual(["studies s1 design", "arms s1/ldn randomised.value"]);
    expect(result.disagreements.map((d) => [d.whereA, d.whereB])).toEqual([
      ["extractions/a.yaml:7", "extractions/b.yaml:7"],
      ["extractions/a.yaml:14", "extractions/b.yaml:14"],
    ]);
    expect(result.disagreements[1]?.provenanceA?.quote).toBe("n = 20");
    expect([result.agreement.fieldsCompared, result.agreement.fieldsAgreed]).toEqual([14, 12]);
    expect(result.agreement.categorical.map((f) => f.field)).toContain("studies: design");
  });

  it("compares two folders of extraction files as two reviewers' extractions", async () => {
    mkdirSync(join(review, "folders", "a"), { recursive: true });
    mkdirSync(join(review, "folders", "b"));
    const [studiesA, armsA] = reviewerA.split("arms:\n");
    const [studiesB, armsB] = reviewerB.split("arms:\n");
    writeFileSync(join(review, "folders", "a", "studies.yaml"), studiesA!);
    writeFileSync(join(review, "folders", "a", "arms.yaml"), `kind: extraction\narms:\n${armsA!}`);
    writeFileSync(join(review, "folders", "b", "all.yaml"), `${studiesB!}arms:\n${armsB!}`);
    try {
      const answer = await call(server, "POST", "/api/reconcile/compare", { a: "folders/a", b: "folders/b" });
      expect(answer.status).toBe(200);
      const result = JSON.parse(answer.body) as { filesA: string[]; disagreements: { id: string; whereA: string }[] };
      expect(result.filesA).toEqual(["folders/a/arms.yaml", "folders/a/studies.yaml"]);
      expect(result.disagreements.map((d) => [d.id, d.whereA])).toEqual([
        ["studies s1 design", "folders/a/studies.yaml:7"],
        ["arms s1/ldn randomised.value", "folders/a/arms.yaml:7"],
      ]);
    } finally {
      rmSync(join(review, "folders"), { recursive: true, force: true });
    }
  });

  it("refuses extractions outside DIR: .., an absolute path, a symbolic link out", async () => {
    for (const a of ["../outside.yaml", "/etc/passwd", "extractions/link.yaml", join(base, "outside.yaml")]) {
      const answer = await call(server, "POST", "/api/reconcile/compare", { a, b: "extractions/b.yaml" });
      expect(answer.status, a).toBe(403);
    }
  });

  it("Save merged: refused until each disagreement is decided (a value of one's own with a reason), then a new file and a log, the inputs untouched", async () => {
    const before = [readFileSync(join(review, "extractions/a.yaml")), readFileSync(join(review, "extractions/b.yaml"))];
    const body = { a: "extractions/a.yaml", b: "extractions/b.yaml", out: "merged.yaml" };
    const undecided = await call(server, "POST", "/api/reconcile/save", { ...body, decisions: [{ id: "studies s1 design", choice: "A" }] });
    expect(undecided.status).toBe(422);
    const noReason = await call(server, "POST", "/api/reconcile/save", { ...body, decisions: [{ id: "studies s1 design", choice: "A" }, { id: "arms s1/ldn randomised.value", choice: "value", value: 19, reason: " " }] });
    expect(noReason.status).toBe(422);
    expect(noReason.body).toMatch(/needs a reason/);
    expect(existsSync(join(review, "merged.yaml"))).toBe(false);
    const decisions = [{ id: "studies s1 design", choice: "A" }, { id: "arms s1/ldn randomised.value", choice: "value", value: 19, reason: "table 1 prints 19" }];
    const saved = await call(server, "POST", "/api/reconcile/save", { ...body, decisions });
    expect(saved.status).toBe(201);
    expect(JSON.parse(saved.body)).toEqual({ merged: "merged.yaml", log: "merged.adjudication.csv", decisions: 2 });
    expect(readFileSync(join(review, "merged.yaml"), "utf8")).toMatch(/design: parallel-rct[\s\S]*value: 19/);
    const log = readFileSync(join(review, "merged.adjudication.csv"), "utf8").trim().split("\n");
    expect(log).toEqual([
      "record,field,value_a,value_b,chosen_from,chosen_value,reason,file_a,file_b",
      "studies s1,design,parallel-rct,crossover-rct,A,parallel-rct,,extractions/a.yaml,extractions/b.yaml",
      "arms s1/ldn,randomised.value,20,21,adjudicator,19,table 1 prints 19,extractions/a.yaml,extractions/b.yaml",
    ]);
    expect([readFileSync(join(review, "extractions/a.yaml")), readFileSync(join(review, "extractions/b.yaml"))]).toEqual(before);
    const again = await call(server, "POST", "/api/reconcile/save", { ...body, decisions });
    expect(again.status).toBe(409);
    for (const out of ["extractions/a.yaml", "extractions/new.yaml"]) {
      const input = await call(server, "POST", "/api/reconcile/save", { a: "extractions", b: "data", out, decisions: [] });
      expect(input.status, out).toBe(400);
    }
    expect((await call(server, "POST", "/api/reconcile/save", { ...body, out: "../escape.yaml", decisions })).status).toBe(403);
    for (const odd of [null, 5, "x", []]) expect((await call(server, "POST", "/api/reconcile/save", odd)).status, JSON.stringify(odd)).toBe(400);
    expect(existsSync(join(base, "escape.yaml"))).toBe(false);
  });

  it("saves a GRADE override with its reason into the spec, only those lines added, and refuses one without a reason or a stale hash", async () => {
    const file = join(review, "analyses", "bcg.yaml");
    const original = readFileSync(file, "utf8");
    const read = JSON.parse((await call(server, "GET", "/api/analyses/bcg")).body) as { text: string; hash: string; file: string };
    expect(read.text).toBe(original);
    expect(read.file).toBe("analyses/bcg.yaml");
    const path = ["grade", 0, "judgements", "riskOfBias"];
    const noReason = await call(server, "POST", "/api/analyses/bcg", { hash: read.hash, edits: [{ path, value: { concern: "serious", reason: "" } }] });
    expect(noReason.status).toBe(422);
    expect(readFileSync(file, "utf8")).toBe(original);
    const stale = await call(server, "POST", "/api/analyses/bcg", { hash: "0".repeat(64), edits: [{ path, value: { concern: "serious", reason: "x" } }] });
    expect(stale.status).toBe(409);
    const saved = await call(server, "POST", "/api/analyses/bcg", { hash: read.hash, edits: [{ path, value: { concern: "serious", reason: "allocation was not concealed in most trials" } }] });
    expect(saved.status).toBe(200);
    const after = readFileSync(file, "utf8");
    const added = after.split("\n").filter((line, i, lines) => lines.indexOf(line) === i && !original.split("\n").includes(line));
    expect(added).toEqual(["    judgements:", "      riskOfBias:", "        concern: serious", "        reason: allocation was not concealed in most trials"]);
    expect(after.split("\n").length).toBe(original.split("\n").length + 4);
    expect((await call(server, "GET", "/api/analyses/..%2Fdata%2Ftrials")).status).toBeGreaterThanOrEqual(400);
  });

  it("links each problem of the project's files to the page showing its field (item 1)", async () => {
    writeFileSync(join(review, "data", "broken.yaml"), "kind: extraction\nstudies:\n  - id: bad1\n    indication: pain\n    citation: {year: 2020}\n    design: not-a-design\n    population: adults\n");
    try {
      const project = JSON.parse((await call(server, "GET", "/api/project")).body) as { files: { path: string; errors: string[]; errorLinks: (string | null)[] }[] };
      const broken = project.files.find((f) => f.path === "data/broken.yaml");
      expect(broken?.errors[0]).toMatch(/^data\/broken\.yaml:6:\d+: studies\[0\]\.design: /);
      expect(broken?.errorLinks).toEqual(["/studies/bad1#studies[0].design"]);
    } finally {
      rmSync(join(review, "data", "broken.yaml"));
    }
  });

  it("serves the app for its own pages, with absolute asset paths", async () => {
    const page = await call(server, "GET", "/analyses/bcg");
    expect(page.status).toBe(200);
    expect(page.body).toContain('src="/');
    expect(page.body).not.toContain('src="./');
    expect((await call(server, "GET", "/api/report/preview")).status).toBe(404);
  });
});

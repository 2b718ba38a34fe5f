/**
 * `POST /api/save` (the study form's Save) by raw HTTP against a running `metakit serve`:
 * the token and the Origin are required, the file must stay inside DIR (`..`, a symbolic
 * link out), the body has a size limit, a file changed since it was read is refused with
 * 409, an edit that makes the file invalid (validate's checks, cross-record included) is
 * refused with 422, and in every refusal the file is untouched; a good edit is written
 * with only its node changed and the new hash returned.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, startServer, type RunningServer } from "@metakit/cli/serve/server";

interface Answer {
  readonly status: number;
  readonly body: string;
}

const TRIAL = `# a review of one trial
studies:
  - id: t1
    indication: pain
    citation: {year: 2020}
    design: parallel-rct
    population: adults
    provenance: {source: NCT1, location: registry, quote: "see table", status: verified}
arms:
  - {study: t1, id: a, type: experimental, intervention: drug, doseMissing: not reported}
  - {study: t1, id: b, type: placebo, intervention: placebo}
results:
  - id: r1
    study: t1
    outcome: {domain: pain, instrument: NRS, better: lower}
    form: continuous
    measure: final
    provenance: {source: NCT1, location: table 2, quote: "mean (SD)", status: verified}
    arms:
      - {arm: a, mean: 3.1, sd: 1.2, n: 10} # drug
      - {arm: b, mean: 4.0, sd: 1.5, n: 10}
`;

const hash = (text: string) => createHash("sha256").update(text).digest("hex");

describe("metakit serve: POST /api/save", () => {
  const base = mkdtempSync(join(tmpdir(), "metakit-save-"));
  const review = join(base, "review");
  const app = join(base, "app");
  const file = join(review, "data", "trial.yaml");
  let server: RunningServer;

  function post(body: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((done, fail) => {
      const origin = `http://127.0.0.1:${server.port}`;
      const all = { host: `127.0.0.1:${server.port}`, origin, cookie: `metakit_token=${server.token}`, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers };
      const req = request({ host: "127.0.0.1", port: server.port, path: "/api/save", method: "POST", headers: all }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => done({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", fail);
      req.end(body);
    });
  }
  const save = (edits: unknown[], options: { file?: string; hash?: string } = {}) =>
    post(JSON.stringify({ file: options.file ?? "data/trial.yaml", hash: options.hash ?? hash(readFileSync(file, "utf8")), edits }));

  beforeAll(async () => {
    mkdirSync(join(review, "data"), { recursive: true });
    mkdirSync(app);
    writeFileSync(join(app, "index.html"), "<!doctype html><title>app</title>");
    writeFileSync(file, TRIAL);
    writeFileSync(join(base, "outside.yaml"), TRIAL);
    symlinkSync(join(base, "outside.yaml"), join(review, "data", "link.yaml"));
    server = await startServer({ root: review, appDir: app, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });

  const SD = ["results", 0, "arms", 1, "sd"];

  it("writes an edit, changing only that node, and answers the new hash", async () => {
    const answer = await save([{ path: SD, value: 1.6 }]);
    expect(answer.status).toBe(200);
    const text = readFileSync(file, "utf8");
    expect(text).toBe(TRIAL.replace("{arm: b, mean: 4.0, sd: 1.5, n: 10}", "{arm: b, mean: 4.0, sd: 1.6, n: 10}"));
    expect(JSON.parse(answer.body)).toEqual({ hash: hash(text), text });
    writeFileSync(file, TRIAL);
  });

  it("refuses a request without the token, or from another Origin, or without an Origin", async () => {
    const body = JSON.stringify({ file: "data/trial.yaml", hash: hash(TRIAL), edits: [{ path: SD, value: 9 }] });
    expect((await post(body, { cookie: "metakit_token=wrong" })).status).toBe(403);
    expect((await post(body, { origin: "http://evil.example" })).status).toBe(403);
    expect((await post(body, { origin: "" })).status).toBe(403);
    expect((await post(body, { host: "evil.example" })).status).toBe(421);
    expect(readFileSync(file, "utf8")).toBe(TRIAL);
  });

  it("refuses a file outside DIR, by .. or by a symbolic link, and a file that is not YAML", async () => {
    expect((await save([{ path: SD, value: 9 }], { file: "../outside.yaml", hash: hash(TRIAL) })).status).toBe(403);
    expect((await save([{ path: SD, value: 9 }], { file: "data/link.yaml", hash: hash(TRIAL) })).status).toBe(403);
    expect((await save([{ path: SD, value: 9 }], { file: "data/trial.csv", hash: hash(TRIAL) })).status).toBe(400);
    expect(readFileSync(join(base, "outside.yaml"), "utf8")).toBe(TRIAL);
  });

  it("refuses a body over the size limit, and requests that are not save requests", async () => {
    const big = JSON.stringify({ file: "data/trial.yaml", hash: hash(TRIAL), edits: [{ path: ["studies", 0, "notes"], value: "x".repeat(MAX_BODY_BYTES) }] });
    expect((await post(big)).status).toBe(413);
    expect((await post("not json")).status).toBe(400);
    expect(JSON.parse((await post(JSON.stringify({ file: "data/trial.yaml", hash: "abc", edits: [] }))).body)).toEqual({ error: "the request has no SHA-256 of the file as it was read" });
    expect((await save([{ path: SD }])).status).toBe(400);
    expect((await save([{ path: ["studies", 0, "__proto__"], value: 1 }])).status).toBe(422);
    expect(readFileSync(file, "utf8")).toBe(TRIAL);
  });

  it("refuses with 409 when the file changed on disk since it was read, leaving the change on disk", async () => {
    const read = hash(TRIAL);
    const changed = TRIAL.replace("# a review of one trial", "# a review of one trial (edited by hand)");
    writeFileSync(file, changed);
    const answer = await save([{ path: SD, value: 1.7 }], { hash: read });
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body).error).toMatch(/^not saved: data\/trial\.yaml changed on disk since this page read it\. Nothing was written\./);
    expect(readFileSync(file, "utf8")).toBe(changed);
    writeFileSync(file, TRIAL);
  });

  it("refuses an edit that makes the file invalid (a negative SD; an unknown arm, a cross-record check), the file untouched", async () => {
    const negative = await save([{ path: SD, value: -1.5 }]);
    expect(negative.status).toBe(422);
    expect(JSON.parse(negative.body)).toEqual({
      error: "not saved: data/trial.yaml would have 1 error; data/trial.yaml is unchanged",
      problems: ["data/trial.yaml:21:33: results[0].arms[1].sd: sd is negative (-1.5)"],
    });
    const unknownArm = await save([{ path: ["results", 0, "arms", 1, "arm"], value: "c" }]);
    expect(unknownArm.status).toBe(422);
    expect(JSON.parse(unknownArm.body).problems).toEqual(["data/trial.yaml:21:15: results[0].arms[1].arm: unknown arm \"c\" of study \"t1\""]);
    expect(readFileSync(file, "utf8")).toBe(TRIAL);
  });
});

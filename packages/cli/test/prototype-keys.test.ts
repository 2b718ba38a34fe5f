/**
 * Text a user wrote never reaches an object's prototype (issue 11, kind 1): mapping keys
 * such as __proto__, constructor or toString are refused at their position (the schema
 * library dropped a "__proto__" characteristic without a word), and labels and subgroup
 * values with those names run through analyze and report as ordinary text: the BCG
 * sample with its allocation groups renamed __proto__, constructor and toString, and three
 * first authors renamed likewise, gives the same subgroup estimates as the original.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { metakit, repoRoot } from "./run-cli.js";

const NAMES = { random: "__proto__", alternate: "constructor", systematic: "toString" } as const;

/** The BCG sample in a new folder, its allocation values and three first authors renamed to prototype names. */
function hostileBcg(): string {
  const dir = mkdtempSync(join(tmpdir(), "metakit-proto-"));
  let trials = readFileSync(`${repoRoot}data/sample/bcg/trials.yaml`, "utf8");
  for (const [from, to] of Object.entries(NAMES)) trials = trials.replaceAll(`allocation: ${from}`, `allocation: ${to}`);
  trials = trials.replace("authors: [Aronson]", "authors: [__proto__]").replace("authors: [Rosenthal]", "authors: [constructor]").replace("authors: [Ferguson, Simes]", "authors: [toString]");
  writeFileSync(join(dir, "trials.yaml"), trials);
  writeFileSync(join(dir, "analysis.yaml"), readFileSync(`${repoRoot}data/sample/bcg/analysis.yaml`, "utf8"));
  return dir;
}

interface Subgroups {
  syntheses: { subgroups: { variable: string; groups: { group: string; results: string[]; pooled: { model: { estimate: number } } }[] }[] }[];
}

async function allocationGroups(spec: string, data: string) {
  const run = await metakit("analyze", spec, "--data", data, "--format", "json");
  expect(run.code).toBe(0);
  const result = JSON.parse(run.stdout) as Subgroups;
  const groups = result.syntheses[0]!.subgroups.find((s) => s.variable === "allocation")!.groups;
  return new Map(groups.map((g) => [g.group, { k: g.results.length, estimate: g.pooled.model.estimate }]));
}

describe("keys and labels named like prototype properties", () => {
  it("mapping keys __proto__, constructor, toString are refused where they stand, in YAML and JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "metakit-proto-"));
    const yaml = join(dir, "a.yaml");
    writeFileSync(
      yaml,
      "kind: extraction\nid: a\n__proto__: {polluted: 1}\nstudies:\n  - id: s1\n    indication: pain\n    citation: {authors: [A], year: 2000}\n    design: parallel-rct\n    population: adults\n    characteristics: {toString: 1, __proto__: 2}\n",
    );
    const run = await metakit("validate", yaml);
    expect(run.code).toBe(1);
    const reserved = (key: string) => `"${key}" names no field (it is a name every JavaScript object has); rename or remove the key`;
    expect(run.stderr.split("\n").slice(0, 3)).toEqual([
      `${yaml}:3:12: __proto__: ${reserved("__proto__")}`,
      `${yaml}:10:33: studies[0].characteristics.toString: ${reserved("toString")}`,
      `${yaml}:10:47: studies[0].characteristics.__proto__: ${reserved("__proto__")}`,
    ]);
    const json = join(dir, "b.json");
    writeFileSync(json, JSON.stringify({ kind: "extraction", id: "b", studies: [] }).replace("{", '{"__proto__":{"x":1},'));
    expect((await metakit("validate", json)).stderr).toContain(`${json}:__proto__: ${reserved("__proto__")}`);
  });

  it("subgroups and study labels named __proto__, constructor, toString analyse as the original BCG sample", async () => {
    const dir = hostileBcg();
    const original = await allocationGroups(`${repoRoot}data/sample/bcg/analysis.yaml`, `${repoRoot}data/sample/bcg`);
    const hostile = await allocationGroups(join(dir, "analysis.yaml"), dir);
    expect([...hostile.keys()].sort()).toEqual(Object.values(NAMES).sort());
    for (const [from, to] of Object.entries(NAMES)) expect(hostile.get(to)).toEqual(original.get(from));
    const text = await metakit("analyze", join(dir, "analysis.yaml"), "--data", dir);
    expect(text.stdout).toMatch(/^  constructor: Risk ratio 0\.58 \[0\.34, 1\.01\], k = 2 /m);
    expect(text.stdout).not.toMatch(/\[object Object\]|function |native code/);
  });

  it("the report on them names the groups and studies and shows no object or function text", { timeout: 180_000 }, async () => {
    const dir = hostileBcg();
    const out = join(dir, "report");
    const run = await metakit("report", join(dir, "analysis.yaml"), "--data", dir, "--out", out);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const html = readFileSync(join(out, "index.html"), "utf8");
    for (const name of Object.values(NAMES)) expect(html).toContain(`${name}: `);
    for (const label of ["__proto__ 1948", "constructor 1960", "toString 1949"]) expect(html).toContain(label);
    expect(html).not.toMatch(/\[object Object\]|function \w*\(|native code/);
  });
});

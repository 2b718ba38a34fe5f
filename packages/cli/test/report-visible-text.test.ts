/**
 * Issue 14: the report's visible text, read as a reader reads it, on the naltrexone review
 * and the BCG sample: index.html as text (tags and styles removed, the figures' text kept),
 * every Markdown and CSV file. No internal id of a study, result, assumption, arm-free
 * record, synthesis, scenario or claim from data/ and the specs (ids with a digit or a
 * hyphen: a plain-word id such as "pain" is also a word); no raw notation (backticks,
 * "_{", unrounded floats with five or more decimals); no NaN, undefined or null (the
 * phrase "was null" of a trial's result is English); no "1 studies".
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metakit, repoRoot } from "./run-cli.js";

const TIMEOUT = 180_000;

function filesUnder(folder: string, pattern: RegExp): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return filesUnder(path, pattern);
      return pattern.test(name) ? [path] : [];
    });
}

/**
 * Every record id of the YAML and CSV inputs (an `id:` key, or a CSV's id column) and of
 * the specs; an id that is words of its own label on the next line ("common-effect" of
 * "Common-effect model") is those words when prose uses it, and is not looked for.
 */
function inputIds(folders: readonly string[]): string[] {
  const ids = new Set<string>();
  const words = new Set<string>();
  for (const file of folders.flatMap((f) => filesUnder(f, /\.(ya?ml|csv)$/))) {
    const text = readFileSync(file, "utf8");
    if (file.endsWith(".csv")) {
      const [header, ...rows] = text.split(/\r?\n/);
      if (header?.split(",")[0] === "id") for (const row of rows) ids.add(row.split(",")[0] ?? "");
    } else {
      for (const m of text.matchAll(/^\s*-?\s*id:\s*"?([^\s"#,}]+)"?/gm)) ids.add(m[1]!);
      for (const m of text.matchAll(/^\s*-?\s*id:\s*"?([^\s"#,}]+)"?\s*\n\s*label:\s*(.+)$/gm)) if (m[2]!.toLowerCase().includes(m[1]!.toLowerCase())) words.add(m[1]!);
    }
  }
  return [...ids].filter((id) => /[0-9-]/.test(id) && !words.has(id)).sort((a, b) => b.length - a.length);
}

/** index.html as text: styles and tags removed, entities decoded; SVG text stays. */
function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const RAW: readonly [string, RegExp][] = [
  ["backtick", /`/g],
  ["TeX subscript", /_\{/g],
  ["unrounded float", /\d+\.\d{5,}/g],
  ["NaN", /\bNaN\b/g],
  ["undefined", /\bundefined\b/g],
  ["null", /(?<!\b(?:was|were|is|are) )\bnull\b/g],
  ["1 studies", /\b1 studies\b/g],
];

/**
 * The spec's intervention capitalised after a word of a running sentence ("no effect of
 * Naltrexone (50-150 mg/day)"): one pattern per spec intervention whose first word is an
 * ordinary capitalised word (an acronym such as "BCG" keeps its capitals). A cell or heading
 * that begins with it follows no such word.
 */
function interventionPatterns(folders: readonly string[]): [string, RegExp][] {
  const firsts = new Set<string>();
  for (const file of folders.flatMap((f) => filesUnder(f, /\.ya?ml$/))) {
    const text = readFileSync(file, "utf8");
    if (!/^kind:\s*analysis\b/m.test(text)) continue;
    const first = /^ {2}intervention:\s*"?([A-Z][a-z]+(?:-[a-z]+)?)\b/m.exec(text)?.[1];
    if (first !== undefined) firsts.add(first);
  }
  return [...firsts].map((word) => [`'${word}' mid-sentence`, new RegExp(`\\b(?:of|with|for|than|to|that|and|on|in) ${escape(word)}\\b`, "g")]);
}

/**
 * The text without what is quoted verbatim from elsewhere: the reference list (article titles
 * keep their capitals, DOIs their digits) and titles in curly quotes (“What is the role of
 * Naltrexone ...”, a secondary source's own title). The ids are still looked for everywhere.
 */
function withoutVerbatim(html: string): string {
  return html.replace(/<section id="references">[\s\S]*?<\/section>/g, " ");
}
const withoutQuotedTitles = (text: string) => text.replace(/“[^”]*”/g, "“”");

/** Each finding as "file: kind 'match' in '...context...'". */
function findings(out: string, ids: readonly string[], extra: readonly [string, RegExp][] = []): string[] {
  const idPattern = new RegExp(`(?<![\\w/.-])(${ids.map(escape).join("|")})(?![\\w/-]|\\.\\w)`, "g");
  return filesUnder(out, /\.(html|md|csv)$/).flatMap((file) => {
    const raw = readFileSync(file, "utf8");
    const all = file.endsWith(".html") ? htmlText(raw) : raw;
    const text = withoutQuotedTitles(file.endsWith(".html") ? htmlText(withoutVerbatim(raw)) : raw);
    const where = (index: number) => text.slice(Math.max(0, index - 50), index + 50).replace(/\s+/g, " ");
    const name = relative(out, file);
    return [
      ...[...all.matchAll(idPattern)].map((m) => `${name}: id '${m[0]}' in '${all.slice(Math.max(0, m.index - 50), m.index + 50).replace(/\s+/g, " ")}'`),
      ...[...RAW, ...extra].flatMap(([kind, re]) => [...text.matchAll(re)].map((m) => `${name}: ${kind} '${m[0]}' in '${where(m.index)}'`)),
    ];
  });
}

describe.each([
  { name: "the naltrexone review", specs: join(repoRoot, "analyses"), data: join(repoRoot, "data"), inputs: [join(repoRoot, "analyses"), join(repoRoot, "data")] },
  { name: "the BCG sample", specs: join(repoRoot, "data", "sample", "bcg"), data: join(repoRoot, "data", "sample", "bcg"), inputs: [join(repoRoot, "data", "sample", "bcg")] },
])("the visible text of the report on $name", ({ specs, data, inputs }) => {
  const out = mkdtempSync(join(tmpdir(), "metakit-visible-"));
  const ids = inputIds(inputs);
  const interventions = interventionPatterns(inputs);

  beforeAll(async () => {
    const run = await metakit("report", specs, "--data", data, "--out", out);
    expect(run.stderr).toBe("");
  }, TIMEOUT);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("the checks have something to find: the inputs name ids and the report has text", () => {
    expect(ids.length).toBeGreaterThan(10);
    if (inputs.some((folder) => folder.endsWith("analyses"))) expect(interventions.map(([kind]) => kind).sort()).toEqual(["'Low-dose' mid-sentence", "'Naltrexone' mid-sentence"]);
    expect(filesUnder(out, /\.(html|md|csv)$/).length).toBeGreaterThan(3);
  });

  it("has no internal id, raw notation, NaN, undefined, null, '1 studies' or capitalised intervention mid-sentence in index.html, the Markdown or the CSVs", () => {
    expect(findings(out, ids, interventions)).toEqual([]);
  });
});

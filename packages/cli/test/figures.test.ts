/**
 * Figures from a CSV: `forest`, `funnel`, and `--plot` on `sensitivity` and `regress`,
 * on the BCG sample (data/sample/bcg.csv, metadat's dat.bcg) and the metafor oracle CSVs
 * (packages/fixtures/metafor, copied from shared/reference). Each figure is read back:
 * the studies' labels are in it, and its numbers are the text of the command that
 * computes them (pool, pool --by, bias --trimfill, sensitivity --leave-one-out --format
 * json), which are checked against metafor 3.8-1 elsewhere (pool.test.ts, sample-bcg.test.ts;
 * for dat.bcg, rma(measure = "RR") gives RR 0.49 [0.34, 0.70], packages/fixtures/report/
 * sample-bcg.json). PNG files carry 300 dpi in their pHYs chunk; PDF files are one page.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatEffectCi, formatInterval, formatWeight, heterogeneityText, subgroupDifferencesText } from "@metakit/report/format";
import { JOURNAL_WIDTHS_MM, pngDpi, svgPrintSize } from "@metakit/report";
import { metakit, repoRoot } from "./run-cli.js";

const TIMEOUT = 120_000;
const bcg = join(repoRoot, "data/sample/bcg.csv");
const oracle = (name: string) => join(repoRoot, "packages/fixtures/metafor", name);
const out = (name: string) => join(mkdtempSync(join(tmpdir(), "metakit-figures-")), name);

/** The SVG's text, entities decoded, as one string per text element. */
function svgTexts(svg: string): string[] {
  const decode = (t: string) => t.replace(/&(lt|gt|amp|quot|#39|apos);/g, (_, n: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', "#39": "'", apos: "'" })[n]!);
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]!));
}

async function json(...args: string[]) {
  const r = await metakit(...args, "--format", "json");
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

async function figure(...args: string[]): Promise<string[]> {
  const target = out("figure.svg");
  const r = await metakit(...args, "-o", target);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain(target);
  return svgTexts(readFileSync(target, "utf8"));
}

describe("metakit forest FILE.csv", () => {
  it("draws every study of the BCG sample with pool's effects, weights, pooled estimate, prediction interval and footer", { timeout: TIMEOUT }, async () => {
    const pool = await json("pool", bcg, "--measure", "RR");
    const texts = await figure("forest", bcg, "--measure", "RR");
    // a long label wraps at print width: compared without white space
    for (const study of pool.studies) expect(texts.join("").replace(/\s+/g, "")).toContain(study.replace(/\s+/g, ""));
    const b = pool.backTransformed;
    expect(texts).toContain(formatEffectCi(b.estimate, b.ciLower, b.ciUpper));
    expect(formatEffectCi(b.estimate, b.ciLower, b.ciUpper)).toBe("0.49 [0.34, 0.70]"); // metafor 3.8-1, sample-bcg.json
    expect(texts).toContain(formatInterval(b.piLower, b.piUpper));
    for (const w of pool.weights) expect(texts).toContain(formatWeight(w));
    // the footer and the method line wrap at print width: compared without white space
    const bare = (text: string) => text.replace(/\s+/g, "");
    expect(bare(texts.join(""))).toContain(bare(heterogeneityText({ tau2: pool.tau2, QE: pool.QE, df: pool.QEdf, QEp: pool.QEp, I2: pool.I2 })));
    expect(bare(texts.join(""))).toContain(bare("IV, Random (REML), 95% CI"));
    // per-arm columns: Aronson 1948 has 4 of 123 vaccinated and 11 of 139 controls with TB
    for (const n of ["4", "123", "11", "139"]) expect(texts).toContain(n);
  });

  it("--by draws each subgroup's subtotal as pool --by computes it, the overall diamond and the test for subgroup differences", { timeout: TIMEOUT }, async () => {
    const by = await json("pool", bcg, "--measure", "RR", "--by", "alloc");
    const all = await json("pool", bcg, "--measure", "RR");
    const texts = await figure("forest", bcg, "--measure", "RR", "--by", "alloc", "--sort", "year");
    for (const g of by.subgroups) {
      expect(texts).toContain(g.group);
      const b = g.backTransformed;
      expect(texts).toContain(formatEffectCi(b.estimate, b.ciLower, b.ciUpper));
    }
    expect(texts).toContain(formatEffectCi(all.backTransformed.estimate, all.backTransformed.ciLower, all.backTransformed.ciUpper));
    const d = by.subgroupDifferences;
    expect(texts).toContain(subgroupDifferencesText({ QM: d.QB, df: d.df, QMp: d.pval, I2: d.I2 }));
    expect(texts.filter((t) => t === "Subtotal (95% CI)")).toHaveLength(3);
  });

  it("--sort orders the rows by a column, --label takes the labels from another", { timeout: TIMEOUT }, async () => {
    const texts = await figure("forest", bcg, "--measure", "RR", "--sort", "year", "--label", "year");
    const years = texts.filter((t) => /^19\d\d$/.test(t)).map(Number);
    expect(years).toHaveLength(13);
    expect(years).toEqual([...years].sort((a, b) => a - b));
  });

  it("--sort reads the column with the one strict number reader: hex is text, so the rows sort as text", { timeout: TIMEOUT }, async () => {
    const file = out("hex-sort.csv");
    writeFileSync(file, "study,yi,vi,rank\nAlpha,0.1,0.04,0x10\nBravo,0.2,0.05,9\nCharlie,0.3,0.06,10\n");
    const texts = await figure("forest", file, "--measure", "GEN", "--sort", "rank");
    const order = texts.filter((t) => ["Alpha", "Bravo", "Charlie"].includes(t));
    expect(order).toEqual(["Alpha", "Charlie", "Bravo"]); // "0x10" < "10" < "9" as text; Number() would give 9, 10, 16
  });

  it.each([
    ["S04_normand_md.csv", "MD"],
    ["S07_hine_rd.csv", "RD"],
    ["S09_viechtbauer2005_gen.csv", "GEN"],
    ["S15_pritz_plo.csv", "PLO"],
    ["S21_interview_zcor.csv", "ZCOR"],
  ])("the oracle CSV %s (%s): every study's label and pool's pooled estimate", { timeout: TIMEOUT }, async (file, measure) => {
    const pool = await json("pool", oracle(file), "--measure", measure);
    const texts = await figure("forest", oracle(file), "--measure", measure);
    // a long label wraps at print width: compared without white space
    for (const study of pool.studies) expect(texts.join("").replace(/\s+/g, "")).toContain(study.replace(/\s+/g, ""));
    const b = pool.backTransformed ?? pool;
    expect(texts).toContain(formatEffectCi(b.estimate, b.ciLower, b.ciUpper));
  });

  it("--method MH draws the Mantel-Haenszel estimate with RevMan's method line; --transf none the log scale", { timeout: TIMEOUT }, async () => {
    const pool = await json("pool", bcg, "--measure", "OR", "--method", "MH");
    const texts = await figure("forest", bcg, "--measure", "OR", "--method", "MH");
    expect(texts).toContain("M-H, Fixed, 95% CI");
    expect(texts).toContain(formatEffectCi(pool.backTransformed.estimate, pool.backTransformed.ciLower, pool.backTransformed.ciUpper));
    const log = await figure("forest", bcg, "--measure", "RR", "--transf", "none");
    const re = await json("pool", bcg, "--measure", "RR");
    expect(log).toContain(formatEffectCi(re.estimate, re.ciLower, re.ciUpper));
  });

  it("writes the SVG at a journal width in mm, PNG at 300 dpi (pHYs) of that size, and a one-page PDF of that size", { timeout: TIMEOUT }, async () => {
    const svg = out("f.svg");
    const png = out("f.png");
    const pdf = out("f.pdf");
    for (const target of [svg, png, pdf]) expect((await metakit("forest", bcg, "--measure", "RR", "-o", target)).code).toBe(0);
    const bytes = new Uint8Array(readFileSync(png));
    expect(pngDpi(bytes)?.x).toBeCloseTo(300, 1);
    const width = new DataView(bytes.buffer, bytes.byteOffset).getUint32(16);
    const size = svgPrintSize(readFileSync(svg, "utf8")).mm;
    expect(JOURNAL_WIDTHS_MM as readonly number[]).toContain(size.width);
    expect(Math.abs(width - (size.width / 25.4) * 300)).toBeLessThanOrEqual(1);
    const text = readFileSync(pdf).toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(text.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    // The page is the figure's size: MediaBox in points of its width and height in mm.
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(text)!.slice(1).map(Number);
    expect((box[0]! * 25.4) / 72).toBeCloseTo(size.width, 1);
    expect((box[1]! * 25.4) / 72).toBeCloseTo(size.height, 1);
  });

  it("refuses an unknown extension, an output that is the input, an unknown --label column and BAYES, writing nothing", async () => {
    const jpg = out("f.jpg");
    const bad = await metakit("forest", bcg, "--measure", "RR", "-o", jpg);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.svg, \.png or \.pdf/);
    expect(existsSync(jpg)).toBe(false);
    const copy = out("studies.svg");
    writeFileSync(copy, readFileSync(bcg));
    const self = await metakit("forest", copy, "--measure", "RR", "-o", copy);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/input file/);
    expect(readFileSync(copy, "utf8")).toBe(readFileSync(bcg, "utf8"));
    const label = await metakit("forest", bcg, "--measure", "RR", "--label", "nosuch", "-o", out("x.svg"));
    expect(label.code).toBe(1);
    expect(label.stderr).toMatch(/no column "nosuch"/);
    expect((await metakit("forest", bcg, "--measure", "RR", "--method", "BAYES", "-o", out("x.svg"))).code).toBe(2);
    expect((await metakit("forest", bcg, "--measure", "RR")).code).toBe(2);
  });
});

describe("metakit funnel FILE.csv", () => {
  it("--contours --trimfill: the significance regions and trim and fill's estimate as bias --trimfill computes it", { timeout: TIMEOUT }, async () => {
    const tf = await json("bias", bcg, "--measure", "RR", "--trimfill");
    const texts = await figure("funnel", bcg, "--measure", "RR", "--contours", "--trimfill");
    const note = texts.join(" ");
    expect(note).toContain(formatEffectCi(Math.exp(tf.estimate), Math.exp(tf.ciLower), Math.exp(tf.ciUpper)));
    expect(note).toContain(`${tf.k0} study filled on the ${tf.side}`);
    for (const label of ["p ≤ 0.01", "Filled by trim and fill", "Estimate with the filled studies"]) expect(texts).toContain(label);
    const plain = await figure("funnel", bcg, "--measure", "RR");
    expect(plain).not.toContain("p ≤ 0.01");
    expect(plain).not.toContain("Filled by trim and fill");
  });
});

describe("--plot on sensitivity and regress", () => {
  it("sensitivity --leave-one-out --plot: a row per omitted study with the refit's estimate", { timeout: TIMEOUT }, async () => {
    const loo = await json("sensitivity", bcg, "--measure", "RR", "--leave-one-out");
    const target = out("loo.svg");
    const r = await metakit("sensitivity", bcg, "--measure", "RR", "--leave-one-out", "--plot", target);
    expect(r.code, r.stderr).toBe(0);
    const texts = svgTexts(readFileSync(target, "utf8"));
    loo.labels.forEach((label: string, i: number) => {
      expect(texts).toContain(`Omitting ${label}`);
      expect(texts).toContain(formatEffectCi(Math.exp(loo.estimate[i]), Math.exp(loo.ciLower[i]), Math.exp(loo.ciUpper[i])));
    });
  });

  it("sensitivity --baujat prints each study's coordinates and --plot draws them with the labels", { timeout: TIMEOUT }, async () => {
    const b = await json("sensitivity", bcg, "--measure", "RR", "--baujat");
    expect(b.labels).toHaveLength(13);
    expect(b.x.every((x: number) => x >= 0)).toBe(true);
    const target = out("baujat.png");
    expect((await metakit("sensitivity", bcg, "--measure", "RR", "--baujat", "--plot", target)).code).toBe(0);
    expect(pngDpi(new Uint8Array(readFileSync(target)))?.x).toBeCloseTo(300, 1);
    const svg = out("baujat.svg");
    expect((await metakit("sensitivity", bcg, "--measure", "RR", "--baujat", "--plot", svg)).code).toBe(0);
    const texts = svgTexts(readFileSync(svg, "utf8"));
    for (const label of b.labels) expect(texts).toContain(label);
  });

  it("sensitivity --gosh --plot draws every subset the command fitted (all of them for 13 studies)", { timeout: TIMEOUT }, async () => {
    const target = out("gosh.svg");
    const r = await metakit("sensitivity", bcg, "--measure", "RR", "--gosh", "--plot", target);
    expect(r.code, r.stderr).toBe(0);
    const fits = /(\d+) subsets fitted \(all subsets\)/.exec(r.stdout)?.[1];
    expect(Number(fits)).toBeGreaterThan(8000);
    expect(svgTexts(readFileSync(target, "utf8")).join(" ")).toContain(`${fits} subsets of 13 studies`);
  });

  it("regress --plot: the bubble plot against the one numeric moderator; a choice is needed when there are two", { timeout: TIMEOUT }, async () => {
    const target = out("bubble.svg");
    const r = await metakit("regress", bcg, "--measure", "RR", "--mods", "ablat,alloc", "--plot", target);
    expect(r.code, r.stderr).toBe(0);
    const texts = svgTexts(readFileSync(target, "utf8"));
    expect(texts).toContain("Meta-regression: bcg.csv by ablat");
    expect(texts).toContain("Other moderators held at alloc = alternate.");
    const two = await metakit("regress", bcg, "--measure", "RR", "--mods", "ablat,year", "--plot", out("b.svg"));
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/--bubble/);
    expect((await metakit("regress", bcg, "--measure", "RR", "--mods", "ablat,year", "--bubble", "year", "--plot", out("b.svg"))).code).toBe(0);
  });

  it("--plot is refused for analyses without a figure, and with a bad extension, before any work", async () => {
    const cumulative = await metakit("sensitivity", bcg, "--measure", "RR", "--cumulative", "--plot", out("c.svg"));
    expect(cumulative.code).toBe(2);
    expect(cumulative.stderr).toMatch(/--plot draws/);
    const bad = await metakit("sensitivity", bcg, "--measure", "RR", "--leave-one-out", "--plot", out("c.gif"));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
  });
});

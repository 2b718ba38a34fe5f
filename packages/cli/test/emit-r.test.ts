/**
 * --emit-r: the R scripts' text (CI has no R; `pnpm check:r` runs them with Rscript and
 * compares every number with metakit's JSON). Each script is self-contained (data inline,
 * library(metafor) and jsonlite, no file read), passes metakit's options on as metafor's
 * arguments (the one mapping, emit-r/metafor-args.ts), prints fields under metakit's JSON
 * names, and says so, or refuses with a usage error, where metafor has no equivalent.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { R_HELPERS } from "../src/emit-r/script.js";
import { metakit, repoRoot } from "./run-cli.js";

const bcg = join(repoRoot, "data/sample/bcg.csv");
const oracle = (name: string) => join(repoRoot, "packages/fixtures/metafor", name);

async function script(...args: string[]): Promise<string> {
  const r = await metakit(...args, "--emit-r");
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function refused(...args: string[]): Promise<string> {
  const r = await metakit(...args, "--emit-r");
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  return r.stderr;
}

describe("pool --emit-r", () => {
  it("is self-contained: metafor and jsonlite, the CSV's columns inline, escalc and rma with the defaults, the JSON printed", async () => {
    const text = await script("pool", bcg, "--measure", "RR");
    expect(text).toContain("library(metafor); library(jsonlite)");
    expect(text).not.toMatch(/read\.csv|readLines|file\(/);
    expect(text).toContain('study = c("Aronson 1948", "Ferguson & Simes 1949"');
    expect(text).toContain("ai = c(4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27)");
    expect(text).toContain('dat <- escalc(measure = "RR", ai = ai, bi = bi, ci = ci, di = di, data = dat, slab = study)');
    expect(text).toContain('res <- rma(yi, vi, data = dat, method = "REML", test = "z", level = 95)');
    expect(text).toContain("predict(res, transf = exp)");
    expect(text.trimEnd().endsWith("printJson(out)")).toBe(true);
    expect(text.split("\n")[0]).toMatch(/^# Written by metakit .*: metakit pool bcg\.csv --measure RR --method REML --test z --level 95$/);
  });

  it("the fields the script prints are named as in pool --format json", async () => {
    const json = JSON.parse((await metakit("pool", bcg, "--measure", "RR", "--format", "json")).stdout);
    const list = /pooling <- function[\s\S]*?out <- list\(([\s\S]*?)\n  \)/.exec(R_HELPERS)![1]!;
    const names = [...list.matchAll(/(?:^|,|\n)\s*(\w+) = /g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(Object.keys(json).concat("df")).toContain(name);
    expect(R_HELPERS).toMatch(/backTransformed <- list\(estimate = .*ciLower = .*ciUpper = .*piLower = .*piUpper = /);
  });

  it("passes method, test and level (95 and 0.95 alike), --pi and --tau2-ci on as metafor's arguments", async () => {
    expect(await script("pool", bcg, "--measure", "OR", "--method", "DL", "--test", "knha", "--level", "0.9")).toContain('method = "DL", test = "knha", level = 90');
    expect(await script("pool", bcg, "--measure", "RR", "--pi", "t")).toContain('predict(res, pi.type = "t")');
    expect(await script("pool", bcg, "--measure", "RR", "--pi", "higgins")).toContain('predict(res, pi.type = "riley")');
    expect(await script("pool", bcg, "--measure", "RR", "--tau2-ci")).toContain("confint(res)$random");
  });

  it("MH and PETO use rma.mh and rma.peto on the 2x2 tables; --by fits each subgroup and tests the differences", async () => {
    expect(await script("pool", oracle("S07_hine_rd.csv"), "--measure", "RD", "--method", "MH")).toContain('rma.mh(measure = "RD", ai = ai, ci = ci, n1i = n1i, n2i = n2i, data = dat, level = 95, slab = study)');
    expect(await script("pool", bcg, "--measure", "OR", "--method", "PETO")).toContain("rma.peto(ai = ai, bi = bi, ci = ci, di = di, data = dat");
    const by = await script("pool", bcg, "--measure", "RR", "--by", "alloc");
    expect(by).toContain('dat[["alloc"]]');
    expect(by).toContain('alloc = c("random", "random", "random", "random", "alternate"');
    expect(by).toMatch(/qb <- rma\(.*method = "EE"\)/);
    expect(by).toContain("subgroupDifferences = list(QB = QB");
    const common = await script("pool", bcg, "--measure", "RR", "--by", "alloc", "--common-tau2");
    expect(common).toContain('mm <- rma(yi, vi, mods = ~ 0 + factor(.group, levels = groups), data = dat, method = "REML", test = "z", level = 95)');
    expect(common).toContain("tau2 = mm$tau2, data = dat[dat$.group == g");
    expect(common).toContain('tau2Across = "common"');
  });

  it("says in a comment where metafor versions differ (SMDH), and refuses what metafor cannot do", async () => {
    const smdh = await script("pool", oracle("S05_normand_smd.csv"), "--measure", "SMDH");
    expect(smdh).toMatch(/^# SMDH: metakit used the current metafor formulas .*--metafor-compat 3\.8/m);
    expect(await refused("pool", bcg, "--measure", "RR", "--method", "BAYES", "--tau-prior", "halfnormal:0.5")).toMatch(/--method BAYES cannot be written as metafor code/);
    expect(await refused("pool", bcg, "--measure", "RR", "--pi", "z", "--test", "knha")).toMatch(/--pi z cannot be written as metafor code/);
  });
});

describe("pool --cluster / --robust --emit-r", () => {
  const konstantopoulos = join(repoRoot, "packages/fixtures/published/dat.konstantopoulos2011.csv");
  it("the three-level model as rma.mv, CR2 by clubSandwich, CR1 by robust(adjust = TRUE); the partner options checked as the command does", async () => {
    const three = await script("pool", konstantopoulos, "--measure", "GEN", "--cluster", "district", "--inner", "school");
    expect(three).toContain('dat$.cluster <- dat[["district"]]; dat$.inner <- dat[["school"]]');
    expect(three).toContain('rma.mv(yi, vi, random = ~ 1 | .cluster/.inner, data = dat, method = "REML", test = "z", level = 95)');
    expect(await script("pool", konstantopoulos, "--measure", "GEN", "--robust", "district")).toContain('clubSandwich::coef_test(res, vcov = "CR2", cluster = cl, test = "Satterthwaite")');
    expect(await script("pool", konstantopoulos, "--measure", "GEN", "--robust", "district", "--small-sample", "CR1")).toContain("robust(res, cluster = cl, adjust = TRUE)");
    expect(await refused("pool", konstantopoulos, "--measure", "GEN", "--inner", "school")).toMatch(/--inner needs --cluster/);
    const both = await script("pool", konstantopoulos, "--measure", "GEN", "--cluster", "district", "--robust", "district");
    expect(both).toContain("random = ~ 1 | .cluster/.inner");
    expect(both).toContain("rb <- robust(res, cluster = cl, clubSandwich = TRUE)");
  });
});

describe("regress, sensitivity and bias --emit-r", () => {
  it("regress: numeric moderators as numbers, categorical ones as factors with metakit's reference level first", async () => {
    const text = await script("regress", bcg, "--measure", "RR", "--mods", "ablat,alloc");
    expect(text).toContain("ablat = c(44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33)");
    expect(text).toContain('factor(trimws(dat[["alloc"]]), levels = c("alternate", "random", "systematic"))');
    expect(text).toContain('rma(yi, vi, mods = ~ ablat + alloc, data = dat, method = "REML", test = "z", level = 95)');
    expect(await script("regress", bcg, "--measure", "RR", "--mods", "alloc", "--reference", "alloc=random")).toContain('levels = c("random", "alternate", "systematic")');
    const predict = await script("regress", bcg, "--measure", "RR", "--mods", "ablat,alloc", "--predict", "ablat=20,alloc=random");
    expect(predict).toContain('nd <- data.frame(ablat = c(20), alloc = factor(c("random"), levels = levels(dat[["alloc"]])), check.names = FALSE)');
    expect(predict).toContain("predict(res, newmods = model.matrix(~ ablat + alloc, nd)[, -1, drop = FALSE])");
    expect(await refused("regress", bcg, "--measure", "RR", "--mods", "ablat,alloc", "--predict", "ablat=20")).toMatch(/without alloc/);
    expect(await refused("regress", bcg, "--measure", "RR", "--mods", "ablat", "--permutations", "100")).toMatch(/--permutations/);
  });

  it("sensitivity: leave1out, cumul ordered by a column, influence, baujat; GOSH refused", async () => {
    expect(await script("sensitivity", bcg, "--measure", "RR", "--leave-one-out")).toContain("s <- leave1out(res)");
    expect(await script("sensitivity", bcg, "--measure", "RR", "--cumulative", "--order", "year", "--decreasing")).toContain('s <- cumul(res, order = -dat[["year"]])');
    expect(await script("sensitivity", bcg, "--measure", "RR", "--influence")).toContain("inf <- influence(res)");
    expect(await script("sensitivity", bcg, "--measure", "RR", "--baujat")).toContain("b <- baujat(res)");
    expect(await refused("sensitivity", bcg, "--measure", "RR", "--gosh")).toMatch(/--gosh/);
  });

  it("bias: regtest, ranktest, trimfill and fsn with the command's options; Orwin weighted as current metafor unless --metafor-compat 3.8", async () => {
    expect(await script("bias", bcg, "--measure", "RR", "--egger", "--egger-model", "lm")).toContain('regtest(res, model = "lm", predictor = "sei", ret.fit = TRUE)');
    expect(await script("bias", bcg, "--measure", "RR", "--begg")).toContain("ranktest(yi, vi, data = dat)");
    const ni = await script("bias", bcg, "--measure", "RR", "--egger", "--predictor", "ninv");
    expect(ni).toContain("n <- ifelse(is.na(n), dat$ai + dat$bi + dat$ci + dat$di, n)");
    expect(ni).toContain('regtest(res, model = "rma", predictor = "ninv", ni = n, ret.fit = TRUE)');
    expect(await script("bias", bcg, "--measure", "RR", "--trimfill", "--estimator", "R0", "--side", "left")).toContain('trimfill(res, estimator = "R0", side = "left")');
    expect(await script("bias", bcg, "--measure", "RR", "--fsn", "--type", "Orwin")).toContain('fsn(yi, vi, data = dat, type = "Orwin", weighted = TRUE)');
    expect(await script("bias", bcg, "--measure", "RR", "--fsn", "--type", "Orwin", "--metafor-compat", "3.8")).toContain('fsn(yi, vi, data = dat, type = "Orwin")');
    expect(await script("bias", bcg, "--measure", "RR", "--pet-peese", "--level", "90")).toContain("lm(yi ~ sei, weights = 1 / vi, data = dat)");
    expect(await refused("bias", bcg, "--measure", "OR", "--harbord")).toMatch(/--harbord/);
  });
});

describe("analyze --emit-r", () => {
  it("writes each synthesis of the spec from metakit's effect sizes, with its subgroups, leave-one-out and meta-regressions", async () => {
    const spec = join(repoRoot, "data/sample/bcg/analysis.yaml");
    const data = join(repoRoot, "data/sample/bcg");
    const result = JSON.parse((await metakit("analyze", spec, "--data", data, "--format", "json")).stdout);
    const text = await script("analyze", spec, "--data", data);
    const s = result.syntheses[0];
    expect(text).toContain(`# synthesis ${s.id}:`);
    expect(text).toContain(`yi = c(${s.pooled.model.studies.yi.join(", ")})`);
    expect(text).toContain('method = "REML", test = "z", level = 95');
    expect(text).toContain(`variable = "${s.subgroups[0].variable}"`);
    expect(text).toContain("l <- leave1out(res)");
    expect(text).toContain("mods = ~ x");
    expect(text.trimEnd().endsWith("printJson(list(syntheses = syntheses))")).toBe(true);
  }, 30_000);
});

/**
 * `metakit report [SPEC...] [--data PATH...] [--out reports/] [--pdf]`: runs every analysis
 * spec (default: all of analyses/) on the extracted data, and writes the review report:
 * OUT/index.html (self-contained) and per indication OUT/<id>/ with forest.svg, forest.png,
 * forest.csv, evidence.md, evidence.csv, narrative.csv, sof.md and results.json (the
 * analysis as `metakit analyze --format json` gives it); the whole report as Word in
 * OUT/review.docx; the claims audit as OUT/claims.md and .csv; the PRISMA 2020 flow diagram as
 * OUT/prisma-flow.svg, .png and .pdf when data/ has a screening record (every figure has its
 * PDF); with --pdf, OUT/report.pdf. Same inputs, same bytes. @metakit/report (vega,
 * resvg) and playwright-core are imported only when the command runs.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { FontFiles } from "@metakit/report";
import { MetakitError } from "@metakit/base";
import { type AnalysisSpec, type Claim, type ParsedAnalysis } from "@metakit/schema";
import { analyzeSpec, indexData, reportInputOf, type AnalysedSpec } from "@metakit/review";
import type { Io } from "../io.js";
import { cliVersion } from "../version.js";
import { BROWSER_PATHS, findBrowser, findFontFiles } from "../machine.js";
import { toJson } from "../output.js";
import { writeFileAtomically } from "../files.js";
import { checkReportFolder, writeReportFolder, type OutputFile } from "../report/write.js";
import { formatProblem, collectDataFiles, readAndParse, readExtractions, refuseSpecErrors } from "../schema-io.js";

export const DEFAULT_SPEC_PATHS = ["analyses"] as const;
export const DEFAULT_REPORT_DATA = ["data"] as const;
/** The title of a report of several specs that name no report title. */
export const GENERIC_REPORT_TITLE = "Systematic review report";

interface ReportCommandOptions {
  readonly data: readonly string[];
  readonly out: string;
  readonly pdf?: boolean;
  readonly title?: string;
}

/**
 * The report's title: --title, else the `reportTitle` the specs give (they must agree), else
 * the title of a single spec, else GENERIC_REPORT_TITLE.
 */
export function reportTitleOf(specs: readonly AnalysisSpec[], given: string | undefined): string {
  if (given !== undefined) return given;
  const titles = [...new Set(specs.flatMap((spec) => (spec.reportTitle === undefined ? [] : [spec.reportTitle])))];
  if (titles.length > 1) {
    throw new MetakitError("INVALID_INPUT", `report: the specs name different report titles (${titles.map((t) => `"${t}"`).join(", ")}); make their reportTitle agree or give --title`, { field: "reportTitle", value: titles.join("; ") });
  }
  const [shared] = titles;
  const [only] = specs;
  return shared ?? (specs.length === 1 && only !== undefined ? only.title : GENERIC_REPORT_TITLE);
}

/** The analysis specs under the paths, in path order; any that does not parse stops the command. */
function readSpecs(paths: readonly string[], io: Io): ParsedAnalysis[] {
  const collected = collectDataFiles(paths);
  const errors = collected.issues.filter((issue) => issue.severity === "error");
  const specs: ParsedAnalysis[] = [];
  for (const file of collected.files) {
    const outcome = readAndParse(file);
    errors.push(...outcome.issues.filter((issue) => issue.severity === "error"));
    if (outcome.parsed?.type === "analysis") specs.push(outcome.parsed);
  }
  for (const issue of errors) io.stderr(`${formatProblem(issue)}\n`);
  if (errors.length > 0) throw new MetakitError("INVALID_INPUT", `report: the specs do not parse; run metakit validate ${paths.join(" ")}`, { field: "spec", value: paths.join(" ") });
  if (specs.length === 0) throw new MetakitError("INVALID_INPUT", `report: no analysis spec found in ${paths.join(", ")}`, { field: "spec", value: paths.join(" ") });
  return specs;
}

/**
 * A report leaves out nothing silently: a data file that does not load (bad YAML, a record
 * that does not parse) would drop its studies, sources or screening counts from the
 * report without a word, so it is refused with each problem, as validate lists it.
 */
function refuseUnreadData(problems: readonly { readonly message: string }[], io: Io): void {
  for (const problem of problems) io.stderr(`${problem.message}\n`);
  if (problems.length > 0) throw new MetakitError("INVALID_INPUT", `report: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the data files; nothing was written (run metakit validate)`, { field: "data" });
}

/** Every file of the report, rendered in memory with the given fonts (nothing is written if rendering fails). */
export async function reportFiles(specPaths: readonly string[], options: Pick<ReportCommandOptions, "data" | "title">, fonts: FontFiles, io: Io): Promise<OutputFile[]> {
  const specs = readSpecs(specPaths, io);
  const data = readExtractions(options.data);
  refuseUnreadData(data.problems, io);
  refuseSpecErrors(specs, data.extractions, io);
  const analysed: AnalysedSpec[] = specs.map((parsed) => ({
    spec: parsed.spec,
    result: analyzeSpec(parsed.spec, data.extractions, { file: parsed.file, dataProblems: data.problems }),
  }));
  const claims: Claim[] = data.extractions.flatMap((e) => e.records.claims.map((c) => c.record));
  const input = reportInputOf(
    analysed,
    indexData(data.extractions),
    claims,
    {
      title: reportTitleOf(specs.map((s) => s.spec), options.title),
      generator: `metakit ${cliVersion()}`,
      // Each input file once: a spec inside the data folder is also one of its files.
      sources: [...new Set([...specs.map((s) => s.file), ...data.files])],
    },
    {
      screening: data.extractions.flatMap((e) => e.records.screening.map((r) => r.record)),
      secondarySources: data.extractions.flatMap((e) => e.records.secondarySources.map((r) => r.record)),
    },
  );
  const { renderReport } = await import("@metakit/report");
  const files: OutputFile[] = await renderReport(input, { fonts });
  const results = analysed.map((a) => ({ path: `${a.result.spec.id}/results.json`, content: toJson(a.result) }));
  return [...files, ...results].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function registerReport(program: Command, io: Io): Command {
  return program
    .command("report")
    .description("the review report: forest plots, evidence tables, Summary of Findings, claims audit (HTML, Word, SVG, PNG, Markdown, CSV)")
    .argument("[specs...]", "analysis specs or folders of them (default: analyses/)")
    .option("--data <paths...>", "extraction files or folders", [...DEFAULT_REPORT_DATA])
    .option("-o, --out <folder>", "output folder", "reports")
    .option("--pdf", `also print the report to OUT/report.pdf with headless Chromium (${BROWSER_PATHS.join(" or ")})`)
    .option("--title <text>", "the report's title (default: the specs' reportTitle, or the title of a single spec)")
    .action(async (specs: string[], options: ReportCommandOptions) => {
      const specPaths = specs.length > 0 ? specs : [...DEFAULT_SPEC_PATHS];
      checkReportFolder(options.out, [...specPaths, ...options.data].filter((path) => existsSync(path)));
      const fonts = findFontFiles();
      const browser = options.pdf === true ? findBrowser() : undefined;
      const files = await reportFiles(specPaths, options, fonts, io);
      const index = join(options.out, "index.html");
      await writeReportFolder(options.out, files, async (folder) => {
        if (browser === undefined) return;
        const { printPdf } = await import("../report/pdf.js");
        writeFileAtomically(join(folder, "report.pdf"), await printPdf(join(folder, "index.html"), browser));
      });
      const pdf = options.pdf === true ? ` and ${join(options.out, "report.pdf")}` : "";
      io.stdout(`report: wrote ${files.length} files to ${options.out}/; open ${index}${pdf}\n`);
    });
}

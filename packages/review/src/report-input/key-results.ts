/**
 * What the Methods say was done beyond the specs' settings, and the key results in words:
 * the risk-of-bias tools for which judgements are recorded (or "not assessed"), the
 * small-study tests that ran (or why not), and one paragraph per outcome with its estimate,
 * interval, heterogeneity and certainty, citing the studies by number. Built from what
 * `metakit analyze` found, not from what the specs asked for.
 */
import type { KeyResult } from "@metakit/report";
import { formatEffectCi, heterogeneityText } from "@metakit/report/format";
import type { Study } from "@metakit/schema";
import type { DataIndex } from "../inputs/dataset.js";
import type { AnalysisResult, SynthesisResult } from "../types.js";
import { displayEffect } from "./assumed.js";
import { measureName, sentence, studies as studiesWord, studyLabel } from "./labels.js";
import { riskOfBiasOf } from "./risk-of-bias.js";

/** Numbers a text in order of first citation (the methods' Citations). */
export interface Cite {
  cite(...texts: readonly string[]): string;
}

const ROB_SOURCES = {
  "RoB 2": "Sterne JAC, Savović J, Page MJ, et al. RoB 2: a revised tool for assessing risk of bias in randomised trials. BMJ 2019;366:l4898.",
  "ROBINS-I": "Sterne JAC, Hernán MA, Reeves BC, et al. ROBINS-I: a tool for assessing risk of bias in non-randomised studies of interventions. BMJ 2016;355:i4919.",
} as const;
const EGGER = "Egger M, Davey Smith G, Schneider M, Minder C. Bias in meta-analysis detected by a simple, graphical test. BMJ 1997;315(7109):629-34.";
/** The fewest studies for a funnel plot and a test for small-study effects (Cochrane Handbook v6.4, 13.3.5.4). */
const SMALL_STUDY_MINIMUM = 10;

const listed = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

/** A study as a reference list gives it: authors, title, journal, year, volume, pages, DOI or PMID, registrations. */
export function studyReference(study: Study | undefined, id: string): string {
  if (study === undefined) return id;
  const c = study.citation;
  const authors = c.authors === undefined || c.authors.length === 0 ? "" : `${c.authors.length > 6 ? `${c.authors.slice(0, 6).join(", ")}, et al` : c.authors.join(", ")}. `;
  const title = c.title === undefined ? "" : `${c.title.replace(/[.]+$/, "")}. `;
  const volume = c.volume === undefined ? "" : `;${c.volume}${c.issue === undefined ? "" : `(${c.issue})`}`;
  const pages = c.pages === undefined ? "" : `:${c.pages}`;
  const journal = c.journal === undefined ? "" : `${c.journal} ${c.year ?? ""}${volume}${pages}. `.replace(/ \./, ".");
  const year = c.journal === undefined && c.year !== undefined ? `${c.year}. ` : "";
  const ids = [c.doi === undefined ? "" : `doi:${c.doi}`, c.pmid === undefined ? "" : `PMID ${c.pmid}`, ...(study.registrations ?? [])].filter((t) => t !== "");
  const text = `${authors}${title}${journal}${year}${ids.join("; ")}`.trim();
  return text === "" ? studyLabel(study, id) : text.replace(/\.$/, "").concat(".");
}

/** The sentence on risk-of-bias tools: those with recorded judgements, and the outcomes without any. */
export function riskOfBiasSentence(results: readonly AnalysisResult[], index: DataIndex, c: Cite): string {
  const syntheses = results.flatMap((r) => r.syntheses);
  const tools = new Set(syntheses.flatMap((s) => riskOfBiasOf(s, index).plots.map((p) => p.tool)));
  const unassessed = [...new Set(syntheses.filter((s) => riskOfBiasOf(s, index).plots.length === 0).map((s) => s.outcome.label.toLowerCase()))];
  const used = (["RoB 2", "ROBINS-I"] as const).filter((t) => tools.has(t));
  const what: Readonly<Record<(typeof used)[number], string>> = { "RoB 2": "RoB 2 for randomised results", "ROBINS-I": "ROBINS-I for non-randomised results" };
  const assessed = used.length === 0 ? "No risk-of-bias judgement is recorded for any result: risk of bias was not assessed." : `Risk of bias was assessed per result with ${listed(used.map((t) => `${what[t]} ${c.cite(ROB_SOURCES[t])}`))}, domain by domain, with an overall judgement.`;
  const none = used.length === 0 || unassessed.length === 0 ? "" : ` No judgement is recorded (not assessed) for ${listed(unassessed)}.`;
  return `${assessed}${none}`;
}

const estimableCount = (s: SynthesisResult) => new Set(s.effects.filter((e) => e.estimable).map((e) => e.study)).size;

/** The sentence on small-study tests: which ran, or why none did. */
export function smallStudySentence(results: readonly AnalysisResult[], c: Cite): string {
  const comparative = results.flatMap((r) => r.syntheses.filter((s) => s.evidence === "comparative" && s.notPooled === null));
  const ran = comparative.filter((s) => s.robustness?.smallStudyEffects !== undefined && s.robustness.smallStudyEffects !== null);
  if (ran.length > 0) {
    const names = ran.map((s) => `${s.outcome.label.toLowerCase()} (${s.robustness!.smallStudyEffects!.test.name}, ${studiesWord(s.robustness!.smallStudyEffects!.test.k)})`);
    return `Tests for small-study effects ${c.cite(EGGER)} ran for ${listed(names)}; the results are under each analysis.`;
  }
  const largest = Math.max(0, ...comparative.map(estimableCount));
  return `No test for small-study effects ran: no comparison had ${SMALL_STUDY_MINIMUM} or more studies with usable numbers (the largest had ${largest}), too few to tell funnel-plot asymmetry from chance.`;
}

/** One outcome's paragraph. */
function keyResultText(result: AnalysisResult, synthesis: SynthesisResult, index: DataIndex, c: Cite): string {
  const ids = [...new Set(synthesis.effects.map((e) => e.study))];
  const refs = ids.length === 0 ? "" : ` ${c.cite(...ids.map((id) => studyReference(index.studies.get(id), id)))}`;
  const k = estimableCount(synthesis);
  const studiesText = `${studiesWord(ids.length)}${refs}`;
  const trace = result.grade.trace.find((t) => t.synthesis === synthesis.id);
  const row = result.grade.summaryOfFindings?.rows.find((r) => r.outcome === trace?.outcome);
  const rating = result.grade.ratings.find((r) => r.outcome === trace?.outcome);
  const certainty = rating === undefined ? "" : ` Certainty of the evidence: ${rating.certainty} (${rating.symbols}).`;
  const statement = row === undefined ? "" : ` ${sentence(row.statement)}`;
  const measure = measureName(synthesis.measure);
  if (synthesis.notPooled !== null) return `${studiesText}, described study by study and not pooled: ${sentence(synthesis.notPooled)}${certainty}${statement}`;
  const pooled = synthesis.pooled;
  const effect = displayEffect(pooled);
  if (pooled === null || effect === null) return `${studiesText}; none gave usable numbers, so no effect was estimated.${certainty}${statement}`;
  const level = synthesis.model.level;
  const estimate = `${measure} ${formatEffectCi(effect.estimate, effect.ciLower, effect.ciUpper)} (${level}% confidence interval)`;
  const from = pooled.kind === "single-study" ? `from the one study with usable numbers` : `pooled from ${studiesWord(pooled.model.k)}`;
  const notUsable = ids.length - k === 0 ? "" : ` ${ids.length - k} of the ${ids.length} studies gave no usable numbers.`;
  const heterogeneity =
    pooled.kind === "single-study" || pooled.model.k < 2
      ? " Heterogeneity cannot be assessed with one study."
      : ` ${heterogeneityText({ ...(synthesis.model.method !== "EE" && synthesis.model.method !== "FE" && { tau2: pooled.model.tau2 }), QE: pooled.model.QE, df: pooled.model.QEdf, QEp: pooled.model.QEp })}.`;
  return `${studiesText}: ${estimate}, ${from}.${notUsable}${heterogeneity}${certainty}${statement}`;
}

const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/** "Included: Roth 1996 [18], ...; excluded: Wei 2023 [31], ...": every study of the indication in the reference list. */
function studiesText(result: AnalysisResult, index: DataIndex, c: Cite): string {
  const cited = (id: string) => `${studyLabel(index.studies.get(id), id)} ${c.cite(studyReference(index.studies.get(id), id))}`;
  const included = result.included.map((i) => cited(i.study));
  const excluded = result.excluded.map((e) => cited(e.study));
  const out = excluded.length === 0 ? "none excluded" : `excluded, with the reasons under the indication: ${excluded.join(", ")}`;
  return `${studiesWord(included.length)} included: ${included.join(", ")}; ${out}.`;
}

/**
 * Per analysed spec, its studies (every included and excluded study cited), then one
 * paragraph per synthesis, titled by its GRADE outcome ("Pain intensity (vs placebo)").
 */
export function keyResultsOf(results: readonly AnalysisResult[], index: DataIndex, c: Cite): KeyResult[] {
  return results.flatMap((result) => [
    { indication: result.spec.id, title: `${result.spec.title}: studies`, text: studiesText(result, index, c) },
    ...result.syntheses.map((synthesis) => {
      const outcome = result.grade.trace.find((t) => t.synthesis === synthesis.id)?.outcome ?? synthesis.outcome.label;
      return { indication: result.spec.id, title: `${result.spec.title}: ${lowerFirst(outcome)}`, text: keyResultText(result, synthesis, index, c) };
    }),
  ]);
}

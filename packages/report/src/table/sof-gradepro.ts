/**
 * The Summary of Findings as GRADEpro lays it out: the anticipated absolute effects in two
 * columns, "Risk with comparator" and "Risk with intervention". For a dichotomous outcome
 * the comparator's risk per 1,000 and the intervention's risk per 1,000 with its interval,
 * then the risk difference with its interval ("34 fewer per 1,000 (from 45 fewer to 17
 * fewer)"), one line per assumed comparator risk; for a continuous outcome "The mean
 * <outcome> was <x>" (where the comparator mean is known) and "MD 3.1 lower (5.2 lower to
 * 1 lower)" or the SMD. Then the relative effect, participants (studies), certainty with
 * ⊕ symbols and footnote letters, and comments (what happens, then the notes).
 * @reference GRADE Handbook (Schünemann et al. 2013), 5.2 (the table's columns and their
 * order); Cochrane Handbook v6.4, chapter 14, figure 14.1.a.
 */
import type { AbsoluteEffect, ContinuousEffect, SummaryOfFindingsRow } from "@metakit/grade";
import type { SummaryOfFindings } from "../report/types.js";
import { tableLevels } from "./level.js";
import { certaintyText } from "./summary-of-findings.js";
import type { Table } from "./types.js";

const NOT_ESTIMABLE = "not estimable";

const perThousand = (x: number) => `${Math.round(x)} per 1,000`;

/** Several assumed comparator risks are told apart by their label ("Study population: 66 per 1,000"). */
const labelled = (effects: readonly AbsoluteEffect[], a: AbsoluteEffect, text: string) => (effects.length > 1 ? `${a.comparatorLabel}: ${text}` : text);

/** "66 per 1,000". */
function comparatorRiskText(effects: readonly AbsoluteEffect[]): string {
  return effects.map((a) => labelled(effects, a, perThousand(a.comparatorPer1000))).join("\n");
}

/** "32 per 1,000 (21 to 49)\n34 fewer per 1,000 (from 45 fewer to 17 fewer)". */
function interventionRiskText(effects: readonly AbsoluteEffect[], level: string): string {
  return effects
    .map((a) => {
      const i = a.interventionPer1000;
      return labelled(effects, a, `${perThousand(i.estimate)} (${Math.round(i.lower)} to ${Math.round(i.upper)})${level}\n${a.text}`);
    })
    .join("\n");
}

/** Three significant digits, as GRADEpro rounds a mean. */
const mean = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3))));

function comparatorMeanText(effect: ContinuousEffect, outcome: string): string {
  return effect.comparatorMean === null ? "The comparator mean was not reported" : `The mean ${outcome.toLowerCase()} was ${mean(effect.comparatorMean)}`;
}

/** The cells "Risk with comparator" and "Risk with intervention" of one row. */
function anticipatedCells(row: SummaryOfFindingsRow, outcome: string, given: string | undefined, level: string): [string, string] {
  if (row.absoluteEffects.length > 0) return [comparatorRiskText(row.absoluteEffects), interventionRiskText(row.absoluteEffects, level)];
  if (row.continuousEffect !== null) return [comparatorMeanText(row.continuousEffect, outcome), `${row.continuousEffect.text}${level}`];
  return given === undefined ? [NOT_ESTIMABLE, NOT_ESTIMABLE] : ["no comparator", `${given}${level}`];
}

const studiesWord = (k: number) => `${k} ${k === 1 ? "study" : "studies"}`;

/**
 * "99 (1 study); not estimable: 3 studies": the participants of the studies that carry the
 * result, with the studies that could not be estimated said apart.
 */
export function participantsStudiesText(row: SummaryOfFindingsRow): string {
  if (row.estimableStudies === 0) return `${row.participants} (${studiesWord(row.studies)}, none estimable)`;
  const rest = row.studies - row.estimableStudies;
  return `${row.participants} (${studiesWord(row.estimableStudies)})${rest > 0 ? `; not estimable: ${studiesWord(rest)}` : ""}`;
}

/** The table in GRADEpro's layout; the interval columns name the outcomes' confidence level (see `tableLevels`). */
export function gradeproSummaryOfFindingsTable(sof: SummaryOfFindings): Table {
  const levelOf = (outcome: string) => sof.levels?.[outcome];
  const levels = tableLevels(sof.table.rows.map((row) => levelOf(row.outcome)), "gradeproSummaryOfFindingsTable");
  return {
    columns: [
      { header: "Outcomes" },
      { header: `Risk with comparator` },
      { header: `Risk with intervention (${levels.header})` },
      { header: `Relative effect (${levels.header})` },
      { header: "No. of participants (studies)" },
      { header: "Certainty of the evidence (GRADE)" },
      { header: "Comments" },
    ],
    rows: sof.table.rows.map((row) => {
      const label = sof.outcomeLabels?.[row.outcome] ?? row.outcome;
      const level = levels.row(levelOf(row.outcome));
      const [comparator, intervention] = anticipatedCells(row, label, sof.effectTexts?.[row.outcome], level);
      return [
        row.followUp === null ? label : `${label}\nFollow-up: ${row.followUp}`,
        comparator,
        intervention,
        row.relativeEffect === null ? "not applicable" : `${row.relativeEffect.text}${level}`,
        sof.participantsTexts?.[row.outcome] ?? participantsStudiesText(row),
        certaintyText(row),
        [row.statement, ...row.comments].filter((t) => t !== "").join(" "),
      ];
    }),
  };
}

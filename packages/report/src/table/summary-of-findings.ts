/**
 * The Summary of Findings table of @metakit/grade, laid out as Cochrane reviews print it:
 * outcome, anticipated effects, relative effect, participants (studies), certainty with
 * its ⊕ symbols and footnote letters, what happens, comments; footnotes under the table.
 * @reference Cochrane Handbook v6.4, chapter 14, figure 14.1.a (the table's columns).
 */
import { midSentence, type SummaryOfFindingsRow } from "@metakit/grade";
import type { SummaryOfFindings } from "../report/types.js";
import { tableLevels } from "./level.js";
import type { Table } from "./types.js";

const NOT_ESTIMABLE = "not estimable";

/** "⊕⊕◯◯ Low (a, b)". */
export function certaintyText(row: SummaryOfFindingsRow): string {
  const level = row.certainty.charAt(0).toUpperCase() + row.certainty.slice(1);
  const notes = row.footnotes.length === 0 ? "" : ` (${row.footnotes.join(", ")})`;
  return `${row.symbols} ${level}${notes}`;
}

const perThousand = (x: number) => `${Math.round(x)} per 1,000`;

/**
 * GRADEpro's anticipated absolute effects for one comparator risk: "Risk with comparator:
 * 66 per 1,000 (control group risk of the included studies (x/n)). Risk with intervention:
 * 32 per 1,000 (21 to 49). Difference: 34 fewer per 1,000 (from 45 fewer to 17 fewer)."
 */
function absoluteEffectText(a: SummaryOfFindingsRow["absoluteEffects"][number]): string {
  const i = a.interventionPer1000;
  return `Risk with comparator: ${perThousand(a.comparatorPer1000)} (${a.comparatorLabel}). Risk with intervention: ${perThousand(i.estimate)} (${Math.round(i.lower)} to ${Math.round(i.upper)}). Difference: ${a.text}.`;
}

/** Absolute effects per assumed comparator risk, the continuous difference, or the given text. */
export function anticipatedEffectText(row: SummaryOfFindingsRow, given: string | undefined): string {
  if (row.absoluteEffects.length > 0) return row.absoluteEffects.map(absoluteEffectText).join(" ");

  if (row.continuousEffect !== null) return row.continuousEffect.text;
  return given ?? NOT_ESTIMABLE;
}

const studiesWord = (k: number) => `${k} ${k === 1 ? "study" : "studies"}`;

/**
 * "99 (1 study); not estimable: 3 studies": the participants of the studies that carry the
 * result, with the studies that could not be estimated said apart (never "99 (4 studies)"
 * when 99 are in one of them).
 */
function participantsText(row: SummaryOfFindingsRow): string {
  if (row.estimableStudies === 0) return `${row.participants} (${studiesWord(row.studies)}, none estimable)`;
  const rest = row.studies - row.estimableStudies;
  return `${row.participants} (${studiesWord(row.estimableStudies)})${rest > 0 ? `; not estimable: ${studiesWord(rest)}` : ""}`;
}

/** The table; the effect columns name the outcomes' confidence level (see `tableLevels`). */
export function summaryOfFindingsTable(sof: SummaryOfFindings): Table {
  const levelOf = (outcome: string) => sof.levels?.[outcome];
  const levels = tableLevels(sof.table.rows.map((row) => levelOf(row.outcome)), "summaryOfFindingsTable");
  return {
    columns: [
      { header: "Outcome" },
      { header: `Anticipated effect (${levels.header})` },
      { header: `Relative effect (${levels.header})` },
      { header: "Participants (studies)" },
      { header: "Certainty of the evidence (GRADE)" },
      { header: "What happens" },
      { header: "Comments" },
    ],
    rows: sof.table.rows.map((row) => {
      const label = sof.outcomeLabels?.[row.outcome] ?? row.outcome;
      const anticipated = anticipatedEffectText(row, sof.effectTexts?.[row.outcome]);
      return [
        row.followUp === null ? label : `${label} (follow-up: ${row.followUp})`,
        anticipated === NOT_ESTIMABLE ? anticipated : anticipated + levels.row(levelOf(row.outcome)),
        row.relativeEffect === null ? "not applicable" : row.relativeEffect.text + levels.row(levelOf(row.outcome)),
        sof.participantsTexts?.[row.outcome] ?? participantsText(row),
        certaintyText(row),
        row.statement,
        row.comments.join(" "),
      ];
    }),
  };
}

/** "Low-dose aspirin compared with placebo for adults with ...": the table's title, GRADEpro's wording. */
export function summaryOfFindingsCaption(sof: SummaryOfFindings): string {
  const q = sof.table.question;
  return `${q.intervention} compared with ${midSentence(q.comparison)} for ${midSentence(q.population)}`;
}

/** "a. Rated down one level for imprecision: ..." for each footnote, in letter order. */
export function summaryOfFindingsFootnotes(sof: SummaryOfFindings): string[] {
  return sof.table.footnotes.map((f) => `${f.letter}. ${f.text}`);
}

/**
 * The Summary of Findings table of @metakit/grade, laid out as Cochrane reviews print it:
 * outcome, anticipated effects, relative effect, participants (studies), certainty with
 * its ⊕ symbols and footnote letters, what happens, comments; footnotes under the table.
 * @reference Cochrane Handbook v6.4, chapter 14, figure 14.1.a (the table's columns).
 */
import type { SummaryOfFindingsRow } from "@metakit/grade";
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

/** Absolute effects per assumed comparator risk, the continuous difference, or the given text. */
export function anticipatedEffectText(row: SummaryOfFindingsRow, given: string | undefined): string {
  if (row.absoluteEffects.length > 0) {
    return row.absoluteEffects.map((a) => `${a.comparatorLabel} (${a.comparatorPer1000} per 1,000): ${a.text}`).join("; ");
  }
  if (row.continuousEffect !== null) return row.continuousEffect.text;
  return given ?? NOT_ESTIMABLE;
}

function participantsText(row: SummaryOfFindingsRow): string {
  const studies = `${row.studies} ${row.studies === 1 ? "study" : "studies"}`;
  const estimable = row.estimableStudies < row.studies ? `; ${row.estimableStudies} estimable` : "";
  return `${row.participants} (${studies}${estimable})`;
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
        participantsText(row),
        certaintyText(row),
        row.statement,
        row.comments.join(" "),
      ];
    }),
  };
}

/** "a. Rated down one level for imprecision: ..." for each footnote, in letter order. */
export function summaryOfFindingsFootnotes(sof: SummaryOfFindings): string[] {
  return sof.table.footnotes.map((f) => `${f.letter}. ${f.text}`);
}

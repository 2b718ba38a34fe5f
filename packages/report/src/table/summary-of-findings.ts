/**
 * The Summary of Findings table of @metakit/grade, laid out as Cochrane reviews print it:
 * outcome, anticipated effects, relative effect, participants (studies), certainty with
 * its ⊕ symbols and footnote letters, what happens, comments; footnotes under the table.
 * @reference Cochrane Handbook v6.4, chapter 14, figure 14.1.a (the table's columns).
 */
import type { SummaryOfFindingsRow } from "@metakit/grade";
import type { SummaryOfFindings } from "../report/types.js";
import type { Table } from "./types.js";

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
  return given ?? "not estimable";
}

function participantsText(row: SummaryOfFindingsRow): string {
  const studies = `${row.studies} ${row.studies === 1 ? "study" : "studies"}`;
  const estimable = row.estimableStudies < row.studies ? `; ${row.estimableStudies} estimable` : "";
  return `${row.participants} (${studies}${estimable})`;
}

export function summaryOfFindingsTable(sof: SummaryOfFindings): Table {
  return {
    columns: [
      { header: "Outcome" },
      { header: "Anticipated effect (95% CI)" },
      { header: "Relative effect (95% CI)" },
      { header: "Participants (studies)" },
      { header: "Certainty of the evidence (GRADE)" },
      { header: "What happens" },
      { header: "Comments" },
    ],
    rows: sof.table.rows.map((row) => {
      const label = sof.outcomeLabels?.[row.outcome] ?? row.outcome;
      return [
        row.followUp === null ? label : `${label} (follow-up: ${row.followUp})`,
        anticipatedEffectText(row, sof.effectTexts?.[row.outcome]),
        row.relativeEffect?.text ?? "not applicable",
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

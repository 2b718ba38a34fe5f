/** The narrative synthesis: results that could not be pooled, what they say and why. */
import type { NarrativeEntry } from "../report/types.js";
import type { Table } from "./types.js";

export function narrativeTable(entries: readonly NarrativeEntry[]): Table {
  return {
    columns: [
      { header: "Study" },
      { header: "Design" },
      { header: "Participants", align: "right" },
      { header: "Outcome" },
      { header: "What was reported" },
      { header: "Why it is not pooled" },
    ],
    rows: entries.map((e) => [e.study, e.design, e.participants ?? "not reported", e.outcome, e.finding, e.reason]),
  };
}

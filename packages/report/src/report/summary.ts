/**
 * The executive summary at the top of the report: per indication one line with its main
 * outcome's estimate, the certainty of that evidence and what it means (GRADE's
 * informative statement), and one line with the claims audit's headline (how many claims of
 * secondary sources were checked, and with what result). Drawn from the Summary of Findings
 * and the claims as they are; nothing is computed here.
 */
import type { SummaryOfFindingsRow } from "@metakit/grade";
import { readLevel } from "@metakit/base";
import type { ClaimAuditRow, IndicationReport, ReportInput, SummaryOfFindings } from "./types.js";

/** The outcome the line reports: the first of the table (the spec lists the critical outcome first) with an estimable study, else the first. */
function mainRow(sof: SummaryOfFindings): SummaryOfFindingsRow | undefined {
  return sof.table.rows.find((row) => row.estimableStudies > 0) ?? sof.table.rows[0];
}

/** "RR 0.49 (0.34 to 0.70; 95% CI)", "MD 0.8 lower (1.5 lower to 0.1 higher; 95% CI)", the effect in words, or "not estimable". */
function estimateText(sof: SummaryOfFindings, row: SummaryOfFindingsRow): string {
  const level = `${readLevel(sof.levels?.[row.outcome], "executiveSummary")}% CI`;
  const withLevel = (text: string) => (/\)$/.test(text) ? `${text.slice(0, -1)}; ${level})` : `${text} (${level})`);
  if (row.estimableStudies === 0) return "not estimable";
  if (row.relativeEffect !== null) return withLevel(row.relativeEffect.text);
  if (row.continuousEffect !== null) return withLevel(row.continuousEffect.text);
  const given = sof.effectTexts?.[row.outcome];
  if (given === undefined) return "not estimable";
  return given.length > LONGEST_EFFECT_TEXT ? "results given study by study in the Summary of Findings" : withLevel(given);
}

/** An effect in words longer than this (a result described study by study) is left to the Summary of Findings. */
const LONGEST_EFFECT_TEXT = 100;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const withStop = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** One line for an indication: "<title>. <outcome>: <estimate>; certainty ⊕⊕◯◯ low. <what it means>" */
export function indicationSummaryLine(indication: IndicationReport): string {
  const sof = indication.summaryOfFindings;
  const row = sof === null ? undefined : mainRow(sof);
  if (sof === null || row === undefined) return `${withStop(indication.title)} No outcome could be rated.`;
  const outcome = sof.outcomeLabels?.[row.outcome] ?? row.outcome;
  const statement = row.statement.trim() === "" ? "" : ` ${withStop(capitalised(row.statement.trim()))}`;
  return `${withStop(indication.title)} ${capitalised(outcome)}: ${estimateText(sof, row)}; certainty of the evidence ${row.symbols} ${row.certainty}.${statement}`;
}

const claimWord = (n: number) => `${n} ${n === 1 ? "claim" : "claims"}`;

/** "Claims audit: 61 claims ... 48 not found, 7 verified, 4 partly true, 2 contradicted." The counts by status, most frequent first. */
export function claimsHeadline(claims: readonly ClaimAuditRow[]): string {
  const counts = new Map<string, number>();
  for (const claim of claims) {
    const status = claim.status.replace(/-/g, " ");
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const parts = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([status, n]) => `${n} ${status}`);
  return `Claims audit: ${claimWord(claims.length)} that secondary sources make about the studies, each checked against the primary record: ${parts.join(", ")}.`;
}

/** The summary's lines: one per indication, then the claims audit's headline where there are claims. */
export function executiveSummary(input: ReportInput): string[] {
  const claims = input.claims ?? [];
  return [...input.indications.map(indicationSummaryLine), ...(claims.length === 0 ? [] : [claimsHeadline(claims)])];
}

/**
 * A result as its source reports it, in one line of words and numbers, and the provenance
 * of a record's numbers counted by status. Numbers are shown as recorded: no rounding, no
 * computation, "missing" with the reason where the source gives none.
 */
import type { Provenance, Reported, Result } from "@metakit/schema";

/** A reported number as text, or "missing (why)". */
export function reportedText(value: Reported | undefined): string {
  if (value === undefined) return "not reported";
  if (value.value !== undefined) return String(value.value);
  if (value.status === "not-retrieved") return `not retrieved (${value.missing ?? "no reason given"}; in ${value.location ?? value.source ?? "a source not read"})`;
  return `missing (${value.missing ?? "no reason given"})`;
}

/** " (95% CI 0.4 to 0.9)": the level is in percent, read once when the extraction was parsed. */
function ciText(ci: { lower: Reported; upper: Reported; level: number } | undefined): string {
  if (ci === undefined) return "";
  return ` (${ci.level}% CI ${reportedText(ci.lower)} to ${reportedText(ci.upper)})`;
}

const pText = (p: Reported | undefined) => (p === undefined ? "" : `, P = ${reportedText(p)}`);

/**
 * "SIB ceased: 6/7", "drug 4.5 (2.1), n = 12; placebo ...", "MD -0.34 (95% CI -0.95 to 0.27)",
 * or the narrative text. Arms are named by `armLabel` (their human labels), else by id.
 */
export function resultAsReported(result: Result, armLabel: (arm: string) => string = (arm) => arm): string {
  const what = `${result.outcome.instrument}${result.timepoint === undefined ? "" : `, ${result.timepoint.label}`}`;
  switch (result.form) {
    case "proportion":
      return `${what}: ${reportedText(result.events)}/${reportedText(result.total)}${result.percent?.value === undefined ? "" : ` (${result.percent.value}%)`}`;
    case "dichotomous":
      return `${what}: ${result.arms.map((a) => `${armLabel(a.arm)} ${reportedText(a.events)}/${reportedText(a.total)}`).join("; ")}${pText(result.p)}`;
    case "continuous":
      return `${what} (${result.measure} values): ${result.arms
        .map((a) => `${armLabel(a.arm)} mean ${reportedText(a.mean)}${a.sd === undefined ? "" : `, SD ${reportedText(a.sd)}`}, n = ${reportedText(a.n)}`)
        .join("; ")}${pText(result.p)}`;
    case "median":
      return `${what}: ${result.arms.map((a) => `${armLabel(a.arm)} median ${reportedText(a.median)}${a.q1 && a.q3 ? ` [IQR ${reportedText(a.q1)} to ${reportedText(a.q3)}]` : ""}, n = ${reportedText(a.n)}`).join("; ")}${pText(result.p)}`;
    case "contrast":
      return `${what}: ${result.scale} ${reportedText(result.estimate)}${ciText(result.ci)} (${armLabel(result.experimental)} vs ${armLabel(result.control)})${pText(result.p)}`;
    case "paired": {
      const conditions = (result.conditions ?? []).map((c) => `${armLabel(c.arm)} ${reportedText(c.value)}`).join(" vs ");
      const statistic = result.conditionStatistic === undefined ? "" : ` (${result.conditionStatistic})`;
      const estimate = result.estimate === undefined ? "" : `; difference ${reportedText(result.estimate)}${ciText(result.ci)}`;
      return `${what}, within-person: ${conditions === "" ? "no per-condition values" : conditions}${statistic}${estimate}, n = ${reportedText(result.n)}${pText(result.p)}`;
    }
    case "narrative":
      return `${what}: ${result.text}`;
  }
}

/** Reported numbers in a record: objects with a `value` or `missing`, found anywhere inside it. */
function reportedNumbers(node: unknown, out: Reported[]): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const item of node) reportedNumbers(item, out);
    return;
  }
  const object = node as Record<string, unknown>;
  if (typeof object["value"] === "number" || typeof object["missing"] === "string") {
    out.push(object as Reported);
    return;
  }
  for (const [key, value] of Object.entries(object)) if (key !== "provenance") reportedNumbers(value, out);
}

const STATUS_ORDER = ["verified", "computed", "unverified", "status not recorded", "not retrieved", "missing"] as const;

/** "12 verified, 1 computed, 2 missing": each number's own status, else its record's. */
export function provenanceText(records: readonly { readonly provenance?: Provenance }[]): string {
  const counts = new Map<string, number>();
  for (const record of records) {
    const numbers: Reported[] = [];
    reportedNumbers(record, numbers);
    for (const n of numbers) {
      const status = n.missing !== undefined ? (n.status === "not-retrieved" ? "not retrieved" : "missing") : (n.status ?? record.provenance?.status ?? "status not recorded");
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
  }
  const parts = STATUS_ORDER.flatMap((s) => (counts.has(s) ? [`${counts.get(s)} ${s}`] : []));
  return parts.length === 0 ? "no numbers recorded" : parts.join(", ");
}

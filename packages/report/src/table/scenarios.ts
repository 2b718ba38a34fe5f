/** Sensitivity scenarios of one analysis: what each changed and the refitted effect. */
import { formatEffectCi } from "../format/revman.js";
import type { ScenarioSummary } from "../report/types.js";
import { tableLevels } from "./level.js";
import type { Table } from "./types.js";

/** One row per scenario; the effect column names the scenarios' confidence level (see `tableLevels`). */
export function scenariosTable(scenarios: readonly ScenarioSummary[], measure: string): Table {
  const levels = tableLevels(scenarios.map((s) => s.level), "scenariosTable");
  return {
    columns: [{ header: "Scenario" }, { header: "What changed" }, { header: "Studies", align: "right" }, { header: `${measure} (${levels.header})`, align: "right" }],
    rows: scenarios.map((s) => [
      s.label,
      [s.description, ...s.changes].join(" "),
      s.k,
      s.effect === null ? "not estimable" : formatEffectCi(s.effect.estimate, s.effect.ciLower, s.effect.ciUpper) + levels.row(s.level),
    ]),
  };
}

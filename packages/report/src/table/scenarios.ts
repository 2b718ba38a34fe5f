/** Sensitivity scenarios of one analysis: what each changed and the refitted effect. */
import { formatEffectCi } from "../format/revman.js";
import type { ScenarioSummary } from "../report/types.js";
import type { Table } from "./types.js";

export function scenariosTable(scenarios: readonly ScenarioSummary[], measure: string): Table {
  return {
    columns: [{ header: "Scenario" }, { header: "What changed" }, { header: "Studies", align: "right" }, { header: `${measure} (95% CI)`, align: "right" }],
    rows: scenarios.map((s) => [
      s.label,
      [s.description, ...s.changes].join(" "),
      s.k,
      s.effect === null ? "not estimable" : formatEffectCi(s.effect.estimate, s.effect.ciLower, s.effect.ciUpper),
    ]),
  };
}

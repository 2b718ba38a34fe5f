/**
 * Measures and options beyond the shared oracle, against metafor 3.8-1
 * (fixtures/metafor-extra/escalc-extra.json, written by fixtures/scripts/escalc-extra.R):
 * PETO, SMDH, MD/ROM vtype "HO", SMD "UB"/"LS2", MN, COR, MC, SMCC, SMCR, every `to`
 * rule with and without drop00, add = 0.25, zero-cell tables and proportions.
 * Where metafor returns NA (or a zero variance), metakit must return the study as not
 * estimable; everywhere else yi and vi agree to a relative 1e-9.
 */
import { describe, it } from "vitest";
import { extraFixture } from "./extraFixture.js";
import { expectEscalcMatches } from "./metafor-escalc-case.js";

describe("escalc reproduces metafor 3.8-1 beyond the shared cases (fixtures/metafor-extra/escalc-extra.json)", () => {
  for (const c of extraFixture().cases) {
    it(`escalc("${c.measure}", ${JSON.stringify(c.options)}) matches ${c.id}`, () => expectEscalcMatches(c, "3.8"));
  }
});

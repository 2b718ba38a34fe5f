/**
 * The measures beyond the first 19 against metafor: 3.8-1 (fixtures/metafor-extra/
 * escalc-more.json, scripts/escalc-more.R) with metaforCompat "3.8", and 5.0-1
 * (escalc-current.json, scripts/escalc-current.R) with the default metaforCompat
 * "current": incidence rates, 2x2 association, variability, Glass-type SMDs, correlations
 * from means, regressions and alphas, on metadat examples and edge-case data.
 * Where metafor returns NA (or a zero variance), metakit must return the study as not
 * estimable; everywhere else yi and vi agree to a relative 1e-9 (absolute 1e-12 near 0).
 */
import { describe, it } from "vitest";
import { moreFixture } from "./moreFixture.js";
import { expectEscalcMatches } from "./metafor-escalc-case.js";

describe("escalc reproduces metafor 3.8-1 for the added measures (metaforCompat 3.8)", () => {
  for (const c of moreFixture("escalc-more.json")) {
    it(`escalc("${c.measure}", ${JSON.stringify(c.options)}) matches ${c.id}`, () => expectEscalcMatches(c, "3.8"));
  }
});

describe("escalc reproduces metafor 5.0-1 by default (metaforCompat current)", () => {
  for (const c of moreFixture("escalc-current.json")) {
    it(`escalc("${c.measure}", ${JSON.stringify(c.options)}) matches ${c.id} (5.0-1)`, () => expectEscalcMatches(c, "current"));
  }
});

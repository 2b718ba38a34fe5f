/**
 * The reading guide names the confidence level the analyses use ("the 95% confidence
 * interval" only when every analysis is at 95%), never a fixed "95%" whatever the level.
 * The funnel plot's pseudo 95% region is drawn at alpha = 0.05 whatever the level, so it
 * stays 95%.
 */
import { describe, expect, it } from "vitest";
import { reportHtml, type ReportInput } from "../src/index.js";
import { reportInput } from "./report-input.js";

/** The report input with every analysis at the given levels, in turn (undefined: not stated). */
function atLevels(levels: readonly (number | undefined)[]): ReportInput {
  const input = reportInput();
  let i = 0;
  const indications = input.indications.map((indication) => ({
    ...indication,
    analyses: indication.analyses.map((analysis) => {
      const { level: _, ...rest } = analysis;
      const level = levels[i++ % levels.length];
      return level === undefined ? rest : { ...rest, level };
    }),
  }));
  return { ...input, indications };
}

const guide = (input: ReportInput) => {
  const html = reportHtml(input, new Map());
  return html.slice(html.indexOf('<section id="reading">'), html.indexOf("</section>", html.indexOf('<section id="reading">')));
};

describe("reportHtml(input): the reading guide follows the analyses' level", () => {
  it("every analysis at 95%: the 95% confidence and prediction intervals", () => {
    const text = guide(atLevels([95]));
    expect(text).toContain("with the 95% confidence interval as a line");
    expect(text).toContain("the bar under it is the 95% prediction interval");
    expect(text).toContain("its 95% confidence band");
    expect(text).not.toContain("method line states");
  });

  it("every analysis at 90%: 90%, and no 95% but the funnel's fixed pseudo 95% region", () => {
    const text = guide(atLevels([90]));
    expect(text).toContain("with the 90% confidence interval as a line");
    expect(text).toContain("the 90% prediction interval");
    expect(text.match(/95%/g)).toEqual(["95%"]);
    expect(text).toContain("pseudo 95% confidence region");
  });

  it("analyses at different levels, or none stated: no level named, each method line states its own", () => {
    for (const levels of [[95, 90], [undefined]]) {
      const text = guide(atLevels(levels));
      expect(text).toContain("with the confidence interval as a line");
      expect(text).toContain("The method line of each analysis states its confidence level.");
    }
  });

  it("the single-arm note speaks of the intervention, not of one review's drug", () => {
    expect(guide(atLevels([95]))).toContain("the effect of the intervention compared with anything else");
  });
});

/**
 * SYNTHETIC risk-of-bias data for the figure tests: invented judgements for invented
 * study labels, made to exercise every level of both tools. They are display data, not
 * assessments of any real study (data/ records none; see data/README.md).
 */
import type { RobPlotData } from "../src/index.js";

export function rob2Synthetic(): RobPlotData {
  return {
    tool: "RoB 2",
    title: "Risk of bias (RoB 2), synthetic trials",
    assessments: [
      { label: "Synthetic trial A 2001", domains: ["low", "low", "some concerns", "low", "low"], overall: "some concerns", weight: 40 },
      { label: "Synthetic trial B 2005", domains: ["low", "low", "low", "low", "low"], overall: "low", weight: 35 },
      { label: "Synthetic trial C 2010, a label long enough to wrap onto a second line and be cut", domains: ["high", "some concerns", "low", "high", "some concerns"], overall: "high", weight: 20 },
      { label: "Synthetic trial D 2016", domains: ["low", "some concerns", "low", "low", "high"], overall: "high", weight: 5 },
    ],
  };
}

export function robinsSynthetic(): RobPlotData {
  return {
    tool: "ROBINS-I",
    title: "Risk of bias (ROBINS-I), synthetic cohorts",
    assessments: [
      { label: "Synthetic cohort E 1999", domains: ["serious", "low", "moderate", "critical", "no information", "low", "moderate"], overall: "critical" },
      { label: "Synthetic cohort F 2004", domains: ["moderate", "moderate", "low", "low", "serious", "no information", "low"], overall: "serious" },
      { label: "Synthetic cohort G 2012", domains: ["low", "low", "low", "low", "low", "moderate", "low"], overall: "moderate" },
    ],
  };
}

/**
 * The RoB 2 domain algorithms, each path of each domain's decision table checked with a
 * case written from the table.
 * @reference Higgins JPT et al. (2019), RoB 2 full guidance document (22 August 2019), the algorithm of each domain; Sterne JAC et al. (2019), BMJ 366:l4898
 */
import { describe, expect, it } from "vitest";
import { proposedRob2Domain, RoB2, ROB2_QUESTIONS, type SignallingAnswer } from "../src/index.js";

type Row = readonly [answers: Record<string, SignallingAnswer>, proposed: string | undefined];

function check(domain: Parameters<typeof proposedRob2Domain>[0], rows: readonly Row[]): void {
  for (const [answers, proposed] of rows) expect([answers, proposedRob2Domain(domain, answers)]).toEqual([answers, proposed]);
}

describe("proposedRob2Domain: D1 randomisation process", () => {
  it("follows the table: 1.2 concealment first, then 1.1 and 1.3", () => {
    check("randomisation", [
      [{ randomSequence: "Y", concealed: "Y", baselineImbalance: "N" }, "low"],
      [{ randomSequence: "NI", concealed: "PY", baselineImbalance: "NI" }, "low"],
      [{ randomSequence: "Y", concealed: "Y", baselineImbalance: "PY" }, "some-concerns"],
      [{ randomSequence: "N", concealed: "Y", baselineImbalance: "N" }, "some-concerns"],
      [{ randomSequence: "PN", concealed: "Y", baselineImbalance: "Y" }, "some-concerns"],
      [{ randomSequence: "Y", concealed: "NI", baselineImbalance: "N" }, "some-concerns"],
      [{ randomSequence: "Y", concealed: "NI", baselineImbalance: "NI" }, "some-concerns"],
      [{ randomSequence: "Y", concealed: "NI", baselineImbalance: "Y" }, "high"],
      [{ randomSequence: "Y", concealed: "N", baselineImbalance: "N" }, "high"],
      [{ concealed: "PN" }, "high"],
    ]);
  });
  it("proposes nothing while an answer on the path is missing or NA", () => {
    check("randomisation", [
      [{}, undefined],
      [{ concealed: "Y", baselineImbalance: "N" }, undefined],
      [{ randomSequence: "Y", concealed: "Y", baselineImbalance: "NA" }, undefined],
      [{ randomSequence: "Y", concealed: "NI" }, undefined],
    ]);
    expect(proposedRob2Domain("randomisation", undefined)).toBeUndefined();
  });
});

describe("proposedRob2Domain: D2 deviations from intended interventions (effect of assignment)", () => {
  const analysisLow = { appropriateAnalysis: "Y" } as const;
  it("part 1 (2.1-2.5), with part 2 low", () => {
    check("deviations", [
      [{ participantsAware: "N", deliverersAware: "PN", trialContextDeviations: "NA", ...analysisLow }, "low"],
      [{ participantsAware: "Y", deliverersAware: "N", trialContextDeviations: "N", ...analysisLow }, "low"],
      [{ participantsAware: "NI", deliverersAware: "NI", trialContextDeviations: "PN", ...analysisLow }, "low"],
      [{ participantsAware: "Y", deliverersAware: "Y", trialContextDeviations: "NI", ...analysisLow }, "some-concerns"],
      [{ participantsAware: "Y", deliverersAware: "Y", trialContextDeviations: "Y", deviationsAffectOutcome: "PN", ...analysisLow }, "some-concerns"],
      [{ participantsAware: "Y", deliverersAware: "Y", trialContextDeviations: "Y", deviationsAffectOutcome: "Y", deviationsBalanced: "PY", ...analysisLow }, "some-concerns"],
      [{ participantsAware: "Y", deliverersAware: "Y", trialContextDeviations: "PY", deviationsAffectOutcome: "NI", deviationsBalanced: "N", ...analysisLow }, "high"],
      [{ participantsAware: "Y", deliverersAware: "Y", trialContextDeviations: "Y", deviationsAffectOutcome: "Y", deviationsBalanced: "NI", ...analysisLow }, "high"],
    ]);
  });
  it("part 2 (2.6-2.7), with part 1 low, and the two parts combined", () => {
    const blind = { participantsAware: "N", deliverersAware: "N" } as const;
    check("deviations", [
      [{ ...blind, appropriateAnalysis: "PY" }, "low"],
      [{ ...blind, appropriateAnalysis: "N", analysisImpact: "PN" }, "some-concerns"],
      [{ ...blind, appropriateAnalysis: "NI", analysisImpact: "N" }, "some-concerns"],
      [{ ...blind, appropriateAnalysis: "PN", analysisImpact: "Y" }, "high"],
      [{ ...blind, appropriateAnalysis: "N", analysisImpact: "NI" }, "high"],
      [{ participantsAware: "Y", deliverersAware: "Y", trialContextDeviations: "NI", appropriateAnalysis: "N", analysisImpact: "N" }, "some-concerns"],
      [{ participantsAware: "Y", deliverersAware: "Y", trialContextDeviations: "Y", deviationsAffectOutcome: "Y", deviationsBalanced: "N" }, "high"],
      [{ ...blind }, undefined],
      [{ participantsAware: "Y", deliverersAware: "Y", appropriateAnalysis: "Y" }, undefined],
    ]);
  });
});

describe("proposedRob2Domain: D3 missing outcome data", () => {
  it("follows the table 3.1 to 3.4", () => {
    check("missingData", [
      [{ nearlyAllData: "Y" }, "low"],
      [{ nearlyAllData: "PY", evidenceNotBiased: "NA" }, "low"],
      [{ nearlyAllData: "N", evidenceNotBiased: "Y" }, "low"],
      [{ nearlyAllData: "NI", evidenceNotBiased: "PN", couldDependOnValue: "N" }, "low"],
      [{ nearlyAllData: "N", evidenceNotBiased: "N", couldDependOnValue: "Y", likelyDependsOnValue: "PN" }, "some-concerns"],
      [{ nearlyAllData: "N", evidenceNotBiased: "N", couldDependOnValue: "NI", likelyDependsOnValue: "N" }, "some-concerns"],
      [{ nearlyAllData: "N", evidenceNotBiased: "N", couldDependOnValue: "PY", likelyDependsOnValue: "PY" }, "high"],
      [{ nearlyAllData: "N", evidenceNotBiased: "N", couldDependOnValue: "Y", likelyDependsOnValue: "NI" }, "high"],
      [{ nearlyAllData: "N" }, undefined],
      [{ nearlyAllData: "N", evidenceNotBiased: "NI" }, undefined],
    ]);
  });
});

describe("proposedRob2Domain: D4 measurement of the outcome", () => {
  it("follows the table 4.1 to 4.5, 4.2 NI capping at some concerns", () => {
    check("measurement", [
      [{ methodInappropriate: "Y" }, "high"],
      [{ methodInappropriate: "N", differedBetweenGroups: "PY" }, "high"],
      [{ methodInappropriate: "N", differedBetweenGroups: "N", assessorsAware: "N" }, "low"],
      [{ methodInappropriate: "NI", differedBetweenGroups: "PN", assessorsAware: "Y", couldBeInfluenced: "N" }, "low"],
      [{ methodInappropriate: "N", differedBetweenGroups: "N", assessorsAware: "Y", couldBeInfluenced: "Y", likelyInfluenced: "PN" }, "some-concerns"],
      [{ methodInappropriate: "N", differedBetweenGroups: "N", assessorsAware: "NI", couldBeInfluenced: "PY", likelyInfluenced: "Y" }, "high"],
      [{ methodInappropriate: "N", differedBetweenGroups: "NI", assessorsAware: "N" }, "some-concerns"],
      [{ methodInappropriate: "N", differedBetweenGroups: "NI", assessorsAware: "Y", couldBeInfluenced: "PN" }, "some-concerns"],
      [{ methodInappropriate: "N", differedBetweenGroups: "NI", assessorsAware: "Y", couldBeInfluenced: "Y", likelyInfluenced: "N" }, "some-concerns"],
      [{ methodInappropriate: "PN", differedBetweenGroups: "NI", assessorsAware: "Y", couldBeInfluenced: "NI", likelyInfluenced: "NI" }, "high"],
      [{ methodInappropriate: "N", differedBetweenGroups: "N" }, undefined],
    ]);
  });
});

describe("proposedRob2Domain: D5 selection of the reported result", () => {
  it("follows the table 5.1 to 5.3", () => {
    check("selection", [
      [{ prespecifiedPlan: "Y", selectedFromMeasurements: "N", selectedFromAnalyses: "N" }, "low"],
      [{ prespecifiedPlan: "N", selectedFromMeasurements: "PN", selectedFromAnalyses: "N" }, "some-concerns"],
      [{ prespecifiedPlan: "NI", selectedFromMeasurements: "N", selectedFromAnalyses: "PN" }, "some-concerns"],
      [{ prespecifiedPlan: "Y", selectedFromMeasurements: "NI", selectedFromAnalyses: "N" }, "some-concerns"],
      [{ prespecifiedPlan: "Y", selectedFromMeasurements: "N", selectedFromAnalyses: "PY" }, "high"],
      [{ prespecifiedPlan: "Y", selectedFromMeasurements: "Y", selectedFromAnalyses: "NI" }, "high"],
      [{ selectedFromMeasurements: "Y" }, "high"],
      [{ selectedFromMeasurements: "N", selectedFromAnalyses: "N" }, undefined],
    ]);
  });
});

describe("RoB2 record: signalling answers are optional per domain", () => {
  const domain = { judgement: "low", support: "s" };
  const record = { id: "r", study: "s", result: "x", randomisation: domain, deviations: domain, missingData: domain, measurement: domain, selection: domain, overall: domain };
  it("accepts a record without answers and one with answers of the domain's questions", () => {
    expect(RoB2.safeParse(record).success).toBe(true);
    expect(RoB2.safeParse({ ...record, randomisation: { ...domain, answers: { randomSequence: "Y", concealed: "PY" } } }).success).toBe(true);
    expect(Object.keys(ROB2_QUESTIONS)).toEqual(["randomisation", "deviations", "missingData", "measurement", "selection"]);
  });
  it("refuses an answer outside Y/PY/PN/N/NI/NA and a question of another domain", () => {
    expect(RoB2.safeParse({ ...record, randomisation: { ...domain, answers: { concealed: "yes" } } }).success).toBe(false);
    expect(RoB2.safeParse({ ...record, randomisation: { ...domain, answers: { nearlyAllData: "Y" } } }).success).toBe(false);
  });
});

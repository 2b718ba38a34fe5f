/**
 * Precomputed effect sizes (metafor's measure "GEN"): yi with its sampling variance vi,
 * or its standard error sei (vi = sei^2). When both are given, vi is used, as in metafor.
 * @metafor escalc(measure = "GEN", yi, vi) or escalc(yi = yi, sei = sei)
 */
import { checkPositive, req, type StudyRef, type Values } from "../inputs.js";
import type { Measure } from "../measures.js";
import { messages } from "../messages.js";
import type { Outcome, ValueFamily } from "./family.js";

function validate(_measure: Measure, values: Values, ref: StudyRef): void {
  checkPositive(values, "vi", ref);
  checkPositive(values, "sei", ref);
}

function compute(_measure: Measure, values: Values): Outcome {
  const yi = req(values, "yi");
  if (values.vi !== undefined) {
    return values.sei === undefined ? { yi, vi: values.vi } : { yi, vi: values.vi, notes: [messages.notes.viPreferred()] };
  }
  return { yi, vi: req(values, "sei") ** 2 };
}

export const genericFamily: ValueFamily = { kind: "values", validate, compute };

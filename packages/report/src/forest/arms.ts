/**
 * Arm data as given, normalised once: "12/50" (events/total, as in the caller's spec) is
 * read as a dichotomous arm, so it gets Events and Total columns and counts in the totals;
 * any other string is shown as written.
 */
import type { ArmData, ContinuousArm, DichotomousArm } from "./types.js";

const EVENTS_OVER_TOTAL = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

export function normaliseArm(arm: ArmData): ArmData {
  if (typeof arm !== "string") return arm;
  const match = EVENTS_OVER_TOTAL.exec(arm);
  return match === null ? arm : { events: Number(match[1]), total: Number(match[2]) };
}

export const isDichotomous = (arm: ArmData | undefined): arm is DichotomousArm => typeof arm === "object" && "events" in arm;
export const isContinuous = (arm: ArmData | undefined): arm is ContinuousArm => typeof arm === "object" && "mean" in arm;

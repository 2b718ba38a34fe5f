/**
 * Which arm of a result is the experimental one and which the comparator: the one rule
 * every consumer of the records uses (effect sizes, 2x2 tables, subgroups, forest plots,
 * GRADE's control risk). Arms named by a contrast or paired result (`experimental`,
 * `control`) are as recorded; a single-arm proportion has only its arm; a narrative result
 * has none; for a result that lists its arms (2x2, means, medians), the experimental arm is the first of type "experimental" and the
 * comparator the first other arm that is not of that type.
 */
import type { ArmType } from "./arm.js";
import type { Result } from "./result.js";

/** An arm's type from its id within the result's study; undefined when the study has no such arm. */
export type ArmTypeOf = (armId: string) => ArmType | undefined;

export interface ArmRoles<T> {
  readonly experimental?: T;
  readonly control?: T;
}

/** The experimental arm and the comparator among a result's listed arms (either may be absent). */
export function experimentalAndControl<T extends { readonly arm: string }>(arms: readonly T[], typeOf: ArmTypeOf): ArmRoles<T> {
  const experimental = arms.find((a) => typeOf(a.arm) === "experimental");
  const control = arms.find((a) => a !== experimental && typeOf(a.arm) !== "experimental");
  return { ...(experimental !== undefined && { experimental }), ...(control !== undefined && { control }) };
}

/** The ids of a result's experimental arm and comparator, whatever its form (none for a narrative result). */
export function resultArmIds(result: Result, typeOf: ArmTypeOf): ArmRoles<string> {
  switch (result.form) {
    case "contrast":
    case "paired":
      return { experimental: result.experimental, control: result.control };
    case "proportion":
      return { experimental: result.arm };
    case "narrative":
      return {};
    default: {
      const arms: readonly { readonly arm: string }[] = result.arms;
      const roles = experimentalAndControl(arms, typeOf);
      return { ...(roles.experimental !== undefined && { experimental: roles.experimental.arm }), ...(roles.control !== undefined && { control: roles.control.arm }) };
    }
  }
}

/**
 * One id rule: the ids `metakit validate` accepts (the schema's Id) are the ids the report
 * accepts as folder and anchor names, and both refuse the others with the same rule
 * (@metakit/base idProblem). Before, validate took "Pain_A" and the report refused it.
 */
import { describe, expect, it } from "vitest";
import { idProblem, ID_RULES, MAX_ID_LENGTH } from "@metakit/base";
import { Id } from "@metakit/schema";
import { checkReportIds } from "@metakit/report";

const ids = ["pain", "Pain_A", "pain-2.1", "a..b", "x".repeat(MAX_ID_LENGTH), "x".repeat(MAX_ID_LENGTH + 1), "constructor", "__proto__", "toString", "-a", ".hidden", "a b", "a/b", "ä", ""];

/** The report's verdict on one id: undefined when accepted, else its message. */
function reportVerdict(id: string): string | undefined {
  try {
    checkReportIds("analysis id", [id]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("one id rule for validate and report", () => {
  it.each(ids.map((id) => [JSON.stringify(id), id] as const))("%s: accepted by both or refused by both, for the same rule", (_, id) => {
    const parsed = Id.safeParse(id);
    const rule = idProblem(id);
    expect(parsed.success).toBe(rule === undefined);
    expect(reportVerdict(id) === undefined).toBe(rule === undefined);
    if (rule !== undefined) {
      expect(parsed.error?.issues[0]?.message).toContain(rule);
      expect(reportVerdict(id)).toContain(rule);
    }
  });

  it("the rules are the ones stated", () => {
    expect(idProblem("Pain_A")).toBeUndefined();
    expect(idProblem("a b")).toBe(ID_RULES.pattern);
    expect(idProblem("x".repeat(101))).toBe(ID_RULES.length);
    expect(idProblem("constructor")).toBe(ID_RULES.reserved);
  });

  it("the report refuses two ids that name the same folder on a case-insensitive file system", () => {
    expect(() => checkReportIds("analysis id", ["pain", "Pain"])).toThrow(/two analysis ids are "Pain"/);
  });
});

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { editYamlText } from "../src/index.js";

const BCG_SPEC = fileURLToPath(new URL("../../../data/sample/bcg/analysis.yaml", import.meta.url));
const SPECS = ["depression", "nssi", "pain", "trichotillomania"].map((name) => fileURLToPath(new URL(`../../../analyses/${name}.yaml`, import.meta.url)));

describe("editYamlText(text, edits)", () => {
  it("editYamlText(text, []) returns every spec byte for byte", () => {
    for (const file of [BCG_SPEC, ...SPECS]) {
      const text = readFileSync(file, "utf8");
      expect(editYamlText(text, [])).toBe(text);
    }
  });

  it("replaces a scalar in place, keeping its comment and the other lines", () => {
    const text = "a: 1 # one\nlong: this is a long line\n  folded over two\nb: x\n";
    expect(editYamlText(text, [{ path: ["a"], value: 2 }])).toBe("a: 2 # one\nlong: this is a long line\n  folded over two\nb: x\n");
    expect(editYamlText(text, [{ path: ["b"], value: "a: b" }])).toBe("a: 1 # one\nlong: this is a long line\n  folded over two\nb: \"a: b\"\n");
  });

  it("adds a missing mapping as the last entry of its parent, at the parent's indentation, and removes it again", () => {
    const text = "grade:\n  - outcome: x # the outcome\n    comment: kept\n    # trailing comment\nnotes: n\n";
    const added = editYamlText(text, [{ path: ["grade", 0, "judgements", "riskOfBias"], value: { concern: "serious", reason: "open label" } }]);
    expect(added).toBe("grade:\n  - outcome: x # the outcome\n    comment: kept\n    judgements:\n      riskOfBias:\n        concern: serious\n        reason: open label\n    # trailing comment\nnotes: n\n");
    expect(YAML.parse(added).grade[0].judgements.riskOfBias).toEqual({ concern: "serious", reason: "open label" });
    expect(editYamlText(added, [{ path: ["grade", 0, "judgements"] }])).toBe(text);
  });

  it("quotes a text YAML 1.1 would read as a boolean (GRADE's \"no\")", () => {
    expect(editYamlText("m:\n  concern: serious\n", [{ path: ["m", "concern"], value: "no" }])).toBe('m:\n  concern: "no"\n');
  });

  it("sets each key of an object value into an existing mapping", () => {
    const text = "m:\n  concern: no\n  reason: r # why\n";
    expect(editYamlText(text, [{ path: ["m"], value: { concern: "serious", reason: "new" } }])).toBe("m:\n  concern: serious\n  reason: new # why\n");
  });

  it("refuses to add a key to a flow mapping rather than rewrite it", () => {
    expect(() => editYamlText("m: {a: 1}\n", [{ path: ["m", "b"], value: 2 }])).toThrow(/flow mapping/);
  });
});

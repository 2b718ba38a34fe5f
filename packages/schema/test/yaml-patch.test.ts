/**
 * patchYaml(text, edits): only the edited nodes change. Checked on every YAML file of the
 * repository's data/ (and analyses/): no edit leaves the bytes as they are, and an edit of
 * a number or a text changes the file inside that node's own range only; then the edits
 * the study form makes (a key added, an arm appended, a bare number given provenance, a
 * value made missing, a field removed) on a small file with comments.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import YAML, { isScalar, type Node } from "yaml";
import { describe, expect, it } from "vitest";
import { editValue, patchYaml, yamlValue, type PathSegment, type YamlEdit } from "../src/index.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const FILES = [...yamlFiles(join(REPO, "data")), ...yamlFiles(join(REPO, "analyses"))];

/** Every scalar leaf of a document with its path and source range. */
function leaves(text: string): { path: PathSegment[]; node: YAML.Scalar; range: readonly [number, number, number] }[] {
  const found: { path: PathSegment[]; node: YAML.Scalar; range: readonly [number, number, number] }[] = [];
  const visit = (node: unknown, path: PathSegment[]) => {
    if (isScalar(node)) {
      if (node.range) found.push({ path, node, range: node.range });
    } else if (YAML.isMap(node)) node.items.forEach((pair) => visit(pair.value, [...path, String((pair.key as YAML.Scalar).value)]));
    else if (YAML.isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  visit(YAML.parseDocument(text).contents as Node, []);
  return found;
}

/** At most `count` items spread over the list (the patch re-parses the file per edit). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

describe("patchYaml(text, edits) on the repository's YAML files", () => {
  it("finds the data files", () => {
    expect(FILES.map((f) => f.slice(REPO.length)).sort()).toEqual(expect.arrayContaining(["data/pain.yaml", "data/sample/bcg/trials.yaml", "analyses/pain.yaml"]));
  });

  it.each(FILES.map((f) => [f.slice(REPO.length), f]))("%s: byte for byte when nothing is edited, or a value is set to itself", (_, file) => {
    const text = readFileSync(file, "utf8");
    expect(patchYaml(text, [])).toBe(text);
    const same = spread(leaves(text), 30).map((leaf) => ({ path: leaf.path, value: leaf.node.toJSON() as unknown }));
    expect(patchYaml(text, same)).toBe(text);
  }, 120_000);

  it.each(FILES.map((f) => [f.slice(REPO.length), f]))("%s: a changed number or text changes that node's bytes only", (_, file) => {
    const text = readFileSync(file, "utf8");
    const before = yamlValue(text);
    for (const leaf of spread(leaves(text), 25)) {
      const old = leaf.node.value;
      if (typeof old !== "number" && typeof old !== "string") continue;
      const value = typeof old === "number" ? old + 1 : `${old} (edited)`;
      const patched = patchYaml(text, [{ path: leaf.path, value }]);
      const [start, end] = leaf.range;
      const tail = text.length - end;
      expect(patched.slice(0, start), String(leaf.path)).toBe(text.slice(0, start));
      expect(patched.slice(patched.length - tail), String(leaf.path)).toBe(text.slice(end));
      expect(yamlValue(patched)).toEqual(editValue(before, { path: leaf.path, value }));
    }
  }, 120_000);
});

const SMALL = `# An extraction with comments.
kind: extraction
studies:
  - id: a2020 # the first study
    citation: {year: 2020, authors: [Smith J, Jones K]}
    randomised: 40
    notes: >-
      Folded text that runs over
      two lines.

  - id: b2021
    citation:
      year: 2021
    provenance: {source: NCT1, location: table 1, quote: "n = 12", status: verified}
arms:
  # arms of a2020
  - study: a2020
    id: drug
    randomised: 20
results:
  - id: r1
    study: a2020
    arms:
      - {arm: drug, mean: 1.5, sd: 0.4, n: 20}
# the end
`;

function differingLines(a: string, b: string): string[] {
  const [x, y] = [a.split("\n"), b.split("\n")];
  const out: string[] = [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) out.push(`${x[i] ?? "∅"} -> ${y[i] ?? "∅"}`);
  return out;
}

function patched(edits: YamlEdit[]): string {
  const text = patchYaml(SMALL, edits);
  let expected = yamlValue(SMALL);
  for (const edit of edits) expected = editValue(expected, edit);
  expect(yamlValue(text)).toEqual(expected);
  return text;
}

describe("patchYaml(text, edits): the study form's edits", () => {
  it("sets a number in a block mapping, keeping the line's comment and everything else", () => {
    const text = patched([{ path: ["studies", 0, "randomised"], value: 41 }]);
    expect(differingLines(SMALL, text)).toEqual(["    randomised: 40 ->     randomised: 41"]);
  });

  it("sets a value inside flow collections in place", () => {
    const text = patched([
      { path: ["results", 0, "arms", 0, "sd"], value: 0.45 },
      { path: ["studies", 0, "citation", "authors", 1], value: "Jones KL" },
      { path: ["studies", 1, "provenance", "quote"], value: 'n = "12"' },
    ]);
    expect(differingLines(SMALL, text)).toEqual([
      "    citation: {year: 2020, authors: [Smith J, Jones K]} ->     citation: {year: 2020, authors: [Smith J, Jones KL]}",
      '    provenance: {source: NCT1, location: table 1, quote: "n = 12", status: verified} ->     provenance: {source: NCT1, location: table 1, quote: "n = \\"12\\"", status: verified}',
      "      - {arm: drug, mean: 1.5, sd: 0.4, n: 20} ->       - {arm: drug, mean: 1.5, sd: 0.45, n: 20}",
    ]);
  });

  it("rewrites folded text in its own style", () => {
    const text = patched([{ path: ["studies", 0, "notes"], value: "Shorter." }]);
    expect(text).toBe(SMALL.replace("      Folded text that runs over\n      two lines.\n", "      Shorter.\n"));
  });

  it("gives a bare number its own provenance as a block mapping", () => {
    const value = { value: 40, source: "doi:10/x", location: "table 1", quote: "40 randomised", status: "verified" };
    const text = patched([{ path: ["studies", 0, "randomised"], value }]);
    expect(text).toContain("    randomised:\n      value: 40\n      source: doi:10/x\n      location: table 1\n      quote: 40 randomised\n      status: verified\n    notes: >-\n");
    expect(text.replace(/    randomised:\n(      .*\n)+/, "    randomised: 40\n")).toBe(SMALL);
  });

  it("adds a key at the end of its mapping and appends an arm to the arms list", () => {
    const arm = { study: "a2020", id: "placebo", type: "placebo", intervention: "placebo", randomised: { missing: "not in the abstract", status: "not-reported" } };
    const text = patched([
      { path: ["studies", 1, "citation", "title"], value: "A trial: the second" },
      { path: ["arms", 1], value: arm },
    ]);
    expect(text).toContain('    citation:\n      year: 2021\n      title: "A trial: the second"\n    provenance:');
    expect(text).toContain(
      "    randomised: 20\n  - study: a2020\n    id: placebo\n    type: placebo\n    intervention: placebo\n    randomised:\n      missing: not in the abstract\n      status: not-reported\nresults:\n",
    );
    expect(text.startsWith("# An extraction with comments.\n")).toBe(true);
    expect(text).toContain("  # arms of a2020\n");
    expect(text.endsWith("# the end\n")).toBe(true);
  });

  it("removes a key by its lines, and a first key through the Document API without touching other records", () => {
    const text = patched([{ path: ["studies", 0, "randomised"], delete: true }]);
    expect(differingLines(SMALL, text)[0]).toBe("    randomised: 40 ->     notes: >-");
    const first = patched([{ path: ["arms", 0, "study"], delete: true }]);
    expect(first.slice(0, first.indexOf("arms:"))).toBe(SMALL.slice(0, SMALL.indexOf("arms:")));
    expect(first.slice(first.indexOf("results:"))).toBe(SMALL.slice(SMALL.indexOf("results:")));
  });

  it("replaces a value by missing with a reason", () => {
    const text = patched([{ path: ["results", 0, "arms", 0, "sd"], value: { missing: "not reported", status: "not-reported" } }]);
    expect(differingLines(SMALL, text)).toEqual([
      "      - {arm: drug, mean: 1.5, sd: 0.4, n: 20} ->       - {arm: drug, mean: 1.5, sd: {missing: not reported, status: not-reported}, n: 20}",
    ]);
  });

  it("refuses a bad path", () => {
    expect(() => patchYaml(SMALL, [{ path: ["studies", 0, "__proto__"], value: 1 }])).toThrow(/bad path segment/);
    expect(() => patchYaml(SMALL, [{ path: [], value: 1 }])).toThrow(/needs a path/);
  });
});

describe("patchYaml(text, edits) on analysis specs (the spec page's GRADE overrides)", () => {
  const SPECS = ["data/sample/bcg/analysis.yaml", ...["depression", "nssi", "pain", "trichotillomania"].map((name) => `analyses/${name}.yaml`)];

  it("returns every spec byte for byte with no edits", () => {
    for (const file of SPECS) {
      const text = readFileSync(join(REPO, file), "utf8");
      expect(patchYaml(text, [])).toBe(text);
    }
  });

  it("replaces a scalar in place, keeping its comment and the other lines", () => {
    const text = "a: 1 # one\nlong: this is a long line\n  folded over two\nb: x\n";
    expect(patchYaml(text, [{ path: ["a"], value: 2 }])).toBe("a: 2 # one\nlong: this is a long line\n  folded over two\nb: x\n");
    expect(patchYaml(text, [{ path: ["b"], value: "a: b" }])).toBe('a: 1 # one\nlong: this is a long line\n  folded over two\nb: "a: b"\n');
  });

  it("adds a missing mapping as the last entry of its parent, at the parent's indentation, and removes it again", () => {
    const text = "grade:\n  - outcome: x # the outcome\n    comment: kept\n    # trailing comment\nnotes: n\n";
    const added = patchYaml(text, [{ path: ["grade", 0, "judgements", "riskOfBias"], value: { concern: "serious", reason: "open label" } }]);
    expect(added).toBe("grade:\n  - outcome: x # the outcome\n    comment: kept\n    judgements:\n      riskOfBias:\n        concern: serious\n        reason: open label\n    # trailing comment\nnotes: n\n");
    expect(patchYaml(added, [{ path: ["grade", 0, "judgements"], delete: true }])).toBe(text);
  });

  it('quotes a value YAML 1.1 would read as a boolean (GRADE\'s "no"), never a key such as n', () => {
    expect(patchYaml("m:\n  concern: serious\n", [{ path: ["m", "concern"], value: "no" }])).toBe('m:\n  concern: "no"\n');
    expect(patchYaml("m:\n  concern: serious\n", [{ path: ["m", "other"], value: "yes" }])).toBe('m:\n  concern: serious\n  other: "yes"\n');
    expect(patchYaml("m:\n  a: 1\n", [{ path: ["m", "j"], value: { concern: "no", n: 1 } }])).toBe('m:\n  a: 1\n  j:\n    concern: "no"\n    n: 1\n');
    expect(patchYaml("m:\n  a: 1\n", [{ path: ["m", "n"], value: "n" }])).toBe('m:\n  a: 1\n  n: "n"\n');
    expect(patchYaml("m: [a]\n", [{ path: ["m", 1], value: "on" }])).toBe('m: [a, "on"]\n');
  });

  it("sets an object over an existing mapping key by key, keeping the comments of its keys, and removes the keys it lacks", () => {
    const text = "m:\n  concern: no\n  reason: r # why\n";
    expect(patchYaml(text, [{ path: ["m"], value: { concern: "serious", reason: "new" } }])).toBe("m:\n  concern: serious\n  reason: new # why\n");
    expect(patchYaml(text, [{ path: ["m"], value: { reason: "new" } }])).toBe("m:\n  reason: new # why\n");
  });

  it("adds a key to a flow mapping by printing that mapping again on its line", () => {
    expect(patchYaml("m: {a: 1} # c\nn: 2\n", [{ path: ["m", "b"], value: 2 }])).toBe("m: {a: 1, b: 2} # c\nn: 2\n");
  });
});

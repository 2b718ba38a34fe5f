/**
 * The study form's pieces that run without a browser: the schema it is generated from is
 * the committed extraction JSON Schema; every field of every record kind gets a control
 * (none falls through to a read-only view); new records from templates carry every
 * required field; the differences sent on Save are the edits made, at the highest path
 * that changed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RECORD_KINDS } from "@metakit/schema";
import { diffEdits, setAt } from "../src/studies/edits.js";
import { controlOf, extractionSchema, recordSchema, type JsonSchema } from "../src/studies/json-schema.js";
import { template } from "../src/studies/templates.js";

const COMMITTED = JSON.parse(readFileSync(new URL("../../schema/generated/extraction.schema.json", import.meta.url), "utf8")) as JsonSchema;

/** Every field under a schema node, with the control the form gives it. */
function controls(schema: JsonSchema, path: string): { path: string; kind: string }[] {
  const control = controlOf(schema);
  const here = [{ path, kind: control.kind }];
  switch (control.kind) {
    case "object":
      return [...here, ...Object.entries(control.properties).flatMap(([key, s]) => controls(s, `${path}.${key}`))];
    case "union":
      return [...here, ...control.branches.flatMap((b) => controls(b, path))];
    case "list":
      return [...here, ...controls(control.items, `${path}[]`)];
    case "record":
      return [...here, ...controls(control.values, `${path}{}`)];
    default:
      return here;
  }
}

describe("the study form's schema", () => {
  it("is the committed generated/extraction.schema.json", () => {
    expect(extractionSchema()).toEqual(COMMITTED);
  });

  it("gives every field of every record kind a control", () => {
    for (const kind of RECORD_KINDS) {
      const unhandled = controls(recordSchema(kind), kind).filter((c) => c.kind === "any");
      expect(unhandled, kind).toEqual([]);
    }
    const sd = controls(recordSchema("results"), "results").find((c) => c.path === "results.arms[].sd");
    expect(sd).toEqual({ path: "results.arms[].sd", kind: "reported" });
  });

  it("templates a new arm with the study filled in and every required field present", () => {
    const arm = template(recordSchema("arms"), { study: "s1", arms: [], id: "arm-2" }) as Record<string, unknown>;
    expect(arm).toEqual({ study: "s1", id: "arm-2", type: null, intervention: "" });
    const result = template(recordSchema("results"), { study: "s1", arms: [{ id: "a", type: "experimental" }], id: "r9" }) as Record<string, unknown>;
    expect(result["form"]).toBe("dichotomous");
    expect(result["arms"]).toEqual([{ arm: "a", events: { missing: "" }, total: { missing: "" } }]);
  });
});

describe("diffEdits(before, after)", () => {
  const before = { studies: [{ id: "s1", randomised: 40 }], arms: [{ study: "s1", id: "a" }] };

  it("is the edit made, at its path", () => {
    expect(diffEdits(before, setAt(before, ["studies", 0, "randomised"], 41))).toEqual([{ path: ["studies", 0, "randomised"], value: 41 }]);
    expect(diffEdits(before, before)).toEqual([]);
  });

  it("sets a new subtree at its root, appends list items, removes keys and trailing items", () => {
    const added = setAt(setAt(before, ["arms", 1], { study: "s1", id: "b" }), ["studies", 0, "randomised"], { value: 40, source: "x" });
    expect(diffEdits(before, added)).toEqual([
      { path: ["studies", 0, "randomised"], value: { value: 40, source: "x" } },
      { path: ["arms", 1], value: { study: "s1", id: "b" } },
    ]);
    expect(diffEdits(added, before)).toEqual([
      { path: ["studies", 0, "randomised"], value: 40 },
      { path: ["arms", 1], delete: true },
    ]);
    expect(diffEdits(before, setAt(before, ["studies", 0, "randomised"], undefined))).toEqual([{ path: ["studies", 0, "randomised"], delete: true }]);
  });
});

/**
 * No unexplained null in results.json: every null that the naltrexone review and the BCG
 * sample write sits at a property whose JSON Schema description (generated from the doc
 * comment of its type) says when it is null and why, i.e. that it is not applicable and
 * the reason. The issue-11 contract: "no null except where the JSON Schema of the output
 * documents it as not applicable, with the reason beside it".
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RESULTS_SCHEMA_PATH } from "../scripts/results-schema.mjs";
import { loadNaltrexone } from "./naltrexone.js";

interface SchemaNode {
  readonly $ref?: string;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode | readonly SchemaNode[];
  readonly description?: string;
  readonly type?: string | readonly string[];
}

const schema = JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, "utf8")) as SchemaNode & { definitions: Record<string, SchemaNode> };

function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  while (n?.$ref !== undefined) n = schema.definitions[n.$ref.replace("#/definitions/", "")];
  return n;
}

function branches(node: SchemaNode | undefined): SchemaNode[] {
  const n = deref(node);
  if (n === undefined) return [];
  const alternatives = n.anyOf ?? n.oneOf;
  return alternatives === undefined ? [n] : alternatives.flatMap(branches);
}

/** The schema of a property (or, for "[]", of a list's entries; a tuple gives its index). */
function child(node: SchemaNode | undefined, key: string | number): SchemaNode | undefined {
  for (const b of branches(node)) {
    if (typeof key === "number" && b.items !== undefined) return Array.isArray(b.items) ? b.items[key] : (b.items as SchemaNode);
    if (typeof key === "string" && b.properties !== undefined && Object.hasOwn(b.properties, key)) return b.properties[key];
    if (typeof key === "string" && typeof b.additionalProperties === "object") return b.additionalProperties;
  }
  return undefined;
}

/** A description that says when the value is null: "null when ...", "null without ...", "null for ...". */
const EXPLAINS_NULL = /\bnull\b[^.;]*?\b(when|without|for|if|unless|where|outside|because|as|on)\b/i;

interface Found {
  readonly path: string;
  /** The description of the property that holds the null, or of the list holding it. */
  readonly description: string | undefined;
}

/** Every null in `value` with the description the schema gives it. */
function nulls(value: unknown, node: SchemaNode | undefined, path: string, description: string | undefined): Found[] {
  if (value === null) return [{ path, description }];
  if (typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((entry, i) => nulls(entry, child(node, i), `${path}[${i}]`, description));
  return Object.entries(value).flatMap(([key, entry]) => {
    const property = child(node, key);
    return nulls(entry, property, path === "" ? key : `${path}.${key}`, property?.description ?? deref(property)?.description);
  });
}

describe("results.json: every null is documented in the JSON Schema as not applicable, with the reason", () => {
  const { analysed } = loadNaltrexone();
  for (const id of ["pain", "depression", "nssi", "trichotillomania", "bcg"]) {
    it(id, () => {
      const json = JSON.parse(JSON.stringify(analysed(id).result)) as unknown;
      const unexplained = nulls(json, schema, "", undefined).filter((n) => n.description === undefined || !EXPLAINS_NULL.test(n.description));
      expect(unexplained.map((n) => `${n.path}: ${n.description ?? "(no description)"}`)).toEqual([]);
    });
  }

  it("the check itself finds a null the schema does not explain", () => {
    const json = { spec: { id: null } };
    expect(nulls(json, schema, "", undefined).filter((n) => n.description === undefined || !EXPLAINS_NULL.test(n.description))).toHaveLength(1);
  });
});

/**
 * Agreement between two reviewers' extractions: percent agreement over every field both
 * extracted, and Cohen's kappa for each categorical field (an enumerated or yes/no field
 * of the extraction schema, such as a study's design or a risk-of-bias judgement). Pure.
 */
import { recordSchemas, type RecordKind } from "./document.js";
import { toJsonSchema } from "./json-schema.js";
import type { PathSegment } from "./issues.js";
import type { ComparedRecord } from "./reconcile.js";

type Json = Record<string, unknown>;

/** Proportion of agreement and Cohen's kappa over paired ratings of one categorical field. */
export interface KappaResult {
  /** Items rated by both (a field absent on one side counts as the category "(absent)"). */
  readonly n: number;
  /** Observed proportion of agreement, po. */
  readonly observed: number;
  /** Agreement expected by chance from the two raters' margins, pe. */
  readonly expected: number;
  /** (po - pe) / (1 - pe); null when pe = 1 (both raters used one category only), with `reason`. */
  readonly kappa: number | null;
  readonly reason?: string;
}

/**
 * Cohen's kappa for two raters on a nominal scale: kappa = (po - pe) / (1 - pe), with po
 * the observed proportion of agreement and pe = sum over categories of pA(c) pB(c).
 * @reference Cohen J (1960), A coefficient of agreement for nominal scales, Educ Psychol Meas 20:37-46, eq. 1
 * @example cohensKappa([...20x["yes","yes"], ...5x["yes","no"], ...10x["no","yes"], ...15x["no","no"]]) // kappa 0.4 (po 0.7, pe 0.5)
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): KappaResult {
  const n = pairs.length;
  if (n === 0) return { n, observed: 0, expected: 0, kappa: null, reason: "no item rated by both" };
  const marginA = new Map<string, number>();
  const marginB = new Map<string, number>();
  let agreed = 0;
  for (const [a, b] of pairs) {
    if (a === b) agreed++;
    marginA.set(a, (marginA.get(a) ?? 0) + 1);
    marginB.set(b, (marginB.get(b) ?? 0) + 1);
  }
  const observed = agreed / n;
  let expected = 0;
  for (const [category, countA] of marginA) expected += (countA / n) * ((marginB.get(category) ?? 0) / n);
  if (!(expected < 1)) return { n, observed, expected: 1, kappa: null, reason: "both reviewers used one and the same category throughout, so chance agreement is 1" };
  return { n, observed, expected, kappa: (observed - expected) / (1 - expected) };
}

const schemaCache = new Map<RecordKind, Json>();

function recordJsonSchema(kind: RecordKind): Json {
  let json = schemaCache.get(kind);
  if (json === undefined) {
    json = toJsonSchema(recordSchemas[kind], kind);
    schemaCache.set(kind, json);
  }
  return json;
}

/** The schema alternatives a node may take (anyOf/oneOf flattened). */
function alternatives(node: Json): Json[] {
  const branches = (node["anyOf"] ?? node["oneOf"]) as Json[] | undefined;
  return branches === undefined ? [node] : branches.flatMap(alternatives);
}

function childSchemas(node: Json, segment: PathSegment): Json[] {
  return alternatives(node).flatMap((branch) => {
    if (typeof segment === "number") {
      const items = branch["items"] as Json | undefined;
      return items === undefined ? [] : [items];
    }
    const property = (branch["properties"] as Record<string, Json> | undefined)?.[segment];
    return property === undefined ? [] : [property];
  });
}

/**
 * Whether a field of a record kind is categorical in the extraction schema: an enumerated
 * value, a constant or a yes/no (boolean) field. A reported number's provenance status
 * (`sd.status`) is one; its value is not.
 */
export function isCategoricalField(kind: RecordKind, segments: readonly PathSegment[]): boolean {
  let nodes = [recordJsonSchema(kind)];
  for (const segment of segments) {
    nodes = nodes.flatMap((node) => childSchemas(node, segment));
    if (nodes.length === 0) return false;
  }
  return nodes.flatMap(alternatives).some((node) => Array.isArray(node["enum"]) || node["const"] !== undefined || node["type"] === "boolean");
}

/** A field's name without list positions, within its record kind: "results: arms[].sd.status". */
export function genericField(kind: RecordKind, segments: readonly PathSegment[]): string {
  const path = segments.map((s) => (typeof s === "number" ? "[]" : `.${s}`)).join("").replace(/^\./, "");
  return `${kind}: ${path}`;
}

export interface FieldAgreement extends KappaResult {
  /** The field, e.g. "studies: design". */
  readonly field: string;
}

export interface Agreement {
  /** Fields compared over records both reviewers extracted, and those agreed. */
  readonly fieldsCompared: number;
  readonly fieldsAgreed: number;
  /** fieldsAgreed / fieldsCompared; null when nothing was compared. */
  readonly percentAgreement: number | null;
  /** Records only one reviewer extracted. */
  readonly unpairedRecords: number;
  /** Cohen's kappa per categorical field, in the order fields were first met. */
  readonly categorical: readonly FieldAgreement[];
  /** Cohen's kappa over every categorical rating together. */
  readonly categoricalOverall: KappaResult;
}

const ABSENT = "(absent)";

function category(value: unknown): string {
  return value === null ? ABSENT : String(value);
}

/** Percent agreement over all compared fields, and Cohen's kappa per categorical field. */
export function agreementOf(compared: readonly ComparedRecord[]): Agreement {
  let fieldsCompared = 0;
  let fieldsAgreed = 0;
  let unpairedRecords = 0;
  const byField = new Map<string, [string, string][]>();
  for (const record of compared) {
    if (!record.paired) {
      unpairedRecords++;
      continue;
    }
    for (const field of record.fields) {
      fieldsCompared++;
      if (field.agreed) fieldsAgreed++;
      if (!isCategoricalField(field.kind, field.segments)) continue;
      const name = genericField(field.kind, field.segments);
      const pairs = byField.get(name) ?? [];
      pairs.push([category(field.a), category(field.b)]);
      byField.set(name, pairs);
    }
  }
  const categorical = [...byField].map(([field, pairs]) => ({ field, ...cohensKappa(pairs) }));
  // Categories are kept apart by field, so "low" of one field is not "low" of another.
  const allPairs = [...byField].flatMap(([field, pairs]) => pairs.map(([a, b]) => [`${field}: ${a}`, `${field}: ${b}`] as [string, string]));
  return {
    fieldsCompared,
    fieldsAgreed,
    percentAgreement: fieldsCompared === 0 ? null : (100 * fieldsAgreed) / fieldsCompared,
    unpairedRecords,
    categorical,
    categoricalOverall: cohensKappa(allPairs),
  };
}

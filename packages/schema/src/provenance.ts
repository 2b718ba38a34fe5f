import { z } from "zod";
import { integerCell, numberCell, Text } from "./cells.js";
import { messages } from "./messages.js";

export const PROVENANCE_STATUSES = ["verified", "unverified", "computed"] as const;
export type ProvenanceStatus = (typeof PROVENANCE_STATUSES)[number];

const provenanceFields = {
  source: Text.describe("Where the number comes from: DOI, PMID, trial-registry id or URL.").optional(),
  location: Text.describe("Where in the source: abstract, table 2, figure 3, page 7, registry results.").optional(),
  quote: Text.describe("A short quote of the source text the number was read from.").optional(),
  status: z
    .enum(PROVENANCE_STATUSES)
    .describe("verified: seen in the source; unverified: plausible but not seen; computed: derived from verified numbers (give formula).")
    .optional(),
  formula: Text.describe("For a computed number: the calculation that produced it.").optional(),
};

/**
 * Provenance of a number. On a record (`provenance:`) it is the default for every number
 * of that record that does not carry its own; a number without all of source, location,
 * quote and status after that default is reported by the cross-record checks.
 */
export const Provenance = z
  .strictObject(provenanceFields)
  .describe("Provenance: source, location, quote, status (and formula when computed).");
export type Provenance = z.output<typeof Provenance>;

export const REQUIRED_PROVENANCE_FIELDS = ["source", "location", "quote", "status"] as const;

/**
 * Why a number is missing. `not-reported`: the source, as read, does not report it (the
 * default for `{missing}`). `not-retrieved`: the source reports it (or its results table
 * does) but it was not read here: a registry table past the stored excerpt, a full text
 * behind a paywall; `location` then says where it is.
 */
export const MISSING_STATUSES = ["not-reported", "not-retrieved"] as const;
export type MissingStatus = (typeof MISSING_STATUSES)[number];

function reportedObject(allowMissing: boolean, value: z.ZodType<number, unknown>) {
  return z
    .strictObject({
      value: value.optional().describe("The number as reported."),
      ...(allowMissing
        ? { missing: Text.describe("Why the number is missing (e.g. 'not found in the abstract').").optional() }
        : {}),
      ...provenanceFields,
      status: z
        .enum([...PROVENANCE_STATUSES, ...(allowMissing ? MISSING_STATUSES : [])])
        .describe(
          allowMissing
            ? "verified, unverified, computed (for a value); for a missing number: not-reported (the default) or not-retrieved (the source reports it but it was not read; say where in location)."
            : provenanceFields.status.description ?? "",
        )
        .optional(),
    })
    .superRefine((object, ctx) => {
      const missing = (object as { missing?: string }).missing;
      if (object.value !== undefined && missing !== undefined) ctx.addIssue({ code: "custom", message: messages.valueAndMissing() });
      if (object.value === undefined && missing === undefined)
        ctx.addIssue({ code: "custom", message: allowMissing ? messages.neitherValueNorMissing() : messages.expectedType("a number", "no value") });
      const missingStatus = (MISSING_STATUSES as readonly string[]).includes(object.status ?? "");
      if (missingStatus && object.value !== undefined) ctx.addIssue({ code: "custom", path: ["status"], message: messages.missingStatusOnValue(object.status ?? "") });
      if (!missingStatus && object.status !== undefined && missing !== undefined) ctx.addIssue({ code: "custom", path: ["status"], message: messages.valueStatusOnMissing(object.status) });
      if (object.status === "not-retrieved" && (object.source === undefined || object.location === undefined))
        ctx.addIssue({ code: "custom", path: ["location"], message: messages.notRetrievedWithoutLocation() });
    });
}

/** A number as stored after parsing: the value (or why it is missing) and its provenance. */
export interface Reported extends Omit<Provenance, "status"> {
  readonly value?: number;
  readonly missing?: string;
  readonly status?: ProvenanceStatus | MissingStatus;
}

/** Whether a missing number is reported by its source but was not read (`status: not-retrieved`). */
export function isNotRetrieved(number: Reported | undefined): boolean {
  return number?.value === undefined && number?.missing !== undefined && number.status === "not-retrieved";
}

function reported(allowMissing: boolean, cell: () => z.ZodType<number, unknown>) {
  const object = reportedObject(allowMissing, cell());
  return z
    .unknown()
    .transform((input, ctx): Reported => {
      if (input !== null && typeof input === "object" && !Array.isArray(input)) {
        const parsed = object.safeParse(input);
        if (parsed.success) return parsed.data as Reported;
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
        return z.NEVER;
      }
      const parsed = cell().safeParse(input);
      if (parsed.success) return { value: parsed.data };
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as never);
      return z.NEVER;
    });
}

const objectFormByDef = new WeakMap<object, { readonly bare: z.ZodType; readonly object: z.ZodType }>();

function describedReported(allowMissing: boolean, cell: () => z.ZodType<number, unknown>, description: string) {
  const schema = reported(allowMissing, cell).describe(description);
  objectFormByDef.set(schema._zod.def, { bare: cell(), object: reportedObject(allowMissing, cell()) });
  return schema;
}

/** For JSON Schema generation: the bare and object forms a reported number may take. */
export function reportedForms(schema: z.ZodType): { readonly bare: z.ZodType; readonly object: z.ZodType } | undefined {
  return objectFormByDef.get(schema._zod.def);
}

/**
 * A reported number: either a bare number (its provenance then comes from the record's
 * `provenance`) or `{value, source, location, quote, status, formula?}`.
 */
export const ReportedNumber = () =>
  describedReported(false, numberCell, "A number: bare, or {value, source, location, quote, status, formula?}.");

/** A reported count (whole number). */
export const ReportedCount = () =>
  describedReported(false, integerCell, "A count: bare, or {value, source, location, quote, status, formula?}.");

/** A number that may be missing: as ReportedNumber, or `{missing: reason}`. */
export const MaybeNumber = () =>
  describedReported(
    true,
    numberCell,
    "A number or {missing: reason}: bare, {value, source, location, quote, status, formula?} or {missing, ...}.",
  );

/** A count that may be missing. */
export const MaybeCount = () =>
  describedReported(true, integerCell, "A count or {missing: reason}: bare, {value, ...provenance} or {missing, ...}.");

import { z } from "zod";
import { Id, Text } from "./cells.js";
import { Arm } from "./arm.js";
import { Assumption } from "./assumption.js";
import { Claim } from "./claim.js";
import { Result } from "./result.js";
import { RoB2, RobinsI } from "./risk-of-bias.js";
import { Screening, SecondarySource } from "./screening.js";
import { Study } from "./study.js";

/** The record kinds of an extraction, in the order a document lists them. */
export const RECORD_KINDS = ["studies", "arms", "results", "assumptions", "rob2", "robinsI", "claims", "secondarySources", "screening"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const recordSchemas = {
  studies: Study,
  arms: Arm,
  results: Result,
  assumptions: Assumption,
  rob2: RoB2,
  robinsI: RobinsI,
  claims: Claim,
  secondarySources: SecondarySource,
  screening: Screening,
} as const;

export interface RecordOf {
  studies: z.output<typeof Study>;
  arms: z.output<typeof Arm>;
  results: z.output<typeof Result>;
  assumptions: z.output<typeof Assumption>;
  rob2: z.output<typeof RoB2>;
  robinsI: z.output<typeof RobinsI>;
  claims: z.output<typeof Claim>;
  secondarySources: z.output<typeof SecondarySource>;
  screening: z.output<typeof Screening>;
}

/** A field on which two extractions disagree, left for the reviewers to resolve. */
export const Conflict = z
  .strictObject({
    kind: z.enum(RECORD_KINDS),
    key: Text.describe("The record: its id (study/arm for arms)."),
    path: Text.describe("The field, as a dotted path."),
    a: z.unknown().describe("Value in extraction A (absent: not in A)."),
    b: z.unknown().describe("Value in extraction B."),
  })
  .describe("A disagreement between two extractions.");
export type Conflict = z.output<typeof Conflict>;

/** The record-list fields of an extraction document. */
const recordLists = {
  studies: z.array(Study).optional(),
  arms: z.array(Arm).optional(),
  results: z.array(Result).optional(),
  assumptions: z.array(Assumption).optional(),
  rob2: z.array(RoB2).optional(),
  robinsI: z.array(RobinsI).optional(),
  claims: z.array(Claim).optional(),
  secondarySources: z.array(SecondarySource).describe("The secondary sources the claims audit names, with title, site, date and URL.").optional(),
  screening: z.array(Screening).describe("The screening record (PRISMA 2020 flow) of the review.").optional(),
};

/** A YAML or JSON extraction file: lists of records of any kinds. */
export const ExtractionDocument = z
  .strictObject({
    kind: z.literal("extraction").optional(),
    id: Id.optional(),
    description: Text.optional(),
    ...recordLists,
    conflicts: z.array(Conflict).describe("Unresolved disagreements left by metakit reconcile.").optional(),
  })
  .describe("An extraction file: lists of studies, arms, results, assumptions, risk-of-bias, claims, secondary sources and screening.");
export type ExtractionDocument = z.output<typeof ExtractionDocument>;

import { z } from "zod";
import { Id, IdList, integerCell, Text, TextList } from "./cells.js";
import { MaybeCount, Provenance, ReportedNumber } from "./provenance.js";

export const STUDY_DESIGNS = [
  "parallel-rct",
  "crossover-rct",
  "crossover",
  "cluster-rct",
  "non-randomised-controlled",
  "cohort",
  "single-arm-trial",
  "case-series",
  "case-report",
  "n-of-1",
  "review",
] as const;
export type StudyDesign = (typeof STUDY_DESIGNS)[number];

/** Designs whose arms are conditions given to the same people: analysed as paired data. */
export const WITHIN_PERSON_DESIGNS: readonly StudyDesign[] = ["crossover-rct", "crossover", "n-of-1"];

export const Citation = z
  .strictObject({
    authors: z.array(Text).describe("Authors as 'Surname Initials', in order.").optional(),
    authorsStatus: z
      .enum(["verified", "unverified", "not-seen"])
      .describe("Whether the author list was seen in the source.")
      .optional(),
    year: integerCell().describe("Year of publication.").optional(),
    title: Text.optional(),
    journal: Text.optional(),
    volume: Text.optional(),
    issue: Text.optional(),
    pages: Text.optional(),
    doi: Text.optional(),
    pmid: z.string().regex(/^\d+$/).describe("PubMed id (digits; quote it in YAML).").optional(),
    pmcid: Text.optional(),
    url: Text.optional(),
  })
  .describe("Bibliographic citation.");

export const Sequence = z
  .strictObject({
    id: Id,
    label: Text.describe("The order of conditions, e.g. 'drug first'."),
    randomised: MaybeCount().optional(),
    completed: MaybeCount().optional(),
    provenance: Provenance.optional(),
  })
  .describe("A crossover sequence group.");

export const Study = z
  .strictObject({
    id: Id.describe("Study id, e.g. author and year: mischoulon2017."),
    indication: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .describe("Indication code (lower case, e.g. tuberculosis): the `indication` of the analysis specs that use the study; one no spec names is warned about."),
    citation: Citation,
    registrations: TextList.describe("Trial-registry ids (NCT..., ACTRN..., CTRI/...).").optional(),
    design: z.enum(STUDY_DESIGNS).describe("Study design. crossover: a crossover whose randomisation is not reported."),
    blinding: z.enum(["open-label", "single-blind", "double-blind", "not-reported"]).optional(),
    status: z.enum(["completed", "ongoing", "not-yet-recruiting"]).optional(),
    reviewType: z
      .enum(["systematic", "narrative", "individual-data-synthesis"])
      .describe("For design review: what kind of review.")
      .optional(),
    population: Text.describe("Who was studied."),
    setting: Text.optional(),
    funding: Text.optional(),
    planned: MaybeCount().describe("Planned sample size (registered trials).").optional(),
    randomised: MaybeCount().describe("Randomised (or entered) in total.").optional(),
    completed: MaybeCount().describe("Completed in total.").optional(),
    analysed: MaybeCount().describe("Analysed in total.").optional(),
    sequences: z.array(Sequence).describe("Crossover sequence groups.").optional(),
    overlapsWith: IdList.describe("Studies whose participants this one also includes: never pool them together.").optional(),
    characteristics: z
      .record(Id, z.union([ReportedNumber(), Text]))
      .describe(
        "Study-level characteristics the review records (e.g. latitude: 44, allocation: random): a number (with provenance) or a text. An analysis spec can name them as subgroup variables or meta-regression moderators.",
      )
      .optional(),
    provenance: Provenance.describe("Default provenance for the numbers of this record.").optional(),
    notes: Text.optional(),
  })
  .describe("A study (one report or registry record of one trial or case series).");
export type Study = z.output<typeof Study>;

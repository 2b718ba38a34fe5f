/**
 * The review's screening record (PRISMA 2020 flow: identification, screening, included) and
 * the secondary sources the claims audit reads. Counts the flow can take from data/ and the
 * analysis specs (studies assessed for eligibility, excluded with reasons, included, and
 * their reports) are never entered here: they are derived from the specs' include and
 * exclude lists, so the diagram and the analyses cannot disagree.
 * @reference Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement. BMJ 2021;372:n71 (figure 1).
 */
import { z } from "zod";
import { Id, IdList, Text } from "./cells.js";
import { MaybeCount, Provenance } from "./provenance.js";

export const IDENTIFICATION_KINDS = ["database", "register", "website", "organisation", "citation-search", "other"] as const;
export type IdentificationKind = (typeof IDENTIFICATION_KINDS)[number];

export const IdentificationSource = z
  .strictObject({
    id: Id,
    name: Text.describe("The source as the search names it: a database, a trial register, a website, a collection of stored pages."),
    kind: z.enum(IDENTIFICATION_KINDS).describe("PRISMA 2020 puts databases and registers in one column and other methods (websites, organisations, citation searching) in another."),
    identified: MaybeCount().describe("Records identified in this source, or {missing: reason}."),
    notes: Text.optional(),
  })
  .describe("A source searched, with the records it gave.");
export type IdentificationSource = z.output<typeof IdentificationSource>;

export const Screening = z
  .strictObject({
    id: Id,
    title: Text.describe("What the record covers: the review."),
    searched: Text.describe("When and how the sources were searched, as the search record says.").optional(),
    identification: z.array(IdentificationSource).min(1).describe("Every source searched."),
    duplicatesRemoved: MaybeCount().describe("Duplicate records removed before screening."),
    screened: MaybeCount().describe("Records screened (titles and abstracts)."),
    excludedAtScreening: MaybeCount().describe("Records excluded at screening."),
    soughtForRetrieval: MaybeCount().describe("Reports sought for retrieval (full texts, registry results)."),
    notRetrieved: MaybeCount().describe("Reports not retrieved."),
    exclusionReasons: z
      .array(
        z.strictObject({
          label: Text.describe("The reason as the flow diagram groups it, e.g. 'no comparator'."),
          studies: IdList.describe("Studies the specs exclude for this reason (each study's own reason stays in its spec)."),
        }),
      )
      .describe("Groups the specs' excluded studies by reason for the diagram; an excluded study in no group is counted under 'other reasons'.")
      .optional(),
    specs: IdList.describe(
      "The analysis specs (by id) whose include and exclude lists are the eligibility decisions; absent: every spec of the report. Studies assessed, excluded with reasons and included, and their reports, are counted from them.",
    ).optional(),
    provenance: Provenance.describe("Default provenance of the counts.").optional(),
    notes: Text.optional(),
  })
  .describe("The screening record of a review: the PRISMA 2020 flow up to eligibility, each count with its provenance or the reason it is missing.");
export type Screening = z.output<typeof Screening>;

/** A text as a source states it, with where it was read, or the reason it is not known. */
export const StatedText = z
  .union([
    Text,
    z.strictObject({
      value: Text,
      location: Text.describe("Where in the source the text was read.").optional(),
      quote: Text.describe("The source's own words.").optional(),
    }),
    z.strictObject({ missing: Text.describe("Why it is not known, e.g. 'not stated in the stored copy'.") }),
  ])
  .describe("A text: bare, {value, location?, quote?}, or {missing: reason}.");
export type StatedText = z.output<typeof StatedText>;

export const SecondarySource = z
  .strictObject({
    id: Id,
    file: Text.describe("The file the claims audit names (a claim's `file`)."),
    title: StatedText.describe("The page's title."),
    site: StatedText.describe("The site or publisher."),
    author: StatedText.optional(),
    date: StatedText.describe("Date of publication or last update, as the page gives it."),
    url: StatedText.describe("Where the page is on the web."),
    notes: Text.optional(),
  })
  .describe("A secondary source of the claims audit (a web article): what a reader needs to find it, instead of a file name.");
export type SecondarySource = z.output<typeof SecondarySource>;

/** The text of a stated field, or undefined when it is missing. */
export function statedValue(text: StatedText | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text === "string") return text;
  return "value" in text ? text.value : undefined;
}

/** Why a stated field is missing, or undefined when it has a value. */
export function statedMissing(text: StatedText | undefined): string | undefined {
  return text !== undefined && typeof text === "object" && "missing" in text ? text.missing : undefined;
}

import { z } from "zod";
import { Id, IdList, Text } from "./cells.js";

export const CLAIM_STATUSES = ["verified", "misattributed", "partly-true", "not-found", "contradicted"] as const;

export const Claim = z
  .strictObject({
    id: Id,
    file: Text.describe("The secondary source the claim was read in (file name)."),
    location: Text.describe("Where in that source: section heading, list item, paragraph.").optional(),
    quote: Text.describe("The claim as the secondary source words it."),
    claim: Text.describe("The claim in one line, as checked.").optional(),
    status: z.enum(CLAIM_STATUSES),
    supporting: IdList.describe("Studies that support the claim.").default([]),
    contradicting: IdList.describe("Studies that contradict it.").default([]),
    note: Text.describe("What the primary record shows.").optional(),
  })
  .describe("A claim made in a secondary source, checked against the primary record.");
export type Claim = z.output<typeof Claim>;

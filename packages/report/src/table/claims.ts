/** The claims audit: each claim of a secondary source, its status and the studies behind it. */
import type { ClaimAuditRow } from "../report/types.js";
import type { Table } from "./types.js";

export function claimsTable(claims: readonly ClaimAuditRow[]): Table {
  return {
    columns: [
      { header: "Claim" },
      { header: "Status" },
      { header: "As the source words it" },
      { header: "Source" },
      { header: "Supporting studies" },
      { header: "Contradicting studies" },
      { header: "What the primary record shows" },
    ],
    // A status code in words: "partly-true" reads "partly true".
    rows: claims.map((c) => [c.claim, c.status.replace(/-/g, " "), c.quote, c.source, c.supporting.join(", "), c.contradicting.join(", "), c.note]),
  };
}

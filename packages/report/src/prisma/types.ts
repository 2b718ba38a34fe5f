/**
 * The PRISMA 2020 flow of a review, as the report draws it: every count either a number or
 * null with the reason it is missing. Built at the edge (@metakit/review) from the
 * screening record in data/ and the analysis specs' include and exclude lists.
 * @reference Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an updated guideline for reporting systematic reviews. BMJ 2021;372:n71.
 */

/** A count of the flow, or why it is not known ("not reported in the dossier"). */
export interface PrismaCount {
  readonly n: number | null;
  /** Why `n` is null. */
  readonly missing?: string;
}

/** A source searched: PRISMA 2020 draws databases and registers apart from other methods. */
export interface PrismaSource {
  readonly name: string;
  readonly column: "databases-registers" | "other";
  readonly identified: PrismaCount;
}

/** Studies excluded at eligibility for one reason, by their reader labels. */
export interface PrismaExclusionGroup {
  readonly reason: string;
  readonly studies: readonly string[];
}

export interface PrismaFlow {
  readonly title: string;
  /** How and when the sources were searched, as the screening record says. */
  readonly searched?: string;
  readonly sources: readonly PrismaSource[];
  readonly duplicatesRemoved: PrismaCount;
  readonly screened: PrismaCount;
  readonly excludedAtScreening: PrismaCount;
  readonly soughtForRetrieval: PrismaCount;
  readonly notRetrieved: PrismaCount;
  /** Studies (and their reports) assessed for eligibility: included plus excluded with a reason. */
  readonly assessed: { readonly studies: number; readonly reports: number };
  readonly excluded: readonly PrismaExclusionGroup[];
  readonly included: { readonly studies: number; readonly reports: number };
  /** Included studies per indication (section anchor and title). */
  readonly byIndication: readonly { readonly id: string; readonly title: string; readonly studies: number }[];
  /** How the derived counts were counted, in words. */
  readonly notes: readonly string[];
}

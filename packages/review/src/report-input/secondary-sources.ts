/**
 * A secondary source of the claims audit as a reader finds it: title, site, date and web
 * address from its record in data/ (secondarySources), with what is not known said so,
 * instead of the name of a file that is not in the repository.
 */
import { statedValue, type SecondarySource } from "@metakit/schema";

/**
 * "“Title”, Site, last updated 2 June 2025; web address not recorded".
 * @example secondarySourceText({ title: "A page", site: { missing: "not stated" }, date: "1 May 2025", url: "https://example.org" }) // "“A page”, site not stated, 1 May 2025, https://example.org"
 */
export function secondarySourceText(source: Pick<SecondarySource, "title" | "site" | "date" | "url" | "author">): string {
  const title = statedValue(source.title);
  const author = statedValue(source.author);
  const site = statedValue(source.site);
  const date = statedValue(source.date);
  const url = statedValue(source.url);
  return [
    title === undefined ? "untitled web article (no title in the stored copy)" : `“${title}”`,
    ...(author === undefined ? [] : [`by ${author}`]),
    site ?? "site not stated",
    date ?? "undated",
    url ?? "web address not recorded",
  ].join(", ");
}

/** The source text by the file the claims name. */
export function secondarySourceTexts(sources: readonly SecondarySource[]): Map<string, string> {
  return new Map(sources.map((s) => [s.file, secondarySourceText(s)]));
}

/**
 * A .docx is a ZIP of XML parts. The `docx` package stamps the time of writing into
 * docProps/core.xml (dcterms:created and dcterms:modified) and into every ZIP entry, so
 * two runs differ. This writes the package again with one fixed date in both places, the
 * parts in the order docx wrote them, so the same document gives the same bytes.
 */
import { unzipSync, zipSync, type Zippable } from "fflate";

/**
 * The date a report's Word file carries: 1 January 1980, the earliest a ZIP entry can
 * hold. No clock is read, so the file does not change from run to run.
 */
export const DOCX_FIXED_DATE = { year: 1980, month: 1, day: 1 } as const;

export interface FixedDate {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  readonly day: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const TIMESTAMP = /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g;

/** docProps/core.xml with both timestamps set to midnight UTC of the date. */
export function fixCoreDates(xml: string, date: FixedDate): string {
  const stamp = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}T00:00:00Z`;
  return xml.replace(TIMESTAMP, (_, open: string, _name: string, close: string) => `${open}${stamp}${close}`);
}

/** The .docx written again: fixed core dates, every ZIP entry dated the same, deflated at level 6. */
export function deterministicDocx(bytes: Uint8Array, date: FixedDate): Uint8Array {
  const parts = unzipSync(bytes);
  // A local-time Date, because ZIP stores local date and time fields (fflate reads getHours() etc.).
  const mtime = new Date(date.year, date.month - 1, date.day, 0, 0, 0);
  const files: Zippable = {};
  for (const [name, content] of Object.entries(parts)) {
    const data = name === "docProps/core.xml" ? new TextEncoder().encode(fixCoreDates(new TextDecoder().decode(content), date)) : content;
    files[name] = [data, { mtime, level: 6 }];
  }
  return zipSync(files);
}

/**
 * The review pages `metakit serve` answers at paths of their own (the static build has
 * only the hash routes): /reconcile, /analyses/NAME and /report. main.tsx asks this
 * module first.
 */
import type { JSX } from "preact";
import { Reconcile } from "./reconcile.js";
import { ReportPage } from "./report.js";
import { SpecPage } from "./spec.js";

export interface ReviewPage {
  readonly title: string;
  readonly page: JSX.Element;
}

export function reviewPage(pathname: string): ReviewPage | undefined {
  const spec = /^\/analyses\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (spec !== undefined) {
    const name = decodeURIComponent(spec);
    return { title: `Analysis ${name} · metakit`, page: <SpecPage name={name} /> };
  }
  if (/^\/reconcile\/?$/.test(pathname)) return { title: "Reconcile two extractions · metakit", page: <Reconcile /> };
  if (/^\/report\/?$/.test(pathname)) return { title: "Read the report · metakit", page: <ReportPage /> };
  return undefined;
}

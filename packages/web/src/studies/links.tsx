/**
 * The studies of a YAML extraction file, each a link to its form (`/studies/STUDY_ID`),
 * for the home page's file list.
 */
import { useEffect, useState } from "preact/hooks";
import { yamlValue } from "@metakit/schema";

function studyIds(text: string): string[] {
  try {
    const value = yamlValue(text) as { kind?: unknown; studies?: unknown };
    if (value === null || typeof value !== "object" || value.kind === "analysis" || !Array.isArray(value.studies)) return [];
    return value.studies.flatMap((s: unknown) => (s !== null && typeof s === "object" && typeof (s as { id?: unknown }).id === "string" ? [(s as { id: string }).id] : []));
  } catch {
    return [];
  }
}

export function StudyLinks(props: { readonly path: string }) {
  const [ids, setIds] = useState<readonly string[]>([]);
  useEffect(() => {
    if (!/\.ya?ml$/i.test(props.path)) return;
    fetch(`/api/files/${props.path.split("/").map(encodeURIComponent).join("/")}`, { credentials: "same-origin" })
      .then((answer) => (answer.ok ? answer.text() : ""))
      .then((text) => setIds(studyIds(text)), () => setIds([]));
  }, [props.path]);
  if (ids.length === 0) return null;
  return (
    <ul class="study-links" aria-label={`Studies in ${props.path}`}>
      {ids.map((id) => (
        <li key={id}>
          <a href={`/studies/${encodeURIComponent(id)}`}>{id}</a>
        </li>
      ))}
    </ul>
  );
}

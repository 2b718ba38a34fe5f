/**
 * The project overview: every data file and analysis spec in the served folder with its
 * validation status, each problem as `metakit validate` prints it. Only `metakit serve`
 * has a project; the static build says so.
 */
import { useEffect, useState } from "preact/hooks";
import { StudyLinks } from "./studies/links.js";

interface FileStatus {
  readonly path: string;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** The page showing the field each problem names (/studies/ID#PATH, /analyses/NAME#PATH), or null. */
  readonly errorLinks?: readonly (string | null)[];
  readonly warningLinks?: readonly (string | null)[];
}

interface ProjectStatus {
  readonly files: readonly FileStatus[];
  readonly crossRecord: Omit<FileStatus, "path">;
  readonly report: string;
}

type Loaded = { state: "loading" } | { state: "none" } | { state: "ready"; project: ProjectStatus };

export function Project() {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  useEffect(() => {
    if (location.protocol === "file:") return setLoaded({ state: "none" });
    fetch("api/project", { credentials: "same-origin" })
      .then((answer) => (answer.ok ? (answer.json() as Promise<ProjectStatus>) : Promise.reject(new Error(String(answer.status)))))
      .then((project) => setLoaded({ state: "ready", project }), () => setLoaded({ state: "none" }));
  }, []);
  if (loaded.state === "loading") return <p>Checking the project's files…</p>;
  if (loaded.state === "none") return <p>Run <code>pnpm metakit serve</code> in a review's folder to see its files here.</p>;
  const { files, crossRecord, report } = loaded.project;
  const summary = report.trimEnd().split("\n").at(-1) ?? "";
  return (
    <>
      <p>{summary}</p>
      <table>
        <caption>Data files and analysis specs</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col">Problems</th>
            <th scope="col">Studies</th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr key={file.path}>
              <th scope="row">
                <FileName path={file.path} />
              </th>
              <td>{file.errors.length === 0 ? (file.warnings.length === 0 ? "valid" : "valid, with warnings") : `${file.errors.length} error${file.errors.length === 1 ? "" : "s"}`}</td>
              <td>
                <Lines status={file} />
              </td>
              <td>
                <StudyLinks path={file.path} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(crossRecord.errors.length > 0 || crossRecord.warnings.length > 0) && (
        <>
          <h3>Across records</h3>
          <Lines status={crossRecord} />
        </>
      )}
    </>
  );
}

/** A spec's name links to its page (/analyses/NAME); a data file's is plain text. */
function FileName({ path }: { path: string }) {
  const spec = /^analyses\/([^/]+)\.ya?ml$/.exec(path)?.[1];
  return spec === undefined ? <>{path}</> : <a href={`/analyses/${encodeURIComponent(spec)}`}>{path}</a>;
}

/** A problem as validate prints it; a link to the field when the problem names one. */
function Line({ text, link }: { text: string; link: string | null | undefined }) {
  return link === null || link === undefined ? <code>{text}</code> : <a href={link}><code>{text}</code></a>;
}

function Lines({ status }: { status: Omit<FileStatus, "path"> }) {
  if (status.errors.length === 0 && status.warnings.length === 0) return null;
  return (
    <ul class="issues">
      {status.errors.map((line, i) => (
        <li key={line} class="error">
          <Line text={line} link={status.errorLinks?.[i]} />
        </li>
      ))}
      {status.warnings.map((line, i) => (
        <li key={line} class="warning">
          <Line text={`warning: ${line}`} link={status.warningLinks?.[i]} />
        </li>
      ))}
    </ul>
  );
}

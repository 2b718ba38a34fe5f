/**
 * "Read the report": a preview of the very report `metakit report` writes (the server runs
 * the command into a private folder and the page shows its index.html in a sandboxed
 * frame: no script runs in it), and "Write report", which runs `metakit report` to write
 * reports/ (its whole-folder swap keeps reports/README.md).
 */
import { useState } from "preact/hooks";
import { messageOf, postJson } from "./api.js";

export function ReportPage() {
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState(0);

  const act = async (path: string, before: string, after: (message: string) => string, onDone?: () => void) => {
    setBusy(true);
    setError(null);
    setStatus(before);
    try {
      const { message } = await postJson<{ message: string }>(path, {});
      setStatus(after(message));
      onDone?.();
    } catch (e) {
      setStatus("");
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main>
      <p>
        <a href="/">metakit</a>
      </p>
      <h1>Read the report</h1>
      <p>
        The review report is made by <code>metakit report</code> from every spec in <code>analyses/</code> and the data in <code>data/</code>. Preview it here, then write it to <code>reports/</code>. Making it takes a while (every figure is drawn).
      </p>
      <p>
        <button type="button" disabled={busy} onClick={() => act("/api/report/preview", "Making the preview…", () => "Preview ready.", () => setPreview((n) => n + 1))}>
          Preview report
        </button>{" "}
        <button type="button" disabled={busy} onClick={() => act("/api/report/write", "Writing the report to reports/…", (message) => `Report written: ${message}`)}>
          Write report
        </button>
      </p>
      <p role="status" aria-live="polite">
        {status}
      </p>
      {error !== null && <pre role="alert">{error}</pre>}
      {preview > 0 && <iframe class="report-preview" title="Report preview" sandbox="" src={`/api/report/preview?v=${preview}`} />}
    </main>
  );
}

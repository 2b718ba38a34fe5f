/**
 * "Reconcile two extractions": choose reviewer A's and reviewer B's extraction (a file or
 * a folder of files), compare them, and decide each disagreement side by side: take A,
 * take B, or enter a value of your own with the reason (required). "Save merged" writes a
 * new extraction file and, beside it, the adjudication log (CSV); the inputs are never
 * written. Percent agreement and Cohen's kappa for the categorical fields are shown.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError, getJson, messageOf, postJson } from "./api.js";

interface Provenance {
  readonly source?: string;
  readonly location?: string;
  readonly quote?: string;
  readonly status?: string;
  readonly formula?: string;
  readonly missing?: string;
  readonly from: string;
}

interface Disagreement {
  readonly id: string;
  readonly kind: string;
  readonly key: string;
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
  readonly provenanceA?: Provenance;
  readonly provenanceB?: Provenance;
  readonly whereA: string | null;
  readonly whereB: string | null;
}

interface Kappa {
  readonly field: string;
  readonly n: number;
  readonly observed: number;
  readonly expected: number;
  readonly kappa: number | null;
  readonly reason?: string;
}

interface Comparison {
  readonly a: string;
  readonly b: string;
  readonly disagreements: readonly Disagreement[];
  readonly agreement: {
    readonly fieldsCompared: number;
    readonly fieldsAgreed: number;
    readonly percentAgreement: number | null;
    readonly unpairedRecords: number;
    readonly categorical: readonly Kappa[];
    readonly categoricalOverall: Omit<Kappa, "field">;
  };
}

type Choice = { choice: "A" | "B" } | { choice: "value"; value: string; reason: string };

const RECORD = "(record)";

function shown(value: unknown): string {
  if (value === null) return "(absent)";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 1);
}

/** The value typed, read as the kind of value the reviewers gave (a number stays a number). */
function typedValue(text: string, a: unknown, b: unknown): unknown {
  const trimmed = text.trim();
  if (typeof a === "number" || typeof b === "number") return trimmed === "" || !Number.isFinite(Number(trimmed)) ? undefined : Number(trimmed);
  if (typeof a === "boolean" || typeof b === "boolean") return trimmed === "true" ? true : trimmed === "false" ? false : undefined;
  return trimmed === "" ? undefined : trimmed;
}

function decisionProblem(d: Disagreement, choice: Choice | undefined): string | null {
  if (choice === undefined) return "not decided";
  if (choice.choice !== "value") return null;
  if (typedValue(choice.value, d.a, d.b) === undefined) return typeof d.a === "number" || typeof d.b === "number" ? "enter a number" : "enter the value";
  if (choice.reason.trim() === "") return "a value of your own needs a reason";
  return null;
}

export function Reconcile() {
  const [choices, setChoices] = useState<{ files: string[]; folders: string[] } | null>(null);
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [decisions, setDecisions] = useState<Record<string, Choice>>({});
  const [out, setOut] = useState("merged.yaml");
  const [error, setError] = useState<{ message: string; lines: string[] } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getJson<{ files: string[]; folders: string[] }>("/api/reconcile/choices").then(setChoices, (e) => setError({ message: messageOf(e), lines: [] }));
  }, []);

  const compare = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    setComparison(null);
    setBusy(true);
    try {
      const result = await postJson<Comparison>("/api/reconcile/compare", { a, b });
      setComparison(result);
      setDecisions({});
      // Beside the project, not in data/: there the merged records would duplicate both inputs' studies.
      setOut("merged.yaml");
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };

  const problems = useMemo(() => (comparison === null ? [] : comparison.disagreements.map((d) => decisionProblem(d, decisions[d.id]))), [comparison, decisions]);
  const decided = problems.filter((p) => p === null).length;

  const save = async (event: Event) => {
    event.preventDefault();
    if (comparison === null) return;
    setError(null);
    setSaved(null);
    const open = comparison.disagreements.flatMap((d, i) => (problems[i] === null ? [] : [`${d.kind} ${d.key}, ${d.path}: ${problems[i]}`]));
    if (open.length > 0) {
      setError({ message: `Not saved: ${open.length} disagreement${open.length === 1 ? "" : "s"} still to decide.`, lines: open });
      return;
    }
    const sent = comparison.disagreements.map((d) => {
      const choice = decisions[d.id]!;
      if (choice.choice !== "value") return { id: d.id, choice: choice.choice };
      return { id: d.id, choice: "value", value: typedValue(choice.value, d.a, d.b), reason: choice.reason.trim() };
    });
    setBusy(true);
    try {
      const result = await postJson<{ merged: string; log: string; decisions: number }>("/api/reconcile/save", { a, b, out, decisions: sent });
      setSaved(`Saved ${result.merged} and the adjudication log ${result.log} (${result.decisions} decision${result.decisions === 1 ? "" : "s"}). The extractions A and B are unchanged.`);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };

  const options = choices === null ? [] : [...choices.folders.map((f) => ({ value: f, label: `${f}/ (folder)` })), ...choices.files.map((f) => ({ value: f, label: f }))];
  return (
    <main>
      <p>
        <a href="/">metakit</a>
      </p>
      <h1>Reconcile two extractions</h1>
      <p>Choose two reviewers' independent extractions of the same studies. Records are paired by id; every field on which they differ is listed with where each reviewer wrote it and the provenance they gave.</p>
      <form class="options" onSubmit={compare}>
        <label>
          Extraction A
          <select value={a} onChange={(e) => setA(e.currentTarget.value)} required>
            <option value="">Choose a file or folder</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Extraction B
          <select value={b} onChange={(e) => setB(e.currentTarget.value)} required>
            <option value="">Choose a file or folder</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Compare
        </button>
      </form>
      {error !== null && (
        <div role="alert">
          <p>{error.message}</p>
          {error.lines.length > 0 && (
            <ul>
              {error.lines.map((line) => (
                <li key={line}>
                  <code>{line}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {comparison !== null && <Agreement comparison={comparison} />}
      {comparison !== null && (
        <form onSubmit={save}>
          <h2>Disagreements</h2>
          {comparison.disagreements.length === 0 ? (
            <p>The two extractions agree on every field; saving writes the agreed records.</p>
          ) : (
            <p>
              {decided} of {comparison.disagreements.length} decided.
            </p>
          )}
          {comparison.disagreements.map((d) => (
            <DisagreementView key={d.id} d={d} choice={decisions[d.id]} onChoose={(choice) => setDecisions((all) => ({ ...all, [d.id]: choice }))} />
          ))}
          <h2>Save merged</h2>
          <p>The merged extraction is written to a new file, and the adjudication log beside it (NAME.adjudication.csv). Nothing is overwritten. Keep it out of the data folder until it replaces both extractions there: beside them, its studies would be duplicates.</p>
          <label class="field">
            Merged file name
            <input type="text" value={out} onInput={(e) => setOut(e.currentTarget.value)} required spellcheck={false} />
          </label>
          <p>
            <button type="submit" disabled={busy}>
              Save merged
            </button>
          </p>
        </form>
      )}
      <p role="status">{saved ?? (busy ? "Working…" : "")}</p>
    </main>
  );
}

function errorOf(e: unknown): { message: string; lines: string[] } {
  if (!(e instanceof ApiError)) return { message: messageOf(e), lines: [] };
  const errors = e.details["errors"] as { a?: string[]; b?: string[] } | string[] | undefined;
  const problems = (e.details["problems"] as { id: string; message: string }[] | undefined)?.map((p) => `${p.id}: ${p.message}`) ?? [];
  const lines = Array.isArray(errors) ? errors : [...(errors?.a ?? []).map((l) => `A: ${l}`), ...(errors?.b ?? []).map((l) => `B: ${l}`)];
  return { message: e.message, lines: [...lines, ...problems] };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

function Agreement({ comparison }: { comparison: Comparison }) {
  const { agreement } = comparison;
  const overall = agreement.categoricalOverall;
  return (
    <section aria-labelledby="agreement-heading">
      <h2 id="agreement-heading">Agreement</h2>
      <p>
        A: <code>{comparison.a}</code>; B: <code>{comparison.b}</code>. {agreement.fieldsCompared} fields compared in records both extracted, {agreement.fieldsAgreed} agreed
        {agreement.percentAgreement === null ? "" : ` (${agreement.percentAgreement.toFixed(1)}% agreement)`}
        {agreement.unpairedRecords > 0 ? `; ${agreement.unpairedRecords} record${agreement.unpairedRecords === 1 ? "" : "s"} extracted by one reviewer only` : ""}.
        {overall.kappa !== null && ` Cohen's kappa over all categorical fields: ${overall.kappa.toFixed(2)}.`}
      </p>
      {agreement.categorical.length > 0 && (
        <table>
          <caption>Categorical fields: agreement and Cohen's kappa</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Ratings</th>
              <th scope="col">Agreement</th>
              <th scope="col">Chance agreement</th>
              <th scope="col">Cohen's kappa</th>
            </tr>
          </thead>
          <tbody>
            {agreement.categorical.map((k) => (
              <tr key={k.field}>
                <th scope="row">{k.field}</th>
                <td class="number">{k.n}</td>
                <td class="number">{percent(k.observed)}</td>
                <td class="number">{percent(k.expected)}</td>
                <td class="number">{k.kappa === null ? `not defined: ${k.reason ?? ""}` : k.kappa.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ProvenanceView({ provenance }: { provenance: Provenance | undefined }) {
  if (provenance === undefined) return <p class="provenance">No provenance given.</p>;
  const entries = (["source", "location", "quote", "status", "formula", "missing"] as const).filter((k) => provenance[k] !== undefined);
  return (
    <dl class="provenance">
      {entries.map((key) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{provenance[key]}</dd>
        </div>
      ))}
      {provenance.from === "provenance" && (
        <div>
          <dt>from</dt>
          <dd>the record's provenance</dd>
        </div>
      )}
    </dl>
  );
}

function DisagreementView({ d, choice, onChoose }: { d: Disagreement; choice: Choice | undefined; onChoose: (choice: Choice) => void }) {
  const base = `d-${d.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const whole = d.path === RECORD;
  const title = whole ? `${d.kind} ${d.key}: the whole record` : `${d.kind} ${d.key}: ${d.path}`;
  const own = choice?.choice === "value" ? choice : { choice: "value" as const, value: "", reason: "" };
  const problem = choice?.choice === "value" ? decisionProblem(d, choice) : null;
  return (
    <fieldset class="disagreement" data-disagreement={d.id}>
      <legend>{title}</legend>
      <div class="sides">
        {(["A", "B"] as const).map((side) => (
          <section key={side} aria-label={`Reviewer ${side}`}>
            <h3>
              {side}
              {(side === "A" ? d.whereA : d.whereB) !== null && (
                <>
                  {" "}
                  <small>
                    <code>{side === "A" ? d.whereA : d.whereB}</code>
                  </small>
                </>
              )}
            </h3>
            <pre class="value">{shown(side === "A" ? d.a : d.b)}</pre>
            {!whole && <ProvenanceView provenance={side === "A" ? d.provenanceA : d.provenanceB} />}
          </section>
        ))}
      </div>
      <div class="choices" role="radiogroup" aria-label={`Decision for ${title}`}>
        <label>
          <input type="radio" name={base} checked={choice?.choice === "A"} onChange={() => onChoose({ choice: "A" })} /> {whole && d.a === null ? "Take A (leave the record out)" : "Take A"}
        </label>
        <label>
          <input type="radio" name={base} checked={choice?.choice === "B"} onChange={() => onChoose({ choice: "B" })} /> {whole && d.b === null ? "Take B (leave the record out)" : "Take B"}
        </label>
        {!whole && (
          <label>
            <input type="radio" name={base} checked={choice?.choice === "value"} onChange={() => onChoose(own)} /> Enter a value
          </label>
        )}
      </div>
      {choice?.choice === "value" && (
        <div class="own-value">
          <label>
            Value
            <input type="text" value={own.value} onInput={(e) => onChoose({ ...own, value: e.currentTarget.value })} aria-invalid={problem === "enter the value" || problem === "enter a number" ? "true" : undefined} />
          </label>
          <label>
            Reason (required)
            <input type="text" value={own.reason} onInput={(e) => onChoose({ ...own, reason: e.currentTarget.value })} aria-required="true" aria-invalid={problem === "a value of your own needs a reason" ? "true" : undefined} />
          </label>
          {problem !== null && <p role="alert">{problem}</p>}
        </div>
      )}
    </fieldset>
  );
}

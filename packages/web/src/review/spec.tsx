/**
 * An analysis spec's page (/analyses/NAME): the model options of each synthesis as a form
 * generated from the spec schema's Model (a field added there appears here), the analysis
 * run in the browser by @metakit/review as the options change (forest plots from the
 * report's own vega-lite specs, heterogeneity, subgroups, scenarios, small-study
 * effects), GRADE per domain with the rule and the signal behind each proposal, overrides
 * with a required reason saved into the spec, and the Summary of Findings.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { DomainAssessment, OutcomeRating } from "@metakit/grade";
import { analyzeSpec, indexData, reportInputOf, type AnalysisResult, type SynthesisResult } from "@metakit/review";
import { GRADE_CONCERNS, Model, parseFileText, patchYaml, toJsonSchema, type AnalysisSpec, type ParsedExtraction, type YamlEdit } from "@metakit/schema";
import type { AnalysisReport } from "@metakit/report";
import { forestSvg } from "../analyse/forest.js";
import { ApiError, getJson, messageOf, postJson } from "./api.js";

interface SpecFile {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly hash: string;
}

interface Run {
  readonly spec: AnalysisSpec;
  readonly result: AnalysisResult;
  readonly analyses: readonly AnalysisReport[];
}

type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; spec: SpecFile; extractions: ParsedExtraction[] };

const DOMAIN_NAMES: Readonly<Record<string, string>> = {
  riskOfBias: "Risk of bias",
  inconsistency: "Inconsistency",
  indirectness: "Indirectness",
  imprecision: "Imprecision",
  publicationBias: "Publication bias",
};

function readData(files: readonly { path: string; text: string }[]): ParsedExtraction[] {
  return files.flatMap((f) => {
    const outcome = parseFileText(f.path, f.text);
    return outcome.parsed?.type === "extraction" ? [outcome.parsed] : [];
  });
}

/** The spec's text analysed: the result and the report's view of each synthesis, or the spec's errors. */
function analyse(file: string, text: string, extractions: ParsedExtraction[]): Run | { errors: string[] } {
  const outcome = parseFileText(file, text);
  if (outcome.parsed?.type !== "analysis") return { errors: outcome.issues.map((i) => `${i.path ?? ""}: ${i.message}`) };
  const spec = outcome.parsed.spec;
  const result = analyzeSpec(spec, extractions, { file });
  const claims = extractions.flatMap((e) => e.records.claims.map((c) => c.record));
  const input = reportInputOf([{ spec, result }], indexData(extractions), claims, { title: spec.title, generator: "metakit", sources: [file] });
  return { spec, result, analyses: input.indications[0]?.analyses ?? [] };
}

export function SpecPage({ name }: { name: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [pending, setPending] = useState<YamlEdit[]>([]);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([getJson<SpecFile>(`/api/analyses/${encodeURIComponent(name)}`), getJson<{ files: { path: string; text: string }[] }>("/api/review-data")]).then(
      ([spec, data]) => setLoaded({ state: "ready", spec, extractions: readData(data.files) }),
      (e) => setLoaded({ state: "failed", message: messageOf(e) }),
    );
  }, [name]);

  const text = useMemo(() => {
    if (loaded.state !== "ready") return "";
    try {
      return patchYaml(loaded.spec.text, pending);
    } catch (e) {
      return loaded.spec.text;
    }
  }, [loaded, pending]);
  const run = useMemo(() => (loaded.state === "ready" ? analyse(loaded.spec.file, text, loaded.extractions) : null), [loaded, text]);

  useEffect(() => {
    if (run !== null && "spec" in run) document.title = `${run.spec.title} · metakit`;
  }, [run]);

  if (loaded.state === "loading") return <main><p>Reading the spec and the data…</p></main>;
  if (loaded.state === "failed") return <main><h1>Analysis {name}</h1><p role="alert">{loaded.message}</p></main>;
  const { spec: file } = loaded;

  /** Saves edits to the file (with the hash the page read), then shows the saved text. */
  const save = async (edits: YamlEdit[], done: string): Promise<boolean> => {
    setError(null);
    try {
      const saved = await postJson<SpecFile>(`/api/analyses/${encodeURIComponent(name)}`, { hash: file.hash, edits });
      setLoaded({ ...loaded, spec: saved });
      setStatus(done);
      return true;
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? `${e.message}` : `Not saved: ${messageOf(e)}`);
      return false;
    }
  };

  return (
    <main>
      <p>
        <a href="/">metakit</a>
      </p>
      <h1>{run !== null && "spec" in run ? run.spec.title : name}</h1>
      <p>
        Spec <code>{file.file}</code>, analysed here in your browser with the data of <code>data/</code>, as <code>metakit analyze</code> does.
        {pending.length > 0 && ` ${pending.length} unsaved change${pending.length === 1 ? "" : "s"} to the model options.`}
      </p>
      {pending.length > 0 && (
        <p>
          <button type="button" onClick={async () => (await save(pending, "Model options saved to the spec.")) && setPending([])}>
            Save model options
          </button>{" "}
          <button type="button" class="secondary" onClick={() => setPending([])}>
            Discard changes
          </button>
        </p>
      )}
      {error !== null && <p role="alert">{error}</p>}
      <p role="status">{status}</p>
      {run !== null && "errors" in run && (
        <div role="alert">
          <p>The spec has errors:</p>
          <ul>
            {run.errors.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {run !== null && "spec" in run && (
        <>
          {[...run.result.syntheses].map((synthesis) => (
            <SynthesisView
              key={synthesis.id}
              run={run}
              synthesis={synthesis}
              onModel={(key, value) => {
                const index = run.spec.syntheses.findIndex((s) => s.id === synthesis.id);
                const path = ["syntheses", index, "model", key];
                setStatus("");
                setPending((edits) => [...edits.filter((e) => e.path.join("/") !== path.join("/")), { path, value }]);
              }}
              onOverride={(edit, message) => save([edit], message)}
            />
          ))}
          <SummaryOfFindings result={run.result} />
        </>
      )}
    </main>
  );
}

type Json = Record<string, unknown>;

/** The Model's fields from the spec schema's JSON Schema: name, kind, choices and default. */
function modelFields(): { key: string; kind: "choice" | "boolean" | "number"; choices: string[]; description: string }[] {
  const json = toJsonSchema(Model, "model") as Json;
  const properties = (json["properties"] ?? {}) as Record<string, Json>;
  return Object.entries(properties).map(([key, property]) => {
    const choices = Array.isArray(property["enum"]) ? (property["enum"] as unknown[]).map(String) : [];
    const kind = choices.length > 0 ? "choice" : property["type"] === "boolean" ? "boolean" : "number";
    return { key, kind, choices, description: String(property["description"] ?? "") };
  });
}

const MODEL_FIELDS = modelFields();
const FIELD_LABELS: Readonly<Record<string, string>> = { method: "Model (τ² estimator)", test: "Test", predictionInterval: "Prediction interval", level: "Confidence level (%)" };

function ModelForm({ synthesis, spec, onModel }: { synthesis: SynthesisResult; spec: AnalysisSpec; onModel: (key: string, value: unknown) => void }) {
  const model = (spec.syntheses.find((s) => s.id === synthesis.id)?.model ?? {}) as Record<string, unknown>;
  return (
    <fieldset class="options">
      <legend>Model options</legend>
      {MODEL_FIELDS.map((field) => {
        const label = `${FIELD_LABELS[field.key] ?? field.key}`;
        const value = model[field.key];
        if (field.kind === "choice") {
          return (
            <label key={field.key} title={field.description}>
              {label}
              <select value={String(value)} onChange={(e) => onModel(field.key, e.currentTarget.value)}>
                {field.choices.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          );
        }
        if (field.kind === "boolean") {
          return (
            <label key={field.key} class="checkbox" title={field.description}>
              <input type="checkbox" checked={value === true} onChange={(e) => onModel(field.key, e.currentTarget.checked)} /> {label}
            </label>
          );
        }
        return (
          <label key={field.key} title={field.description}>
            {label}
            <input type="number" value={String(value)} min={50} max={99.9} step={0.1} onChange={(e) => Number.isFinite(e.currentTarget.valueAsNumber) && onModel(field.key, e.currentTarget.valueAsNumber)} />
          </label>
        );
      })}
    </fieldset>
  );
}

function Figure({ data, label }: { data: NonNullable<AnalysisReport["forest"]>; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    forestSvg(data).then(
      (markup) => live && setSvg(markup),
      (e) => live && setProblem(messageOf(e)),
    );
    return () => void (live = false);
  }, [data]);
  if (problem !== null) return <p role="alert">The forest plot could not be drawn: {problem}</p>;
  return <div class="forest" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg ?? "" }} />;
}

const fixed = (x: number) => x.toFixed(2);

function SynthesisView({ run, synthesis, onModel, onOverride }: { run: Run; synthesis: SynthesisResult; onModel: (key: string, value: unknown) => void; onOverride: (edit: YamlEdit, message: string) => Promise<boolean> }) {
  const report = run.analyses.find((a) => a.id === synthesis.id);
  const headingId = `synthesis-${synthesis.id}`;
  const small = synthesis.robustness?.smallStudyEffects ?? null;
  const trace = run.result.grade.trace.find((t) => t.synthesis === synthesis.id);
  const rating = trace === undefined ? undefined : run.result.grade.ratings.find((r) => r.outcome === trace.outcome);
  return (
    <section aria-labelledby={headingId} class="synthesis">
      <h2 id={headingId}>
        {report?.title ?? synthesis.outcome.label} <small>({synthesis.id})</small>
      </h2>
      <ModelForm synthesis={synthesis} spec={run.spec} onModel={onModel} />
      {report?.forest ? <Figure data={report.forest} label={`Forest plot: ${report.title}`} /> : <p>{report?.noForestReason ?? "No forest plot: no result could be estimated."}</p>}
      <h3>Heterogeneity and overall effect</h3>
      {synthesis.pooled === null ? (
        <p>{synthesis.notPooled ?? "Not pooled: no result could be estimated."}</p>
      ) : (
        <ul>
          {report?.forest?.heterogeneityText !== undefined && <li>{report.forest.heterogeneityText}</li>}
          {report?.forest?.overallEffectText !== undefined && <li>{report.forest.overallEffectText}</li>}
          {report?.assumptions.map((line) => <li key={line}>{line}</li>)}
        </ul>
      )}
      {report !== undefined && report.subgroups.length > 0 && (
        <>
          <h3>Subgroups</h3>
          {report.subgroups.map((s) => (
            <div key={s.variable}>
              <h4>{s.variable}</h4>
              <ul>
                {s.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          ))}
          {report.subgroupForests?.map((f) => <Figure key={f.id} data={f.forest} label={`Forest plot: ${f.forest.title}`} />)}
        </>
      )}
      <h3>Sensitivity scenarios</h3>
      {report === undefined || report.scenarios.length === 0 ? (
        <p>No scenario changes this synthesis.</p>
      ) : (
        <table>
          <caption>Sensitivity scenarios of {report.title}</caption>
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Studies</th>
              <th scope="col">Estimate [CI]</th>
              <th scope="col">What changed</th>
            </tr>
          </thead>
          <tbody>
            {report.scenarios.map((s) => (
              <tr key={s.label}>
                <th scope="row">{s.label}</th>
                <td class="number">{s.k}</td>
                <td class="number">{s.effect === null ? "not estimable" : `${fixed(s.effect.estimate)} [${fixed(s.effect.ciLower)}, ${fixed(s.effect.ciUpper)}]`}</td>
                <td>{s.changes.join(" ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Small-study effects</h3>
      {small === null ? (
        <p>{synthesis.robustness?.notes.find((n) => /small-study|funnel|Egger|10 studies/i.test(n)) ?? "Not tested: the tests need comparative evidence from at least 10 studies (Cochrane Handbook 13.3.5.4)."}</p>
      ) : (
        <p>
          {small.test.name}'s test: {small.test.df === undefined ? "z" : `t(${small.test.df})`} = {fixed(small.test.statistic)}, p = {small.test.pval < 0.0001 ? "< 0.0001" : small.test.pval.toFixed(4)} (k = {small.test.k}); rank correlation (Begg): Kendall's tau = {fixed(small.rankTest.tau)}, p = {small.rankTest.pval.toFixed(4)}; trim and fill adds {small.trimAndFill.k0} stud{small.trimAndFill.k0 === 1 ? "y" : "ies"}.
        </p>
      )}
      {rating !== undefined && trace !== undefined && <GradeView rating={rating} spec={run.spec} synthesis={synthesis} onOverride={onOverride} />}
    </section>
  );
}

function signalText(signal: Readonly<Record<string, unknown>>): string {
  return Object.entries(signal)
    .map(([key, value]) => `${key} = ${typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toPrecision(3)) : String(value)}`)
    .join(", ");
}

/** The spec's GRADE entry for a synthesis: the one naming it, else the outcome's entry for all its syntheses. */
function gradeEntryIndex(spec: AnalysisSpec, synthesis: SynthesisResult): number {
  const named = spec.grade.findIndex((g) => g.outcome === synthesis.outcome.id && g.synthesis === synthesis.id);
  return named >= 0 ? named : spec.grade.findIndex((g) => g.outcome === synthesis.outcome.id && g.synthesis === undefined);
}

function GradeView({ rating, spec, synthesis, onOverride }: { rating: OutcomeRating; spec: AnalysisSpec; synthesis: SynthesisResult; onOverride: (edit: YamlEdit, message: string) => Promise<boolean> }) {
  const entry = gradeEntryIndex(spec, synthesis);
  const shared = entry >= 0 && spec.grade[entry]!.synthesis === undefined && spec.syntheses.filter((s) => s.outcome === synthesis.outcome.id).length > 1;
  return (
    <>
      <h3>GRADE: certainty of the evidence</h3>
      <p>
        Starts at {rating.start} ({rating.startReason}); certainty <strong>{rating.certainty}</strong> {rating.symbols}.
        {shared && " The spec's GRADE entry for this outcome applies to each of its syntheses: an override here applies to all of them."}
      </p>
      <table class="grade">
        <caption>GRADE domains of {synthesis.outcome.label}: the rule's proposal, and the judgement that counts</caption>
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Proposal</th>
            <th scope="col">Rule and signal</th>
            <th scope="col">Judgement</th>
            <th scope="col">Override</th>
          </tr>
        </thead>
        <tbody>
          {rating.domains.map((d) => (
            <DomainRow key={d.domain} assessment={d} entry={entry} spec={spec} onOverride={onOverride} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function DomainRow({ assessment, entry, spec, onOverride }: { assessment: DomainAssessment; entry: number; spec: AnalysisSpec; onOverride: (edit: YamlEdit, message: string) => Promise<boolean> }) {
  const name = DOMAIN_NAMES[assessment.domain] ?? assessment.domain;
  const [concern, setConcern] = useState<string>(assessment.final.concern === "not assessable" ? "no" : assessment.final.concern);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const p = assessment.proposal;
  const id = `override-${entry}-${assessment.domain}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (reason.trim() === "") {
      setProblem(`A reason is required: GRADE asks for the reason of every judgement that departs from the rule. ${name} was not overridden.`);
      return;
    }
    setProblem(null);
    const ok = await onOverride({ path: ["grade", entry, "judgements", assessment.domain], value: { concern, reason: reason.trim() } }, `${name}: your judgement (${concern}) saved to the spec.`);
    if (ok) setReason("");
  };
  const judgements = spec.grade[entry]?.judgements ?? {};
  const removeEdit: YamlEdit = Object.keys(judgements).length > 1 ? { path: ["grade", entry, "judgements", assessment.domain], delete: true } : { path: ["grade", entry, "judgements"], delete: true };
  return (
    <tr data-domain={assessment.domain}>
      <th scope="row">{name}</th>
      <td>
        {p.concern} ({p.levels === 0 ? "no change" : `${p.levels} level${p.levels === -1 ? "" : "s"}`})
      </td>
      <td>
        <code>{p.rule}</code>
        <br />
        {p.explanation}
        {Object.keys(p.signal).length > 0 && (
          <>
            <br />
            <small>Signal: {signalText(p.signal)}</small>
          </>
        )}
      </td>
      <td>
        {assessment.final.concern} (by {assessment.final.by === "reviewer" ? "the reviewers" : "the rule"})
        {assessment.final.by === "reviewer" && (
          <>
            : {assessment.final.reason}{" "}
            <button type="button" class="secondary" onClick={() => void onOverride(removeEdit, `${name}: back to the rule's proposal.`)}>
              Remove override of {name.toLowerCase()}
            </button>
          </>
        )}
      </td>
      <td>
        {entry < 0 ? (
          "The spec has no GRADE entry for this outcome."
        ) : (
          <form class="override" onSubmit={submit} aria-label={`Override ${name.toLowerCase()}`}>
            <label>
              Concern
              <select value={concern} onChange={(e) => setConcern(e.currentTarget.value)} aria-label={`Concern for ${name.toLowerCase()}`}>
                {GRADE_CONCERNS.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Reason
              <textarea id={id} value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-label={`Reason for ${name.toLowerCase()}`} aria-invalid={problem !== null ? "true" : undefined} rows={2} />
            </label>
            <button type="submit">Override {name.toLowerCase()}</button>
            {problem !== null && <p role="alert">{problem}</p>}
          </form>
        )}
      </td>
    </tr>
  );
}

function SummaryOfFindings({ result }: { result: AnalysisResult }) {
  const table = result.grade.summaryOfFindings;
  if (table === null) return null;
  const labels = new Map(result.syntheses.map((s) => [s.outcome.id, s.outcome.label]));
  return (
    <section aria-labelledby="sof-heading">
      <h2 id="sof-heading">Summary of Findings</h2>
      <table class="sof">
        <caption>
          {table.question.intervention} compared with {table.question.comparison} for {table.question.population}
        </caption>
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Participants (studies)</th>
            <th scope="col">Relative effect</th>
            <th scope="col">Certainty of the evidence (GRADE)</th>
            <th scope="col">What happens</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.outcome} data-outcome={row.outcome}>
              <th scope="row">{labels.get(row.outcome) ?? row.outcome}</th>
              <td class="number">
                {row.participants} ({row.studies})
              </td>
              <td>{row.relativeEffect?.text ?? row.continuousEffect?.text ?? "—"}</td>
              <td class="certainty">
                {row.symbols} {row.certainty}
              </td>
              <td>{row.statement}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

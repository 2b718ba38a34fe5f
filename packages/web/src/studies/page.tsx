/**
 * A study's page, `/studies/STUDY_ID`: the study's records in the YAML file that holds it
 * (the study, its arms, results, assumptions, RoB 2 and ROBINS-I assessments) as a form
 * generated from the extraction schema. The checks `metakit validate` runs (cross-record
 * ones with the review's other files included) run on every change. Save sends the edits
 * with the hash of the file as read; unsaved edits can be undone or discarded.
 */
import "./study.css";
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import {
  checkDataset,
  dailyDoseMg,
  doseClass,
  formatIssue,
  formatPath,
  parseDocumentValue,
  parseFileText,
  proposedRob2Domain,
  proposedRob2Overall,
  proposedRobinsIOverall,
  ROB2_DOMAINS,
  ROBINS_I_DOMAINS,
  yamlValue,
  Arm,
  type Issue,
  type ParsedAnalysis,
  type ParsedExtraction,
  type PathSegment,
  type Rob2Judgement,
  type RobinsIJudgement,
  type SignallingAnswer,
} from "@metakit/schema";
import { diffEdits, setAt, type Value } from "./edits.js";
import { Field, fieldId, type FormContext } from "./form.js";
import { recordSchema, controlOf } from "./json-schema.js";
import { template, unusedId, type TemplateContext } from "./templates.js";

interface LoadedFile {
  readonly path: string;
  readonly hash: string;
  readonly text: string;
  readonly parsed: ParsedExtraction | ParsedAnalysis | undefined;
}

type Loaded = { readonly state: "loading" } | { readonly state: "failed"; readonly message: string } | { readonly state: "ready"; readonly files: readonly LoadedFile[] };

async function sha256(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function fileUrl(path: string): string {
  return `/api/files/${path.split("/").map(encodeURIComponent).join("/")}`;
}

async function loadFile(path: string): Promise<LoadedFile> {
  const answer = await fetch(fileUrl(path), { credentials: "same-origin" });
  if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
  const bytes = await answer.arrayBuffer();
  const text = new TextDecoder().decode(bytes);
  return { path, hash: await sha256(bytes), text, parsed: parseFileText(path, text).parsed };
}

async function loadProject(): Promise<LoadedFile[]> {
  const answer = await fetch("/api/project", { credentials: "same-origin" });
  if (!answer.ok) throw new Error(`the project could not be read (${answer.status})`);
  const project = (await answer.json()) as { files: { path: string }[] };
  return Promise.all(project.files.map((f) => loadFile(f.path)));
}

function isObject(value: Value): value is Record<string, Value> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function list(value: Value, kind: string): Value[] {
  const items = isObject(value) ? value[kind] : undefined;
  return Array.isArray(items) ? items : [];
}

/** The YAML file holding the study, or undefined. */
function fileOfStudy(files: readonly LoadedFile[], id: string): LoadedFile | undefined {
  return files.find((file) => /\.ya?ml$/i.test(file.path) && file.parsed?.type === "extraction" && list(yamlValue(file.text), "studies").some((s) => isObject(s) && s["id"] === id));
}

export function StudyPage(props: { readonly id: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  useEffect(() => {
    loadProject().then(
      (files) => setLoaded({ state: "ready", files }),
      (error: unknown) => setLoaded({ state: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);
  useEffect(() => {
    document.title = `Study ${props.id} · metakit`;
  }, [props.id]);
  if (loaded.state === "loading") return <main><p>Reading the project's files…</p></main>;
  if (loaded.state === "failed") return <main><p role="alert">{loaded.message}</p></main>;
  const file = fileOfStudy(loaded.files, props.id);
  if (file === undefined) {
    return (
      <main>
        <h1>Study {props.id}</h1>
        <p role="alert">No study {props.id} in the project's YAML extraction files.</p>
        <p><a href="/">Back to the project</a></p>
      </main>
    );
  }
  const replaceFile = (next: LoadedFile) => setLoaded({ state: "ready", files: loaded.files.map((f) => (f.path === next.path ? next : f)) });
  return <StudyEditor key={`${file.path}:${file.hash}`} id={props.id} file={file} others={loaded.files.filter((f) => f !== file)} onSaved={replaceFile} />;
}

/** One step of the undo stack: the file's value after an edit, and the path it edited (typing in one field is one step). */
interface Step {
  readonly value: Value;
  readonly path: string;
}

type Message = { readonly kind: "status" | "alert"; readonly text: string; readonly problems?: readonly string[] } | undefined;

function StudyEditor(props: { readonly id: string; readonly file: LoadedFile; readonly others: readonly LoadedFile[]; readonly onSaved: (file: LoadedFile) => void }) {
  const original = useMemo(() => yamlValue(props.file.text), [props.file.text]);
  const [steps, setSteps] = useState<readonly Step[]>([]);
  const [studyId, setStudyId] = useState(props.id);
  const [message, setMessage] = useState<Message>(undefined);
  const [saving, setSaving] = useState(false);
  const [newForm, setNewForm] = useState("continuous");
  const value = steps.length === 0 ? original : steps[steps.length - 1]!.value;
  const edits = useMemo(() => diffEdits(original, value), [original, value]);
  const issues = useIssues(props.file.path, value, props.others);

  useEffect(() => {
    // /studies/ID#PATH (the home page's link for a problem): focus the field it names.
    if (location.hash.length > 1) requestAnimationFrame(() => focusPath(decodeURIComponent(location.hash.slice(1))));
  }, []);
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (edits.length > 0) event.preventDefault();
    };
    addEventListener("beforeunload", warn);
    return () => removeEventListener("beforeunload", warn);
  }, [edits.length]);

  const set = (path: readonly PathSegment[], next: Value) => {
    const key = formatPath(path);
    setMessage(undefined);
    setSteps((old) => {
      const current = old.length === 0 ? original : old[old.length - 1]!.value;
      const step = { value: setAt(current, path, next), path: key };
      return old.length > 0 && old[old.length - 1]!.path === key ? [...old.slice(0, -1), step] : [...old, step];
    });
  };
  const indexes = (kind: string) => list(value, kind).flatMap((record, i) => (isObject(record) && (kind === "studies" ? record["id"] : record["study"]) === studyId ? [i] : []));
  const studyIndex = indexes("studies")[0];
  const arms = indexes("arms").map((i) => list(value, "arms")[i] as Record<string, Value>);
  const taken = (kind: string) => new Set(list(value, kind).flatMap((r) => (isObject(r) && typeof r["id"] === "string" ? [r["id"]] : [])));
  const templateContext = (path: readonly PathSegment[]): TemplateContext => ({
    study: studyId,
    arms: arms.map((a) => ({ id: String(a["id"] ?? ""), type: String(a["type"] ?? "") })),
    id: path[0] === "arms" ? unusedId("arm", new Set(arms.map((a) => String(a["id"])))) : unusedId(`${studyId}-${String(path[0] ?? "record")}`, taken(String(path[0]))),
  });
  const context: FormContext = { set, issues: issues.byPath, templateContext, derived: domainProposal };
  const add = (kind: string, record?: Value) => {
    const at = list(value, kind).length;
    set([kind, at], record ?? template(recordSchema(kind), templateContext([kind, at])));
  };

  const save = async () => {
    setSaving(true);
    try {
      const answer = await fetch("/api/save", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ file: props.file.path, hash: props.file.hash, edits }),
      });
      const body = (await answer.json()) as { error?: string; problems?: string[]; hash?: string; text?: string };
      if (answer.ok && body.hash !== undefined && body.text !== undefined) {
        props.onSaved({ path: props.file.path, hash: body.hash, text: body.text, parsed: parseFileText(props.file.path, body.text).parsed });
        return;
      }
      setMessage({ kind: "alert", text: body.error ?? `not saved (${answer.status})`, ...(body.problems === undefined ? {} : { problems: body.problems }) });
    } catch (error) {
      setMessage({ kind: "alert", text: `not saved: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setSaving(false);
    }
  };

  if (studyIndex === undefined) {
    return (
      <main>
        <p role="alert">Study {studyId} is no longer in {props.file.path}.</p>
        <button type="button" onClick={() => setSteps((old) => old.slice(0, -1))}>Undo</button>
      </main>
    );
  }
  const records = ["studies", "arms", "results", "assumptions", "rob2", "robinsI"].flatMap((kind) => indexes(kind).map((i) => formatPath([kind, i])));
  const pageIssues = issues.page.filter((issue) => within(issue.path, records));
  const errors = pageIssues.filter((i) => i.severity === "error");
  return (
    <main class="study">
      <nav aria-label="Breadcrumb">
        <a href="/">metakit project</a> › {props.file.path} › {studyId}
      </nav>
      <h1>Study {studyId}</h1>
      <div class="toolbar" role="group" aria-label="Changes">
        <button type="button" onClick={() => void save()} disabled={saving || edits.length === 0}>
          Save
        </button>
        <button type="button" class="secondary" onClick={() => setSteps((old) => old.slice(0, -1))} disabled={steps.length === 0}>
          Undo
        </button>
        <button type="button" class="secondary" onClick={() => { setSteps([]); setMessage(undefined); }} disabled={steps.length === 0}>
          Discard changes
        </button>
        <span role="status" class="changes">
          {edits.length === 0 ? `No unsaved changes to ${props.file.path}.` : `${edits.length} unsaved change${edits.length === 1 ? "" : "s"} to ${props.file.path}.`}{" "}
          {errors.length === 0 ? "" : `${errors.length} error${errors.length === 1 ? "" : "s"} on this page.`}
        </span>
      </div>
      {message !== undefined && (
        <div role="alert" class="save-message">
          <p>{message.text}</p>
          {message.problems !== undefined && (
            <ul>
              {message.problems.map((line) => (
                <li key={line}><code>{line}</code></li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ProblemList issues={pageIssues} file={props.file.path} />
      <section aria-labelledby="study-heading">
        <h2 id="study-heading">Study</h2>
        <Field schema={recordSchema("studies")} path={["studies", studyIndex]} value={list(value, "studies")[studyIndex]} label={`Study ${studyId}`} required context={context} inherited={{}} />
      </section>
      <section aria-labelledby="arms-heading">
        <h2 id="arms-heading">Arms</h2>
        {indexes("arms").map((i) => (
          <div class="record" key={i}>
            <Field schema={recordSchema("arms")} path={["arms", i]} value={list(value, "arms")[i]} label={`Arm ${String((list(value, "arms")[i] as Record<string, Value>)["id"] ?? i + 1)}`} required context={context} inherited={{}} />
            <DerivedDose arm={list(value, "arms")[i]} index={i} indication={(list(value, "studies")[studyIndex] as Record<string, Value>)["indication"]} analyses={props.others} />
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => add("arms")}>Add arm</button>
      </section>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">Results</h2>
        {indexes("results").map((i) => (
          <div class="record" key={i}>
            <Field schema={recordSchema("results")} path={["results", i]} value={list(value, "results")[i]} label={`Result ${String((list(value, "results")[i] as Record<string, Value>)["id"] ?? i + 1)}`} required context={context} inherited={{}} />
          </div>
        ))}
        <div class="field inline">
          <label for="new-result-form">Form of a new result</label>
          <select id="new-result-form" value={newForm} onChange={(e) => setNewForm((e.target as HTMLSelectElement).value)}>
            {resultForms().map((form) => (
              <option key={form} value={form}>{form}</option>
            ))}
          </select>
          <button type="button" class="secondary" onClick={() => add("results", newResult(newForm, templateContext(["results", list(value, "results").length])))}>Add result</button>
        </div>
      </section>
      <RecordSection kind="assumptions" title="Assumptions" noun="assumption" indexes={indexes("assumptions")} value={value} context={context} add={() => add("assumptions")} />
      <section aria-labelledby="rob-heading">
        <h2 id="rob-heading">Risk of bias</h2>
        {indexes("rob2").map((i) => (
          <div class="record" key={`rob2-${i}`}>
            <Field schema={recordSchema("rob2")} path={["rob2", i]} value={list(value, "rob2")[i]} label={`RoB 2 assessment ${String((list(value, "rob2")[i] as Record<string, Value>)["id"] ?? i + 1)}`} required context={context} inherited={{}} />
            <Proposal record={list(value, "rob2")[i]} tool="RoB 2" />
          </div>
        ))}
        {indexes("robinsI").map((i) => (
          <div class="record" key={`robins-${i}`}>
            <Field schema={recordSchema("robinsI")} path={["robinsI", i]} value={list(value, "robinsI")[i]} label={`ROBINS-I assessment ${String((list(value, "robinsI")[i] as Record<string, Value>)["id"] ?? i + 1)}`} required context={context} inherited={{}} />
            <Proposal record={list(value, "robinsI")[i]} tool="ROBINS-I" />
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => add("rob2")}>Add RoB 2 assessment</button>{" "}
        <button type="button" class="secondary" onClick={() => add("robinsI")}>Add ROBINS-I assessment</button>
      </section>
      <section aria-labelledby="new-study-heading">
        <h2 id="new-study-heading">Another study</h2>
        <p>A new study is added to {props.file.path} with its required fields to fill, and shown here.</p>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const id = unusedId("new-study", taken("studies"));
            add("studies", { ...(template(recordSchema("studies"), { study: id, arms: [], id }) as Record<string, Value>), id });
            setStudyId(id);
            history.replaceState(null, "", `/studies/${encodeURIComponent(id)}`);
          }}
        >
          Add study
        </button>
      </section>
    </main>
  );
}

function resultForms(): string[] {
  const control = controlOf(recordSchema("results"));
  return control.kind === "union" ? control.branches.map((b) => String(b.properties?.[control.discriminator]?.const)) : [];
}

function newResult(form: string, context: TemplateContext): Value {
  const control = controlOf(recordSchema("results"));
  if (control.kind !== "union") return template(recordSchema("results"), context);
  const branch = control.branches.find((b) => b.properties?.[control.discriminator]?.const === form) ?? control.branches[0]!;
  return template(branch, context);
}

function RecordSection(props: { readonly kind: string; readonly title: string; readonly noun: string; readonly indexes: readonly number[]; readonly value: Value; readonly context: FormContext; readonly add: () => void }) {
  return (
    <section aria-labelledby={`${props.kind}-heading`}>
      <h2 id={`${props.kind}-heading`}>{props.title}</h2>
      {props.indexes.map((i) => {
        const record = list(props.value, props.kind)[i] as Record<string, Value>;
        return (
          <div class="record" key={i}>
            <Field schema={recordSchema(props.kind)} path={[props.kind, i]} value={record} label={`${props.noun.charAt(0).toUpperCase()}${props.noun.slice(1)} ${String(record["id"] ?? i + 1)}`} required context={props.context} inherited={{}} />
          </div>
        );
      })}
      <button type="button" class="secondary" onClick={props.add}>
        Add {props.noun}
      </button>
    </section>
  );
}

/** The problems of the file being edited: all of them by path, and those of this page's records. */
function useIssues(file: string, value: Value, others: readonly LoadedFile[]): { byPath: ReadonlyMap<string, readonly Issue[]>; page: readonly Issue[] } {
  return useMemo(() => {
    const outcome = parseDocumentValue(file, value);
    const extractions = others.flatMap((f) => (f.parsed?.type === "extraction" ? [f.parsed] : []));
    const analyses = others.flatMap((f) => (f.parsed?.type === "analysis" ? [f.parsed] : []));
    if (outcome.parsed?.type === "extraction") extractions.push(outcome.parsed);
    const all = [...outcome.issues, ...checkDataset({ extractions, analyses }).filter((issue) => issue.file === file)];
    const byPath = new Map<string, Issue[]>();
    for (const issue of all) {
      const key = issue.path ?? "";
      byPath.set(key, [...(byPath.get(key) ?? []), issue]);
    }
    return { byPath, page: all };
  }, [file, value, others]);
}

/** Whether an issue's path is inside one of the records (`arms[3]`, `arms[3].dose.value`, ...). */
function within(path: string | undefined, records: readonly string[]): boolean {
  return path !== undefined && records.some((r) => path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`));
}

/** The list of problems of this page's records, each a link to its field. */
function ProblemList(props: { readonly issues: readonly Issue[]; readonly file: string }) {
  if (props.issues.length === 0) return null;
  return (
    <section aria-labelledby="problems-heading" class="problem-list">
      <h2 id="problems-heading">Problems on this page</h2>
      <ul>
        {props.issues.map((issue, i) => (
          <li key={i} class={issue.severity}>
            <a
              href={`#${fieldId(parsePathSegments(issue.path ?? ""))}`}
              onClick={(event) => {
                event.preventDefault();
                focusPath(issue.path ?? "");
              }}
            >
              {formatIssue({ ...issue, file: props.file, message: issue.severity === "warning" ? `warning: ${issue.message}` : issue.message })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function parsePathSegments(path: string): PathSegment[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]!));
}

/** Focuses the field of a path, or of the nearest enclosing path that has one. */
function focusPath(path: string): void {
  const segments = parsePathSegments(path);
  for (let length = segments.length; length > 0; length--) {
    const at = CSS.escape(formatPath(segments.slice(0, length)));
    const field = document.querySelector<HTMLElement>(`[data-path="${at}"]`);
    const group = document.querySelector<HTMLElement>(`[data-group="${at}"]`);
    const target = field ?? group?.querySelector<HTMLElement>("input, select, textarea, button") ?? undefined;
    if (target !== undefined && target !== null) {
      target.focus();
      target.scrollIntoView({ block: "center" });
      return;
    }
  }
}

/** The daily dose and dose class derived from an arm's dose, read-only. */
function DerivedDose(props: { readonly arm: Value; readonly index: number; readonly indication: Value; readonly analyses: readonly LoadedFile[] }) {
  const parsed = Arm.safeParse(props.arm);
  if (!parsed.success || parsed.data.dose === undefined) return null;
  const daily = dailyDoseMg(parsed.data.dose);
  const mg = (x: number | undefined) => (x === undefined ? undefined : `${Number(x.toPrecision(6))} mg/day`);
  const shown = daily.value !== undefined ? mg(daily.value) : daily.min !== undefined || daily.max !== undefined ? `${mg(daily.min) ?? "?"} to ${mg(daily.max) ?? "?"}` : undefined;
  const specs = props.analyses.flatMap((f) => (f.parsed?.type === "analysis" && f.parsed.spec.indication === props.indication && f.parsed.spec.doseClasses !== undefined ? [f.parsed] : []));
  const classes = specs.map((spec) => `${doseClass(parsed.data.dose!, spec.spec.doseClasses!) ?? "no class"} (${spec.file})`);
  const id = `derived-dose-${props.index}`;
  return (
    <div class="derived" role="group" aria-labelledby={id}>
      <span id={id} class="derived-title">Derived, read-only:</span>{" "}
      <output aria-label="Daily dose">Daily dose: {shown ?? "not derivable (unit or schedule gives no fixed daily amount)"}</output>;{" "}
      <output aria-label="Dose class">Dose class: {classes.length > 0 ? classes.join(", ") : "no analysis spec of this indication declares dose classes"}</output>
    </div>
  );
}

/**
 * Under a risk-of-bias domain: the judgement RoB 2's algorithm proposes from the domain's
 * signalling answers, beside the reviewer's. ROBINS-I has no such algorithm, which is said.
 */
function domainProposal(path: readonly PathSegment[], value: Value): ComponentChildren {
  const [kind, , domain] = path;
  if (path.length !== 3 || !isObject(value)) return null;
  if (kind === "robinsI" && (ROBINS_I_DOMAINS as readonly PathSegment[]).includes(domain!)) {
    return isObject(value["answers"]) ? <p class="derived">ROBINS-I has no algorithm from signalling answers to a domain judgement: the judgement is the reviewer's.</p> : null;
  }
  if (kind !== "rob2" || !(ROB2_DOMAINS as readonly PathSegment[]).includes(domain!)) return null;
  const answers = isObject(value["answers"]) ? (value["answers"] as Record<string, SignallingAnswer>) : undefined;
  const proposed = proposedRob2Domain(domain as (typeof ROB2_DOMAINS)[number], answers);
  const reviewer = value["judgement"];
  if (proposed === undefined) return <p class="derived">The RoB 2 algorithm proposes this domain's judgement once the signalling questions on its path are answered.</p>;
  return (
    <p class="derived" role="note" aria-label={`Proposed judgement for ${formatPath(path)}`}>
      Judgement the RoB 2 algorithm proposes from the answers: <strong>{proposed}</strong>; the reviewer's: <strong>{String(reviewer ?? "not given")}</strong>
      {reviewer !== undefined && reviewer !== proposed ? " (differs: say why in the support)." : "."}
    </p>
  );
}

/** The overall judgement the tool's algorithm proposes from the domains, beside the reviewer's. */
function Proposal(props: { readonly record: Value; readonly tool: "RoB 2" | "ROBINS-I" }) {
  if (!isObject(props.record)) return null;
  const record = props.record;
  const judgement = (domain: string) => (isObject(record[domain]) ? record[domain]["judgement"] : undefined);
  const domains = props.tool === "RoB 2" ? ROB2_DOMAINS : ROBINS_I_DOMAINS;
  const given = domains.map(judgement);
  const reviewer = judgement("overall");
  if (given.some((j) => typeof j !== "string")) return <p class="derived">The {props.tool} algorithm proposes an overall judgement once every domain is judged.</p>;
  const proposed = props.tool === "RoB 2" ? proposedRob2Overall(given as Rob2Judgement[]) : proposedRobinsIOverall(given as RobinsIJudgement[]);
  return (
    <p class="derived" role="note">
      Overall judgement the {props.tool} algorithm proposes from the domains: <strong>{proposed}</strong>; the reviewer's: <strong>{String(reviewer ?? "not given")}</strong>
      {reviewer !== undefined && reviewer !== proposed ? " (differs: say why in the overall support)." : "."}
    </p>
  );
}

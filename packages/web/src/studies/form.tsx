/**
 * The controls of the study form, each chosen by walking the extraction schema
 * (json-schema.ts): objects as groups, lists with "Add", choices as selects, texts,
 * numbers, and reported numbers with their provenance and "missing, because …" / "not
 * retrieved" as answers of their own. Every editable control carries `data-path`, the path
 * `metakit validate` prints for it (`results[2].arms[0].sd`), and shows the problems the
 * checks find there: `aria-invalid="true"` and the message in an element with role alert.
 */
import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { formatPath, type Issue, type PathSegment } from "@metakit/schema";
import { typedNumber, type Value } from "./edits.js";
import { controlOf, labelOf, type JsonSchema } from "./json-schema.js";
import { template, type TemplateContext } from "./templates.js";

export interface FormContext {
  /** Sets the value at a path of the file (undefined removes it). */
  readonly set: (path: readonly PathSegment[], value: Value) => void;
  /** The problems of the file, by the path validate prints. */
  readonly issues: ReadonlyMap<string, readonly Issue[]>;
  /** A template context for a new item at a path. */
  readonly templateContext: (path: readonly PathSegment[]) => TemplateContext;
  /** Read-only content derived from a mapping's value, shown at the end of its group (a proposed judgement). */
  readonly derived?: (path: readonly PathSegment[], value: Value) => ComponentChildren;
}

interface FieldProps {
  readonly schema: JsonSchema;
  readonly path: readonly PathSegment[];
  readonly value: Value;
  readonly label: string;
  readonly required: boolean;
  readonly context: FormContext;
  /** Provenance in force here from enclosing `provenance` mappings (for bare numbers). */
  readonly inherited: Readonly<Record<string, unknown>>;
}

/** An element id for a path: unique, and only letters, digits, - and _. */
export function fieldId(path: readonly PathSegment[], suffix = ""): string {
  return `f-${formatPath(path).replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}${suffix}`;
}

const LONG_TEXTS = new Set(["notes", "note", "quote", "statement", "rationale", "support", "text", "population", "title", "reason", "missing", "estimand"]);

function isObject(value: Value): value is Record<string, Value> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The problems at these paths: error and warning lines, with the ids that describe the field. */
function Problems(props: { readonly paths: readonly string[]; readonly context: FormContext; readonly id: string }) {
  const found = props.paths.flatMap((p) => props.context.issues.get(p) ?? []);
  if (found.length === 0) return null;
  return (
    <div id={`${props.id}-problems`} class="problems">
      {found.map((issue, i) =>
        issue.severity === "error" ? (
          <p key={i} role="alert" class="field-error">
            {issue.message}
          </p>
        ) : (
          <p key={i} class="field-warning">
            warning: {issue.message}
          </p>
        ),
      )}
    </div>
  );
}

function hasError(context: FormContext, paths: readonly string[]): boolean {
  return paths.some((p) => (context.issues.get(p) ?? []).some((issue) => issue.severity === "error"));
}

/** Label, hint and problems around one control. */
function Labelled(props: { readonly id: string; readonly label: string; readonly required: boolean; readonly hint?: string | undefined; readonly children: ComponentChildren; readonly problems: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>
        {props.label}
        {props.required ? "" : <span class="optional"> (optional)</span>}
      </label>
      {props.children}
      {props.hint !== undefined && (
        <span id={`${props.id}-hint`} class="hint">
          {props.hint}
        </span>
      )}
      {props.problems}
    </div>
  );
}

function describedBy(id: string, hint: string | undefined, invalid: boolean): string | undefined {
  const ids = [hint === undefined ? "" : `${id}-hint`, invalid ? `${id}-problems` : ""].filter((s) => s !== "");
  return ids.length === 0 ? undefined : ids.join(" ");
}

/** One field of the schema at a path, with the control its schema needs. */
export function Field(props: FieldProps) {
  const control = controlOf(props.schema);
  switch (control.kind) {
    case "object":
      return <ObjectField {...props} properties={control.properties} requiredKeys={control.required} />;
    case "reported":
      return <ReportedField {...props} maybe={control.maybe} integer={control.integer} />;
    case "union":
      return <UnionField {...props} branches={control.branches} discriminator={control.discriminator} />;
    case "list":
      return <ListField {...props} items={control.items} />;
    case "record":
      return <RecordField {...props} values={control.values} />;
    case "choice":
      return <ChoiceField {...props} options={control.options} />;
    case "text-list":
      return <TextListField {...props} />;
    case "number":
      return <NumberField {...props} />;
    case "number-or-text":
      return <TextField {...props} numberOrText />;
    case "boolean":
      return <ChoiceField {...props} options={["true", "false"]} boolean />;
    case "fixed":
      return null;
    case "text":
      return <TextField {...props} />;
    default:
      return (
        <p class="field">
          {props.label}: <code>{JSON.stringify(props.value) ?? "(absent)"}</code>
        </p>
      );
  }
}

function ObjectField(props: FieldProps & { readonly properties: Readonly<Record<string, JsonSchema>>; readonly requiredKeys: readonly string[]; readonly skip?: readonly string[] }) {
  const value = isObject(props.value) ? props.value : {};
  const own = isObject(value["provenance"]) ? value["provenance"] : undefined;
  const inherited = own === undefined ? props.inherited : { ...props.inherited, ...own };
  const known = Object.keys(props.properties);
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  const id = fieldId(props.path);
  const path = formatPath(props.path);
  return (
    <fieldset class="group" id={id} data-group={path}>
      <legend>
        {props.label}
        {props.required ? "" : <span class="optional"> (optional)</span>}
      </legend>
      {props.schema.description !== undefined && <p class="hint">{props.schema.description}</p>}
      <Problems paths={[path]} context={props.context} id={id} />
      {Object.entries(props.properties)
        .filter(([key]) => !(props.skip ?? []).includes(key))
        .map(([key, schema]) => (
          <Field
            key={key}
            schema={schema}
            path={[...props.path, key]}
            value={value[key]}
            label={labelOf(key)}
            required={props.requiredKeys.includes(key)}
            context={props.context}
            inherited={key === "provenance" ? props.inherited : inherited}
          />
        ))}
      {unknown.map((key) => (
        <div class="field" key={key}>
          <span>
            {key} (not in the schema): <code>{JSON.stringify(value[key])}</code>
          </span>
          <button type="button" data-path={formatPath([...props.path, key])} onClick={() => props.context.set([...props.path, key], undefined)}>
            Remove {key}
          </button>
          <Problems paths={[formatPath([...props.path, key])]} context={props.context} id={fieldId([...props.path, key])} />
        </div>
      ))}
      {props.context.derived?.(props.path, props.value)}
    </fieldset>
  );
}

/** A result's form (dichotomous, continuous, ...): the branch of the schema it selects. */
function UnionField(props: FieldProps & { readonly branches: readonly JsonSchema[]; readonly discriminator: string }) {
  const value = isObject(props.value) ? props.value : {};
  const current = value[props.discriminator];
  const branch = props.branches.find((b) => b.properties?.[props.discriminator]?.const === current) ?? props.branches[0]!;
  const names = props.branches.map((b) => String(b.properties?.[props.discriminator]?.const));
  const discriminatorPath = [...props.path, props.discriminator];
  const change = (name: string) => {
    const next = props.branches.find((b) => b.properties?.[props.discriminator]?.const === name);
    if (next === undefined) return;
    const fresh = template(next, props.context.templateContext(props.path)) as Record<string, Value>;
    const kept = Object.fromEntries(Object.entries(value).filter(([key]) => key !== props.discriminator && next.properties?.[key] !== undefined));
    props.context.set(props.path, { ...fresh, ...kept, [props.discriminator]: name });
  };
  const id = fieldId(discriminatorPath);
  const invalid = hasError(props.context, [formatPath(discriminatorPath)]);
  const control = controlOf(branch);
  return (
    <div class="union">
      <Labelled id={id} label={`${props.label}: ${labelOf(props.discriminator)}`} required hint={undefined} problems={<Problems paths={[formatPath(discriminatorPath)]} context={props.context} id={id} />}>
        <select id={id} data-path={formatPath(discriminatorPath)} aria-invalid={invalid ? "true" : undefined} aria-describedby={describedBy(id, undefined, invalid)} value={String(current)} onChange={(e) => change((e.target as HTMLSelectElement).value)}>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </Labelled>
      {control.kind === "object" && <ObjectField {...props} schema={branch} properties={control.properties} requiredKeys={control.required} skip={[props.discriminator]} />}
    </div>
  );
}

function singular(label: string): string {
  if (label.endsWith("ies")) return `${label.slice(0, -3)}y`;
  return label.endsWith("s") ? label.slice(0, -1) : label;
}

function ListField(props: FieldProps & { readonly items: JsonSchema }) {
  const items = Array.isArray(props.value) ? props.value : [];
  const noun = singular(props.label);
  const id = fieldId(props.path);
  const add = () => props.context.set([...props.path, items.length], template(props.items, props.context.templateContext([...props.path, items.length])));
  return (
    <fieldset class="group list" id={id} data-group={formatPath(props.path)}>
      <legend>
        {props.label}
        {props.required ? "" : <span class="optional"> (optional)</span>}
      </legend>
      <Problems paths={[formatPath(props.path)]} context={props.context} id={id} />
      {items.map((item, i) => (
        <div class="item" key={i}>
          <Field schema={props.items} path={[...props.path, i]} value={item} label={`${noun} ${i + 1}`} required context={props.context} inherited={props.inherited} />
          <button type="button" class="secondary" onClick={() => props.context.set([...props.path, i], undefined)}>
            Remove {noun.toLowerCase()} {i + 1}
            <span class="visually-hidden"> of {formatPath(props.path)}</span>
          </button>
        </div>
      ))}
      <button type="button" class="secondary" onClick={add}>
        Add {noun.toLowerCase()}
        <span class="visually-hidden"> to {formatPath(props.path)}</span>
      </button>
    </fieldset>
  );
}

/** A mapping of names to values (a study's characteristics). */
function RecordField(props: FieldProps & { readonly values: JsonSchema }) {
  const value = isObject(props.value) ? props.value : {};
  const [name, setName] = useState("");
  const id = fieldId(props.path);
  return (
    <fieldset class="group" id={id} data-group={formatPath(props.path)}>
      <legend>
        {props.label}
        {props.required ? "" : <span class="optional"> (optional)</span>}
      </legend>
      {props.schema.description !== undefined && <p class="hint">{props.schema.description}</p>}
      <Problems paths={[formatPath(props.path)]} context={props.context} id={id} />
      {Object.entries(value).map(([key, item]) => (
        <Field key={key} schema={props.values} path={[...props.path, key]} value={item} label={key} required context={props.context} inherited={props.inherited} />
      ))}
      <div class="field inline">
        <label for={`${id}-new`}>New {singular(props.label).toLowerCase()} name</label>
        <input id={`${id}-new`} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <button
          type="button"
          class="secondary"
          disabled={name.trim() === "" || Object.hasOwn(value, name.trim())}
          onClick={() => {
            props.context.set([...props.path, name.trim()], "");
            setName("");
          }}
        >
          Add {singular(props.label).toLowerCase()}
        </button>
      </div>
    </fieldset>
  );
}

function ChoiceField(props: FieldProps & { readonly options: readonly string[]; readonly boolean?: boolean }) {
  const id = fieldId(props.path);
  const path = formatPath(props.path);
  const invalid = hasError(props.context, [path]);
  const shown = props.value === undefined ? "" : String(props.value);
  const choose = (text: string) => props.context.set(props.path, text === "" ? undefined : props.boolean === true ? text === "true" : text);
  return (
    <Labelled id={id} label={props.label} required={props.required} hint={props.schema.description} problems={<Problems paths={[path]} context={props.context} id={id} />}>
      <select id={id} data-path={path} value={shown} aria-invalid={invalid ? "true" : undefined} aria-describedby={describedBy(id, props.schema.description, invalid)} onChange={(e) => choose((e.target as HTMLSelectElement).value)}>
        <option value="">{props.required ? "(choose)" : "(not given)"}</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {props.boolean === true ? (option === "true" ? "yes" : "no") : option}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** Text: empty removes an optional field; a required one stays as empty text, which the checks name. */
function TextField(props: FieldProps & { readonly numberOrText?: boolean; readonly placeholder?: string }) {
  const id = fieldId(props.path);
  const path = formatPath(props.path);
  const invalid = hasError(props.context, [path]);
  const key = props.path[props.path.length - 1];
  const text = props.value === undefined ? "" : typeof props.value === "string" ? props.value : String(props.value);
  const long = (typeof key === "string" && LONG_TEXTS.has(key)) || text.length > 70 || text.includes("\n");
  const input = (typed: string) => {
    if (typed === "" && !props.required) return props.context.set(props.path, undefined);
    const number = props.numberOrText === true ? typedNumber(typed) : undefined;
    props.context.set(props.path, typeof number === "number" ? number : typed);
  };
  const common = {
    id,
    "data-path": path,
    value: text,
    placeholder: props.placeholder,
    "aria-invalid": invalid ? ("true" as const) : undefined,
    "aria-describedby": describedBy(id, props.schema.description, invalid),
    onInput: (e: Event) => input((e.target as HTMLInputElement).value),
  };
  return (
    <Labelled id={id} label={props.label} required={props.required} hint={props.schema.description} problems={<Problems paths={[path]} context={props.context} id={id} />}>
      {long ? <textarea rows={2} {...common} /> : <input type="text" {...common} />}
    </Labelled>
  );
}

/** A number input that keeps what is being typed ("1.", "-") while the stored value is its number. */
function NumberInput(props: { readonly id: string; readonly path: string; readonly value: Value; readonly invalid: boolean; readonly describedBy: string | undefined; readonly onValue: (value: Value) => void }) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const stored = props.value === undefined ? "" : String(props.value);
  const draftMatches = draft !== undefined && (typedNumber(draft) === props.value || (draft.trim() === "" && props.value === undefined));
  return (
    <input
      type="text"
      inputMode="decimal"
      id={props.id}
      data-path={props.path}
      value={draftMatches ? draft : stored}
      aria-invalid={props.invalid ? "true" : undefined}
      aria-describedby={props.describedBy}
      onInput={(e) => {
        const typed = (e.target as HTMLInputElement).value;
        setDraft(typed);
        props.onValue(typedNumber(typed));
      }}
    />
  );
}

function NumberField(props: FieldProps) {
  const id = fieldId(props.path);
  const path = formatPath(props.path);
  const invalid = hasError(props.context, [path]);
  return (
    <Labelled id={id} label={props.label} required={props.required} hint={props.schema.description} problems={<Problems paths={[path]} context={props.context} id={id} />}>
      <NumberInput id={id} path={path} value={props.value} invalid={invalid} describedBy={describedBy(id, props.schema.description, invalid)} onValue={(v) => props.context.set(props.path, v)} />
    </Labelled>
  );
}

/** A list of short texts (authors, registrations): one per line. */
function TextListField(props: FieldProps) {
  const id = fieldId(props.path);
  const path = formatPath(props.path);
  const items = Array.isArray(props.value) ? props.value.map(String) : typeof props.value === "string" ? [props.value] : [];
  const itemPaths = items.map((_, i) => formatPath([...props.path, i]));
  const invalid = hasError(props.context, [path, ...itemPaths]);
  const hint = `${props.schema.description ?? ""} One per line.`.trim();
  return (
    <Labelled id={id} label={props.label} required={props.required} hint={hint} problems={<Problems paths={[path, ...itemPaths]} context={props.context} id={id} />}>
      <textarea
        id={id}
        data-path={path}
        rows={Math.min(6, Math.max(2, items.length))}
        value={items.join("\n")}
        aria-invalid={invalid ? "true" : undefined}
        aria-describedby={describedBy(id, hint, invalid)}
        onInput={(e) => {
          const lines = (e.target as HTMLTextAreaElement).value.split("\n");
          props.context.set(props.path, lines.length === 1 && lines[0] === "" && !props.required ? undefined : lines);
        }}
      />
    </Labelled>
  );
}

type Answer = "absent" | "number" | "missing" | "not-retrieved";

const PROVENANCE_KEYS = ["source", "location", "quote"] as const;

/**
 * A reported number: its answer (a number, "missing, because …", "not retrieved", or not
 * entered when optional), the value or the reason, and its provenance (source, location,
 * quote, status, formula). A bare number takes its provenance from the record's, shown as
 * placeholders; giving it any provenance of its own makes it {value, ...}.
 */
function ReportedField(props: FieldProps & { readonly maybe: boolean; readonly integer: boolean }) {
  const path = formatPath(props.path);
  const id = fieldId(props.path);
  const raw = props.value;
  const object: Record<string, Value> = isObject(raw) ? raw : raw === undefined ? {} : { value: raw };
  const bare = raw !== undefined && !isObject(raw);
  const answer: Answer = raw === undefined ? "absent" : object["missing"] !== undefined ? (object["status"] === "not-retrieved" ? "not-retrieved" : "missing") : "number";
  const set = (next: Record<string, Value>) => {
    const keys = Object.keys(next).filter((k) => next[k] !== undefined);
    const clean = Object.fromEntries(keys.map((k) => [k, next[k]]));
    props.context.set(props.path, bare && keys.length === 1 && keys[0] === "value" ? clean["value"] : clean);
  };
  const choose = (to: Answer) => {
    if (to === "absent") return props.context.set(props.path, undefined);
    const { value: _value, missing: _missing, status, formula, ...provenance } = object;
    if (to === "number") return set({ value: _value, ...provenance, status: status === "not-retrieved" || status === "not-reported" ? undefined : status, formula });
    const reason = typeof _missing === "string" ? _missing : "";
    return set(to === "missing" ? { missing: reason, ...provenance } : { missing: reason, ...provenance, status: "not-retrieved" });
  };
  const valueInvalid = hasError(props.context, [path, `${path}.value`]);
  const inheritedText = (key: string) => (props.inherited[key] === undefined ? undefined : `record's: ${String(props.inherited[key])}`);
  const answerId = `${id}-answer`;
  const textField = (key: string, label: string, required: boolean, placeholder?: string) => (
    <TextField
      key={key}
      schema={props.schema.anyOf?.find((b) => b.type === "object")?.properties?.[key] ?? { type: "string" }}
      path={[...props.path, key]}
      value={object[key]}
      label={label}
      required={required}
      context={{ ...props.context, set: (_p, v) => set({ ...object, [key]: v }) }}
      inherited={props.inherited}
      {...(placeholder === undefined ? {} : { placeholder })}
    />
  );
  return (
    <fieldset class="group number" id={id} data-group={path}>
      <legend>
        {props.label}
        {props.required ? "" : <span class="optional"> (optional)</span>}
      </legend>
      <div class="field">
        <label for={answerId}>Answer</label>
        <select id={answerId} value={answer} onChange={(e) => choose((e.target as HTMLSelectElement).value as Answer)}>
          {!props.required && <option value="absent">(not entered)</option>}
          <option value="number">{props.integer ? "a count" : "a number"}</option>
          {props.maybe && <option value="missing">missing, because …</option>}
          {props.maybe && <option value="not-retrieved">not retrieved</option>}
        </select>
      </div>
      {answer === "number" && (
        <Labelled id={id + "-value"} label="Value" required hint={undefined} problems={<Problems paths={[path, `${path}.value`]} context={props.context} id={id + "-value"} />}>
          <NumberInput id={id + "-value"} path={path} value={object["value"]} invalid={valueInvalid} describedBy={valueInvalid ? `${id}-value-problems` : undefined} onValue={(v) => set({ ...object, value: v })} />
        </Labelled>
      )}
      {answer !== "number" && answer !== "absent" && textField("missing", answer === "not-retrieved" ? "Not retrieved, because" : "Missing, because", true)}
      {answer !== "absent" && (
        <div class="provenance">
          {PROVENANCE_KEYS.map((key) => textField(key, labelOf(key), false, bare || object[key] === undefined ? inheritedText(key) : undefined))}
          {answer === "number" && (
            <StatusField path={[...props.path, "status"]} value={object["status"]} inherited={props.inherited["status"]} context={props.context} onChoose={(status) => set({ ...object, status })} />
          )}
          {answer === "number" && (object["status"] === "computed" || object["formula"] !== undefined || (object["status"] === undefined && props.inherited["status"] === "computed")) && textField("formula", "Formula", true)}
        </div>
      )}
      {answer === "absent" && <Problems paths={[path]} context={props.context} id={id} />}
    </fieldset>
  );
}

function StatusField(props: { readonly path: readonly PathSegment[]; readonly value: Value; readonly inherited: unknown; readonly context: FormContext; readonly onChoose: (status: string | undefined) => void }) {
  const id = fieldId(props.path);
  const path = formatPath(props.path);
  const invalid = hasError(props.context, [path]);
  return (
    <Labelled id={id} label="Status" required={false} hint={undefined} problems={<Problems paths={[path]} context={props.context} id={id} />}>
      <select id={id} data-path={path} value={props.value === undefined ? "" : String(props.value)} aria-invalid={invalid ? "true" : undefined} aria-describedby={invalid ? `${id}-problems` : undefined} onChange={(e) => props.onChoose((e.target as HTMLSelectElement).value || undefined)}>
        <option value="">{props.inherited === undefined ? "(not given)" : `(record's: ${String(props.inherited)})`}</option>
        <option value="verified">verified: seen in the source</option>
        <option value="unverified">unverified: plausible, not seen</option>
        <option value="computed">computed: derived (give the formula)</option>
      </select>
    </Labelled>
  );
}

/**
 * "Analyse a CSV": load or paste a CSV with metafor's column names, choose measure, model,
 * test, level and an optional subgroup column, press "Pool"; after that every option
 * change pools again at once. The pooled estimate, the downloads (pool's JSON and CSV, the
 * metafor script) and the forest plot come from the one pooled result; the funnel plot,
 * the small-study tests and leave-one-out are computed just after it is shown.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Measure } from "@metakit/effect-size";
import { heterogeneityText, overallEffectText, subgroupDifferencesText } from "@metakit/report/format";
import { funnelPlotSpec, validateFunnelPlotData, type FunnelPlotData } from "@metakit/report/figures-browser";
import type { TopLevelSpec } from "vega-lite";
import { forestData, forestFigure, subgroupForestData, type PooledJson, type SubgroupsJson } from "./forest.js";
import { browserTextMeasure, figurePng, figureSvg } from "./figure.js";
import { MadeDownload, TextDownload } from "./downloads.js";
import {
  MEASURES,
  perStudyCsv,
  poolRead,
  pooledText,
  POOLING_METHODS,
  problemsOf,
  readCsv,
  rScriptOf,
  TESTS,
  type Pooled,
  type PoolingMethod,
  type Problem,
  type QuickOptions,
  type Test,
} from "./pool.js";
import { effectsOf, robustnessOf, type Attempt, type FunnelOptions, type Robustness } from "./robustness.js";

const DEFAULTS: QuickOptions = { measure: "RR", method: "REML", test: "z", level: "95", by: "" };

export function AnalyseCsv() {
  const [csv, setCsv] = useState({ text: "", name: "pasted.csv" });
  const [options, setOptions] = useState<QuickOptions>(DEFAULTS);
  const [funnel, setFunnel] = useState<FunnelOptions>({ contours: false, trimfill: false });
  const [pooled, setPooled] = useState(false);
  const set = <K extends keyof QuickOptions>(key: K) => (value: QuickOptions[K]) => setOptions((o) => ({ ...o, [key]: value }));
  // The text is read once per edit; an option change pools the table already read.
  const read = useMemo(() => (csv.text.trim() === "" ? undefined : readCsv(csv.text, csv.name)), [csv]);
  const columns = read?.ok ? read.table.columns : [];
  const outcome = useMemo(() => (pooled && read !== undefined ? poolRead(read, options) : undefined), [pooled, read, options]);

  const onFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) setCsv({ text: await file.text(), name: file.name });
    input.value = ""; // choosing the same file again (edited on disk) loads it again
  };

  return (
    <main>
      <p>
        <a href="#/">metakit</a>
      </p>
      <h1>Analyse a CSV</h1>
      <p>
        One row per study, columns named as metafor's arguments (ai, bi, ci, di, n1i, n2i, m1i, sd1i, …) and an optional
        <code> study</code> label column. Nothing leaves this page: it computes in your browser.
      </p>
      <form
        class="options"
        onSubmit={(event) => {
          event.preventDefault();
          setPooled(true);
        }}
      >
        <label>
          Study data (CSV)
          <input type="file" accept=".csv,text/csv" onChange={onFile} />
        </label>
        <p aria-live="polite">{csv.name !== "pasted.csv" && `${csv.name} loaded; edit it below or choose another file.`}</p>
        <label class="wide">
          Or paste the CSV
          <textarea value={csv.text} onInput={(e) => setCsv({ text: e.currentTarget.value, name: "pasted.csv" })} spellcheck={false} />
        </label>
        <Choice label="Effect measure" value={options.measure} values={MEASURES} onChange={(v) => set("measure")(v as Measure)} />
        <Choice label="Model" value={options.method} values={POOLING_METHODS} onChange={(v) => set("method")(v as PoolingMethod)} />
        <Choice label="Test" value={options.test} values={TESTS} onChange={(v) => set("test")(v as Test)} />
        <label>
          Confidence level (%)
          <input type="text" inputMode="decimal" value={options.level} onInput={(e) => set("level")(e.currentTarget.value)} />
        </label>
        <Choice label="Subgroup column" value={options.by} values={["", ...columns]} names={{ "": "(none)" }} onChange={set("by")} />
        <fieldset>
          <legend>Funnel plot</legend>
          <label class="check">
            <input type="checkbox" checked={funnel.contours} onChange={(e) => setFunnel((f) => ({ ...f, contours: e.currentTarget.checked }))} />
            Significance contours
          </label>
          <label class="check">
            <input type="checkbox" checked={funnel.trimfill} onChange={(e) => setFunnel((f) => ({ ...f, trimfill: e.currentTarget.checked }))} />
            Trim and fill
          </label>
        </fieldset>
        <div>
          <button type="submit">Pool</button>
        </div>
      </form>
      {outcome && !outcome.ok && <Problems problems={outcome.problems} />}
      {outcome?.ok && <Results pooled={outcome} funnel={funnel} />}
    </main>
  );
}

function Choice(props: { label: string; value: string; values: readonly string[]; names?: Record<string, string>; onChange: (value: string) => void }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {props.names?.[v] ?? v}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The problems as `metakit validate` and the CLI list them: FILE:ROW:COLUMN: message, one a line. */
function Problems(props: { problems: readonly Problem[] }) {
  return (
    <div role="alert" class="problems">
      <ul>
        {props.problems.map((p, i) => (
          <li key={i}>
            {p.row === undefined ? (
              p.text
            ) : (
              <>
                <code>{`${p.file}:${p.row}${p.column === undefined ? "" : `:${p.column}`}`}</code>: {p.message}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? "–" : x.toFixed(digits));
const pFmt = (p: number | null | undefined) => (p === null || p === undefined ? "–" : p < 0.0001 ? "< 0.0001" : p.toFixed(4));
const withBack = (x: number | null | undefined, back: number | null | undefined) => (back === null || back === undefined ? fmt(x) : `${fmt(x)} [${fmt(back, 3)}]`);

/** The version of metakit the app was built from (the CLI's), for the R script's header. */
const VERSION = __METAKIT_VERSION__;

type PooledModel = PooledJson & { readonly group: string };

function Results(props: { pooled: Pooled; funnel: FunnelOptions }) {
  const { pooled } = props;
  const result = useMemo(() => JSON.parse(pooled.json) as PooledJson & { subgroups?: PooledModel[]; subgroupDifferences?: SubgroupsJson["subgroupDifferences"] }, [pooled.json]);
  const models: PooledModel[] = result.subgroups ?? [{ ...result, group: "" }];
  const measure = pooled.options.measure;
  const forest = useMemo(
    () => () => forestFigure(result.subgroups ? subgroupForestData(pooled.table, measure, result as unknown as SubgroupsJson) : forestData(pooled.table, measure, result)),
    [pooled, result, measure],
  );
  const downloads = useDeferred(() => ({ csv: perStudyCsv(pooled), r: attemptR(() => rScriptOf(pooled, VERSION)), text: pooledText(pooled) }), pooled);
  const fileBase = pooled.table.file.replace(/\.csv$/i, "");
  return (
    <>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">Pooled estimate</h2>
        <table>
          <caption>
            {result.k} studies, {result.method}, {result.test} test, {result.level}% confidence intervals (analysis scale; back-transformed in brackets)
          </caption>
          <thead>
            <tr>
              {result.subgroups && <th scope="col">Subgroup</th>}
              <th scope="col">k</th>
              <th scope="col">Estimate</th>
              <th scope="col">CI lower</th>
              <th scope="col">CI upper</th>
              <th scope="col">p</th>
              <th scope="col">τ²</th>
              <th scope="col">I² (%)</th>
              <th scope="col">Q (df)</th>
              <th scope="col">p (Q)</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.group}>
                {result.subgroups && <th scope="row">{m.group}</th>}
                <td class="number">{m.k}</td>
                <td class="number">{withBack(m.estimate, m.backTransformed?.estimate)}</td>
                <td class="number">{withBack(m.ciLower, m.backTransformed?.ciLower)}</td>
                <td class="number">{withBack(m.ciUpper, m.backTransformed?.ciUpper)}</td>
                <td class="number">{pFmt(m.pval)}</td>
                <td class="number">{fmt(m.tau2)}</td>
                <td class="number">{fmt(m.I2, 2)}</td>
                <td class="number">
                  {fmt(m.QE, 2)} ({m.QEdf})
                </td>
                <td class="number">{pFmt(m.QEp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul class="wording">
          {models.map((m) => (
            <li key={m.group}>
              {result.subgroups && <strong>{m.group}: </strong>}
              {m.QEdf < 1 ? "Heterogeneity: not applicable (one study)" : heterogeneityText({ ...(isRandom(m.method) && { tau2: m.tau2 }), QE: m.QE, df: m.QEdf, QEp: m.QEp, I2: m.I2 })}.{" "}
              {overallEffectText(m.df === undefined ? { statistic: "z", value: m.statistic, pval: m.pval } : { statistic: "t", value: m.statistic, df: m.df, pval: m.pval })}.
            </li>
          ))}
          {result.subgroupDifferences && (
            <li>
              {subgroupDifferencesText({ QM: result.subgroupDifferences.QB, df: result.subgroupDifferences.df, QMp: result.subgroupDifferences.pval, I2: result.subgroupDifferences.I2 })}.
            </li>
          )}
        </ul>
        <h3>Downloads</h3>
        <ul class="downloads" aria-busy={downloads === undefined}>
          <li>
            <TextDownload text={pooled.json} file={`${fileBase}-pool.json`} type="application/json">
              Download results (JSON)
            </TextDownload>{" "}
            (as <code>metakit pool --format json</code>)
          </li>
          {downloads !== undefined && (
            <>
              <li>
                <TextDownload text={downloads.csv} file={`${fileBase}-studies.csv`} type="text/csv">
                  Download per-study table (CSV)
                </TextDownload>{" "}
                (as <code>metakit pool --format csv</code>)
              </li>
              <li>
                {downloads.r.ok ? (
                  <>
                    <TextDownload text={downloads.r.value} file={`${fileBase}-pool.R`} type="text/plain">
                      Download R script (metafor)
                    </TextDownload>{" "}
                    (as <code>metakit pool --emit-r</code>)
                  </>
                ) : (
                  <>No R script: {downloads.r.reason}</>
                )}
              </li>
            </>
          )}
        </ul>
        {downloads !== undefined && (
          <details>
            <summary>As metakit pool prints it</summary>
            <pre>{downloads.text}</pre>
          </details>
        )}
      </section>
      <section aria-labelledby="forest-heading">
        <h2 id="forest-heading">Forest plot</h2>
        <Figure make={forest} label={`Forest plot of ${result.k} studies${result.subgroups ? ` in ${result.subgroups.length} subgroups` : ""}`} name="forest plot" file={`${fileBase}-forest`} />
      </section>
      <RobustnessSections pooled={pooled} funnel={props.funnel} fileBase={fileBase} />
    </>
  );
}

/**
 * A value computed just after the page shows what changed (a timer after the render), for
 * the outputs that can wait: `undefined` until then, and again for a new `key`.
 */
function useDeferred<T>(compute: () => T, key: unknown): T | undefined {
  const [state, setState] = useState<{ key: unknown; value: T } | undefined>(undefined);
  useEffect(() => {
    const timer = setTimeout(() => setState({ key, value: compute() }), 0);
    return () => clearTimeout(timer);
  }, [key]);
  return state !== undefined && state.key === key ? state.value : undefined;
}

const isRandom = (method: string) => method !== "EE" && method !== "FE" && method !== "MH" && method !== "PETO";

function attemptR(make: () => string): Attempt<string> {
  try {
    return { ok: true, value: make() };
  } catch (error) {
    return { ok: false, reason: problemsOf(error).map((p) => p.text).join("; ") };
  }
}

/**
 * A figure drawn as SVG in a container with role img, with its SVG and PNG downloads. Its
 * spec is made (the report's layout) and drawn after the render, so the numbers above it
 * show first; the last drawing stays until the new one is ready.
 */
function Figure(props: { make: () => TopLevelSpec; label: string; name: string; file: string }) {
  const [drawn, setDrawn] = useState<{ svg?: string; spec?: TopLevelSpec; error?: string; count: number }>({ count: 0 });
  const { make } = props;
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      let spec: TopLevelSpec;
      try {
        spec = make();
      } catch (error) {
        setDrawn((d) => ({ error: error instanceof Error ? error.message : String(error), count: d.count + 1 }));
        return;
      }
      figureSvg(spec).then(
        (svg) => current && setDrawn((d) => ({ svg, spec, count: d.count + 1 })),
        (error: unknown) => current && setDrawn((d) => ({ error: error instanceof Error ? error.message : String(error), count: d.count + 1 })),
      );
    }, 0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [make]);
  if (drawn.error) return <p role="alert">The {props.name} could not be drawn: {drawn.error}</p>;
  const { spec } = drawn;
  return (
    <figure>
      <div class="figure" role="img" aria-label={props.label} data-drawn={drawn.count} dangerouslySetInnerHTML={{ __html: drawn.svg ?? "" }} />
      {drawn.svg !== undefined && spec !== undefined && (
        <figcaption class="downloads">
          <TextDownload text={drawn.svg} file={`${props.file}.svg`} type="image/svg+xml">{`Download ${props.name} (SVG)`}</TextDownload>{" "}
          <MadeDownload make={() => figurePng(spec)} file={`${props.file}.png`}>{`Download ${props.name} (PNG)`}</MadeDownload>
        </figcaption>
      )}
    </figure>
  );
}

/** The funnel plot, small-study tests and leave-one-out: computed after the pooled estimate is shown. */
function RobustnessSections(props: { pooled: Pooled; funnel: FunnelOptions; fileBase: string }) {
  const [computed, setComputed] = useState<{ for: Pooled; funnel: FunnelOptions; value: Attempt<Robustness> } | undefined>(undefined);
  useEffect(() => {
    const timer = setTimeout(() => {
      let value: Attempt<Robustness>;
      try {
        value = { ok: true, value: robustnessOf(props.pooled.options, effectsOf(props.pooled.options, props.pooled.table), props.funnel) };
      } catch (error) {
        value = { ok: false, reason: problemsOf(error).map((p) => p.text).join("; ") };
      }
      setComputed({ for: props.pooled, funnel: props.funnel, value });
    }, 0);
    return () => clearTimeout(timer);
  }, [props.pooled, props.funnel]);
  // While they are recomputed after an option change, the last ones stay on screen, marked as busy.
  const fresh = computed?.for === props.pooled && computed.funnel === props.funnel;
  const status = <p aria-live="polite">{fresh ? "" : "Computing the funnel plot, the small-study tests and leave-one-out…"}</p>;
  if (computed === undefined) return status;
  const current = computed.value;
  if (!current.ok) return <p role="alert">The funnel plot, small-study tests and leave-one-out could not be computed: {current.reason}</p>;
  const r = current.value;
  const fit = `${r.model.method}, ${r.model.test} test, ${r.model.level}% CI`;
  return (
    <div data-robustness={fresh ? "current" : "stale"} aria-busy={!fresh}>
      {status}
      {r.model.note !== undefined && <p class="note">{r.model.note}</p>}
      {props.pooled.options.by !== undefined && <p class="note">The funnel plot, the small-study tests and leave-one-out take all {r.data.yi.length} studies together, not per subgroup.</p>}
      <section aria-labelledby="funnel-heading">
        <h2 id="funnel-heading">Funnel plot</h2>
        {r.funnel.ok ? (
          <FunnelFigure data={r.funnel.value} file={`${props.fileBase}-funnel`} />
        ) : (
          <p role="alert">No funnel plot: {r.funnel.reason}</p>
        )}
      </section>
      <section aria-labelledby="bias-heading">
        <h2 id="bias-heading">Small-study effects</h2>
        <table>
          <caption>Tests for funnel-plot asymmetry, as metakit bias computes them ({fit})</caption>
          <thead>
            <tr>
              <th scope="col">Test</th>
              <th scope="col">Statistic</th>
              <th scope="col">p</th>
              <th scope="col">Estimate</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Egger's regression test (rma model, predictor sei)</th>
              {r.egger.ok ? (
                <>
                  <td class="number">
                    {r.egger.value.df === undefined ? "z" : `t(${r.egger.value.df})`} = {fmt(r.egger.value.statistic)}
                  </td>
                  <td class="number">{pFmt(r.egger.value.pval)}</td>
                  <td class="number">{r.egger.value.limitEstimate === undefined ? "–" : `limit ${withBack(r.egger.value.limitEstimate, r.display.transformed ? r.display.show(r.egger.value.limitEstimate) : undefined)}`}</td>
                </>
              ) : (
                <td colSpan={3}>not computed: {r.egger.reason}</td>
              )}
            </tr>
            <tr>
              <th scope="row">Begg and Mazumdar's rank correlation</th>
              {r.begg.ok ? (
                <>
                  <td class="number">Kendall's τ = {fmt(r.begg.value.tau)}</td>
                  <td class="number">
                    {pFmt(r.begg.value.pval)}
                    {r.begg.value.exact ? " (exact)" : ""}
                  </td>
                  <td class="number">–</td>
                </>
              ) : (
                <td colSpan={3}>not computed: {r.begg.reason}</td>
              )}
            </tr>
          </tbody>
        </table>
      </section>
      <section aria-labelledby="loo-heading">
        <h2 id="loo-heading">Leave-one-out</h2>
        {r.leaveOneOut.ok ? <LeaveOneOutTable result={r.leaveOneOut.value} show={r.display.transformed ? r.display.show : undefined} fit={fit} /> : <p role="alert">No leave-one-out: {r.leaveOneOut.reason}</p>}
      </section>
    </div>
  );
}

function FunnelFigure(props: { data: FunnelPlotData; file: string }) {
  const figure = useMemo(
    () => () => {
      validateFunnelPlotData(props.data);
      return funnelPlotSpec(props.data, browserTextMeasure);
    },
    [props.data],
  );
  const filled = props.data.filled?.length ?? 0;
  // The trim-and-fill note is drawn under the figure, and said in the figure's name.
  return (
    <Figure
      make={figure}
      label={`Funnel plot of ${props.data.studies.length} studies${props.data.contours ? ", with significance contours" : ""}${props.data.filled ? `, ${filled} filled by trim and fill${props.data.notes?.[0] ? `: ${props.data.notes[0]}` : ""}` : ""}`}
      name="funnel plot"
      file={props.file}
    />
  );
}

function LeaveOneOutTable(props: { result: import("@metakit/core").LeaveOneOutResult; show: ((x: number) => number) | undefined; fit: string }) {
  const r = props.result;
  const back = (x: number | null | undefined) => (x === null || x === undefined || props.show === undefined ? undefined : props.show(x));
  return (
    <>
      <table>
        <caption>The model refitted without each study in turn, as metakit sensitivity --leave-one-out ({props.fit}; analysis scale, back-transformed in brackets)</caption>
        <thead>
          <tr>
            <th scope="col">Study left out</th>
            <th scope="col">Estimate</th>
            <th scope="col">CI lower</th>
            <th scope="col">CI upper</th>
            <th scope="col">p</th>
            <th scope="col">τ²</th>
            <th scope="col">I² (%)</th>
            <th scope="col">Q</th>
          </tr>
        </thead>
        <tbody>
          {r.labels.map((label, i) => (
            <tr key={i}>
              <th scope="row">{label}</th>
              <td class="number">{withBack(r.estimate[i], back(r.estimate[i]))}</td>
              <td class="number">{withBack(r.ciLower[i], back(r.ciLower[i]))}</td>
              <td class="number">{withBack(r.ciUpper[i], back(r.ciUpper[i]))}</td>
              <td class="number">{pFmt(r.pval[i])}</td>
              <td class="number">{fmt(r.tau2[i])}</td>
              <td class="number">{fmt(r.I2[i], 2)}</td>
              <td class="number">{fmt(r.QE[i], 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.notes.map((note) => (
        <p key={note} class="note">
          {note}
        </p>
      ))}
    </>
  );
}

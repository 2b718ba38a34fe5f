/**
 * "Analyse a CSV": load or paste a CSV with metafor's column names, choose measure, model,
 * test, level and an optional subgroup column, press "Pool"; after that every option
 * change pools again at once. Results, forest plot and the JSON download all come from the
 * one pooled result.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Measure } from "@metakit/effect-size";
import { forestData, forestSvg, subgroupForestData, type PooledJson, type SubgroupsJson } from "./forest.js";
import { MEASURES, POOLING_METHODS, poolCsv, readTable, TESTS, type PoolingMethod, type QuickOptions, type Test } from "./pool.js";

const DEFAULTS: QuickOptions = { measure: "RR", method: "REML", test: "z", level: "95", by: "" };

export function AnalyseCsv() {
  const [csv, setCsv] = useState({ text: "", name: "pasted.csv" });
  const [options, setOptions] = useState<QuickOptions>(DEFAULTS);
  const [pooled, setPooled] = useState(false);
  const set = <K extends keyof QuickOptions>(key: K) => (value: QuickOptions[K]) => setOptions((o) => ({ ...o, [key]: value }));
  const columns = useMemo(() => {
    try {
      return csv.text.trim() === "" ? [] : readTable(csv.text, csv.name).columns;
    } catch {
      return [];
    }
  }, [csv]);
  const outcome = useMemo(() => (pooled && csv.text.trim() !== "" ? poolCsv(csv.text, csv.name, options) : undefined), [pooled, csv, options]);

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
        <label style={{ gridColumn: "1 / -1" }}>
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
        <div>
          <button type="submit">Pool</button>
        </div>
      </form>
      {outcome && !outcome.ok && (
        <div role="alert">
          <ul class="problems">
            {outcome.problems.map((p, i) => (
              <li key={i}>{p.text}</li>
            ))}
          </ul>
        </div>
      )}
      {outcome?.ok && <Results json={outcome.json} table={outcome.table} measure={outcome.options.measure} />}
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

const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? "–" : x.toFixed(digits));
const pFmt = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

function Results(props: { json: string; table: Parameters<typeof forestData>[0]; measure: Measure }) {
  const result = useMemo(() => JSON.parse(props.json) as PooledJson & { subgroups?: (PooledJson & { group: string })[] }, [props.json]);
  const href = useMemo(() => URL.createObjectURL(new Blob([props.json], { type: "application/json" })), [props.json]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  const models = result.subgroups ?? [{ ...result, group: "" }];
  return (
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
      <p>
        <a href={href} download="pool.json">
          Download results (JSON)
        </a>
      </p>
      <ForestPlot
        data={() => (result.subgroups ? subgroupForestData(props.table, props.measure, result as unknown as SubgroupsJson) : forestData(props.table, props.measure, result))}
        label={`Forest plot of ${result.k} studies${result.subgroups ? ` in ${result.subgroups.length} subgroups` : ""}`}
      />
    </section>
  );
}

const withBack = (x: number, back: number | null | undefined) => (back === null || back === undefined ? fmt(x) : `${fmt(x)} [${fmt(back, 3)}]`);

function ForestPlot(props: { data: () => Parameters<typeof forestSvg>[0]; label: string }) {
  const [drawn, setDrawn] = useState<{ svg?: string; error?: string }>({});
  useEffect(() => {
    let current = true;
    Promise.resolve()
      .then(() => forestSvg(props.data()))
      .then(
        (svg) => current && setDrawn({ svg }),
        (error: unknown) => current && setDrawn({ error: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      current = false;
    };
  }, [props.data]);
  if (drawn.error) return <p role="alert">The forest plot could not be drawn: {drawn.error}</p>;
  return <div class="forest" role="img" aria-label={props.label} dangerouslySetInnerHTML={{ __html: drawn.svg ?? "" }} />;
}

/**
 * Wall-clock timing of a function: warm-up runs, then the median (and 90th percentile)
 * of repeated runs. simple-statistics supplies median and quantile of the timings (plain
 * descriptive statistics of a small sample; no tail probabilities involved).
 */
import { performance } from "node:perf_hooks";
import { median, quantile } from "simple-statistics";

export interface Timing {
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly runs: number;
}

/** Runs f until `runs` timed repetitions or about `budgetMs` have passed (at least 3). */
export function time(f: () => unknown, runs: number, budgetMs = 3000): Timing {
  for (let i = 0; i < Math.min(3, runs); i++) f();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < runs && (samples.length < 3 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  return { medianMs: median(samples), p90Ms: quantile(samples, 0.9), runs: samples.length };
}

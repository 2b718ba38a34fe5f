/**
 * Long computations (GOSH, permutation tests) as steps: a generator that yields its
 * progress and returns its result. The library's own functions run the steps to the end
 * at once; a caller that must stay responsive (a command line that stops on Ctrl-C and
 * draws a progress bar) runs them itself and pauses between steps. Pure: no clock, no
 * timers; the caller decides when to pause.
 */

/** How far a long computation is: `done` of `total` units (subsets, permutations). */
export interface Progress {
  readonly done: number;
  readonly total: number;
}

/** A long computation: yields its progress now and then, returns its result. */
export type Steps<R> = Generator<Progress, R, void>;

/** Options of a long computation that reports its progress. */
export interface ProgressOptions {
  /** Called with the count done and the total, every `progressEvery` units and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Units between progress reports (and between the steps' pauses). Default 1000. */
  readonly progressEvery?: number;
}

/**
 * Runs the steps to the end, passing each progress report to `onProgress`.
 * @example runSteps(goshSteps(input, onFit), (done, total) => draw(done / total))
 */
export function runSteps<R>(steps: Steps<R>, onProgress?: (done: number, total: number) => void): R {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    onProgress?.(step.value.done, step.value.total);
  }
}

/** True when unit `n` of `total` ends a reporting interval of `every` units (or is the last). */
export function reportsProgress(n: number, total: number, every: number): boolean {
  return n % every === 0 || n === total;
}

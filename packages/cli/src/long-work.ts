/**
 * Long work on the command line (GOSH subsets, permutations): the computation runs as
 * @metakit/core's steps, with a pause for the event loop every few milliseconds so that
 * Ctrl-C is heard, and a progress bar with the time left on a terminal. Ctrl-C stops it
 * between two steps: the command writes nothing (stdout is held until success, figures
 * are written after the work) and exits 130 with one line.
 */
import type { Steps } from "@metakit/core";
import { Interrupted } from "./errors.js";
import type { Io } from "./io.js";

/** The longest stretch of work between two pauses for the event loop (signals, output). */
const SLICE_MS = 50;
/** The shortest time between two redraws of the progress bar. */
const REDRAW_MS = 100;

/**
 * Runs the steps to the end, pausing every SLICE_MS for the event loop, drawing progress
 * on a terminal, and stopping between two steps on Ctrl-C.
 * @throws Interrupted when the user pressed Ctrl-C (or the process got SIGINT).
 */
export async function runLongWork<R>(steps: Steps<R>, io: Io): Promise<R> {
  let interrupted = false;
  const stopListening = io.onInterrupt?.(() => {
    interrupted = true;
  });
  const bar = progressBar(io);
  try {
    let pausedAt = Date.now();
    for (;;) {
      if (interrupted) {
        steps.return(undefined as never);
        bar?.abandon();
        throw new Interrupted();
      }
      const step = steps.next();
      if (step.done === true) return step.value;
      bar?.draw(step.value.done, step.value.total);
      if (Date.now() - pausedAt >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        pausedAt = Date.now();
      }
    }
  } finally {
    stopListening?.();
  }
}

interface ProgressBar {
  readonly draw: (done: number, total: number) => void;
  /** Ends the bar's line when the work stops before the end. */
  readonly abandon: () => void;
}

/** A progress bar on stderr with the time left, only when that is the process's own terminal; redrawn at most every REDRAW_MS. */
function progressBar(io: Io): ProgressBar | undefined {
  if (io.stderrIsTerminal !== true) return undefined;
  const start = Date.now();
  let drawnAt = -Infinity;
  let open = false;
  return {
    draw: (done, total) => {
      const now = Date.now();
      if (done !== total && now - drawnAt < REDRAW_MS) return;
      drawnAt = now;
      const width = 30;
      const filled = Math.round((width * done) / total);
      const left = done > 0 ? ((now - start) / done) * (total - done) : undefined;
      const estimate = left === undefined || done === total ? "" : `, about ${duration(left)} left`;
      io.stderr(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}${estimate}${done === total ? "\n" : ""}`);
      open = done !== total;
    },
    abandon: () => {
      if (open) io.stderr("\n");
      open = false;
    },
  };
}

/** "42 s", "7 min", "3.5 h": a rough duration for a progress estimate. */
export function duration(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.ceil(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

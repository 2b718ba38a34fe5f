/** The display scale of the studies a command read (readEffects): their sizes for Freeman-Tukey, the transform of --transf. */
import { MEASURE_LABELS, type Measure } from "@metakit/effect-size";
import type { StudyEffects } from "../study-effects.js";
import { displayScale, type Transf } from "./transf.js";

export interface ShownEffects {
  readonly name: string;
  readonly scale: "log" | "identity";
  /** A pooled-scale value (an estimate, a limit, a filled study) on the display scale. */
  readonly show: (x: number) => number;
}

/** Sizes of the studies for the Freeman-Tukey back-transform: ni, or the person-time ti for IRFT. */
function sizes(data: StudyEffects, measure: Measure): number[] {
  return data.rows.flatMap((i) => {
    const s = data.table.studies[i]!;
    const n = measure === "IRFT" ? s.ti : s.ni;
    return n === null || n === undefined ? [] : [n];
  });
}

export function shownEffects(data: StudyEffects, measure: Measure, transf: Transf): ShownEffects {
  const display = displayScale(measure, transf);
  const ni = sizes(data, measure);
  return { name: MEASURE_LABELS[measure], scale: display.scale, show: (x) => display.pooled(x, ni) };
}

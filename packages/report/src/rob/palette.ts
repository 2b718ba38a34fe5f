/**
 * How a risk-of-bias judgement is drawn, in every figure (traffic-light plot, summary plot
 * and the forest plot's columns): a fill from robvis' colour-blind scheme (ColorBrewer
 * YlOrBr, light to dark as concern grows, so the order survives grey-scale printing and
 * red-green colour blindness), and robvis' symbol, so a judgement reads without colour.
 * "Unclear" (RoB 1) and "not applicable" keep their own symbols.
 * @reference McGuinness LA, Higgins JPT (2021) Risk-of-bias VISualization (robvis). Res Syn Meth 12:55-61
 */
import type { RobJudgement } from "./judgements.js";

export interface RobStyle {
  /** Fill of the circle or bar segment. */
  readonly fill: string;
  /** Symbol inside the circle ("" for none). */
  readonly symbol: string;
  /** Colour of the symbol: the one of black and white with more contrast on the fill. */
  readonly ink: string;
}

/** Outline of circles and bar segments, so the white "no information" fill shows. */
export const ROB_OUTLINE = "#4d4d4d";

export const ROB_STYLE: Readonly<Record<RobJudgement, RobStyle>> = {
  low: { fill: "#fed98e", symbol: "+", ink: "#000000" },
  "some concerns": { fill: "#fe9929", symbol: "−", ink: "#000000" },
  moderate: { fill: "#fe9929", symbol: "−", ink: "#000000" },
  unclear: { fill: "#fe9929", symbol: "?", ink: "#000000" },
  high: { fill: "#d95f0e", symbol: "X", ink: "#000000" },
  serious: { fill: "#d95f0e", symbol: "X", ink: "#000000" },
  critical: { fill: "#993404", symbol: "!", ink: "#ffffff" },
  "no information": { fill: "#ffffff", symbol: "?", ink: "#000000" },
  "not applicable": { fill: "#cccccc", symbol: "", ink: "#000000" },
};

/** "+ low, − some concerns, X high": the judgements given, in the order given. */
export function robSymbolLegend(judgements: readonly RobJudgement[]): string {
  return judgements.map((j) => (ROB_STYLE[j].symbol === "" ? j : `${ROB_STYLE[j].symbol} ${j}`)).join(", ");
}

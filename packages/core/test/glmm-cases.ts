/** The GLMM fixtures (fixtures/glmm/*.json, made by fixtures/scripts/glmm.R) for the glmm tests. */
import { readdirSync, readFileSync } from "node:fs";
import type { GlmmInput } from "../src/index.js";

export interface Summary {
  readonly estimate: number;
  readonly se: number;
  readonly zval: number;
  readonly pval: number;
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly tau2: number;
  readonly logLik: number;
}

export interface MetaforFit extends Omit<Summary, "logLik"> {
  readonly QEWald: number;
  readonly QEWaldP: number;
  readonly QELRT: number;
  readonly QELRTP: number;
  readonly QEdf: number;
  readonly I2: number;
  readonly H2: number;
  readonly k: number;
}

export interface GlmmCase {
  readonly id: string;
  readonly source: string;
  readonly measure: "OR" | "PLO" | "IRLN";
  readonly data: Record<string, number[]>;
  readonly maximum: Summary;
  readonly maxGradient: number;
  readonly glmerTight: MetaforFit;
  readonly metafor: MetaforFit;
  readonly equalEffects: MetaforFit;
  /** PLO and IRLN: rma.glmm(..., test = "t") with the tight optimiser. */
  readonly testT?: MetaforFit;
}

const dir = new URL("../../fixtures/glmm/", import.meta.url);
export const GLMM_CASES: readonly GlmmCase[] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as GlmmCase);

export function glmmInput(c: GlmmCase): GlmmInput {
  const d = c.data;
  if (c.measure === "OR") {
    const ai = d["ai"]!, ci = d["ci"]!;
    return { measure: "OR", ai, bi: d["n1i"]!.map((n, i) => n - ai[i]!), ci, di: d["n2i"]!.map((n, i) => n - ci[i]!) };
  }
  if (c.measure === "PLO") return { measure: "PLO", xi: d["xi"]!, ni: d["ni"]! };
  return { measure: "IRLN", xi: d["xi"]!, ti: d["ti"]! };
}


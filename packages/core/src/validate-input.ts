/**
 * Checks of the study-level input, once at the edge: every failure names the study
 * (label, or 0-based index), the field and the value.
 */
import { MetakitError } from "@metakit/base";

export interface StudyInput {
  readonly yi: ArrayLike<number>;
  readonly vi: ArrayLike<number>;
  readonly labels?: readonly string[];
}

export interface ValidatedStudies {
  readonly k: number;
  readonly yi: Float64Array;
  readonly vi: Float64Array;
  readonly labels: readonly string[] | undefined;
}

/** The study's label, or its 0-based index. */
export function studyName(labels: readonly string[] | undefined, i: number): string | number {
  return labels?.[i] ?? i;
}

/**
 * Copies yi and vi after checking: equal lengths, k >= 1, yi finite, vi finite and > 0.
 * Throws INVALID_INPUT, INSUFFICIENT_DATA (k = 0) or NON_POSITIVE_VARIANCE.
 */
export function validateStudies(input: StudyInput, fn = "metaAnalysis"): ValidatedStudies {
  const { yi, vi, labels } = input;
  const k = yi.length;
  if (vi.length !== k) {
    throw new MetakitError("INVALID_INPUT", `${fn}: yi has ${k} values but vi has ${vi.length}`, {
      field: "vi",
      value: vi.length,
    });
  }
  if (labels !== undefined && labels.length !== k) {
    throw new MetakitError("INVALID_INPUT", `${fn}: yi has ${k} values but labels has ${labels.length}`, {
      field: "labels",
      value: labels.length,
    });
  }
  if (k === 0) {
    throw new MetakitError("INSUFFICIENT_DATA", `${fn}: no studies`, { field: "yi", value: 0 });
  }
  for (let i = 0; i < k; i++) {
    const study = studyName(labels, i);
    if (!Number.isFinite(yi[i])) {
      throw new MetakitError("INVALID_INPUT", `${fn}: yi of study ${study} is not a finite number`, {
        study,
        field: "yi",
        value: yi[i],
      });
    }
    const v = vi[i]!;
    if (!Number.isFinite(v)) {
      throw new MetakitError("INVALID_INPUT", `${fn}: vi of study ${study} is not a finite number`, {
        study,
        field: "vi",
        value: v,
      });
    }
    if (!(v > 0)) {
      throw new MetakitError("NON_POSITIVE_VARIANCE", `${fn}: vi of study ${study} is not positive`, {
        study,
        field: "vi",
        value: v,
      });
    }
  }
  return { k, yi: copy(yi), vi: copy(vi), labels };
}

/** A private Float64Array copy (a typed-array copy is a memcpy; Float64Array.from iterates). */
function copy(x: ArrayLike<number>): Float64Array {
  return x instanceof Float64Array ? new Float64Array(x) : Float64Array.from(x);
}

/** GENQ weights: length k, finite, > 0. */
export function validateWeights(
  weights: ArrayLike<number>,
  k: number,
  labels: readonly string[] | undefined,
  fn = "metaAnalysis",
): Float64Array {
  if (weights.length !== k) {
    throw new MetakitError("INVALID_INPUT", `${fn}: yi has ${k} values but weights has ${weights.length}`, {
      field: "weights",
      value: weights.length,
    });
  }
  for (let i = 0; i < k; i++) {
    if (!(weights[i]! > 0 && Number.isFinite(weights[i]))) {
      const study = studyName(labels, i);
      throw new MetakitError("INVALID_INPUT", `${fn}: weight of study ${study} is not a positive number`, {
        study,
        field: "weights",
        value: weights[i],
      });
    }
  }
  return Float64Array.from(weights);
}

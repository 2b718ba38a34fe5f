/**
 * vcalc(): the within-study covariance of dependent effect sizes from their variances and
 * an assumed correlation, as metafor's vcalc(vi, cluster, type, rho) and
 * vcalc(vi, cluster, time1, phi) build it.
 */
import { invalidOption, MetakitError } from "@metakit/base";

/** One off-diagonal entry of a block-diagonal within-study covariance: rows i and j (0-based) of one study. */
export interface CovarianceEntry {
  readonly i: number;
  readonly j: number;
  readonly cov: number;
}

export interface VcalcOptions {
  /** Construct (outcome) of each effect size: rows of one study with different types correlate rho, with the same type 1. */
  readonly type?: readonly string[];
  /** The correlation between different types; required with `type`. */
  readonly rho?: number;
  /** Time point of each effect size: rows of one study correlate phi^|t_i - t_j| (times the type factor). */
  readonly time?: ArrayLike<number>;
  /** The autocorrelation for a unit of time; required with `time`. */
  readonly phi?: number;
}

/**
 * The covariances cov_ij = r_ij sqrt(vi_i vi_j) of rows in the same cluster, with
 * r_ij = (type_i = type_j ? 1 : rho) (phi^|time_i - time_j| where `time` is given): the
 * entries of metafor's vcalc() for the type/rho and time1/phi designs (obs, grp and w not
 * offered). Entries are listed with i > j, rows 0-based. O(sum n_c^2).
 * @reference metafor's vcalc() documentation (Viechtbauer, metafor 3.8-1)
 * @metafor vcalc(vi, cluster, type, rho); vcalc(vi, cluster, time1 = time, phi)
 * @example vcalc([0.1, 0.4], ["s1", "s1"], { type: ["PD", "AL"], rho: 0.5 })[0].cov // 0.1 (0.5 * sqrt(0.1 * 0.4))
 */
export function vcalc(vi: ArrayLike<number>, cluster: readonly string[], options: VcalcOptions): CovarianceEntry[] {
  const fn = "vcalc";
  const k = vi.length;
  if (cluster.length !== k) throw lengthError(fn, "cluster", k, cluster.length);
  const { type, time } = options;
  if (type === undefined && time === undefined) throw invalidOption(fn, "type", undefined, "a type (with rho) or a time (with phi) for each effect size");
  if (type !== undefined && type.length !== k) throw lengthError(fn, "type", k, type.length);
  if (time !== undefined && time.length !== k) throw lengthError(fn, "time", k, time.length);
  const rho = type === undefined ? 1 : readCorrelation(options.rho, "rho");
  const phi = time === undefined ? 1 : readCorrelation(options.phi, "phi");
  for (let i = 0; i < k; i++) {
    if (!(vi[i]! >= 0) || !Number.isFinite(vi[i]!)) throw new MetakitError("NON_POSITIVE_VARIANCE", `${fn}: vi of study ${i} must be a finite number >= 0`, { study: i, field: "vi", value: vi[i] });
    if (time !== undefined && !Number.isFinite(time[i]!)) throw new MetakitError("INVALID_INPUT", `${fn}: time of study ${i} is not a number`, { study: i, field: "time", value: time[i] });
  }
  const byCluster = new Map<string, number[]>();
  cluster.forEach((c, i) => {
    if (typeof c !== "string" || c === "") throw new MetakitError("INVALID_INPUT", `${fn}: cluster of study ${i} is missing`, { study: i, field: "cluster", value: c });
    const rows = byCluster.get(c);
    if (rows === undefined) byCluster.set(c, [i]);
    else rows.push(i);
  });
  const entries: CovarianceEntry[] = [];
  for (const rows of byCluster.values()) {
    for (let a = 1; a < rows.length; a++) {
      for (let b = 0; b < a; b++) {
        const i = rows[a]!;
        const j = rows[b]!;
        let r = type === undefined || type[i] === type[j] ? 1 : rho;
        if (time !== undefined) r *= phi ** Math.abs(time[i]! - time[j]!);
        const cov = r * Math.sqrt(vi[i]! * vi[j]!);
        if (cov !== 0) entries.push({ i, j, cov });
      }
    }
  }
  return entries;
}

function readCorrelation(value: number | undefined, name: string): number {
  if (typeof value !== "number" || !(Math.abs(value) <= 1)) throw invalidOption("vcalc", name, value, "a correlation in [-1, 1]");
  return value;
}

function lengthError(fn: string, field: string, k: number, n: number): MetakitError {
  return new MetakitError("INVALID_INPUT", `${fn}: vi has ${k} values but ${field} has ${n}`, { field, value: n });
}

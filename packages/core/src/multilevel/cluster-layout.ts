/**
 * The rows of a multilevel model grouped by outer cluster: the marginal covariance is
 * block diagonal by cluster, so every computation runs cluster by cluster over this layout.
 */
import { MetakitError } from "@metakit/base";

export interface ClusterLayout {
  readonly k: number;
  /** Number of outer clusters. */
  readonly m: number;
  /** Row indices (0-based, input order) grouped by cluster: rows of cluster c are rows[starts[c]..starts[c+1]). */
  readonly rows: Int32Array;
  readonly starts: Int32Array;
  /** For each position in `rows`, the 0-based index of its inner group within its cluster. */
  readonly inner: Int32Array;
  /** Cluster labels, in order of first appearance. */
  readonly clusterLabels: readonly string[];
  /** Number of distinct (cluster, inner) groups. */
  readonly innerGroups: number;
  /** Largest cluster size. */
  readonly maxSize: number;
}

/**
 * Groups rows by `cluster` (and within it by `inner`; by default each row is its own inner
 * group, metafor's ~ 1 | cluster/id with one id per row). Clusters are kept in order of first
 * appearance and rows in input order within a cluster; results do not depend on either.
 * O(k). Throws INVALID_INPUT for a length mismatch or an empty label.
 * @example clusterLayout(["a", "b", "a"]).starts // [0, 2, 3]
 */
export function clusterLayout(cluster: readonly string[], inner?: readonly string[], fn = "multilevelModel"): ClusterLayout {
  const k = cluster.length;
  if (inner !== undefined && inner.length !== k) {
    throw new MetakitError("INVALID_INPUT", `${fn}: cluster has ${k} values but inner has ${inner.length}`, {
      field: "inner",
      value: inner.length,
    });
  }
  const index = new Map<string, number>();
  const clusterOf = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const label = cluster[i];
    if (typeof label !== "string" || label === "") throw emptyLabel(fn, "cluster", i, label);
    let c = index.get(label);
    if (c === undefined) index.set(label, (c = index.size));
    clusterOf[i] = c;
  }
  const m = index.size;
  const starts = new Int32Array(m + 1);
  for (let i = 0; i < k; i++) starts[clusterOf[i]! + 1]! += 1;
  let maxSize = 0;
  for (let c = 0; c < m; c++) {
    maxSize = Math.max(maxSize, starts[c + 1]!);
    starts[c + 1]! += starts[c]!;
  }
  const rows = new Int32Array(k);
  const fill = starts.slice(0, m);
  for (let i = 0; i < k; i++) rows[fill[clusterOf[i]!]!++] = i;
  const { innerOf, innerGroups } = innerIndices(rows, starts, inner, fn);
  return { k, m, rows, starts, inner: innerOf, clusterLabels: [...index.keys()], innerGroups, maxSize };
}

function innerIndices(
  rows: Int32Array,
  starts: Int32Array,
  inner: readonly string[] | undefined,
  fn: string,
): { innerOf: Int32Array; innerGroups: number } {
  const innerOf = new Int32Array(rows.length);
  let innerGroups = 0;
  for (let c = 0; c + 1 < starts.length; c++) {
    const local = new Map<string, number>();
    for (let t = starts[c]!; t < starts[c + 1]!; t++) {
      if (inner === undefined) {
        innerOf[t] = t - starts[c]!;
        innerGroups++;
        continue;
      }
      const label = inner[rows[t]!];
      if (typeof label !== "string" || label === "") throw emptyLabel(fn, "inner", rows[t]!, label);
      let g = local.get(label);
      if (g === undefined) local.set(label, (g = local.size));
      innerOf[t] = g;
    }
    if (inner !== undefined) innerGroups += local.size;
  }
  return { innerOf, innerGroups };
}

function emptyLabel(fn: string, field: string, study: number, value: unknown): MetakitError {
  return new MetakitError("INVALID_INPUT", `${fn}: ${field} of study ${study} is missing`, { study, field, value });
}

/**
 * A seeded pseudo-random generator for the benchmark's synthetic data (mulberry32), so
 * every run, and metafor in the same run, sees the same numbers.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller from a uniform generator. */
export function normal(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/**
 * k studies from the random-effects model: vi ~ U(0.01, 0.5), yi ~ N(0.3, 0.05 + vi).
 */
export function syntheticStudies(k: number, seed: number): { yi: Float64Array; vi: Float64Array } {
  const uniform = mulberry32(seed);
  const z = normal(uniform);
  const yi = new Float64Array(k);
  const vi = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    vi[i] = 0.01 + 0.49 * uniform();
    yi[i] = 0.3 + Math.sqrt(0.05 + vi[i]!) * z();
  }
  return { yi, vi };
}

/**
 * A small seeded pseudo-random generator for the pure package (never the unseeded global generator): sfc32
 * (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, period >= 2^32),
 * its state filled from the seed by splitmix32.
 * @reference Doty-Humphrey, PractRand (sfc32); Steele, Lea & Flood (2014), OOPSLA (splitmix)
 */

/** A function returning uniform numbers in [0, 1), reproducible from its seed. */
export type Random = () => number;

/**
 * The generator for a seed (any finite number; its low 32 bits after rounding are used).
 * @example seededRandom(1)() // the same number on every run
 */
export function seededRandom(seed: number): Random {
  let s = Math.round(seed) >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A uniform integer in 0 .. n - 1. */
export function randomBelow(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle of `order` in place. */
export function shuffle(random: Random, order: Int32Array | number[]): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomBelow(random, i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/**
 * Seeded random numbers for tests, test scenes and training (initialisation, shuffling): mulberry32,
 * one uint32 of state, fast and good enough for those. The simulator keeps its own forkable sfc32
 * streams (training/sim/random.ts): every rendered dive and cached pose is keyed by their numbers.
 */

/** A uniform generator in [0, 1) from a 32-bit seed; `state` reads and sets where it is. */
export interface Uniform {
  (): number;
  state: number;
}

export function mulberry32(seed: number): Uniform {
  const next = (() => {
    let t = (next.state = (next.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Uniform;
  next.state = seed >>> 0;
  return next;
}

/** A standard normal draw from two uniforms (Box–Muller). */
export function normalFrom(uniform: () => number): number {
  const u = Math.max(uniform(), 1e-12), v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Seeded random numbers for reproducible initialisation, sampling and augmentation. */
import type { Init } from './ops.ts';
import { mulberry32, normalFrom, type Uniform } from '@divejudge/core';

/** The shared mulberry32 (src/pipeline/math/random.ts) with the draws training needs. State is one uint32. */
export class SeededRandom {
  private readonly uniform: Uniform;

  constructor(seed: number | string) {
    this.uniform = mulberry32(typeof seed === 'number' ? seed : hashString(seed));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uniform();
  }

  normal(): number {
    return normalFrom(this.uniform);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  getState(): number {
    return this.uniform.state;
  }

  setState(state: number): void {
    this.uniform.state = state >>> 0;
  }
}

export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Values for a parameter: seeded by (run seed, parameter name), so adding a parameter moves no other. */
export function initialValues(seed: number, name: string, shape: readonly number[], init: Init): Float32Array {
  const size = shape.reduce((a, d) => a * d, 1);
  const out = new Float32Array(size);
  if (init.kind === 'constant') return out.fill(init.value);
  const random = new SeededRandom(hashString(`${seed}/${name}`));
  for (let i = 0; i < size; i++) out[i] = init.kind === 'uniform' ? (random.next() * 2 - 1) * init.limit : random.normal() * init.std;
  return out;
}

import { describe, expect, test } from 'vitest';
import { Random, diveRandom } from './random.ts';

describe('seeded randomness', () => {
  test('same seed, same stream; forks are independent of draws on the parent', () => {
    const a = new Random(42), b = new Random(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const c = new Random('x');
    const forkFirst = c.fork('faults').next();
    c.next();
    c.next();
    expect(c.fork('faults').next()).toBe(forkFirst);
    expect(diveRandom(1, 3).next()).toBe(diveRandom(1, 3).next());
    expect(diveRandom(1, 3).next()).not.toBe(diveRandom(1, 4).next());
  });

  test('uniform and normal draws have the right moments', () => {
    const r = new Random('moments');
    const n = 20000;
    let su = 0, sn = 0, sn2 = 0;
    for (let i = 0; i < n; i++) {
      su += r.next();
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 1);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });
});

import { describe, expect, it } from 'vitest';
import type { ExemplarRecord } from '../pipeline/aqa/pack.ts';
import { votingBankOf } from './votingBank.ts';

// Only the identity of each record matters here: the bank's order is what score indices refer to.
const record = (id: string) => ({ id }) as unknown as ExemplarRecord; // a partial record stands in for a full one: the function only moves records

describe('the voting bank', () => {
  const pack = { key: 'pack@1', exemplars: [record('p0'), record('p1')] };
  const library = [{ record: record('l0') }];

  it('is the pack\'s exemplars, then the library synced for that pack, in that order', () => {
    expect(votingBankOf(pack, { synced: library, syncedPackKey: 'pack@1' }).map((r) => r.id)).toEqual(['p0', 'p1', 'l0']);
  });

  it('leaves out a library synced for another pack (its features belong to that pack)', () => {
    expect(votingBankOf(pack, { synced: library, syncedPackKey: 'other@2' }).map((r) => r.id)).toEqual(['p0', 'p1']);
  });

  it('is empty without a pack', () => {
    expect(votingBankOf(null, { synced: library, syncedPackKey: 'pack@1' })).toEqual([]);
  });
});

/**
 * The rules code against official results in ../shared/data (relative to the repository root).
 * Skipped when that folder is absent. The figures are those measured when the tables were written
 * (npm run check:rules prints them with every non-reproducing record); a lower count is a regression.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { readFineDiving, readMtlAqa, readWorldJuniors, summariseDd, summariseReproduction } from './officialResults.ts';
import type { OfficialRecord } from './officialResults.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = join(process.env.DIVEJUDGE_SHARED_DIR ?? resolve(repoRoot, '../shared'), 'data');

function load(file: string, read: (raw: unknown) => OfficialRecord[]): OfficialRecord[] | null {
  const path = join(dataDir, file);
  return existsSync(path) ? read(JSON.parse(readFileSync(path, 'utf8')) as unknown) : null;
}

const fineDiving = load('finediving/annotations.json', readFineDiving);
const mtlAqa = load('official-scores/mtl-aqa.json', readMtlAqa);
const worldJuniors = load('official-scores/world-juniors-2022-1m.json', readWorldJuniors);

describe.skipIf(fineDiving === null)(`FineDiving (skipped when ${dataDir}/finediving is absent)`, () => {
  const records = fineDiving ?? [];

  test('panel arithmetic reproduces at least 2875 of 3000 official points', () => {
    const s = summariseReproduction(records);
    expect(s.total).toBe(3000);
    expect(s.reproduced).toBeGreaterThanOrEqual(2875);
    // what is left is annotation noise or a relabelled DD, never an arithmetic doubt
    expect(s.byCategory.unexplained).toBeLessThanOrEqual(8);
  });

  test('by kind of panel: 7 judges, 3 counted, synchronised 5 counted', () => {
    const by = (f: (r: OfficialRecord) => boolean): number => summariseReproduction(records.filter(f)).reproduced;
    expect(by((r) => !r.synchronised && !r.counted)).toBeGreaterThanOrEqual(1266);
    expect(by((r) => !r.synchronised && r.counted)).toBeGreaterThanOrEqual(1010);
    expect(by((r) => r.synchronised)).toBeGreaterThanOrEqual(599);
  });

  test('DD tables: current edition agrees with 2779 records, 208 more are fixed-DD 2.0 synchro rounds', () => {
    const s = summariseDd(records, 'wa-2022');
    expect(s.byStatus.agree).toBeGreaterThanOrEqual(2779);
    expect(s.byStatus['fixed-dd']).toBe(208);
    expect(s.byStatus.disagree).toBeLessThanOrEqual(13);
  });
});

describe.skipIf(mtlAqa === null)(`MTL-AQA (skipped when ${dataDir}/official-scores is absent)`, () => {
  const records = mtlAqa ?? [];

  test('panel arithmetic reproduces at least 1382 of 1412 official points', () => {
    const s = summariseReproduction(records);
    expect(s.total).toBe(1412);
    expect(s.reproduced).toBeGreaterThanOrEqual(1382);
  });

  test('DD tables: the pre-2017 edition fits this 2012–2016 data better than the current one', () => {
    expect(summariseDd(records, 'fina-pre-2017').byStatus.agree).toBeGreaterThanOrEqual(1349);
    expect(summariseDd(records, 'wa-2022').byStatus.agree).toBeGreaterThanOrEqual(1274);
  });
});

describe.skipIf(worldJuniors === null)(`World Juniors 2022 1 m (skipped when ${dataDir}/official-scores is absent)`, () => {
  const records = worldJuniors ?? [];

  test('panel arithmetic reproduces at least 359 of 360 official points (the other is a restart deduction)', () => {
    const s = summariseReproduction(records);
    expect(s.total).toBe(360);
    expect(s.reproduced).toBeGreaterThanOrEqual(359);
    expect(s.byCategory['restart-deduction']).toBe(1);
  });

  test('DD tables: every recorded 1 m DD agrees with the current edition', () => {
    expect(summariseDd(records, 'wa-2022').byStatus.agree).toBe(360);
  });
});

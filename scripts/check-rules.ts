/**
 * npm run check:rules — checks src/domain against official results in ../shared/data
 * (relative to the repository root; DIVEJUDGE_SHARED_DIR overrides it):
 *   1. how many official dive points the panel arithmetic reproduces from the judges' awards and DD,
 *      with every record that does not reproduce and why;
 *   2. the DD tables of each edition against the DDs the datasets record.
 * Exits 0 when the data is absent (saying why), non-zero only when a figure falls below its floor.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DD_EDITIONS } from '../src/domain/index.ts';
import type { EditionId } from '../src/domain/index.ts';
import {
  MISMATCH_DESCRIPTIONS,
  editionFitByEvent,
  readFineDiving,
  readMtlAqa,
  readWorldJuniors,
  summariseDd,
  summariseReproduction,
} from '../src/domain/officialResults.ts';
import type { DatasetId, MismatchCategory, OfficialRecord } from '../src/domain/officialResults.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = process.env.DIVEJUDGE_SHARED_DIR ?? resolve(repoRoot, '../shared');
const dataDir = join(sharedDir, 'data');

const DATASETS: readonly { id: DatasetId; file: string; read: (raw: unknown) => OfficialRecord[] }[] = [
  { id: 'finediving', file: 'finediving/annotations.json', read: readFineDiving },
  { id: 'mtl-aqa', file: 'official-scores/mtl-aqa.json', read: readMtlAqa },
  { id: 'world-juniors-2022-1m', file: 'official-scores/world-juniors-2022-1m.json', read: readWorldJuniors },
];

/**
 * Floors set just below what the rules code achieves today (see the summary): a drop below one means
 * the panel arithmetic or the DD tables regressed.
 */
const FLOORS: Readonly<Record<DatasetId, { reproduced: number; ddAgreeCurrent: number }>> = {
  finediving: { reproduced: 2870, ddAgreeCurrent: 2770 },
  'mtl-aqa': { reproduced: 1375, ddAgreeCurrent: 1265 },
  'world-juniors-2022-1m': { reproduced: 358, ddAgreeCurrent: 358 },
};

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);
const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const lpad = (s: string | number, n: number): string => String(s).padStart(n);

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: readonly (string | number)[]): string =>
    cells.map((c, i) => (typeof c === 'number' ? lpad(c, widths[i] ?? 0) : pad(c, widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function main(): number {
  if (!existsSync(dataDir)) {
    console.log(`check:rules skipped: no official data at ${dataDir} (the shared data folder is not present in this checkout).`);
    return 0;
  }
  const loaded = DATASETS.flatMap((d) => {
    const path = join(dataDir, d.file);
    if (!existsSync(path)) {
      console.log(`skipping ${d.id}: ${path} not found`);
      return [];
    }
    return [{ ...d, records: d.read(JSON.parse(readFileSync(path, 'utf8')) as unknown) }];
  });
  if (loaded.length === 0) {
    console.log(`check:rules skipped: none of the datasets is present under ${dataDir}.`);
    return 0;
  }

  const summaryRows: (string | number)[][] = [];
  const failures: string[] = [];
  const editions: EditionId[] = DD_EDITIONS.map((e) => e.id);

  for (const dataset of loaded) {
    const { records } = dataset;
    console.log(`\n=== ${dataset.id}: ${records.length} records (${dataset.file}) ===`);
    const unknownHeight = records.filter((r) => r.height === null).length;
    if (unknownHeight > 0) {
      console.log(
        `${unknownHeight} records come from events named only by a number (MTL-AQA era): their height is unknown, so their DD is checked against both 3m and 10m.`,
      );
    }

    // 1. panel arithmetic
    const rep = summariseReproduction(records);
    console.log(`\nPanel arithmetic: ${rep.reproduced}/${rep.total} official points reproduced exactly (${pct(rep.reproduced, rep.total)}).`);
    const kinds = [...new Set(records.map((r) => `${r.synchronised ? 'synchronised' : 'individual'} ${r.counted ? `${r.awards.length} counted` : `${r.awards.length} judges`}`))];
    for (const kind of kinds) {
      const subset = records.filter((r) => `${r.synchronised ? 'synchronised' : 'individual'} ${r.counted ? `${r.awards.length} counted` : `${r.awards.length} judges`}` === kind);
      const s = summariseReproduction(subset);
      console.log(`  ${pad(kind, 28)} ${lpad(s.reproduced, 5)}/${s.total}`);
    }
    if (rep.mismatches.length > 0) {
      console.log(`Records that do not reproduce (${rep.mismatches.length}):`);
      console.log(
        table(
          ['id', 'dive', 'DD', 'awards', 'official', 'computed', 'why'],
          rep.mismatches.map((m) => [
            m.record.id,
            m.record.diveNumber,
            m.record.recordedDd.toFixed(1),
            m.record.awards.join(' '),
            m.record.officialPoints,
            m.computed ?? '—',
            `${m.category ?? ''}: ${m.detail}`,
          ]),
        ),
      );
      const categories = (Object.entries(rep.byCategory) as [MismatchCategory, number][]).filter(([, n]) => n > 0);
      for (const [category, n] of categories) console.log(`  ${lpad(n, 4)} × ${category} — ${MISMATCH_DESCRIPTIONS[category]}`);
    }

    // 2. DD tables
    const ddSummaries = editions.map((e) => summariseDd(records, e));
    console.log('\nDD tables against recorded DDs:');
    console.log(
      table(
        ['edition', 'agree', 'fixed 2.0', 'disagree', 'no value', 'bad code'],
        ddSummaries.map((s) => [s.edition, s.byStatus.agree, s.byStatus['fixed-dd'], s.byStatus.disagree, s.byStatus['no-table-value'], s.byStatus['invalid-code']]),
      ),
    );
    for (const s of ddSummaries) {
      const notAgreeing = s.groups.filter((g) => g.status !== 'fixed-dd');
      const fixed = s.groups.filter((g) => g.status === 'fixed-dd');
      console.log(`\n${s.edition}: ${notAgreeing.length} (dive, height, recorded DD) groups do not agree`);
      if (notAgreeing.length > 0) {
        console.log(
          table(
            ['dive', 'height', 'recorded', 'records', 'status', 'detail', 'e.g.'],
            notAgreeing.map((g) => [g.diveNumber, g.heights, g.recordedDd.toFixed(1), g.count, g.status, g.detail, g.exampleIds.join(' ')]),
          ),
        );
      }
      if (fixed.length > 0) {
        const n = fixed.reduce((sum, g) => sum + g.count, 0);
        console.log(`  fixed-DD rounds (DD 2.0 in synchronised rounds 1–2, not a table value): ${n} records, e.g. ${fixed.flatMap((g) => g.exampleIds).slice(0, 3).join(', ')}`);
      }
    }
    if (unknownHeight > 0) {
      const fits = editionFitByEvent(records.filter((r) => r.height === null));
      console.log('\nEvents without a height: records whose DD agrees with each edition (at 3m or 10m):');
      console.log(table(['event', 'records', ...editions], fits.map((f) => [f.event, f.total, ...editions.map((e) => f.agree[e])])));
    }

    const current = ddSummaries[0];
    const floor = FLOORS[dataset.id];
    if (rep.reproduced < floor.reproduced) failures.push(`${dataset.id}: reproduced ${rep.reproduced} < floor ${floor.reproduced}`);
    if (current !== undefined && current.byStatus.agree < floor.ddAgreeCurrent) {
      failures.push(`${dataset.id}: DD agreement (${current.edition}) ${current.byStatus.agree} < floor ${floor.ddAgreeCurrent}`);
    }
    summaryRows.push([
      dataset.id,
      records.length,
      `${rep.reproduced} (${pct(rep.reproduced, rep.total)})`,
      `${floor.reproduced} / ${floor.ddAgreeCurrent}`,
      ...ddSummaries.map((s) => `${s.byStatus.agree}+${s.byStatus['fixed-dd']}f/${s.byStatus.disagree}d/${s.byStatus['no-table-value'] + s.byStatus['invalid-code']}n`),
    ]);
  }

  console.log('\n=== Summary ===');
  console.log(table(['dataset', 'records', 'points reproduced', 'floors (points / DD agree)', ...editions.map((e) => `DD ${e}`)], summaryRows));
  console.log('DD columns: agree + fixed-DD(2.0) rounds / disagree / no table value or invalid code.');
  if (failures.length > 0) {
    console.log(`\nREGRESSION:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  console.log('\nAll figures at or above their floors.');
  return 0;
}

process.exitCode = main();

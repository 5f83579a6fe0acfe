/**
 * Which faults each pack misses, from the per-clip predictions `npm run eval -- --predictions FILE`
 * wrote and the simulator's truth files (eval/faults.ts says what the columns mean).
 *
 *   npm run check:faults -- FILE [--data .cache/data/sim-render]
 *
 * Figures, not assertions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openFineDiving } from '../data/fineDiving.ts';
import type { Prediction } from './predict.ts';
import { faultCosts, type FaultClip } from './faults.ts';

const { values, positionals } = parseArgs({ options: { data: { type: 'string', default: '.cache/data/sim-render' } }, allowPositionals: true });
const file = positionals[0];
if (!file || !existsSync(file)) {
  process.stderr.write('Usage: npm run check:faults -- PREDICTIONS.json [--data DIR]   (write the file with npm run eval -- --predictions PREDICTIONS.json)\n');
  process.exit(2);
}
const predictions = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Prediction[]>;
const dataset = openFineDiving(resolve(values.data));
const records = new Map([...dataset.train, ...dataset.test].map((r) => [r.id, r]));
type Truth = { judging?: { trueAward?: number; deductions: Array<{ fault: string; points: number }> } } | null;

for (const [pack, list] of Object.entries(predictions)) {
  const clips: FaultClip[] = [];
  for (const p of list) {
    const record = records.get(p.id);
    const judging = record ? (dataset.readTruth(record) as Truth)?.judging : undefined;
    if (!record || judging?.trueAward === undefined) continue;
    const deductions: Record<string, number> = {};
    for (const d of judging.deductions) deductions[d.fault] = (deductions[d.fault] ?? 0) + d.points;
    clips.push({ dd: record.difficulty, officialScore: record.dive_score, predictedScore: p.predicted, trueAwardSum: 3 * judging.trueAward, deductions });
  }
  if (clips.length < 10) {
    console.log(`${pack}: ${clips.length} clips with simulator truth in ${values.data}: too few`);
    continue;
  }
  const costs = faultCosts(clips);
  console.log(`${pack}: ${clips.length} dives, SRCC ${costs.srcc.toFixed(4)}, error sd ${costs.errorSd.toFixed(3)} award-sum points`);
  console.log(`  ${'fault'.padEnd(16)} ${'missed'.padStart(7)} ${'share'.padStart(7)} ${'spread'.padStart(7)} ${'SRCC if seen'.padStart(13)}`);
  for (const f of [...costs.faults].sort((a, b) => b.share - a.share)) {
    console.log(`  ${f.fault.padEnd(16)} ${f.missed.toFixed(2).padStart(7)} ${`${(100 * f.share).toFixed(1)} %`.padStart(7)} ${f.spread.toFixed(3).padStart(7)} ${f.srccIfSeen.toFixed(4).padStart(13)}`);
  }
}

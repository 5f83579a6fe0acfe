/**
 * How well the take-off geometry (src/pipeline/aqa/takeOff.ts) reads the simulator's board clearance
 * and rise, from clean, noisy and noisy + app-post-processed poses: rank correlation with the
 * simulator's own figures within each dive number (what a comparison with same-dive exemplars can
 * use), and with the board-distance deduction over all dives. Then the bound that geometry sets: an
 * observer perfect at every other fault whose board-fault points are fitted on the training split
 * from the measured rise and clearance (eval/observer.ts), beside the simulator's ceiling.
 *
 *   npx tsx eval/clearanceCheck.ts [--data .cache/data/sim-render] [--limit 300]
 *
 * Camera paths come from (and go to) the training cache, .cache/crops. Figures, not assertions.
 */
import { resolve } from 'node:path';
import { openFineDiving } from '../data/fineDiving.ts';
import { appPostprocessed, clipCameraPath, jointsOf } from '../train/data.ts';
import { measureTakeOff } from '@divejudge/core';
import { spearman } from './metrics.ts';
import { boardDeductionsOf } from '../train/data.ts';
import { geometryObserverBound, observerSrcc, type MeasuredTakeOff, type ObserverClip } from './observer.ts';

interface Row {
  diveNumber: string;
  clearance: number;
  rise: number;
  boardPoints: number;
  measured: Record<string, MeasuredTakeOff | null>;
  observer: ObserverClip | null;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const root = resolve(arg('--data', '.cache/data/sim-render'));
const limit = Number(arg('--limit', '300'));
const dataset = openFineDiving(root);
const variants = ['clean', 'noisy', 'noisy+app'];
type Truth = { observations?: { boardClearanceM: number }; outcome?: { apexRiseM: number }; judging?: { trueAward?: number; deductions: Array<{ stage: string; fault: string; points: number }> } } | null;

async function measure(records: typeof dataset.test, label: string): Promise<Row[]> {
  const out: Row[] = [];
  let done = 0;
  for (const r of records) {
    const pose = dataset.readPose(r);
    const truth = dataset.readTruth(r) as Truth;
    if (!pose || !truth?.observations || !truth.outcome) continue;
    const frames = pose.clean.joints.length;
    const path = await clipCameraPath(dataset, r, pose.width, pose.height, frames, resolve('.cache', 'crops'));
    const sources: Record<string, Float32Array[]> = { clean: jointsOf(pose, 'clean'), noisy: jointsOf(pose, 'noisy') };
    sources['noisy+app'] = appPostprocessed(sources.noisy as Float32Array[], pose.fps);
    const measured: Row['measured'] = {};
    for (const [name, joints] of Object.entries(sources)) {
      const g = measureTakeOff(joints, path, pose.fps);
      measured[name] = g ? { clearance: g.clearance, rise: g.rise } : null;
    }
    const deductions = truth.judging?.deductions ?? [];
    const diveNumber = r.dive_number.toUpperCase();
    out.push({
      diveNumber,
      clearance: truth.observations.boardClearanceM,
      rise: truth.outcome.apexRiseM,
      boardPoints: deductions.filter((d) => d.fault === 'board distance').reduce((s, d) => s + d.points, 0),
      measured,
      observer: truth.judging?.trueAward === undefined ? null : { diveNumber, dd: r.difficulty, officialScore: r.dive_score, trueAwardSum: 3 * truth.judging.trueAward, boardDeductions: boardDeductionsOf(deductions) },
    });
    process.stderr.write(`\r${label} ${++done}/${records.length}`);
  }
  process.stderr.write('\n');
  return out;
}

const rows = await measure(dataset.test.slice(0, limit), 'test');
const trainRows = await measure(dataset.train, 'train');


/** Mean within-group Spearman, weighted by group size (groups of 5 or more). */
function withinDive(pick: (row: Row) => [number, number] | null): number {
  const groups = new Map<string, Array<[number, number]>>();
  for (const row of rows) {
    const pair = pick(row);
    if (pair && Number.isFinite(pair[0]) && Number.isFinite(pair[1])) groups.set(row.diveNumber, [...(groups.get(row.diveNumber) ?? []), pair]);
  }
  let sum = 0, weight = 0;
  for (const pairs of groups.values()) {
    if (pairs.length < 5) continue;
    const rho = spearman(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
    if (!Number.isFinite(rho)) continue;
    sum += rho * pairs.length;
    weight += pairs.length;
  }
  return weight > 0 ? sum / weight : Number.NaN;
}

const close = rows.filter((r) => r.boardPoints > 0).length;
console.log(`${rows.length} simulated test dives (${close} with a board-distance deduction)`);
console.log(`${'poses'.padEnd(26)} ${'clearance ρ in dive'.padStart(20)} ${'ρ with deduction'.padStart(17)} ${'rise ρ in dive'.padStart(15)} ${'measured'.padStart(9)}`);
for (const v of variants) {
  const got = rows.filter((r) => r.measured[v]);
  const c = withinDive((r) => (r.measured[v] ? [r.measured[v].clearance, r.clearance] : null));
  const d = spearman(got.map((r) => (r.measured[v] as { clearance: number }).clearance), got.map((r) => -r.boardPoints));
  const h = withinDive((r) => (r.measured[v] ? [r.measured[v].rise, r.rise] : null));
  console.log(`${v.padEnd(26)} ${c.toFixed(3).padStart(20)} ${d.toFixed(3).padStart(17)} ${h.toFixed(3).padStart(15)} ${`${got.length}/${rows.length}`.padStart(9)}`);
}

// The bound the measured geometry sets (the fit's "truth" row uses the simulator's own clearance and rise).
const observed = (list: Row[]) => list.filter((r): r is Row & { observer: ObserverClip } => r.observer !== null);
const testObserved = observed(rows), trainObserved = observed(trainRows);
if (testObserved.length > 1 && trainObserved.length > 1) {
  const bodyLengthM = 1.7; // the simulator's clearance in metres, as body lengths for the "truth" row
  const sourcesOf = (r: Row): Record<string, MeasuredTakeOff | null> => ({ truth: { rise: r.rise, clearance: r.clearance / bodyLengthM }, ...r.measured });
  const ceiling = observerSrcc(testObserved.map((r) => r.observer), testObserved.map((r) => r.observer.boardDeductions));
  const mean = trainObserved.reduce((s, r) => s + r.observer.boardDeductions, 0) / trainObserved.length;
  const blind = observerSrcc(testObserved.map((r) => r.observer), testObserved.map(() => mean));
  console.log();
  console.log(`Observer perfect at every other fault, board faults (height, board distance, too far out) fitted on ${trainObserved.length} training dives from:`);
  for (const source of ['truth', ...variants]) {
    const bound = geometryObserverBound(trainObserved.map((r) => ({ clip: r.observer, geometry: sourcesOf(r)[source] ?? null })), testObserved.map((r) => ({ clip: r.observer, geometry: sourcesOf(r)[source] ?? null })));
    console.log(`  ${(source === 'truth' ? "the simulator's clearance and rise" : `geometry from ${source} poses`).padEnd(36)} SRCC ${bound.toFixed(4)}`);
  }
  console.log(`  ${'every board fault exact (ceiling)'.padEnd(36)} SRCC ${ceiling.toFixed(4)}   95 % of it: ${(0.95 * ceiling).toFixed(4)}`);
  console.log(`  ${'no geometry (board-blind)'.padEnd(36)} SRCC ${blind.toFixed(4)}`);
}

/**
 * How well the take-off geometry (src/pipeline/aqa/takeOff.ts) reads the simulator's board clearance
 * and rise, from clean, noisy and noisy + app-post-processed poses: rank correlation with the
 * simulator's own figures within each dive number (what a comparison with same-dive exemplars can
 * use), and with the board-distance deduction over all dives.
 *
 *   npx tsx eval/clearanceCheck.ts [--data .cache/data/sim-render] [--limit 300]
 *
 * Camera paths come from (and go to) the training cache, .cache/crops. Figures, not assertions.
 */
import { resolve } from 'node:path';
import { openFineDiving } from '../data/fineDiving.ts';
import { appPostprocessed, clipCameraPath, jointsOf } from '../train/data.ts';
import { measureTakeOff } from '../../src/pipeline/aqa/takeOff.ts';
import { spearman } from './metrics.ts';

interface Row {
  diveNumber: string;
  clearance: number;
  rise: number;
  boardPoints: number;
  measured: Record<string, { clearance: number; rise: number } | null>;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const root = resolve(arg('--data', '.cache/data/sim-render'));
const limit = Number(arg('--limit', '300'));
const dataset = openFineDiving(root);
const records = dataset.test.slice(0, limit);
const rows: Row[] = [];
const variants = ['clean', 'noisy', 'noisy+app'];
let done = 0;
for (const r of records) {
  const pose = dataset.readPose(r);
  const truth = dataset.readTruth(r) as { observations?: { boardClearanceM: number }; outcome?: { apexRiseM: number }; judging?: { deductions: Array<{ fault: string; points: number }> } } | null;
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
  rows.push({
    diveNumber: r.dive_number.toUpperCase(),
    clearance: truth.observations.boardClearanceM,
    rise: truth.outcome.apexRiseM,
    boardPoints: (truth.judging?.deductions ?? []).filter((d) => d.fault === 'board distance').reduce((s, d) => s + d.points, 0),
    measured,
  });
  process.stderr.write(`\r${++done}/${records.length}`);
}
process.stderr.write('\n');

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

/**
 * `npm run check:faults -- --measured [--count N] [--seed S] [--size WxH] [--pack DIR] [--cache DIR] [--typical] [--dump FILE]`
 *
 * The execution checklist (src/pipeline/analysis/execution.ts) checked where every fault's true
 * size is known: simulated test dives rendered as MP4 (the eval:app set, seed 2026, never used in
 * training), their poses as the app's pose stage computed them in Chromium (eval:app's cache), the
 * app's clip analysis run in Node on the clip (camera path, take-off geometry, stages, splash:
 * scripts/lib/nodeAnalysis.ts, the same code the scoring worker runs), then the checklist.
 *
 * Prints, per item, the rank correlation (Spearman) between the measured value and the simulator's
 * true size of that fault over the dives where the item was measured (and over the reliable ones),
 * and, where the truth is in the value's own unit, the median and 80th percentile of |measured − true|
 * then the award from measured faults against the simulated panel's median award (MAE, SRCC).
 * The set mixes 1 m, 3 m and platform dives, whose heights, distances and rotations differ by
 * event: the `10 m only` column ranks within the 10 m platform dives alone, without that help.
 * Figures, not assertions. Each clip's analysis is cached (cache/faults/<pack>/<pose configuration>/<scoring code>/…); a rerun only re-reads.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { awardFromDeductions, expectedAward, UNSEEN_FAULTS_ALLOWANCE, type ExecutionItemId, type Height } from '../src/domain/index.ts';
import { checklistFor, TYPICAL_DEDUCTION, type ExecutionChecklist } from '../src/pipeline/analysis/execution.ts';
import { blendChecklist } from '../src/pipeline/aqa/analysis.ts';
import { boundariesToFrames } from '../src/pipeline/aqa/stages.ts';
import { median } from '../src/pipeline/math/stats.ts';
import { spearman } from '../training/eval/metrics.ts';
import { APP_POSE_CONFIG, appPosePath, readAppPoseFile, renderSetName, warnIfRounded } from './lib/appPoseCache.ts';
import { openPackForAnalysis, scoreClipInNode } from './lib/nodeAnalysis.ts';
import { scoringCodeDir } from './lib/scoringCode.ts';

const { values: args } = parseArgs({
  options: {
    measured: { type: 'boolean', default: false },
    count: { type: 'string', default: '150' },
    seed: { type: 'string', default: '2026' },
    size: { type: 'string', default: '640x360' },
    pack: { type: 'string', default: 'models/hpmcore-pose-sim' },
    cache: { type: 'string', default: '.cache/eval-app' },
    'pose-config': { type: 'string', default: APP_POSE_CONFIG },
    /** Only the first N dives of the set (tuning on a training seed). */
    limit: { type: 'string' },
    /** Write every dive's measured items and true sizes to this JSON file (for looking closer). */
    dump: { type: 'string' },
    /** Print the checklist's mean deduction per item where read reliably (sets TYPICAL_DEDUCTION on training dives). */
    typical: { type: 'boolean', default: false },
    /** A set eval:app rendered with broadcast structure (its --cut, --underwater, --replay K, --slow-motion K). */
    cut: { type: 'boolean', default: false },
    underwater: { type: 'boolean', default: false },
    replay: { type: 'string' },
    'slow-motion': { type: 'string' },
  },
});
if (!args.measured) {
  process.stderr.write('Usage: npm run check:faults -- --measured [--count N] [--seed S] [--pack DIR]\n  (the packs\' missed-fault table is `npm run -w training check:faults -- PREDICTIONS.json`)\n');
  process.exit(2);
}

const root = resolve(import.meta.dirname, '..');
const cache = resolve(root, args.cache);
const structure = { cut: args.cut, underwater: args.underwater, replay: args.replay === undefined ? null : Number(args.replay), slowMotion: args['slow-motion'] === undefined ? null : Number(args['slow-motion']) };
const renderSet = renderSetName(args.seed, args.size, structure);
const renders = join(cache, 'renders', `${renderSet}-n${args.count}`);
if (!existsSync(join(renders, 'annotations.json'))) {
  const also = `${structure.cut ? ' --cut' : ''}${structure.underwater ? ' --underwater' : ''}${structure.replay === null ? '' : ` --replay ${structure.replay}`}${structure.slowMotion === null ? '' : ` --slow-motion ${structure.slowMotion}`}`;
  process.stderr.write(`No rendered test dives in ${renders}: run \`npm run eval:app -- --count ${args.count} --seed ${args.seed}${also}\` first (it renders them and caches the app's poses).\n`);
  process.exit(2);
}

const truthSchema = z.object({
  dive: z.object({ height: z.string(), code: z.string() }),
  observations: z.record(z.string(), z.number()),
  outcome: z.record(z.string(), z.number()),
  times: z.object({ takeOff: z.number(), open: z.number(), contact: z.number() }),
  judging: z.object({ awards: z.array(z.number()), officialScore: z.number(), deductions: z.array(z.object({ fault: z.string(), points: z.number() })) }),
});
const analysisSchema = z.object({
  transitions: z.object({ takeOffEnd: z.number(), entryStart: z.number() }),
  takeOff: z.object({ takeOffFrame: z.number(), apexFrame: z.number(), bodyLength: z.number(), bodyLengthM: z.number(), rise: z.number(), clearance: z.number() }).nullable(),
  splash: z.object({ score: z.number(), areaSeconds: z.number(), confidence: z.number(), reason: z.string().nullable(), entryIndex: z.number(), trace: z.array(z.number()) }).nullable(),
  // What the app's checklist reads of the analysis besides (absent in caches from before 2026-12-06).
  startsInFlight: z.boolean().optional(),
  replay: z.object({ start: z.number() }).nullable().optional(),
  slowdown: z.number().nullable().optional(),
  predicted: z.number(),
  dd: z.number(),
});
type CachedAnalysis = z.infer<typeof analysisSchema>;

interface AnnotationRecord {
  id: string;
  event: string;
  index: number;
  dive_number: string;
  difficulty: number;
  dive_score: number;
  steps_transit_frames: number[];
  start_frame: number;
  end_frame: number;
}

const G = 9.81;

/** The simulator's true size of each item's fault (the quantity the item measures). */
function trueSizes(t: z.infer<typeof truthSchema>): Record<string, number> {
  const o = t.observations, out = t.outcome;
  const rise = out.apexRiseM ?? Number.NaN;
  const apex = Math.sqrt((2 * Math.max(0, rise)) / G);
  const fall = t.times.open > apex ? 0.5 * G * (t.times.open - apex) ** 2 : 0;
  return {
    'take-off-height': rise,
    'board-distance': o.boardClearanceM ?? Number.NaN,
    'take-off-lean': Math.abs(o.takeOffLeanErrorDeg ?? Number.NaN),
    balance: o.armstandWobbleDeg ?? Number.NaN,
    tightness: o.positionLooseness ?? Number.NaN,
    knees: o.kneeBendDeg ?? Number.NaN,
    'feet-apart': o.feetApartM ?? Number.NaN,
    somersaults: out.somersaultsRev ?? Number.NaN,
    twists: out.twistsRev ?? Number.NaN,
    'opening-height': Math.max(0, Number.parseFloat(t.dive.height) + rise - fall),
    'entry-angle': o.entryAngleDeg ?? Number.NaN,
    'body-line': Math.abs(o.alignmentDeg ?? Number.NaN),
    splash: o.splashMagnitude ?? Number.NaN,
  };
}

/**
 * The simulated judges' faults (training/sim/judges.ts) each checklist item stands for: replacing an
 * item's deduction by the simulator's true deduction for them shows what a perfect measurement of
 * that item would be worth. Faults no item stands for (flexed feet, arms) stay in the allowance.
 */
const SIMULATED_FAULTS: Readonly<Record<ExecutionItemId, readonly string[]>> = {
  'take-off-height': ['height'],
  'board-distance': ['board distance', 'too far out'],
  'take-off-lean': ['lean'],
  balance: ['handstand'],
  tightness: ['position'],
  knees: ['knees'],
  'feet-apart': ['feet apart'],
  somersaults: [],
  twists: ['twist'],
  'opening-height': ['opening'],
  'entry-angle': ['entry angle'],
  'body-line': ['alignment'],
  splash: ['splash'],
};

const TRUTH_WORDS: Record<string, string> = {
  'take-off-height': 'rise of the centre of mass, m',
  'board-distance': 'closest clearance, m',
  'take-off-lean': '|lean error|, °',
  balance: 'handstand wobble, °',
  tightness: 'looseness of the position, 0–1',
  knees: 'knee bend, °',
  'feet-apart': 'feet apart, m',
  somersaults: 'somersaults turned, rev',
  twists: 'twists turned, rev',
  'opening-height': 'height at the opening, m',
  'entry-angle': 'entry angle, ° signed',
  'body-line': '|hip alignment|, °',
  splash: 'splash magnitude',
};
/** Items whose true size is in the measured value's own unit: their median |measured − true| is printed. */
const SAME_UNIT = new Set(['take-off-height', 'board-distance', 'feet-apart', 'knees', 'body-line', 'entry-angle', 'somersaults', 'opening-height']);
const TARGETS = new Set(['entry-angle', 'tightness', 'knees', 'take-off-height', 'board-distance', 'somersaults']);

async function main(): Promise<void> {
  const records = (JSON.parse(readFileSync(join(renders, 'annotations.json'), 'utf8')) as { records: AnnotationRecord[] }).records;
  const packDir = resolve(root, args.pack);
  const manifest = JSON.parse(readFileSync(join(packDir, 'manifest.json'), 'utf8')) as { id: string; version: string };
  const packKey = `${manifest.id}@${manifest.version}`;
  const codeDir = scoringCodeDir(root);
  let scorer: Awaited<ReturnType<typeof openPackForAnalysis>> | null = null;
  const rows: Array<{ id: string; checklist: ExecutionChecklist; truth: Record<string, number>; trueDeductions: Record<string, number>; panelAward: number; official: number; modelScore: number; dd: number; modelAward: number }> = [];
  let missing = 0, done = 0;
  const started = performance.now();
  for (const r of args.limit ? records.slice(0, Number(args.limit)) : records) {
    const pose = readAppPoseFile(appPosePath(join(cache, 'poses'), renderSet, args['pose-config'], r.id), r.end_frame - r.start_frame + 1);
    warnIfRounded(pose);
    done++;
    if (!pose) {
      missing++;
      continue;
    }
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(renders, 'truth', r.event, `${r.index}.json`), 'utf8')));
    const height = truth.dive.height as Height;
    // Filed under the pose configuration and the scoring code (as eval:app files its results): an
    // analysis of another pose stage's poses, or by older code, must not be reused.
    const cachePath = join(cache, 'faults', packKey, args['pose-config'].replace(/[^A-Za-z0-9.-]+/g, '_'), codeDir, renderSet, `${r.id.replace(/[/:]/g, '_')}.json`);
    let analysis: CachedAnalysis;
    if (existsSync(cachePath)) analysis = analysisSchema.parse(JSON.parse(readFileSync(cachePath, 'utf8')));
    else {
      scorer ??= await openPackForAnalysis(packDir);
      const result = await scoreClipInNode(scorer, join(renders, 'videos', r.event, `${r.index}.mp4`), pose, { diveNumber: r.dive_number, height: Number.parseFloat(height), dd: r.difficulty });
      analysis = {
        transitions: boundariesToFrames(result.clip.boundaries, result.clip.frameIndices),
        takeOff: result.clip.takeOff,
        splash: result.clip.splash ? { ...result.clip.splash, trace: [...result.clip.splash.trace] } : null,
        startsInFlight: result.clip.startsInFlight,
        replay: result.clip.replay,
        slowdown: result.clip.slowdown,
        // The model's own score: the checklist's half is what this script measures beside it.
        predicted: result.summary.modelScore ?? result.summary.predictedScore,
        dd: r.difficulty,
      };
      mkdirSync(dirname(cachePath), { recursive: true });
      writeFileSync(cachePath, JSON.stringify(analysis));
    }
    // The app's own checklist source: the frames before a replay, a slow-motion clip at its real time.
    const checklist = checklistFor({ poses: pose, transitions: analysis.transitions, takeOff: analysis.takeOff, splash: analysis.splash, startsInFlight: analysis.startsInFlight, time: analysis, code: r.dive_number, height });
    if (!checklist) throw new Error(`${r.id}: no checklist for dive ${r.dive_number}`);
    const trueDeductions: Record<string, number> = {};
    for (const d of truth.judging.deductions) trueDeductions[d.fault] = (trueDeductions[d.fault] ?? 0) + d.points;
    rows.push({ id: r.id, checklist, truth: trueSizes(truth), trueDeductions, panelAward: median(truth.judging.awards), official: truth.judging.officialScore, modelScore: analysis.predicted, dd: analysis.dd, modelAward: analysis.predicted / (3 * analysis.dd) });
    const elapsed = (performance.now() - started) / 1000;
    process.stderr.write(`\r${done}/${records.length} dives  ${elapsed.toFixed(0)} s   `);
  }
  process.stderr.write('\n');
  console.log(`check:faults --measured: ${rows.length} simulated dives (seed ${args.seed}${args.seed === '2026' ? ', test dives never used in training' : ''}, ${args.size}${renderSet.endsWith(args.size) ? '' : `, rendered as ${renderSet}`}) through the app's pipeline (poses from the app in Chromium, clip analysis ${packKey} in Node)${missing ? `; ${missing} without cached app poses skipped` : ''}`);
  console.log(`${'item'.padEnd(17)} ${'measured'.padStart(8)} ${'SRCC'.padStart(7)} ${'reliable'.padStart(8)} ${'SRCC'.padStart(7)}  target  ${'10 m only'.padStart(9)}  ${'|m − t|'.padStart(8)} ${'p80'.padStart(7)}  true size`);
  for (const id of Object.keys(TRUTH_WORDS)) {
    const measured = rows.flatMap((row) => {
      const item = row.checklist.items.find((i) => i.id === id);
      const truth = row.truth[id] ?? Number.NaN;
      return item && item.applies && item.value !== null && Number.isFinite(truth) ? [{ value: item.value, truth, reliable: item.reliable, platform10: row.id.startsWith('Sim10mPlatform') }] : [];
    });
    const reliable = measured.filter((m) => m.reliable);
    const rho = (list: typeof measured) => (list.length >= 3 ? spearman(list.map((m) => m.value), list.map((m) => m.truth)).toFixed(3) : '—');
    const target = TARGETS.has(id) ? '≥ 0.7 ' : '      ';
    const errors = reliable.map((m) => Math.abs(m.value - m.truth)).sort((a, b) => a - b);
    const same = SAME_UNIT.has(id) && errors.length > 0;
    const error = same ? median(errors).toPrecision(3) : '—';
    const error80 = same ? (errors[Math.floor(0.8 * (errors.length - 1))] as number).toPrecision(3) : '—';
    console.log(`${id.padEnd(17)} ${String(measured.length).padStart(8)} ${rho(measured).padStart(7)} ${String(reliable.length).padStart(8)} ${rho(reliable).padStart(7)}  ${target}  ${rho(reliable.filter((m) => m.platform10)).padStart(9)}  ${error.padStart(8)} ${error80.padStart(7)}  ${TRUTH_WORDS[id]}`);
  }
  if (args.dump) writeFileSync(args.dump, JSON.stringify(rows.map((r) => ({ id: r.id, dive: records.find((x) => x.id === r.id)?.dive_number, items: r.checklist.items.map((i) => ({ id: i.id, value: i.value, reliable: i.reliable, applies: i.applies, deduction: i.deduction, assumed: i.assumed, note: i.note })), truth: r.truth, trueDeductions: r.trueDeductions, panelAward: r.panelAward, official: r.official, dd: r.dd, modelScore: r.modelScore, modelAward: r.modelAward, award: r.checklist.award, expectedAward: r.checklist.expectedAward, counted: r.checklist.counted }))));
  const award = rows.map((r) => r.checklist.award), panel = rows.map((r) => r.panelAward), model = rows.map((r) => r.modelAward);
  const mae = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - (b[i] ?? 0)), 0) / Math.max(1, a.length);
  console.log(`award from measured faults vs the panel's median award: MAE ${mae(award, panel).toFixed(3)} award points (target ≤ 0.75), SRCC ${spearman(award, panel).toFixed(3)}; mean award from faults ${(award.reduce((a, b) => a + b, 0) / award.length).toFixed(2)}, panel ${(panel.reduce((a, b) => a + b, 0) / panel.length).toFixed(2)}; items counted per dive (median) ${median(rows.map((r) => r.checklist.counted))}`);
  console.log(`for comparison, the model's award (score ÷ 3 ÷ DD) vs the panel's median award: MAE ${mae(model, panel).toFixed(3)}, SRCC ${spearman(model, panel).toFixed(3)}`);
  const shown = rows.map((r) => blendChecklist(r.modelScore, r.checklist, r.dd).predictedScore), official = rows.map((r) => r.official);
  const signed = shown.reduce((s, v, i) => s + v - (official[i] ?? 0), 0) / Math.max(1, shown.length);
  console.log(`the score shown (the app's blend of the model and the award from faults) vs the official score: MAE ${mae(shown, official).toFixed(2)} points, mean signed ${signed >= 0 ? '+' : ''}${signed.toFixed(2)}; items taken at their typical deduction per dive (mean) ${(rows.reduce((s, r) => s + r.checklist.assumed, 0) / Math.max(1, rows.length)).toFixed(2)}`);
  if (args.typical) printTypicalDeductions(rows);
  printHeadroom(rows, mae);
}

/**
 * The checklist's mean deduction per item over the dives where it read the item reliably: on
 * training dives (seed 11), the TYPICAL_DEDUCTION an item the clip does not show is taken at.
 */
function printTypicalDeductions(rows: ReadonlyArray<{ checklist: ExecutionChecklist }>): void {
  console.log(`typical deductions (the checklist's mean where it read the item reliably; TYPICAL_DEDUCTION in src/pipeline/analysis/execution.ts):`);
  for (const id of Object.keys(TRUTH_WORDS) as ExecutionItemId[]) {
    const read = rows.flatMap((r) => r.checklist.items.filter((i) => i.id === id && i.applies && i.reliable && i.deduction !== null).map((i) => i.deduction ?? 0));
    const applies = rows.filter((r) => r.checklist.items.some((i) => i.id === id && i.applies)).length;
    console.log(`  ${id.padEnd(17)} read reliably on ${String(read.length).padStart(3)} of ${String(applies).padStart(3)}  mean ${read.length ? (read.reduce((a, b) => a + b, 0) / read.length).toFixed(3) : '—'}  now ${TYPICAL_DEDUCTION[id]?.toFixed(3) ?? 'none'}`);
  }
}

/**
 * Where the award from faults loses, and what it would take: the award recomputed with one item's
 * deduction replaced by the simulated judges' true deduction for that fault (a perfect measurement
 * of it, counted whether or not the app counts it), then with every item so replaced. Each line's
 * allowance for the unseen is refitted (quarter points 0–2) so a line is not judged by an allowance
 * fitted to another. The shown score's MAE uses the app's own blend (half model, half checklist).
 */
function printHeadroom(
  rows: ReadonlyArray<{ checklist: ExecutionChecklist; trueDeductions: Record<string, number>; panelAward: number; official: number; modelScore: number; dd: number }>,
  mae: (a: number[], b: number[]) => number,
): void {
  const panel = rows.map((r) => r.panelAward), official = rows.map((r) => r.official);
  const truthOf = (row: (typeof rows)[number], id: ExecutionItemId) => (SIMULATED_FAULTS[id] ?? []).reduce((s, f) => s + (row.trueDeductions[f] ?? 0), 0);
  const evaluate = (perfect: ReadonlySet<ExecutionItemId>) => {
    let best = { allowance: 0, awardMae: Number.POSITIVE_INFINITY, scoreMae: Number.NaN };
    for (let allowance = 0; allowance <= 2; allowance += 0.25) {
      const points = rows.map((row) => [...row.checklist.items.flatMap((i) => (!i.applies ? [] : perfect.has(i.id) ? [truthOf(row, i.id)] : i.reliable && i.deduction !== null ? [i.deduction] : i.assumed !== null ? [i.assumed] : [])), allowance]);
      const awards = points.map((p) => awardFromDeductions(p));
      const awardMae = mae(awards, panel);
      if (awardMae < best.awardMae) {
        const counted = rows.map((row) => row.checklist.items.filter((i) => i.applies && (perfect.has(i.id) || (i.reliable && i.deduction !== null))).length);
        const shown = rows.map((row, k) => blendChecklist(row.modelScore, { expectedAward: expectedAward(points[k] ?? []), counted: counted[k] ?? 0 }, row.dd).predictedScore);
        best = { allowance, awardMae, scoreMae: mae(shown, official) };
      }
    }
    return best;
  };
  const line = (label: string, perfect: ReadonlySet<ExecutionItemId>) => {
    const b = evaluate(perfect);
    console.log(`  ${label.padEnd(34)} award MAE ${b.awardMae.toFixed(3)}  shown score MAE ${b.scoreMae.toFixed(2)} points  (allowance ${b.allowance.toFixed(2)})`);
  };
  console.log(`headroom: the award from faults and the shown score if an item's deduction were the simulated judges' own for that fault (the allowance refitted per line; the app's is ${UNSEEN_FAULTS_ALLOWANCE}):`);
  line('as measured', new Set());
  const ids = (Object.keys(SIMULATED_FAULTS) as ExecutionItemId[]).filter((id) => (SIMULATED_FAULTS[id] ?? []).length > 0);
  for (const id of ids) line(`${id} perfect`, new Set([id]));
  line('every item perfect', new Set(ids));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

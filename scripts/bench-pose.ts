/**
 * npm run bench:pose -- [--data DIR] [--backend NAME[,NAME…]] [--orientation none|upright|tta4[,…]] [--variants JSON;JSON] [--quick]
 *
 * Runs the app's full pose stage (tracking, crop, orientation, repair, smoothing — exactly as the
 * app runs it, in Debian's Chromium through the app's own worker) over the frames of each dive
 * in DIR (annotations.json + images/, the FineDiving-Pose examples format), and scores it with
 * PCKh@0.5 against the human annotations, which the stage never sees. Prints a table per
 * configuration; the last line is `PCKh@0.5 <value> (<config>)` for the app's default.
 * Also writes the default configuration's error statistics (per joint, by body orientation) to
 * models/pose/pose-error-stats.json, which the dive simulator's pose-noise model reads.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_POSE_BACKEND } from '../src/pipeline/pose/defaults.ts';
import type { BackendId } from '../src/pipeline/pose/backends/types.ts';
import { BACKENDS } from '../src/pipeline/pose/backends/types.ts';
import type { PoseStageConfig } from '../src/pipeline/pose/poseStage.ts';
import { DEFAULT_POSE_STAGE_CONFIG } from '../src/pipeline/pose/poseStage.ts';
import { MPII_JOINTS } from '../src/pipeline/pose/skeleton.ts';
import { evaluateDives, formatTable, type DiveTruth, type EvaluatedRun } from './lib/poseEval.ts';
import { launchBrowser } from './lib/chromium.ts';
import { buildAndServe } from './lib/serveApp.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(repoRoot, '../shared/data/finediving-pose-examples') },
    backend: { type: 'string' },
    orientation: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    'stats-out': { type: 'string', default: join(repoRoot, 'models/pose/pose-error-stats.json') },
    /** Extra stage settings to compare, as JSON objects separated by ';', e.g. '{"smoothing":false};{"search":"full-frame"}'. */
    variants: { type: 'string' },
    /** Write every run's raw outputs (joints per frame) here, for analysis. */
    dump: { type: 'string' },
  },
});

const dataDir = resolve(values.data);
if (!existsSync(join(dataDir, 'annotations.json'))) {
  console.log(`bench:pose skipped: no annotations.json in ${dataDir} (the shared FineDiving-Pose examples are absent on this machine).`);
  process.exit(0);
}

interface AnnotationFile {
  joint_names: string[];
  frames: Array<{ image: string; dive: string; joints: number[][]; visible: number[] }>;
}
const annotations = JSON.parse(readFileSync(join(dataDir, 'annotations.json'), 'utf8')) as AnnotationFile;
if (annotations.joint_names.join() !== MPII_JOINTS.join()) throw new Error('annotations.json joint order differs from the MPII-16 order');

// Dives in frame order (image names are sequential within a dive).
const dives = new Map<string, AnnotationFile['frames']>();
for (const frame of [...annotations.frames].sort((a, b) => a.image.localeCompare(b.image))) {
  const list = dives.get(frame.dive) ?? [];
  list.push(frame);
  dives.set(frame.dive, list);
}
const truths: DiveTruth[] = [...dives.entries()].map(([dive, frames]) => ({
  dive,
  joints: frames.map((f) => f.joints),
  visible: frames.map((f) => f.visible),
}));
const payload = [...dives.entries()].map(([dive, frames]) => ({
  dive,
  images: frames.map((f) => readFileSync(join(dataDir, 'images', f.image)).toString('base64')),
}));

const ALL_BACKENDS: BackendId[] = ['blazepose-full', 'blazepose-lite', 'mediapipe-lite', 'mediapipe-full', 'mediapipe-heavy', 'movenet-lightning', 'movenet-thunder', 'mediapipe-lite+blazepose-full'];
const backends: BackendId[] = values.backend ? (values.backend.split(',') as BackendId[]) : values.quick ? [DEFAULT_POSE_BACKEND] : ALL_BACKENDS;
for (const b of backends) if (!(b in BACKENDS)) throw new Error(`unknown backend ${b}; one of ${Object.keys(BACKENDS).join(', ')}`);

/**
 * What to compare. Without --orientation/--variants: every backend in the app's default stage
 * configuration, then, for the default backend, the alternatives the default was chosen against
 * (crop as filmed or best of four turns, the whole frame every time, mirrored TTA, no temporal
 * post-processing, a higher joint threshold).
 */
interface Planned { backend: BackendId; config: Partial<PoseStageConfig> }
const plan: Planned[] = [];
if (values.orientation || values.variants) {
  const orientations = (values.orientation?.split(',') ?? [DEFAULT_POSE_STAGE_CONFIG.orientation]) as Array<PoseStageConfig['orientation']>;
  const variants = (values.variants?.split(';') ?? ['{}']).map((v) => JSON.parse(v) as Partial<PoseStageConfig>);
  for (const backend of backends) for (const orientation of orientations) for (const variant of variants) plan.push({ backend, config: { orientation, ...variant } });
} else {
  for (const backend of backends) plan.push({ backend, config: {} });
  if (!values.quick && backends.includes(DEFAULT_POSE_BACKEND)) {
    for (const orientation of ['none', 'tta4'] as const) plan.push({ backend: DEFAULT_POSE_BACKEND, config: { orientation } });
    plan.push({ backend: DEFAULT_POSE_BACKEND, config: { search: 'full-frame' } });
    plan.push({ backend: DEFAULT_POSE_BACKEND, config: { flipTta: true } });
    plan.push({ backend: DEFAULT_POSE_BACKEND, config: { smoothing: false, swapCorrection: false } });
    plan.push({ backend: DEFAULT_POSE_BACKEND, config: { minJointConfidence: 0.2 } });
  }
}

const app = await buildAndServe({ skipBuild: values['skip-build'], benchPage: true });
const browser = await launchBrowser();
const runs: EvaluatedRun[] = [];
const dumps: Array<{ config: string; outputs: unknown }> = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(new URL('bench.html', app.url).href);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  const fps = 25;
  for (const { backend, config } of plan) {
    const started = Date.now();
    const outputs = await page.evaluate(({ payload, backend, config, fps }) => window.runPoseBench(payload, backend, config, fps), { payload, backend, config, fps });
    const run = evaluateDives(outputs, truths, config.minJointConfidence ?? DEFAULT_POSE_STAGE_CONFIG.minJointConfidence);
    if (values.dump) dumps.push({ config: run.config, outputs });
    runs.push(run);
    console.log(`${run.config}: PCKh@0.5 ${run.overall16.toFixed(3)} (16 joints), ${run.overall12.toFixed(3)} (12 limb joints), ${(Date.now() - started) / 1000}s`);
  }
} finally {
  await browser.close();
  await app.close();
}

if (values.dump) writeFileSync(values.dump, JSON.stringify(dumps));
console.log(`\nPose benchmark on ${dataDir} — ${truths.reduce((n, d) => n + d.joints.length, 0)} frames in ${truths.length} dives (${truths.map((d) => `${d.dive}: ${d.joints.length}`).join(', ')})\n`);
console.log(formatTable(runs));

const defaultRun = runs.find((r, i) => plan[i]?.backend === DEFAULT_POSE_BACKEND && Object.keys(plan[i]?.config ?? {}).length === 0);
if (defaultRun) {
  writeFileSync(values['stats-out'], `${JSON.stringify({ ...defaultRun.errorStats, measuredOn: `${dataDir.includes('finediving-pose-examples') ? 'FineDiving-Pose examples (real broadcast frames)' : dataDir}`, config: defaultRun.config, generatedBy: 'npm run bench:pose' }, null, 2)}\n`);
  console.log(`error statistics of the default configuration written to ${values['stats-out']}`);
  console.log(`PCKh@0.5 ${defaultRun.overall16.toFixed(3)} (${defaultRun.config})`);
} else {
  const best = [...runs].sort((a, b) => b.overall16 - a.overall16)[0];
  if (best) console.log(`PCKh@0.5 ${best.overall16.toFixed(3)} (${best.config}; not the app default)`);
}

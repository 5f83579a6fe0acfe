/**
 * `npm run eval:app -- [--count N] [--seed S] [--size WxH] [--pack DIR …] [--parallel P] [--cache DIR] [--no-samples] [--replay K] [--cut] [--underwater] [--slow-motion K] [--skip-build --dist DIR] [--poses-only]`
 *
 * The score measured where the user looks: simulated dives rendered as MP4 at a broadcast-like
 * size, each opened in the real app in Chromium (production build) exactly as a judge does —
 * dive number and height entered, clip opened, the default pose stage over every frame, scene
 * track, splash, encoder, stages, comparison and vote — and the score the page shows compared
 * with the dive's official score. The seed differs from the training data's (11), so none of
 * these dives was seen in training.
 *
 * Prints per pack: SRCC, MAE (points), R-L2 ×100, AIoU@0.5/0.75 on the clips the app scored, how
 * many it refused (and why), then a row per bundled sample, and the pack's noise-model figures
 * from its manifest beside the end-to-end ones so the gap is visible.
 *
 * Resumable: each clip's result (and the app's pose of it) is cached under the cache folder
 * (default .cache/eval-app, never committed), keyed by render seed and size, pose configuration,
 * pack and the scoring code (a hash of its source); a rerun scores only what is missing. P pages run side by side (default 2: both cores).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKLIST_SHARE } from '../src/pipeline/aqa/analysis.ts';
import { SAMPLING_SHIFTS } from '../src/pipeline/aqa/inputs.ts';
import type { Browser, Page } from 'playwright-core';
import { STAGE_SPLITS_AVERAGED, transitionsFromSteps, stageIoU, type FrameTransitions } from '../src/pipeline/aqa/stages.ts';
import type { AnalysisSnapshot, PoseSnapshot } from '../src/ui/automation.ts';
import { aqaMetrics, type AqaMetrics } from '../training/eval/metrics.ts';
import { launchBrowser } from './lib/chromium.ts';
import { buildAndServe } from './lib/serveApp.ts';
import { APP_POSE_CONFIG, appPosePath, OtherClipsPosesError, readAppPoseFile, renderSetName, warnIfRounded, writeAppPoseFile } from './lib/appPoseCache.ts';
import { openPackForAnalysis, scoreClipInNode } from './lib/nodeAnalysis.ts';
import { scoringCodeDir } from './lib/scoringCode.ts';
import { boundariesToFrames } from '../src/pipeline/aqa/stages.ts';
import { unjudgeableReason } from '../src/pipeline/aqa/judgeable.ts';
import type { PackScorer } from '../src/pipeline/aqa/packScorer.ts';
import { heightOf } from '../training/train/data.ts';
import { readFineDivingAnnotations } from '../training/data/fineDiving.ts';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '150' },
    seed: { type: 'string', default: '2026' },
    size: { type: 'string', default: '640x360' },
    pack: { type: 'string', multiple: true },
    parallel: { type: 'string', default: '2' },
    cache: { type: 'string', default: '.cache/eval-app' },
    'skip-build': { type: 'boolean', default: false },
    /** Serve this production build (with --skip-build: the e2e run's own dist/). */
    dist: { type: 'string' },
    'no-samples': { type: 'boolean', default: false },
    /**
     * Score in Node with the app's clip analysis (scripts/lib/nodeAnalysis.ts, proved identical to
     * the browser's by e2e/pipeline-parity.spec.ts) over the poses the app computed in Chromium on an
     * earlier run (cached per clip): minutes instead of an hour, for choosing among packs. Only the
     * second-diver check is not repeated (it needs the pose stage). Final figures: without --node.
     */
    node: { type: 'boolean', default: false },
    /** Write the end-to-end figures into each pack's manifest (metrics, split "end-to-end"), replacing an earlier record. */
    record: { type: 'boolean', default: false },
    /** With --node: vote over this many exemplars instead of the pack's default N (to choose a pack's default). */
    'vote-n': { type: 'string' },
    /** Pose configuration of the cached poses --node reads (default: the app's default pose stage). */
    'pose-config': { type: 'string', default: APP_POSE_CONFIG },
    /**
     * Broadcast structure: each dive followed by a cut to a replay of it this many times slower
     * (`npm run sim -- --replay K`); the official score and stages are the live dive's.
     */
    replay: { type: 'string' },
    /**
     * Only compute and cache the app's poses of the clips that have none yet (training data, a pack's
     * exemplar skeletons), with the first pack; no figures. Scored results are keyed by the scoring
     * code, so a plain rerun after a code change analyses every clip again, poses included.
     */
    'poses-only': { type: 'boolean', default: false },
    /** Broadcast structure: each dive cut to a second camera around its entry (`npm run sim -- --cut-at-entry`). */
    cut: { type: 'boolean', default: false },
    /** Broadcast structure: each dive cut to an underwater camera just after its entry (`npm run sim -- --underwater`). */
    underwater: { type: 'boolean', default: false },
    /** Each clip a replay saved alone: the dive this many times slower than real time (`npm run sim -- --slow-motion K`). */
    'slow-motion': { type: 'string' },
  },
});

const root = resolve(import.meta.dirname, '..');
const cache = resolve(root, args.cache);
const count = Number(args.count);
const parallel = Math.max(1, Number(args.parallel));
const replay = args.replay === undefined ? null : Number(args.replay);
if (replay !== null && !(replay >= 1 && replay <= 10)) throw new Error(`--replay takes a slowdown from 1 to 10, got ${args.replay}`);
// The manifest's end-to-end record is the plain set's: broadcast structure is reported, not recorded.
const slowMotion = args['slow-motion'] === undefined ? null : Number(args['slow-motion']);
if (slowMotion !== null && !(slowMotion >= 1 && slowMotion <= 10)) throw new Error(`--slow-motion takes a slowdown from 1 to 10, got ${args['slow-motion']}`);
if (slowMotion !== null && (replay !== null || args.cut || args.underwater)) throw new Error('--slow-motion renders a replay alone: not with --replay, --cut or --underwater');
if (args.cut && args.underwater) throw new Error('--cut or --underwater: one camera after the entry, not both');
if (args.record && (replay !== null || args.cut || args.underwater || slowMotion !== null)) throw new Error('--record is for the plain render (without --replay, --cut, --underwater or --slow-motion)');
/** The rendered set's name in the caches: seed, size, and the broadcast structure rendered. */
const renderSet = renderSetName(args.seed, args.size, { cut: args.cut, underwater: args.underwater, replay, slowMotion });
const renders = join(cache, 'renders', `${renderSet}-n${count}`);
const packs = (args.pack ?? ['models/hpmcore-pose-sim']).map((p) => resolve(root, p));

interface Clip {
  /** e.g. "Sim10mPlatform_7judges/12" or "sample:sim-407C-10m". */
  id: string;
  path: string;
  dive: string;
  height: string;
  dd: number;
  officialScore: number;
  truth: FrameTransitions | null;
  frameCount: number | null;
}

interface ClipResult {
  id: string;
  pack: string;
  status: string;
  predicted: number | null;
  /** The model's own score, before the checklist's half (absent in results from before 2026-12-05). */
  modelScore?: number | null;
  officialScore: number;
  transitions: FrameTransitions | null;
  truth: FrameTransitions | null;
  frameCount: number;
  notice: string | null;
  poseConfig: string | null;
  seenShare: number;
  seconds: number;
}

function renderClips(): Clip[] {
  const annotations = join(renders, 'annotations.json');
  if (!existsSync(annotations)) {
    console.log(`Rendering ${count} dives (seed ${args.seed}, ${args.size}) into ${renders} …`);
    execFileSync('npm', ['run', '-s', 'sim', '--', '--count', String(count), '--out', renders, '--seed', String(args.seed), '--size', String(args.size), '--video', '--no-frames', ...(replay === null ? [] : ['--replay', String(replay)]), ...(args.cut ? ['--cut-at-entry'] : []), ...(args.underwater ? ['--underwater'] : []), ...(slowMotion === null ? [] : ['--slow-motion', String(slowMotion)])], { stdio: 'inherit', cwd: root });
  }
  const records = readFineDivingAnnotations(annotations).records;
  return records.map((r) => {
    const truth = JSON.parse(readFileSync(join(renders, 'truth', r.event, `${r.index}.json`), 'utf8')) as { dive: { height: string } };
    return {
      id: r.id,
      path: join(renders, 'videos', r.event, `${r.index}.mp4`),
      dive: r.dive_number,
      height: truth.dive.height,
      dd: r.difficulty,
      officialScore: r.dive_score,
      truth: transitionsFromSteps(r.steps_transit_frames),
      frameCount: r.end_frame - r.start_frame + 1,
    };
  });
}

function sampleClips(): Clip[] {
  if (args['no-samples']) return [];
  const samples = (JSON.parse(readFileSync(join(root, 'public/samples/samples.json'), 'utf8')) as { samples: Array<{ id: string; fileName: string; diveNumber: string; height: string; dd: number; officialScore: number; stageTransitions?: [number, number] }> }).samples;
  return samples.map((s) => ({
    id: `sample:${s.id}`,
    path: join(root, 'public/samples', s.fileName),
    dive: s.diveNumber,
    height: s.height,
    dd: s.dd,
    officialScore: s.officialScore,
    truth: s.stageTransitions ? transitionsFromSteps(s.stageTransitions) : null,
    frameCount: null,
  }));
}

interface PackInfo {
  dir: string;
  key: string;
  id: string;
  version: string;
  noiseModel: { [k: string]: unknown } | null;
}


function packInfo(dir: string): PackInfo {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { id: string; version: string; metrics?: Array<{ [k: string]: unknown }> };
  const test = manifest.metrics?.find((m) => m.split === 'test') ?? null;
  const noiseModel = test ? Object.fromEntries(['clips', 'srcc', 'rl2x100', 'aiou50', 'aiou75'].filter((k) => typeof test[k] === 'number').map((k) => [k, test[k]])) : null;
  return { dir, key: `${manifest.id}@${manifest.version}`, id: manifest.id, version: manifest.version, noiseModel };
}

const voteN = args['vote-n'] ? Number(args['vote-n']) : null;
if (voteN !== null && (!args.node || args.record || !Number.isInteger(voteN) || voteN < 1)) throw new Error('--vote-n takes a positive whole number, with --node and without --record (the manifest records the pack\'s own N)');
// Results are filed under the pose configuration too: a change to the pose stage must not reuse
// scores computed from the poses of the one before (results from before 2026-12-04 sit directly
// under the pack's key: the poses without '+halves').
const poseDir = args['pose-config'].replace(/[^A-Za-z0-9.-]+/g, '_');
// …and under how the score is made: since 2026-12-05 half of it is the checklist's award
// (CHECKLIST_SHARE); the model-only scores before that stay under the pack's key alone.
const scoreMethod = CHECKLIST_SHARE > 0 ? `+checklist${CHECKLIST_SHARE}` : '';
// …and under the scoring code's source (scripts/lib/scoringCode.ts; since 2026-12-05).
const codeDir = scoringCodeDir(root);
const resultPath = (pack: PackInfo, clip: Clip) => join(cache, args.node ? 'results-node' : 'results', `${voteN ? `${pack.key}-n${voteN}` : pack.key}${scoreMethod}`, poseDir, codeDir, clip.id.startsWith('sample:') ? 'samples' : renderSet, `${clip.id.replace(/[/:]/g, '_')}.json`);
const poseGroup = (clip: Clip) => (clip.id.startsWith('sample:') ? 'samples' : renderSet);
/** Where the app's cached poses of a clip lie, for the pose configuration this run reads. */
const cachedPosePath = (clip: Clip) => appPosePath(join(cache, 'poses'), poseGroup(clip), args['pose-config'], clip.id);
/** The clip's cached poses; null where there are none or they are another clip's (then analysed again). */
function cachedPoseOf(clip: Clip): ReturnType<typeof readAppPoseFile> {
  try {
    return readAppPoseFile(cachedPosePath(clip), clip.frameCount ?? undefined);
  } catch (e) {
    if (!(e instanceof OtherClipsPosesError)) throw e;
    console.warn(`\n${e.message}`);
    return null;
  }
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
}

async function openPage(browser: Browser, url: string, pack: PackInfo, bundled: boolean): Promise<Page> {
  // No service worker: its precache download (45 MB) would share the machine with what is measured.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`\npage error: ${e.message}`));
  await page.addInitScript(() => {
    localStorage.setItem('divejudge.settings', JSON.stringify({ state: { inferenceProvider: 'wasm', autoPose: true, autoAnalyze: true }, version: 0 }));
  });
  await page.goto(url);
  await page.getByTestId('pack-trained-on').waitFor({ timeout: 120_000 });
  if (!bundled) {
    await page.getByTestId('pack-folder-input').setInputFiles(pack.dir);
    await page.waitForFunction((id) => document.querySelector('[data-testid="active-pack"]')?.textContent?.includes(id) || document.querySelector('[data-testid="pack-error"]'), pack.id, { timeout: 120_000 });
  }
  return page;
}

async function scoreClip(page: Page, clip: Clip, pack: PackInfo): Promise<ClipResult> {
  const started = performance.now();
  await page.getByTestId('dive-height').selectOption(clip.height);
  await page.getByTestId('dive-code').fill(clip.dive);
  // Every clip is opened under a name of its own: the wait below tells this clip's analysis by its
  // name, and the simulator names every event's dives 1.mp4, 2.mp4 … Until 2026-12-05 two dives of
  // one name analysed one after the other on a page were taken for each other (the earlier clip,
  // rescored with the later one's dive number, filed as the later one: 2 of seed 11's 100 dives).
  // Filed by render set as well: every seed names its dives alike, and a copy left by another
  // seed's run must not stand in for this one's clip.
  const inputs = join(cache, 'clip-inputs', poseGroup(clip));
  const named = join(inputs, `${clip.id.replace(/[/:]/g, '_')}.mp4`);
  if (!existsSync(named)) {
    mkdirSync(inputs, { recursive: true });
    copyFileSync(clip.path, named);
  }
  const name = named.split('/').pop() ?? '';
  await page.getByTestId('file-input').setInputFiles(named);
  await page.waitForFunction(
    (fileName) => {
      const hook = (window as unknown as { divejudge: { analysis(): AnalysisSnapshot; pose(): PoseSnapshot } }).divejudge;
      const a = hook.analysis();
      const clipError = document.querySelector('[data-testid="clip-error"]');
      if (clipError) return true;
      return a.clipName === fileName && ['scored', 'encoded', 'error'].includes(a.status) && hook.pose().forClip;
    },
    name,
    { timeout: 600_000, polling: 200 },
  );
  const snapshot = await page.evaluate(() => {
    const hook = (window as unknown as { divejudge: { analysis(): AnalysisSnapshot; pose(): PoseSnapshot } }).divejudge;
    return { analysis: hook.analysis(), pose: hook.pose(), clipError: document.querySelector('[data-testid="clip-error"]')?.textContent ?? null };
  });
  if (snapshot.clipError) await page.getByTestId('clip-error').getByRole('button').click();
  else if (clip.frameCount !== null && snapshot.pose.frameCount !== clip.frameCount) throw new Error(`${clip.id}: the page's analysis has ${snapshot.pose.frameCount} frames, the clip ${clip.frameCount}: it is not this clip's`);
  const a = snapshot.analysis;
  const summary = a.summary as { predictedScore: number; modelScore?: number } | null;
  const frameCount = snapshot.pose.frameCount;
  const seen = snapshot.pose.detected.reduce((s, d) => s + d, 0);
  // After a clip error the page still holds the previous clip: nothing of it belongs to this one.
  if (!snapshot.clipError && snapshot.pose.config && snapshot.pose.forClip && snapshot.pose.config !== args['pose-config']) {
    throw new Error(`the app's pose configuration is ${snapshot.pose.config}, not ${args['pose-config']}: pass --pose-config so its results are not filed under another configuration`);
  }
  if (!snapshot.clipError && snapshot.pose.config && snapshot.pose.forClip) {
    const p = snapshot.pose;
    writeAppPoseFile(appPosePath(join(cache, 'poses'), poseGroup(clip), p.config as string, clip.id), { config: p.config as string, frameCount, width: p.width, height: p.height, fps: p.fps, joints: p.joints, boxes: p.boxes, detected: p.detected, repaired: p.repaired });
  }
  return {
    id: clip.id,
    pack: pack.key,
    status: snapshot.clipError ? 'clip-error' : a.status,
    predicted: !snapshot.clipError && a.status === 'scored' && summary ? summary.predictedScore : null,
    modelScore: !snapshot.clipError && a.status === 'scored' && summary ? (summary.modelScore ?? summary.predictedScore) : null,
    officialScore: clip.officialScore,
    transitions: a.transitions,
    truth: clip.truth,
    frameCount,
    notice: snapshot.clipError ?? a.notice,
    poseConfig: snapshot.pose.config,
    seenShare: frameCount > 0 ? seen / frameCount : 0,
    seconds: (performance.now() - started) / 1000,
  };
}

/** One clip scored in Node from the app's cached poses of it (--node). */
async function scoreClipFromCachedPose(scorer: PackScorer, clip: Clip, pack: PackInfo): Promise<ClipResult> {
  const started = performance.now();
  const pose = cachedPoseOf(clip);
  warnIfRounded(pose);
  if (!pose) throw new Error(`${clip.id}: no cached app poses of this clip (${args['pose-config']}); run eval:app --poses-only first`);
  const { detected } = pose;
  const { clip: analysed, summary } = await scoreClipInNode(scorer, clip.path, pose, { diveNumber: clip.dive, height: heightOf(clip.height) || null, dd: clip.dd }, voteN ?? undefined);
  const transitions = boundariesToFrames(analysed.boundaries, analysed.frameIndices);
  const refusal = unjudgeableReason(detected, transitions);
  return {
    id: clip.id,
    pack: pack.key,
    status: refusal ? 'refused' : 'scored',
    predicted: refusal ? null : summary.predictedScore,
    modelScore: refusal ? null : (summary.modelScore ?? summary.predictedScore),
    officialScore: clip.officialScore,
    transitions,
    truth: clip.truth,
    frameCount: pose.frameCount,
    notice: refusal,
    poseConfig: args['pose-config'],
    seenShare: detected.reduce((a: number, d: number) => a + d, 0) / pose.frameCount,
    seconds: (performance.now() - started) / 1000,
  };
}


function progress(done: number, total: number, started: number): void {
  const width = 28;
  const filled = Math.round((width * done) / Math.max(1, total));
  const elapsed = (performance.now() - started) / 1000;
  const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} clips  ETA ${Number.isFinite(eta) ? `${Math.floor(eta / 60)}m${String(Math.round(eta % 60)).padStart(2, '0')}s` : '--'}   `);
  if (done === total) process.stderr.write('\n');
}

function metricsOf(results: ClipResult[]): { metrics: AqaMetrics | null; refused: ClipResult[] } {
  const scored = results.filter((r) => r.predicted !== null);
  const refused = results.filter((r) => r.predicted === null);
  if (scored.length < 2) return { metrics: null, refused };
  const ious = scored.map((r) => (r.transitions && r.truth ? stageIoU(r.transitions, r.truth, r.frameCount) : 0));
  return { metrics: aqaMetrics(scored.map((r) => r.officialScore), scored.map((r) => r.predicted as number), ious), refused };
}

async function main(): Promise<void> {
  const clips = renderClips();
  const samples = sampleClips();
  const infos = packs.map(packInfo);
  const all: Map<string, ClipResult[]> = new Map(infos.map((p) => [p.key, []]));
  if (args.node) {
    for (const pack of infos) {
      const todo = [...samples, ...clips];
      const pending = todo.filter((c) => !existsSync(resultPath(pack, c)));
      console.log(`\n${pack.key}: ${todo.length - pending.length} of ${todo.length} clips cached, ${pending.length} to score in Node`);
      const scorer = await openPackForAnalysis(pack.dir);
      const started = performance.now();
      progress(0, pending.length, started);
      for (const [k, clip] of pending.entries()) {
        writeJson(resultPath(pack, clip), await scoreClipFromCachedPose(scorer, clip, pack));
        progress(k + 1, pending.length, started);
      }
      for (const c of todo) (all.get(pack.key) as ClipResult[]).push(JSON.parse(readFileSync(resultPath(pack, c), 'utf8')) as ClipResult);
    }
    report(clips, samples, infos, all);
    return;
  }
  const served = await buildAndServe({ skipBuild: args['skip-build'], outDir: args.dist ? resolve(root, args.dist) : join(cache, 'dist') });
  const browser = await launchBrowser();
  try {
    const posesOnly = args['poses-only'];
    for (const [p, pack] of (posesOnly ? infos.slice(0, 1) : infos).entries()) {
      const todo = [...samples, ...clips];
      const pending = todo.filter((c) => (posesOnly ? !cachedPoseOf(c) : !existsSync(resultPath(pack, c))));
      console.log(posesOnly ? `\n${todo.length - pending.length} of ${todo.length} clips have the app's poses cached; ${pending.length} to analyse (${parallel} pages)` : `\n${pack.key}: ${todo.length - pending.length} of ${todo.length} clips cached, ${pending.length} to score (${parallel} pages)`);
      const started = performance.now();
      let done = 0;
      progress(0, pending.length, started);
      const queue = [...pending];
      await Promise.all(
        Array.from({ length: Math.min(parallel, pending.length) }, async () => {
          const page = await openPage(browser, served.url, pack, p === 0 && pack.dir.endsWith('hpmcore-pose-sim'));
          try {
            for (let clip = queue.shift(); clip; clip = queue.shift()) {
              const result = await scoreClip(page, clip, pack);
              if (!posesOnly) writeJson(resultPath(pack, clip), result);
              progress(++done, pending.length, started);
            }
          } finally {
            await page.context().close();
          }
        }),
      );
      if (posesOnly) continue;
      for (const c of todo) (all.get(pack.key) as ClipResult[]).push(JSON.parse(readFileSync(resultPath(pack, c), 'utf8')) as ClipResult);
    }
  } finally {
    await browser.close();
    await served.close();
  }
  if (args['poses-only']) {
    const missing = [...samples, ...clips].filter((c) => !cachedPoseOf(c));
    console.log(`\nThe app's poses are cached for ${samples.length + clips.length - missing.length} of ${samples.length + clips.length} clips${missing.length ? `; none for ${missing.slice(0, 5).map((c) => c.id).join(', ')}${missing.length > 5 ? ', …' : ''} (a clip the app could not open)` : ''}.`);
    return;
  }
  report(clips, samples, infos, all);
}

/** The end-to-end figures as the pack's own record of what it scores where the user looks. */
function recordInManifest(pack: PackInfo, m: AqaMetrics, scored: number, refused: number): void {
  const path = join(pack.dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { metrics: Array<{ split: string }>; voting: { defaultN: number } };
  const where = args.node ? "Node running the app's clip analysis over the poses the app computed in Chromium" : 'the app in Chromium';
  const data = `end to end (npm run eval:app${args.node ? ' -- --node' : ''}): ${scored + refused} simulated dives rendered as MP4 (seed ${args.seed}, ${args.size}, 25 fps, ${args.seed === '11' ? 'the training seed' : 'never used in training'}), ${where}: pose stage (${args['pose-config']}), scene track, splash, encoder, stages, vote (over ${SAMPLING_SHIFTS.length} samplings of the clip's frames and each one's ${STAGE_SPLITS_AVERAGED} likeliest stage splits)${CHECKLIST_SHARE > 0 ? `, the score shown (the model's and, with share ${CHECKLIST_SHARE}, the execution checklist's award)` : ''}; ${refused} not scored by the app; ${new Date().toISOString().slice(0, 10)}`;
  const round = (v: number) => Math.round(v * 10000) / 10000;
  const record = { split: 'end-to-end', data, clips: scored, voteN: manifest.voting.defaultN, srcc: round(m.srcc), rl2x100: round(m.rl2x100), aiou50: round(m.aiou50), aiou75: round(m.aiou75), mae: Math.round(m.mae * 100) / 100 };
  manifest.metrics = [...manifest.metrics.filter((r) => r.split !== 'end-to-end'), record];
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`    recorded in ${path}`);
}

function report(clips: Clip[], samples: Clip[], infos: PackInfo[], all: Map<string, ClipResult[]>): void {
  const where = args.node ? `Node, the app's clip analysis over the poses the app computed in Chromium (cached), WASM` : 'Chromium, WASM, default pose stage';
  // Seed 11 is the training data's (the header comment): its dives are not held out.
  const heldOut = args.seed === '11' ? 'of the training seed (not held out: only for tuning on training dives)' : 'never used in training';
  const structure = [args.cut ? 'cut to a second camera around the entry' : '', args.underwater ? 'cut to an underwater camera just after the entry' : '', replay !== null ? `followed by a replay ${replay}× slower` : '', slowMotion !== null ? `a replay alone, ${slowMotion}× slower than real time` : ''].filter(Boolean).join(', ');
  console.log(`\neval:app — the app's own pipeline on video (${where}), ${clips.length} simulated dives ${heldOut} (seed ${args.seed}, ${args.size}, 25 fps${structure ? `; each ${structure}` : ''})`);
  console.log('pack                    clips  scored  SRCC    MAE    R-L2×100  AIoU@0.5  AIoU@0.75  s/clip | the manifest\'s export-time test figures (inputs fed straight to the graphs: noise-model poses for packs before 2.0)');
  for (const pack of infos) {
    const results = (all.get(pack.key) ?? []).filter((r) => !r.id.startsWith('sample:'));
    const { metrics, refused } = metricsOf(results);
    const seconds = results.reduce((s, r) => s + r.seconds, 0) / Math.max(1, results.length);
    const m = metrics;
    const noise = pack.noiseModel ? Object.entries(pack.noiseModel).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${(v as number).toFixed(4)}`).join(', ') : 'none in the manifest';
    console.log(`${pack.key.padEnd(22)}  ${String(results.length).padStart(5)}  ${String(results.length - refused.length).padStart(6)}  ${m ? m.srcc.toFixed(4) : '  —   '}  ${m ? m.mae.toFixed(2).padStart(5) : '  —  '}  ${m ? m.rl2x100.toFixed(4).padStart(8) : '   —    '}  ${m ? (100 * m.aiou50).toFixed(1).padStart(8) : '   —    '}  ${m ? (100 * m.aiou75).toFixed(1).padStart(9) : '    —    '}  ${seconds.toFixed(1).padStart(6)} | ${noise}`);
    const reasons = new Map<string, number>();
    for (const r of refused) reasons.set((r.notice ?? r.status).replace(/\d+/g, 'N'), (reasons.get((r.notice ?? r.status).replace(/\d+/g, 'N')) ?? 0) + 1);
    for (const [reason, n] of reasons) console.log(`    not scored ×${n}: ${reason}`);
    // The same clips scored by the model alone (the score before the checklist's half was added).
    const alone = results.filter((r) => r.predicted !== null && typeof r.modelScore === 'number');
    if (alone.length >= 2 && alone.length === results.length - refused.length) {
      const ma = aqaMetrics(alone.map((r) => r.officialScore), alone.map((r) => r.modelScore as number), alone.map(() => 1));
      console.log(`    the model alone, same clips: SRCC ${ma.srcc.toFixed(4)}  MAE ${ma.mae.toFixed(2)}  R-L2×100 ${ma.rl2x100.toFixed(4)}`);
    }
    // Both stage transitions within 3 frames of the rendered truth (the footage issue's measure).
    const staged = results.filter((r) => r.transitions && r.truth);
    const within3 = staged.filter((r) => Math.abs((r.transitions?.takeOffEnd ?? 0) - (r.truth?.takeOffEnd ?? 0)) <= 3 && Math.abs((r.transitions?.entryStart ?? 0) - (r.truth?.entryStart ?? 0)) <= 3);
    console.log(`    stage transitions within ±3 frames of the truth (both): ${within3.length} of ${staged.length} clips (${((100 * within3.length) / Math.max(1, staged.length)).toFixed(1)}%)`);
    if (args.record && m) recordInManifest(pack, m, results.length - refused.length, refused.length);
  }
  if (samples.length > 0) {
    console.log('\nbundled samples           official  predicted  error   stages (app / rendered truth)');
    for (const pack of infos) {
      for (const r of (all.get(pack.key) ?? []).filter((x) => x.id.startsWith('sample:'))) {
        const error = r.predicted === null ? '—' : (r.predicted - r.officialScore >= 0 ? '+' : '') + (r.predicted - r.officialScore).toFixed(2);
        const alone = typeof r.modelScore === 'number' && r.predicted !== null && r.modelScore !== r.predicted ? `   (the model alone ${r.modelScore.toFixed(2)})` : '';
        console.log(`${`${r.id.slice(7)} (${pack.id})`.padEnd(40)} ${r.officialScore.toFixed(2).padStart(8)}  ${r.predicted === null ? `— (${r.notice ?? r.status})` : r.predicted.toFixed(2).padStart(9)}  ${error.padStart(6)}   ${r.transitions ? `${r.transitions.takeOffEnd}/${r.transitions.entryStart}` : '—'} / ${r.truth ? `${r.truth.takeOffEnd}/${r.truth.entryStart}` : '—'}${alone}`);
      }
    }
  }
}

await main();

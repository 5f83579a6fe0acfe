/**
 * Writes simulated dives in FineDiving's layout (see training/data/fineDiving.ts): frames, the
 * annotation record, per-dive poses (clean truth + backend-like noisy poses), per-dive simulator
 * truth and, optionally, an MP4 clip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MPII_JOINTS } from '@divejudge/core';
import { frameFileName } from '../data/fineDiving.ts';
import type { DivePoseFile, FineDivingAnnotations, FineDivingRecord } from '../data/fineDiving.ts';
import type { SimulatedDive } from './dive.ts';
import { diveTruth, entryCutFrame, underwaterCutFrame } from './groundTruth.ts';
import type { DiveTruth } from './groundTruth.ts';
import type { LoadedStats } from './noise.ts';
import { noisyPoses } from './noise.ts';
import { SUB_ACTION_TYPES } from './program.ts';
import { Random } from './random.ts';
import { DiveRenderer } from './render.ts';

export interface WriterOptions {
  out: string;
  fps: number;
  width: number;
  height: number;
  /** Write JPEG frames (default true). */
  frames: boolean;
  /** Also write an H.264 MP4 (needs ffmpeg). */
  video: boolean;
  jpegQuality: number;
  poseStats: LoadedStats;
  /** After the live clip, a slow-motion replay of the dive (groundTruth.ts, TruthOptions.replay). */
  replay?: { slowdown: number };
  /** Cut to the second camera around the entry (groundTruth.ts, entryCutFrame). */
  cutAtEntry?: boolean;
  /** Cut to an underwater camera just after the water contact (groundTruth.ts, underwaterCutFrame). */
  underwater?: boolean;
  /** The whole clip in slow motion: a replay saved alone (groundTruth.ts, TruthOptions.slowMotion). */
  slowMotion?: { slowdown: number };
}

const round = (v: number, digits = 2): number => {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
};

/** The FineDiving record of a simulated dive (clip-relative frames: start_frame 0). */
export function recordFor(dive: SimulatedDive, truth: DiveTruth, index: number): FineDivingRecord {
  return {
    id: `${dive.event}/${index}`,
    event: dive.event,
    index,
    dive_number: dive.program.code,
    dive_score: dive.judging.officialScore,
    difficulty: dive.program.dd,
    judge_scores: [...dive.judging.awards],
    start_frame: 0,
    end_frame: truth.frameCount - 1,
    steps_transit_frames: [...truth.stepsTransitFrames],
    frames_labels: [...truth.framesLabels],
  };
}

/** Everything the simulator knows about a dive, as written to truth/<event>/<index>.json. */
export interface SimTruthFile {
  format: 'divejudge-sim-truth/1';
  id: string;
  seed: string;
  runIndex: number;
  dive: { code: string; name: string; height: string; apparatus: string; dd: number; headFirst: boolean; somersaults: number; twists: number; position: string };
  diver: { sex: string; statureM: number; massKg: number; skill: number; appearance: SimulatedDive['appearance'] };
  faults: SimulatedDive['faults'];
  majorError: string | null;
  observations: SimulatedDive['observations'];
  outcome: SimulatedDive['outcome'];
  judging: {
    panelSize: number;
    awards: number[];
    countedIndices: number[];
    officialScore: number;
    trueAward: number;
    stageDeductions: SimulatedDive['judging']['stageDeductions'];
    stageQuality: SimulatedDive['judging']['stageQuality'];
    deductions: SimulatedDive['judging']['deductions'];
    faultSize: number;
  };
  /** Seconds from take-off. */
  times: SimulatedDive['times'];
  stageTransitions: DiveTruth['stageTransitions'];
  /** A slow-motion replay after the live clip: its first frame and slowdown. */
  replay?: { start: number; slowdown: number };
  /** The first frame of the underwater camera. */
  underwater?: { start: number };
  /** The whole clip plays this many times slower than real time. */
  slowMotion?: { slowdown: number };
  splash: { magnitude: number; maxHeightM: number; maxWidthM: number; score: number; scorePx: number; areaM2: number[]; areaPx: number[] };
  frames: { fps: number; width: number; height: number; count: number; startTime: number; phase: string[]; orientation: string[]; motionHeads: number[]; camera: { cx: number; cy: number; scale: number; mirrored: boolean }[] };
}

export function truthFile(dive: SimulatedDive, truth: DiveTruth, id: string): SimTruthFile {
  const j = dive.judging;
  return {
    format: 'divejudge-sim-truth/1',
    id,
    seed: String(dive.seed),
    runIndex: dive.runIndex,
    dive: {
      code: dive.program.code,
      name: dive.program.dive.name,
      height: dive.program.height,
      apparatus: dive.program.apparatus,
      dd: dive.program.dd,
      headFirst: dive.program.headFirst,
      somersaults: dive.program.dive.somersaults,
      twists: dive.program.dive.twists,
      position: dive.program.dive.position,
    },
    diver: { ...dive.bodyParams, skill: dive.faultSample.skill, appearance: dive.appearance },
    faults: dive.faults,
    majorError: dive.faultSample.majorError,
    observations: dive.observations,
    outcome: dive.outcome,
    judging: {
      panelSize: j.panelSize,
      awards: j.awards,
      countedIndices: j.countedIndices,
      officialScore: j.officialScore,
      trueAward: round(j.trueAward, 3),
      stageDeductions: j.stageDeductions,
      stageQuality: j.stageQuality,
      deductions: j.deductions,
      faultSize: j.faultSize,
    },
    times: dive.times,
    stageTransitions: truth.stageTransitions,
    ...(truth.replay ? { replay: truth.replay } : {}),
    ...(truth.slowMotion ? { slowMotion: truth.slowMotion } : {}),
    ...(truth.underwater ? { underwater: truth.underwater } : {}),
    splash: {
      magnitude: dive.splash.magnitude,
      maxHeightM: dive.splash.maxHeightM,
      maxWidthM: dive.splash.maxWidthM,
      score: truth.splashScore,
      scorePx: truth.splashScorePx,
      areaM2: truth.frames.map((f) => round(f.splashAreaM2, 4)),
      areaPx: truth.frames.map((f) => round(f.splashAreaPx, 1)),
    },
    frames: {
      fps: truth.fps,
      width: truth.width,
      height: truth.height,
      count: truth.frameCount,
      startTime: truth.startTime,
      phase: truth.frames.map((f) => f.phase),
      orientation: truth.frames.map((f) => f.orientation),
      motionHeads: truth.frames.map((f) => round(f.motionHeads, 3)),
      camera: truth.frames.map((f) => ({ cx: round(f.camera.cx, 3), cy: round(f.camera.cy, 3), scale: round(f.camera.scale, 3), mirrored: f.camera.mirrored })),
    },
  };
}

export function poseFile(dive: SimulatedDive, truth: DiveTruth, id: string, stats: LoadedStats): DivePoseFile {
  const noisy = noisyPoses(truth, stats.stats, new Random(`${String(dive.seed)}/${dive.runIndex}/noise`));
  const box = (b: [number, number, number, number] | null): [number, number, number, number] | null => (b === null ? null : [round(b[0]), round(b[1]), round(b[2]), round(b[3])]);
  return {
    format: 'divejudge-sim-pose/1',
    id,
    fps: truth.fps,
    width: truth.width,
    height: truth.height,
    joint_names: [...MPII_JOINTS],
    clean: {
      joints: truth.frames.map((f) => f.joints.map(([x, y]) => [round(x), round(y)])),
      visible: truth.frames.map((f) => [...f.visible]),
      box: truth.frames.map((f) => box(f.box)),
    },
    noisy: {
      config: `sim-noise:${stats.source}`,
      detected: noisy.map((f) => (f.detected ? 1 : 0)),
      score: noisy.map((f) => round(f.score, 3)),
      joints: noisy.map((f) => Array.from(f.joints, (v, i) => (i % 3 === 2 ? round(v, 3) : round(v)))),
      box: noisy.map((f) => box(f.box)),
      swapped: noisy.map((f) => (f.swapped ? 1 : 0)),
    },
  };
}

export interface WrittenDive {
  record: FineDivingRecord;
  frameCount: number;
  /** Milliseconds spent: simulate+truth, rendering (incl. encoding), video. */
  renderMs: number;
  videoMs: number;
}

function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true });
}

/** Encodes RGBA frames to H.264 (yuv420p, even size by cropping the last odd column/row). */
export function encodeMp4(frames: Buffer[], width: number, height: number, fps: number, path: string): void {
  const result = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${width}x${height}`, '-r', String(fps), '-i', '-',
      '-vf', 'crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p',
      '-r', String(fps), '-movflags', '+faststart', '-f', 'mp4', path],
    { input: Buffer.concat(frames), maxBuffer: 1 << 26 },
  );
  if (result.error !== undefined) throw new Error(`ffmpeg could not run (apt-get install -y ffmpeg): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`ffmpeg failed for ${path}: ${result.stderr.toString().trim()}`);
}

export function writeDive(dive: SimulatedDive, index: number, options: WriterOptions): WrittenDive {
  const started = performance.now();
  const size = { fps: options.fps, width: options.width, height: options.height };
  const cutAtFrame = options.cutAtEntry ? entryCutFrame(dive, diveTruth(dive, size)) : undefined;
  const underwaterAtFrame = options.underwater ? underwaterCutFrame(dive, diveTruth(dive, size)) : undefined;
  const truth = diveTruth(dive, { ...size, ...(cutAtFrame === undefined ? {} : { cutAtFrame }), ...(underwaterAtFrame === undefined ? {} : { underwaterAtFrame }), ...(options.replay ? { replay: options.replay } : {}), ...(options.slowMotion ? { slowMotion: options.slowMotion } : {}) });
  const record = recordFor(dive, truth, index);
  const { out } = options;
  ensureDir(join(out, 'poses', dive.event));
  ensureDir(join(out, 'truth', dive.event));
  writeFileSync(join(out, 'poses', dive.event, `${index}.json`), JSON.stringify(poseFile(dive, truth, record.id, options.poseStats)));
  writeFileSync(join(out, 'truth', dive.event, `${index}.json`), JSON.stringify(truthFile(dive, truth, record.id)));
  let renderMs = 0;
  let videoMs = 0;
  const videoPath = join(out, 'videos', dive.event, `${index}.mp4`);
  // Resumable: a clip already encoded (a run stopped part-way) is kept, not rendered again.
  const videoDone = options.video && !options.frames && existsSync(videoPath);
  if ((options.frames || options.video) && !videoDone) {
    const t0 = performance.now();
    const renderer = new DiveRenderer(dive, truth);
    const frameDir = join(out, 'frames', dive.event, String(index));
    if (options.frames) ensureDir(frameDir);
    const raw: Buffer[] = [];
    for (let i = 0; i < truth.frameCount; i++) {
      const canvas = renderer.renderFrame(i);
      if (options.frames) writeFileSync(join(frameDir, frameFileName(i)), canvas.encodeSync('jpeg', options.jpegQuality));
      if (options.video) raw.push(Buffer.from(canvas.getContext('2d').getImageData(0, 0, truth.width, truth.height).data.buffer));
    }
    renderMs = performance.now() - t0;
    if (options.video) {
      const t1 = performance.now();
      ensureDir(join(out, 'videos', dive.event));
      encodeMp4(raw, truth.width, truth.height, truth.fps, `${videoPath}.part`);
      renameSync(`${videoPath}.part`, videoPath);
      videoMs = performance.now() - t1;
    }
  }
  return { record, frameCount: truth.frameCount, renderMs: renderMs || performance.now() - started, videoMs };
}

/**
 * annotations.json with FineDiving's schema; the split (about 75 % train, as FineDiving's 2251/749)
 * is a seeded shuffle of the ids, so it does not depend on the order dives finished in.
 */
export function buildAnnotations(records: FineDivingRecord[], seed: string | number, trainFraction = 0.75): FineDivingAnnotations {
  const sorted = [...records].sort((a, b) => (a.event === b.event ? a.index - b.index : a.event < b.event ? -1 : 1));
  const ids = new Random(`split/${String(seed)}`).shuffle(sorted.map((r) => r.id));
  const cut = Math.round(ids.length * trainFraction);
  const position = new Map(sorted.map((r, i) => [r.id, i]));
  const order = (list: string[]) => list.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  return { records: sorted, sub_action_types: { ...SUB_ACTION_TYPES }, train: order(ids.slice(0, cut)), test: order(ids.slice(cut)) };
}

export function writeAnnotations(out: string, annotations: FineDivingAnnotations): void {
  ensureDir(out);
  writeFileSync(join(out, 'annotations.json'), JSON.stringify(annotations));
}

/**
 * A realistic `ReportInput` for tests and previews of the PDF report: a synthetic 407C from 10 m
 * scored by a simulated-data pack with three voting exemplars, three key frames (small PNGs with a
 * stick-figure "skeleton" drawn on them, encoded here without any library) and a kinematics table.
 * Framework-free; uses no Node APIs.
 */
import { ANALYSIS_FORMAT, type AnalysisRecord } from '../../pipeline/analysis/record.ts';
import { summariseScore } from '../../pipeline/aqa/analysis.ts';
import type { ExemplarRecord } from '../../pipeline/aqa/pack.ts';
import type { ClipScore } from '../../pipeline/aqa/packScorer.ts';
import { vote } from '../../pipeline/aqa/voting.ts';
import type { ReportInput } from './report.ts';
import { stickDive } from '../../pipeline/analysis/stickFigure.ts';

// ---------------------------------------------------------------------------------------------
// A minimal PNG encoder: 8-bit RGB, filter 0, zlib "stored" (uncompressed) deflate blocks.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const v of bytes) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function zlibStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(2 + data.length + blocks * 5 + 4);
  const view = new DataView(out.buffer);
  out[0] = 0x78;
  out[1] = 0x01;
  let o = 2;
  for (let i = 0; i < blocks; i++) {
    const chunk = data.subarray(i * 65535, Math.min(data.length, (i + 1) * 65535));
    out[o] = i === blocks - 1 ? 1 : 0;
    view.setUint16(o + 1, chunk.length, true);
    view.setUint16(o + 3, ~chunk.length & 0xffff, true);
    out.set(chunk, o + 5);
    o += 5 + chunk.length;
  }
  view.setUint32(o, adler32(data));
  return out;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** RGB pixels (width × height × 3) → PNG bytes. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (rgb.length !== width * height * 3) throw new Error(`expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
  const raw = new Uint8Array(height * (1 + width * 3));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), pngChunk('IHDR', ihdr), pngChunk('IDAT', zlibStored(raw)), pngChunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function pngDataUrl(png: Uint8Array): string {
  let binary = '';
  for (const b of png) binary += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(binary)}`;
}

/** A small frame: pool-blue gradient, a board line and a stick figure with the given joints (x, y in 0–1). */
export function skeletonFramePng(joints: ReadonlyArray<readonly [number, number]>, bones: ReadonlyArray<readonly [number, number]>, width = 120, height = 90): string {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      rgb[i] = 170 - Math.round((y / height) * 90);
      rgb[i + 1] = 200 - Math.round((y / height) * 60);
      rgb[i + 2] = 230;
    }
  }
  const dot = (px: number, py: number, r: number, c: readonly [number, number, number]): void => {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const x = Math.round(px) + dx;
        const y = Math.round(py) + dy;
        if (x < 0 || y < 0 || x >= width || y >= height || dx * dx + dy * dy > r * r) continue;
        const i = (y * width + x) * 3;
        rgb[i] = c[0];
        rgb[i + 1] = c[1];
        rgb[i + 2] = c[2];
      }
    }
  };
  for (let x = 0; x < width * 0.45; x++) dot(x, height * 0.3, 1, [90, 70, 50]);
  for (const [a, b] of bones) {
    const p = joints[a];
    const q = joints[b];
    if (p === undefined || q === undefined) continue;
    const steps = 40;
    for (let s = 0; s <= steps; s++) dot((p[0] + ((q[0] - p[0]) * s) / steps) * width, (p[1] + ((q[1] - p[1]) * s) / steps) * height, 1, [255, 200, 0]);
  }
  for (const [x, y] of joints) dot(x * width, y * height, 2, [220, 30, 60]);
  return pngDataUrl(encodePng(width, height, rgb));
}

// Head, neck, hip, knee, ankle, shoulder→hand: enough of a skeleton to be recognisable.
const BONES: ReadonlyArray<readonly [number, number]> = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
  [1, 5],
];
const POSES: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = [
  [[0.3, 0.05], [0.3, 0.1], [0.3, 0.19], [0.31, 0.24], [0.3, 0.29], [0.3, 0.0]], // take-off: standing, arms up
  [[0.55, 0.38], [0.52, 0.34], [0.6, 0.3], [0.53, 0.27], [0.5, 0.33], [0.5, 0.3]], // flight: pike/tuck
  [[0.62, 0.85], [0.62, 0.78], [0.62, 0.68], [0.62, 0.6], [0.62, 0.52], [0.62, 0.92]], // entry: vertical, hands first
];

// ---------------------------------------------------------------------------------------------

function exemplar(id: string, diveNumber: string, height: number, dd: number, awardSum: number, source: string): ExemplarRecord {
  return { id, diveNumber, height, dd, awards: [], officialScore: Math.round(awardSum * dd * 100) / 100, awardSum, splashScore: 0.05, source, transitions: [12, 40] };
}

export const FIXTURE_BANK: readonly ExemplarRecord[] = [
  exemplar('sim-0042', '407C', 10, 3.2, 22.5, 'sim:seed7/train/0042'),
  exemplar('sim-0117', '407C', 10, 3.2, 24.0, 'sim:seed7/train/0117'),
  exemplar('sim-0203', '405C', 10, 2.8, 19.5, 'sim:seed7/train/0203'),
];

export interface FixtureOptions {
  scored?: boolean;
  keyFrames?: boolean;
  trainedOn?: 'simulated' | 'dataset';
  /** Give the record the poses of a synthetic forward 1½ somersault tuck (103C) so it has a checklist. */
  withPose?: boolean;
}

/** The stick-figure dive (src/pipeline/analysis/stickFigure.ts) as a saved pose record. */
function syntheticPoseRecord(): NonNullable<AnalysisRecord['pose']> {
  const dive = stickDive({ entryTrunk: 560 });
  return {
    config: 'synthetic',
    fps: dive.fps,
    width: 640,
    height: 480,
    frameCount: dive.frameCount,
    joints: Array.from(dive.joints),
    boxes: new Array<number | null>(dive.frameCount * 4).fill(null),
    scores: new Array<number>(dive.frameCount).fill(0.9),
    detected: new Array<number>(dive.frameCount).fill(1),
    repaired: new Array<number>(dive.frameCount * 16).fill(0),
  };
}

export function sampleRecord(options: FixtureOptions = {}): AnalysisRecord {
  const scored = options.scored ?? true;
  const dd = 3.2;
  const relative = [0.9, -0.45, 2.7];
  const stageScores = [0.3, 0.5, 0.1, -0.2, 0.05, -0.3, 0.6, 1.4, 0.7];
  const score: ClipScore = {
    relative: Float32Array.from(relative),
    stageScores: Float32Array.from(stageScores),
    relativeSplash: Float32Array.from([0.01, -0.02, 0.03]),
    vote: vote(FIXTURE_BANK.map((e) => e.awardSum), relative, dd),
    exemplars: [0, 1, 2],
    boundaries: [5, 17],
  };
  const summary = summariseScore(score, FIXTURE_BANK, ['take-off', 'flight', 'entry'], dd);
  const simulated = (options.trainedOn ?? 'simulated') === 'simulated';
  return {
    format: ANALYSIS_FORMAT,
    id: 'fixture-407c',
    createdAt: '2025-06-14T10:32:00.000Z',
    updatedAt: '2025-06-14T10:35:10.000Z',
    clip: { fileName: 'nationals-2025-407C-10m.mp4', bytes: 4_812_334, durationSeconds: 2.4, fps: 30, frameCount: 72, width: 1280, height: 720, codec: 'avc1.640028' },
    dive: { code: '407C', height: '10m', name: 'Inward 3½ somersaults tuck', dd },
    pack: {
      id: simulated ? 'hpmcore-sim' : 'hpmcore-fd',
      version: '1.2.0',
      name: simulated ? 'HP-MCoRe (simulated)' : 'HP-MCoRe FineDiving',
      key: simulated ? '/models/hpmcore-sim' : 'user:hpmcore-fd@1.2.0',
      trainedOn: simulated ? { kind: 'simulated', name: 'DiveJudge simulator seed 7' } : { kind: 'dataset', name: 'FineDiving' },
      label: simulated ? 'trained on simulated dives — indicative, not validated on real competition footage' : 'trained on FineDiving (Olympic and World Championship dives)',
    },
    pose: options.withPose ? syntheticPoseRecord() : null,
    encoded: scored
      ? {
          frameIndices: [],
          boundaries: [5, 17],
          transitionProbs: [],
          poses: [],
          splash: [],
          splashMeasured: { score: 1.8, areaSeconds: 0.12, confidence: 0.82, reason: null, entryIndex: 58, trace: [] },
        }
      : null,
    // The synthetic pose turns 1½ somersaults, not the 3½ of a 407C: its checklist flags that for the referee.
    stages: options.withPose ? { model: { takeOffEnd: 9, entryStart: 33 }, used: { takeOffEnd: 9, entryStart: 33 } } : { model: { takeOffEnd: 14, entryStart: 52 }, used: { takeOffEnd: 15, entryStart: 52 } },
    voting: { mode: 'auto', n: 3, chosen: [] },
    score: scored
      ? { exemplars: [0, 1, 2], relative, stageScores, relativeSplash: [0.01, -0.02, 0.03], boundaries: [5, 17], vote: score.vote }
      : null,
    summary: scored ? summary : null,
    voters: scored ? [...FIXTURE_BANK] : [],
    timings: null,
  };
}

export function sampleReportInput(options: FixtureOptions = {}): ReportInput {
  const record = sampleRecord(options);
  const frames = [
    { label: 'Take-off', frame: 15 },
    { label: 'Flight', frame: 33 },
    { label: 'Entry', frame: 52 },
  ];
  return {
    record,
    generatedAt: new Date('2025-06-15T08:00:00.000Z'),
    keyFrames:
      options.keyFrames === false
        ? []
        : frames.map((f, i) => ({ ...f, seconds: f.frame / record.clip.fps, image: skeletonFramePng(POSES[i] ?? [], BONES) })),
    kinematics: [
      { label: 'Take-off angle', query: '84°', exemplar: '87°', reliable: true, note: null },
      { label: 'Tuck tightness (knee angle)', query: '41°', exemplar: '38°', reliable: true, note: null },
      { label: 'Flight height above board', query: '1.12 m', exemplar: '1.20 m', reliable: true, note: 'From hip height; assumes a 10 m platform.' },
      { label: 'Entry angle from vertical', query: '7°', exemplar: '3°', reliable: false, note: 'Hands hidden by splash in 4 of 6 frames.' },
      { label: 'Somersault rate', query: '2.1 rev/s', exemplar: '2.2 rev/s', reliable: true, note: null },
    ],
    exemplarLabel: 'Exemplar 407C (sim-0117)',
    appVersion: '0.1.0',
  };
}

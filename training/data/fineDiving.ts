/**
 * FineDiving-format data: the published annotations (records, sub-action vocabulary, train/test split)
 * and the simulator's output in the same layout, read by one loader so that training, tests and
 * metrics treat real and simulated dives alike.
 *
 * Layout under a dataset root:
 *   annotations.json                      { records, sub_action_types, train, test }
 *   frames/<event>/<index>/00000.jpg      frame i of the clip (5 digits, from 0)
 *   poses/<event>/<index>.json            per-frame poses (simulator: clean truth and noisy backend-like)
 *   truth/<event>/<index>.json            simulator only: faults, judges, stage truth, splash, camera
 *   videos/<event>/<index>.mp4            optional clips (H.264, 25 fps)
 * The real FineDiving annotations (e.g. ../shared/data/finediving/annotations.json) parse with the
 * same reader; their frames live wherever the dataset was unpacked (pass that folder as the root).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One dive, exactly FineDiving's record schema. */
export interface FineDivingRecord {
  /** `${event}/${index}` */
  id: string;
  event: string;
  index: number;
  dive_number: string;
  /** Official points. */
  dive_score: number;
  /** Degree of difficulty. */
  difficulty: number;
  /** Judges' awards (all 5 or 7, or only the 3 counted, or synchronised counted 5). */
  judge_scores: number[];
  start_frame: number;
  end_frame: number;
  /** Last frame (clip-relative) of each sub-action but the last. */
  steps_transit_frames: number[];
  /** Sub-action label per frame (keys of `sub_action_types`). */
  frames_labels: number[];
}

export interface FineDivingAnnotations {
  records: FineDivingRecord[];
  sub_action_types: Record<string, string>;
  /** Record ids. */
  train: string[];
  test: string[];
}

export class FineDivingFormatError extends Error {
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'FineDivingFormatError';
  }
}

const RECORD_FIELDS = ['id', 'event', 'index', 'dive_number', 'dive_score', 'difficulty', 'judge_scores', 'start_frame', 'end_frame', 'steps_transit_frames', 'frames_labels'] as const;

function numberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

function parseRecord(raw: unknown, where: string): FineDivingRecord {
  if (typeof raw !== 'object' || raw === null) throw new FineDivingFormatError(where, 'a record must be an object');
  const r = raw as Record<string, unknown>;
  const missing = RECORD_FIELDS.filter((f) => !(f in r));
  if (missing.length > 0) throw new FineDivingFormatError(where, `missing ${missing.join(', ')}`);
  const str = (f: string) => {
    if (typeof r[f] !== 'string') throw new FineDivingFormatError(where, `${f} must be a string`);
    return r[f] as string;
  };
  const num = (f: string) => {
    if (typeof r[f] !== 'number' || !Number.isFinite(r[f])) throw new FineDivingFormatError(where, `${f} must be a number`);
    return r[f] as number;
  };
  const list = (f: string) => {
    if (!numberList(r[f])) throw new FineDivingFormatError(where, `${f} must be a list of numbers`);
    return r[f] as number[];
  };
  return {
    id: str('id'),
    event: str('event'),
    index: num('index'),
    dive_number: str('dive_number'),
    dive_score: num('dive_score'),
    difficulty: num('difficulty'),
    judge_scores: list('judge_scores'),
    start_frame: num('start_frame'),
    end_frame: num('end_frame'),
    steps_transit_frames: list('steps_transit_frames'),
    frames_labels: list('frames_labels'),
  };
}

/** Checks the schema (types only: real annotations have a few odd values, e.g. an award of 45). */
export function parseFineDivingAnnotations(raw: unknown, source = 'annotations'): FineDivingAnnotations {
  if (typeof raw !== 'object' || raw === null) throw new FineDivingFormatError(source, 'not an object');
  const a = raw as Record<string, unknown>;
  if (!Array.isArray(a.records)) throw new FineDivingFormatError(source, 'records must be a list');
  const records = a.records.map((r, i) => parseRecord(r, `${source} records[${i}]`));
  if (typeof a.sub_action_types !== 'object' || a.sub_action_types === null) throw new FineDivingFormatError(source, 'sub_action_types must be an object');
  const subActionTypes: Record<string, string> = {};
  for (const [k, v] of Object.entries(a.sub_action_types as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new FineDivingFormatError(source, `sub_action_types.${k} must be a string`);
    subActionTypes[k] = v;
  }
  const ids = (f: 'train' | 'test') => {
    const v = a[f];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new FineDivingFormatError(source, `${f} must be a list of record ids`);
    return v as string[];
  };
  return { records, sub_action_types: subActionTypes, train: ids('train'), test: ids('test') };
}

export function readFineDivingAnnotations(path: string): FineDivingAnnotations {
  return parseFineDivingAnnotations(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}

export function frameCountOf(record: FineDivingRecord): number {
  return record.frames_labels.length;
}

/**
 * The two stage boundaries the scoring model uses: the last take-off frame (the first transition)
 * and the first entry frame (one after the last transition). Null when there are fewer than two transitions.
 */
export function stageTransitionsOf(record: FineDivingRecord): { takeOffEnd: number; entryStart: number } | null {
  const t = record.steps_transit_frames;
  const first = t[0];
  const last = t[t.length - 1];
  if (first === undefined || last === undefined || t.length < 2) return null;
  return { takeOffEnd: first, entryStart: last + 1 };
}

/** Per-frame stage (0 take-off, 1 flight, 2 entry) from the transitions. */
export function stageLabelsOf(record: FineDivingRecord): number[] {
  const s = stageTransitionsOf(record);
  return record.frames_labels.map((_, i) => (s === null ? 1 : i <= s.takeOffEnd ? 0 : i >= s.entryStart ? 2 : 1));
}

// ── Simulator side files (same layout, readable for real data once poses are extracted) ─────────

/** `poses/<event>/<index>.json`. */
export interface DivePoseFile {
  format: 'divejudge-sim-pose/1';
  id: string;
  fps: number;
  width: number;
  height: number;
  joint_names: string[];
  /** Ground truth: per frame 16 × [x, y], 16 visibility flags, square box or null. */
  clean: { joints: number[][][]; visible: number[][]; box: ([number, number, number, number] | null)[] };
  /** What a browser pose backend would give: per frame 48 numbers (x, y, confidence per joint). */
  noisy: { config: string; detected: number[]; score: number[]; joints: number[][]; box: ([number, number, number, number] | null)[]; swapped: number[] };
}

export interface FineDivingDataset {
  root: string;
  annotations: FineDivingAnnotations;
  byId: ReadonlyMap<string, FineDivingRecord>;
  train: FineDivingRecord[];
  test: FineDivingRecord[];
  framePath(record: FineDivingRecord, frame: number): string;
  posePath(record: FineDivingRecord): string;
  truthPath(record: FineDivingRecord): string;
  videoPath(record: FineDivingRecord): string;
  hasFrames(record: FineDivingRecord): boolean;
  readPose(record: FineDivingRecord): DivePoseFile | null;
  /** Simulator truth (an object; see training/sim/writer.ts for its fields), or null for real data. */
  readTruth(record: FineDivingRecord): unknown;
}

export function frameFileName(frame: number): string {
  return `${String(frame).padStart(5, '0')}.jpg`;
}

/**
 * Opens a dataset from its root folder (containing annotations.json) or from the path of an
 * annotations file (the root is then its folder).
 */
export function openFineDiving(rootOrAnnotations: string): FineDivingDataset {
  const annotationsPath = rootOrAnnotations.endsWith('.json') ? rootOrAnnotations : join(rootOrAnnotations, 'annotations.json');
  const root = dirname(annotationsPath);
  const annotations = readFineDivingAnnotations(annotationsPath);
  const byId = new Map(annotations.records.map((r) => [r.id, r]));
  const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((r): r is FineDivingRecord => r !== undefined);
  const dir = (sub: string, r: FineDivingRecord) => join(root, sub, r.event);
  return {
    root,
    annotations,
    byId,
    train: pick(annotations.train),
    test: pick(annotations.test),
    framePath: (r, frame) => join(dir('frames', r), String(r.index), frameFileName(frame)),
    posePath: (r) => join(dir('poses', r), `${r.index}.json`),
    truthPath: (r) => join(dir('truth', r), `${r.index}.json`),
    videoPath: (r) => join(dir('videos', r), `${r.index}.mp4`),
    hasFrames: (r) => existsSync(join(dir('frames', r), String(r.index), frameFileName(0))),
    readPose(r) {
      const path = join(dir('poses', r), `${r.index}.json`);
      return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DivePoseFile) : null;
    },
    readTruth(r) {
      const path = join(dir('truth', r), `${r.index}.json`);
      return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : null;
    },
  };
}

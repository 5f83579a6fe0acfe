/**
 * Checkpoints: `<run>/checkpoint/` with params.json (name, shape, offset per parameter) +
 * params.bin (float32), optimizer.json + optimizer.bin (Adam moments), state.json (epoch, step,
 * random state, history). Written to a temporary folder and renamed, so a crash never leaves a
 * half-written checkpoint.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ParamMap = Map<string, { shape: number[]; values: Float32Array }>;

interface Index {
  entries: Array<{ name: string; shape: number[]; offset: number; length: number }>;
}

function writeTensors(dir: string, base: string, tensors: ReadonlyMap<string, { shape: number[]; values: Float32Array }>): void {
  const entries: Index['entries'] = [];
  let offset = 0;
  for (const [name, { shape, values }] of tensors) {
    entries.push({ name, shape, offset, length: values.length });
    offset += values.length;
  }
  const all = new Float32Array(offset);
  for (const e of entries) all.set((tensors.get(e.name) as { values: Float32Array }).values, e.offset);
  writeFileSync(join(dir, `${base}.json`), JSON.stringify({ entries } satisfies Index));
  writeFileSync(join(dir, `${base}.bin`), new Uint8Array(all.buffer));
}

function readTensors(dir: string, base: string): ParamMap {
  const index = JSON.parse(readFileSync(join(dir, `${base}.json`), 'utf8')) as Index;
  const bytes = readFileSync(join(dir, `${base}.bin`));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out: ParamMap = new Map();
  for (const e of index.entries) out.set(e.name, { shape: e.shape, values: all.slice(e.offset, e.offset + e.length) });
  return out;
}

export interface TrainState {
  epoch: number;
  step: number;
  randomState: number;
  configName: string;
  /** Per finished epoch: mean losses, throughput, optional metrics. */
  history: Array<Record<string, number>>;
  trainSeconds: number;
}

export interface Checkpoint {
  params: ParamMap;
  optimizer: { step: number; m: Map<string, Float32Array>; v: Map<string, Float32Array> } | null;
  state: TrainState;
}

export function saveCheckpoint(runDir: string, checkpoint: Checkpoint): void {
  const final = join(runDir, 'checkpoint');
  const temp = join(runDir, 'checkpoint.tmp');
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  writeTensors(temp, 'params', checkpoint.params);
  if (checkpoint.optimizer) {
    const moments: ParamMap = new Map();
    for (const [k, v] of checkpoint.optimizer.m) moments.set(`m/${k}`, { shape: [v.length], values: v });
    for (const [k, v] of checkpoint.optimizer.v) moments.set(`v/${k}`, { shape: [v.length], values: v });
    writeTensors(temp, 'optimizer', moments);
  }
  writeFileSync(join(temp, 'state.json'), JSON.stringify({ ...checkpoint.state, optimizerStep: checkpoint.optimizer?.step ?? 0 }, null, 1));
  rmSync(final, { recursive: true, force: true });
  renameSync(temp, final);
}

export function hasCheckpoint(runDir: string): boolean {
  return existsSync(join(runDir, 'checkpoint', 'state.json'));
}

export function loadCheckpoint(runDir: string): Checkpoint {
  const dir = join(runDir, 'checkpoint');
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as TrainState & { optimizerStep: number };
  let optimizer: Checkpoint['optimizer'] = null;
  if (existsSync(join(dir, 'optimizer.json'))) {
    const moments = readTensors(dir, 'optimizer');
    const m = new Map<string, Float32Array>(), v = new Map<string, Float32Array>();
    for (const [k, { values }] of moments) (k.startsWith('m/') ? m : v).set(k.slice(2), values);
    optimizer = { step: state.optimizerStep, m, v };
  }
  return { params: readTensors(dir, 'params'), optimizer, state };
}

/**
 * npm run sim -- --count N --out DIR --seed S [--height 10m] [--video] [options]
 *
 * Simulates N dives and writes them in FineDiving's layout (frames, annotations.json with a
 * train/test split, per-dive poses and simulator truth, optionally MP4 clips). Deterministic per
 * seed: dive k depends only on (seed, k), whatever the number of workers. Progress on stderr; the
 * last line on stdout gives dives per minute.
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HEIGHTS } from '@divejudge/core';
import type { Height } from '@divejudge/core';
import type { FineDivingRecord } from '../data/fineDiving.ts';
import { chooseDive, simulateDive } from './dive.ts';
import type { DiveRequest } from './dive.ts';
import { DEFAULT_FPS, DEFAULT_HEIGHT, DEFAULT_WIDTH } from './groundTruth.ts';
import { loadPoseErrorStats } from './noise.ts';
import { buildAnnotations, writeAnnotations, writeDive } from './writer.ts';
import type { WriterOptions } from './writer.ts';

const USAGE = `Usage: npm run sim -- --count N --out DIR --seed S [options]

  --count N          dives to simulate (default 10)
  --out DIR          output folder (FineDiving layout; created)
  --seed S           seed (default 1): the same seed gives the same dives
  --height H         1m | 3m | 5m | 7.5m | 10m (default: mixed, mostly 10 m and 3 m)
  --dive CODE        only this dive number (e.g. 407C)
  --judges 5|7       panel size (default: 7 for about 70 % of dives)
  --video            also write MP4 clips (H.264, yuv420p, even size) to DIR/videos
  --no-frames        skip the JPEG frames (poses, truth and annotations only)
  --fps F            frame rate (default ${DEFAULT_FPS})
  --size WxH         frame size (default ${DEFAULT_WIDTH}x${DEFAULT_HEIGHT})
  --jpeg-quality Q   JPEG quality 1–100 (default 90)
  --workers W        parallel processes (default: number of cores, at most 4)
  --cut-at-entry     cut to a second camera (the other side of the pool) from 6 frames before the water contact to 10 after
  --underwater       cut to an underwater camera 1 to 6 frames after the water contact, to the clip's end
  --replay K         after each live clip, a cut to a replay of the dive K times slower (e.g. 2)
  --slow-motion K    each clip is a replay alone: the dive K times slower, from just before the take-off to just after the entry
  --stats PATH       pose-error statistics (default models/pose/pose-error-stats.json; built-in defaults if absent)
`;

interface CliOptions {
  count: number;
  out: string;
  seed: string;
  height: Height | undefined;
  dive: string | undefined;
  judges: 5 | 7 | undefined;
  video: boolean;
  frames: boolean;
  fps: number;
  width: number;
  heightPx: number;
  jpegQuality: number;
  workers: number;
  statsPath: string | undefined;
  shard: { k: number; n: number } | null;
  replaySlowdown: number | undefined;
  slowMotion: number | undefined;
  cutAtEntry: boolean;
  underwater: boolean;
}

class UsageError extends Error {}

function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '10' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      height: { type: 'string' },
      dive: { type: 'string' },
      judges: { type: 'string' },
      video: { type: 'boolean', default: false },
      'no-frames': { type: 'boolean', default: false },
      fps: { type: 'string', default: String(DEFAULT_FPS) },
      size: { type: 'string', default: `${DEFAULT_WIDTH}x${DEFAULT_HEIGHT}` },
      'jpeg-quality': { type: 'string', default: '90' },
      workers: { type: 'string' },
      stats: { type: 'string' },
      shard: { type: 'string' },
      replay: { type: 'string' },
      'slow-motion': { type: 'string' },
      'cut-at-entry': { type: 'boolean', default: false },
      underwater: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help === true) throw new UsageError('');
  if (values.out === undefined) throw new UsageError('--out DIR is required');
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--count must be a positive integer, got ${values.count}`);
  const height = values.height;
  if (height !== undefined && !(HEIGHTS as readonly string[]).includes(height)) throw new UsageError(`--height must be one of ${HEIGHTS.join(', ')}, got ${height}`);
  const judges = values.judges === undefined ? undefined : Number(values.judges);
  if (judges !== undefined && judges !== 5 && judges !== 7) throw new UsageError('--judges must be 5 or 7');
  const size = /^(\d+)x(\d+)$/.exec(values.size);
  if (size === null) throw new UsageError(`--size must look like 455x256, got ${values.size}`);
  const fps = Number(values.fps);
  if (!(fps > 0 && fps <= 120)) throw new UsageError(`--fps must be in (0, 120], got ${values.fps}`);
  const quality = Number(values['jpeg-quality']);
  if (!(quality >= 1 && quality <= 100)) throw new UsageError('--jpeg-quality must be 1–100');
  const workers = values.workers === undefined ? Math.min(4, availableParallelism(), count) : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError('--workers must be a positive integer');
  const replaySlowdown = values.replay === undefined ? undefined : Number(values.replay);
  if (replaySlowdown !== undefined && !(replaySlowdown >= 1 && replaySlowdown <= 10)) throw new UsageError(`--replay must be a slowdown from 1 to 10, got ${values.replay}`);
  const slowMotion = values['slow-motion'] === undefined ? undefined : Number(values['slow-motion']);
  if (slowMotion !== undefined && !(slowMotion >= 1 && slowMotion <= 10)) throw new UsageError(`--slow-motion must be a slowdown from 1 to 10, got ${values['slow-motion']}`);
  if (slowMotion !== undefined && (replaySlowdown !== undefined || values['cut-at-entry'] === true || values.underwater === true)) throw new UsageError('--slow-motion renders a replay alone: not with --replay, --cut-at-entry or --underwater');
  if (values['cut-at-entry'] === true && values.underwater === true) throw new UsageError('--cut-at-entry or --underwater: one camera after the entry, not both');
  let shard: CliOptions['shard'] = null;
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    if (m === null) throw new UsageError('--shard k/n');
    shard = { k: Number(m[1]), n: Number(m[2]) };
  }
  // npm runs workspace scripts in training/: resolve relative paths against where npm was invoked.
  const base = process.env.INIT_CWD ?? process.cwd();
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    count,
    out: abs(values.out),
    seed: values.seed,
    height: height as Height | undefined,
    dive: values.dive?.toUpperCase(),
    judges: judges as 5 | 7 | undefined,
    video: values.video === true,
    frames: values['no-frames'] !== true,
    fps,
    width: Number(size[1]),
    heightPx: Number(size[2]),
    jpegQuality: quality,
    workers,
    statsPath: values.stats === undefined ? undefined : abs(values.stats),
    shard,
    replaySlowdown,
    slowMotion,
    cutAtEntry: values['cut-at-entry'] === true,
    underwater: values.underwater === true,
  };
}

function requestFor(options: CliOptions, runIndex: number): DiveRequest {
  return {
    seed: options.seed,
    runIndex,
    ...(options.height === undefined ? {} : { height: options.height }),
    ...(options.dive === undefined ? {} : { code: options.dive }),
    ...(options.judges === undefined ? {} : { judges: options.judges }),
  };
}

/** FineDiving numbers dives within an event from 1, in run order: the same in every process. */
function eventIndexes(options: CliOptions): { event: string; index: number }[] {
  const next = new Map<string, number>();
  return Array.from({ length: options.count }, (_, k) => {
    const { event } = chooseDive(requestFor(options, k));
    const index = (next.get(event) ?? 0) + 1;
    next.set(event, index);
    return { event, index };
  });
}

interface DoneMessage {
  type: 'done';
  runIndex: number;
  record: FineDivingRecord;
  frames: number;
}

function writerOptions(options: CliOptions): WriterOptions {
  return {
    out: options.out,
    fps: options.fps,
    width: options.width,
    height: options.heightPx,
    frames: options.frames,
    video: options.video,
    jpegQuality: options.jpegQuality,
    poseStats: loadPoseErrorStats(options.statsPath),
    ...(options.replaySlowdown === undefined ? {} : { replay: { slowdown: options.replaySlowdown } }),
    ...(options.cutAtEntry ? { cutAtEntry: true } : {}),
    ...(options.underwater ? { underwater: true } : {}),
    ...(options.slowMotion === undefined ? {} : { slowMotion: { slowdown: options.slowMotion } }),
  };
}

/** Dives of one shard (or all), reporting each when written. */
async function runDives(options: CliOptions, onDone: (message: DoneMessage) => void): Promise<void> {
  const indexes = eventIndexes(options);
  const writer = writerOptions(options);
  const shard = options.shard ?? { k: 0, n: 1 };
  for (let runIndex = shard.k; runIndex < options.count; runIndex += shard.n) {
    const dive = simulateDive(requestFor(options, runIndex));
    const written = writeDive(dive, indexes[runIndex]?.index ?? runIndex + 1, writer);
    onDone({ type: 'done', runIndex, record: written.record, frames: written.frameCount });
    // Each dive's canvases hold native pixel memory the JS heap does not see, so the collector is
    // never prompted: without this, a worker rendering 640×360 clips grew by ~40 MB a dive (12 GB
    // after 300). Workers are started with --expose-gc. The canvases' native finalisers then run
    // on a later turn of the event loop, which a loop that never yields never reaches: collected
    // but never freed, the workers still grew by ~45 MB a dive (2026-12-06: one was killed for
    // memory at 12 GB, 17 GB for the other, 250 dives into a 600-dive render). Hence the yield.
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
  }
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

class Progress {
  private last = 0;
  private readonly started = performance.now();
  constructor(private readonly total: number) {}
  update(done: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < 250) return;
    this.last = now;
    const width = 28;
    const filled = Math.round((width * done) / this.total);
    const elapsed = (now - this.started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.total - done) : Infinity;
    const perMinute = done > 0 ? (done / elapsed) * 60 : 0;
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} dives  ${perMinute.toFixed(1)}/min  ETA ${formatDuration(eta)}   `);
    if (done === this.total) process.stderr.write('\n');
  }
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error)) {
      if (error.message !== '') process.stderr.write(`sim: ${error.message}\n\n`);
      process.stderr.write(USAGE);
      process.exit(error.message === '' ? 0 : 2);
    }
    throw error;
  }

  try {
    chooseDive(requestFor(options, 0));
  } catch (error) {
    process.stderr.write(`sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }

  // A worker: write this shard's dives and report each to the parent.
  if (options.shard !== null) {
    await runDives(options, (message) => process.send?.(message));
    // Exit explicitly once the parent has every message: left to itself, a worker that rendered
    // frames kept running at full CPU for minutes after its last dive (finalising canvases).
    process.send?.({ type: 'finished' }, () => process.exit(0));
    return;
  }

  const started = performance.now();
  const stats = loadPoseErrorStats(options.statsPath);
  process.stderr.write(
    `sim: ${options.count} dives → ${options.out} (seed ${options.seed}${options.height === undefined ? '' : `, ${options.height}`}${options.dive === undefined ? '' : `, ${options.dive}`}; ${options.workers} worker${options.workers === 1 ? '' : 's'}; pose noise from ${stats.source === 'file' ? stats.path : 'built-in defaults'})\n`,
  );
  const records: FineDivingRecord[] = [];
  let frames = 0;
  const progress = new Progress(options.count);
  progress.update(0, true);
  const onDone = (message: DoneMessage) => {
    records.push(message.record);
    frames += message.frames;
    progress.update(records.length, records.length === options.count);
  };

  if (options.workers <= 1) {
    await runDives(options, onDone);
  } else {
    const script = fileURLToPath(import.meta.url);
    await Promise.all(
      Array.from({ length: options.workers }, (_, k) =>
        new Promise<void>((resolvePromise, reject) => {
          const child = fork(script, [...process.argv.slice(2), '--shard', `${k}/${options.workers}`], { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          child.on('message', (message) => {
            if ((message as { type?: string }).type === 'done') onDone(message as DoneMessage);
          });
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`worker ${k} exited with code ${String(code)}`))));
        }),
      ),
    );
  }

  const annotations = buildAnnotations(records, options.seed);
  writeAnnotations(options.out, annotations);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${records.length} dives (${frames} frames; train ${annotations.train.length}, test ${annotations.test.length}) in ${seconds.toFixed(1)} s: ${((records.length / seconds) * 60).toFixed(1)} dives per minute\n`,
  );
  // Everything is written; do not wait for the canvases' finalisers (see the worker above).
  process.exit(0);
}

await main();

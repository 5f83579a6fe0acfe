/**
 * Small test clips made on demand with ffmpeg: one per container/codec the app claims to
 * read, plus the bad inputs a user might drop. Each good clip carries a frame-index barcode.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { encodeWithFfmpeg, renderSynthFrames } from './synthClip.ts';
import { drawFrameCode, SAMPLE_FRAME_CODE, type FrameCodeLayout } from './frameCode.ts';

export const FIXTURE_FRAME_CODE: FrameCodeLayout = { x0: 8, y0: 8, block: 20, gap: 8 };
const W = 320, H = 180;

export interface GoodFixture {
  file: string;
  fps: string;
  fpsValue: number;
  frameCount: number;
  codec: 'avc' | 'vp8' | 'vp9' | 'av1' | 'hevc';
  codecArgs: string[];
}

export const GOOD_FIXTURES: GoodFixture[] = [
  { file: 'h264.mp4', fps: '25', fpsValue: 25, frameCount: 60, codec: 'avc', codecArgs: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '20'] },
  { file: 'h264-ntsc.mp4', fps: '30000/1001', fpsValue: 30000 / 1001, frameCount: 45, codec: 'avc', codecArgs: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '20'] },
  { file: 'h264.mov', fps: '50', fpsValue: 50, frameCount: 50, codec: 'avc', codecArgs: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '20'] },
  { file: 'vp9.webm', fps: '24', fpsValue: 24, frameCount: 48, codec: 'vp9', codecArgs: ['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', '-b:v', '0', '-crf', '30', '-deadline', 'realtime', '-cpu-used', '8'] },
  { file: 'vp8.webm', fps: '30', fpsValue: 30, frameCount: 45, codec: 'vp8', codecArgs: ['-c:v', 'libvpx', '-pix_fmt', 'yuv420p', '-b:v', '1M', '-deadline', 'realtime', '-cpu-used', '8'] },
  { file: 'av1.mp4', fps: '25', fpsValue: 25, frameCount: 40, codec: 'av1', codecArgs: ['-c:v', 'libaom-av1', '-pix_fmt', 'yuv420p', '-crf', '30', '-b:v', '0', '-cpu-used', '8', '-row-mt', '1'] },
  // HEVC: a real video this Chromium cannot decode, for the unsupported-codec message.
  { file: 'hevc.mp4', fps: '25', fpsValue: 25, frameCount: 25, codec: 'hevc', codecArgs: ['-c:v', 'libx265', '-pix_fmt', 'yuv420p', '-x265-params', 'log-level=error', '-tag:v', 'hvc1'] },
];

/** A drawn dive (640×360, 25 fps, 75 frames) with its frame code in a small strip, bottom left. */
export const SYNTHETIC_DIVE = { file: 'synthetic-dive.mp4', frameCount: 75, fps: 25, width: 640, height: 360, frameCode: SAMPLE_FRAME_CODE } as const;

export const BAD_FIXTURES = {
  notVideo: 'not-a-video.mp4',
  empty: 'empty.webm',
  truncatedNoIndex: 'truncated-no-index.mp4',
  truncatedData: 'truncated-data.mp4',
  garbage: 'garbage.mov',
} as const;

/**
 * The 407C sample's last 100 frames (the whole flight and entry, most of the take-off): another
 * clip of the same dive, for the scoring benchmark and the library test (a library exemplar never
 * votes for the clip it was made from).
 */
export const SAMPLE_CUT = { file: 'sim-407C-10m-last100.mp4', source: 'sim-407C-10m.mp4', frames: 100, diveNumber: '407C', height: '10m' } as const;

/**
 * The synthetic dive trimmed the way phones and `ffmpeg -ss … -c copy` trim: no re-encode, so the
 * coded frames before the cut stay in the file (negative timestamps) behind an edit list that starts
 * presentation at the cut. The viewer sees frames `offset`… of the original; the first `offset` are never shown.
 */
export const STREAM_COPY_CUT = { file: 'synthetic-dive-cut.mp4', source: 'synthetic-dive.mp4', offset: 25, presented: 50 } as const;

function ensureStreamCopyCut(dir: string): void {
  const out = join(dir, STREAM_COPY_CUT.file);
  if (existsSync(out)) return;
  const tmp = `${out}.tmp.mp4`;
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-ss', String(STREAM_COPY_CUT.offset / 25), '-i', join(dir, STREAM_COPY_CUT.source), '-c', 'copy', tmp]);
  if (r.status !== 0) throw new Error(`ffmpeg could not stream-copy cut ${STREAM_COPY_CUT.source}: ${r.stderr?.toString()}`);
  renameSync(tmp, out);
}

/**
 * A fixture made from a bundled sample by one ffmpeg run (`args` gets the sample's path and the
 * output path), written to a temporary name and renamed, so an interrupted run leaves no half file.
 */
function fromSample(dir: string, file: string, sample: string, args: (source: string, out: string) => string[]): string {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, file);
  if (existsSync(out)) return out;
  const source = join(import.meta.dirname, '../../public/samples', sample);
  const tmp = `${out}.tmp.mp4`;
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args(source, tmp)]);
  if (r.status !== 0) throw new Error(`ffmpeg could not make ${file} from ${sample}: ${r.stderr?.toString()}`);
  renameSync(tmp, out);
  return out;
}

export function ensureSampleCut(dir: string): string {
  if (existsSync(join(dir, SAMPLE_CUT.file))) return join(dir, SAMPLE_CUT.file);
  const source = join(import.meta.dirname, '../../public/samples', SAMPLE_CUT.source);
  const probe = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', source], { encoding: 'utf8' });
  const total = Number(probe.stdout.trim());
  if (!Number.isFinite(total) || total < SAMPLE_CUT.frames) throw new Error(`cannot count the frames of ${source}: ${probe.stderr}`);
  return fromSample(dir, SAMPLE_CUT.file, SAMPLE_CUT.source, (input, out) => ['-i', input, '-vf', `select=gte(n\\,${total - SAMPLE_CUT.frames}),setpts=N/25/TB`, '-frames:v', String(SAMPLE_CUT.frames), '-r', '25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '25', out]);
}

/** Ten frames of the 407C sample in flight (from frame 30): enough to compare the pose models on two devices where one is slow (WebGPU on a software adapter). */
export const FLIGHT_CUT = { file: 'sim-407C-10m-flight10.mp4', source: 'sim-407C-10m.mp4', from: 30, frames: 10 } as const;

export function ensureFlightCut(dir: string): string {
  return fromSample(dir, FLIGHT_CUT.file, FLIGHT_CUT.source, (input, out) => ['-i', input, '-vf', `select=gte(n\\,${FLIGHT_CUT.from}),setpts=N/25/TB`, '-frames:v', String(FLIGHT_CUT.frames), '-r', '25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out]);
}

/**
 * Footage the browser's `<video>` cannot read, made from the 407C sample with the frame code burned
 * into each frame (bottom left, SAMPLE_FRAME_CODE) so tests can tell which frame is on screen: an
 * AVI with Motion JPEG (UNLV-Dive / AQA-7's format), the same frames as a folder of JPGs named
 * 00000.jpg… (FineDiving's layout), and an AVI with MPEG-4 Part 2 video, which the app refuses by name.
 */
export const CODED_SAMPLE_FOOTAGE = {
  avi: 'sim-407C-10m-mjpeg.avi',
  folder: 'sim-407C-10m-frames',
  mpeg4Avi: 'mpeg4.avi',
  frames: 109,
  fps: 25,
  frameCode: SAMPLE_FRAME_CODE,
} as const;

export async function ensureCodedSampleFootage(dir: string): Promise<typeof CODED_SAMPLE_FOOTAGE> {
  mkdirSync(dir, { recursive: true });
  const avi = join(dir, CODED_SAMPLE_FOOTAGE.avi), folder = join(dir, CODED_SAMPLE_FOOTAGE.folder), mpeg4 = join(dir, CODED_SAMPLE_FOOTAGE.mpeg4Avi);
  if (existsSync(avi) && existsSync(join(folder, 'done')) && existsSync(mpeg4)) return CODED_SAMPLE_FOOTAGE;
  const source = join(import.meta.dirname, '../../public/samples/sim-407C-10m.mp4');
  const width = 640, height = 360, size = width * height * 3;
  const decoded = spawnSync('ffmpeg', ['-v', 'error', '-i', source, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 30 });
  if (decoded.status !== 0 || decoded.stdout.length !== size * CODED_SAMPLE_FOOTAGE.frames) throw new Error(`ffmpeg could not decode ${source}: ${decoded.stderr?.toString()}`);
  const frames = Array.from({ length: CODED_SAMPLE_FOOTAGE.frames }, (_, i) => {
    const rgb = new Uint8Array(decoded.stdout.subarray(i * size, (i + 1) * size));
    drawFrameCode(rgb, width, i, SAMPLE_FRAME_CODE);
    return rgb;
  });
  const options = { width, height, fps: String(CODED_SAMPLE_FOOTAGE.fps) };
  await encodeWithFfmpeg(frames, { ...options, codecArgs: ['-c:v', 'mjpeg', '-q:v', '2', '-pix_fmt', 'yuvj420p'], out: `${avi}.tmp.avi` });
  renameSync(`${avi}.tmp.avi`, avi);
  await encodeWithFfmpeg(frames, { ...options, codecArgs: ['-c:v', 'mpeg4', '-q:v', '4'], out: `${mpeg4}.tmp.avi` });
  renameSync(`${mpeg4}.tmp.avi`, mpeg4);
  mkdirSync(folder, { recursive: true });
  await encodeWithFfmpeg(frames, { ...options, codecArgs: ['-c:v', 'mjpeg', '-q:v', '2', '-pix_fmt', 'yuvj420p', '-start_number', '0', '-f', 'image2'], out: join(folder, '%05d.jpg') });
  writeFileSync(join(folder, 'done'), '');
  return CODED_SAMPLE_FOOTAGE;
}

/**
 * The 407C sample as a broadcast cuts it: from frame `cutAt` (just after the entry begins) the
 * picture comes from a camera on the other side of the pool, framed tighter on one side (mirrored;
 * the part of the picture from its left edge and 40 % of its height, 60 % of each, enlarged), so
 * the diver, in the middle before the cut, is high on the right after it. Re-encoded, same frame
 * count and rate.
 */
/** The second camera's picture: the mirrored first picture's part from (left, top), `share` of each side, as shares of the picture. */
const SECOND_CAMERA_CROP = { left: 0, top: 0.4, share: 0.6 } as const;

export const CAMERA_CUT_SAMPLE = {
  file: 'sim-407C-10m-camera-cut-high.mp4',
  source: 'sim-407C-10m.mp4',
  cutAt: 70,
  frames: 109,
  /** The second camera enlarges the picture by this much… */
  secondCameraZoom: 1 / SECOND_CAMERA_CROP.share,
  /** …and shows the point (x, y) of the first camera's 640 × 360 picture here. */
  secondCamera: (x: number, y: number) => {
    const { left, top, share } = SECOND_CAMERA_CROP;
    return { x: (640 - x - left * 640) / share, y: (y - top * 360) / share };
  },
} as const;

export function ensureCameraCutSample(dir: string): string {
  const k = CAMERA_CUT_SAMPLE.cutAt;
  const { left, top, share } = SECOND_CAMERA_CROP;
  const graph = `[0:v]split[a][b];[a]trim=end_frame=${k},setpts=PTS-STARTPTS[before];[b]trim=start_frame=${k},setpts=PTS-STARTPTS,hflip,crop=iw*${share}:ih*${share}:iw*${left}:ih*${top},scale=640:360,setsar=1[after];[before][after]concat=n=2:v=1[v]`;
  return fromSample(dir, CAMERA_CUT_SAMPLE.file, CAMERA_CUT_SAMPLE.source, (input, out) => ['-i', input, '-filter_complex', graph, '-map', '[v]', '-r', '25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out]);
}

/**
 * The 407C sample cross-dissolving to a camera on the other side of the pool (mirrored, the middle
 * 80 % of the picture enlarged) over frames `from` … `from + length − 1`, during the flight (the
 * entry is at about frame 70), as broadcasts blend between cameras. Same frame count and rate as
 * the sample. (The shot detector misses a dissolve while the camera pans fast down to the water at
 * a 10 m entry: README, Footage.)
 */
export const CAMERA_DISSOLVE_SAMPLE = { file: 'sim-407C-10m-camera-dissolve.mp4', source: 'sim-407C-10m.mp4', from: 50, length: 10, frames: 109 } as const;

export function ensureCameraDissolveSample(dir: string): string {
  const { from, length } = CAMERA_DISSOLVE_SAMPLE;
  const alpha = `clip((N-${from - 1})/${length + 1},0,1)`;
  const graph = `[0:v]split[a][b];[b]hflip,crop=iw*0.8:ih*0.8,scale=640:360,setsar=1[other];[a][other]blend=all_expr='A*(1-${alpha})+B*${alpha}'[v]`;
  return fromSample(dir, CAMERA_DISSOLVE_SAMPLE.file, CAMERA_DISSOLVE_SAMPLE.source, (input, out) => ['-i', input, '-filter_complex', graph, '-map', '[v]', '-r', '25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out]);
}

/**
 * The 407C sample as a broadcast clip that starts after the take-off: frames 38 on (the feet leave
 * the platform at frame 33), re-encoded at 25 fps. Its take-off is not in the clip.
 */
export const MID_FLIGHT_START = { file: 'sim-407C-10m-from38.mp4', source: 'sim-407C-10m.mp4', from: 38 } as const;

export function ensureMidFlightStart(dir: string): string {
  return fromSample(dir, MID_FLIGHT_START.file, MID_FLIGHT_START.source, (input, out) => ['-i', input, '-vf', `select=gte(n\\,${MID_FLIGHT_START.from}),setpts=N/25/TB`, '-r', '25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out]);
}

/**
 * The 407C sample as a broadcast shows it: the live dive, then a cut to a slow-motion replay of
 * frames `from`…`to` (take-off to entry) from a camera on the other side of the pool (mirrored,
 * the middle 80 % of the picture enlarged), each frame shown twice: half speed, as a 50 fps camera
 * played at 25. The analysis must leave the replay out (src/pipeline/aqa/replays.ts).
 */
export const SLOW_MOTION_REPLAY = { file: 'sim-407C-10m-replay.mp4', part: 'sim-407C-10m-replay-part.mp4', source: 'sim-407C-10m.mp4', live: 109, from: 20, to: 85, slowdown: 2 } as const;
/** The same at real speed: the dive shown again from the other camera, its take-off included. */
export const REAL_SPEED_REPLAY = { file: 'sim-407C-10m-replay1.mp4', part: 'sim-407C-10m-replay1-part.mp4', source: 'sim-407C-10m.mp4', live: 109, from: 20, to: 85, slowdown: 1 } as const;

/** The sample followed by its replay (`spec.file`), and the replay alone (`spec.part`: a replay saved on its own). */
export function ensureReplayFixture(dir: string, spec: typeof SLOW_MOTION_REPLAY | typeof REAL_SPEED_REPLAY = SLOW_MOTION_REPLAY): string {
  const { from, to, slowdown } = spec;
  // The replay on its own first: in one filter graph the concat stretched the slowed part (285 frames instead of 241).
  const replayPart = fromSample(dir, spec.part, spec.source, (input, out) => [
    '-i', input, '-vf', `trim=start_frame=${from}:end_frame=${to + 1},setpts=${slowdown}*(PTS-STARTPTS),fps=25,hflip,crop=iw*0.8:ih*0.8,scale=640:360,setsar=1`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out,
  ]);
  return fromSample(dir, spec.file, spec.source, (input, out) => [
    '-i', input, '-i', replayPart, '-filter_complex', '[0:v]setsar=1[live];[1:v]setsar=1[replay];[live][replay]concat=n=2:v=1[v]', '-map', '[v]', '-r', '25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', out,
  ]);
}

/**
 * The 407C sample's dive rendered again by the simulator with the sample's seed and settings
 * (scripts/make-samples.ts), cut to an underwater camera 1–6 frames after the water contact
 * (`npm run sim -- --underwater`): the same dive as the sample until the cut, then the diver under
 * the water. `underwaterStart` is the cut's frame, from the simulator's truth.
 */
export const UNDERWATER_SAMPLE = { file: 'sim-407C-10m-underwater.mp4', truth: 'sim-407C-10m-underwater.json', seed: '21', dive: '407C', height: '10m' } as const;

export function ensureUnderwaterSample(dir: string): { path: string; underwaterStart: number; frames: number; officialScore: number } {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, UNDERWATER_SAMPLE.file), truthPath = join(dir, UNDERWATER_SAMPLE.truth);
  // A fixture made before the official score was kept is made again.
  if (!existsSync(out) || !existsSync(truthPath) || !('officialScore' in (JSON.parse(readFileSync(truthPath, 'utf8')) as object))) {
    const work = mkdtempSync(join(tmpdir(), 'divejudge-underwater-'));
    const s = UNDERWATER_SAMPLE;
    const r = spawnSync('npm', ['run', '-s', 'sim', '--', '--count', '1', '--out', work, '--seed', s.seed, '--height', s.height, '--dive', s.dive, '--judges', '7', '--video', '--no-frames', '--size', '640x360', '--workers', '1', '--underwater'], { cwd: join(import.meta.dirname, '../..') });
    if (r.status !== 0) throw new Error(`the simulator could not render ${s.file}: ${r.stderr?.toString()}`);
    const event = readdirSync(join(work, 'videos'))[0] ?? '';
    const truth = JSON.parse(readFileSync(join(work, 'truth', event, '1.json'), 'utf8')) as { underwater?: { start: number }; frames: { count: number }; judging: { officialScore: number } };
    if (!truth.underwater) throw new Error(`the simulator's truth for ${s.file} has no underwater cut`);
    writeFileSync(truthPath, JSON.stringify({ underwaterStart: truth.underwater.start, frames: truth.frames.count, officialScore: truth.judging.officialScore }));
    copyFileSync(join(work, 'videos', event, '1.mp4'), `${out}.tmp.mp4`);
    renameSync(`${out}.tmp.mp4`, out);
    rmSync(work, { recursive: true, force: true });
  }
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as { underwaterStart: number; frames: number; officialScore: number };
  return { path: out, ...truth };
}

export function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
}

/** Creates every fixture missing from `dir`; returns `dir`. */
export async function ensureFixtures(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  for (const fx of GOOD_FIXTURES) {
    const out = join(dir, fx.file);
    if (existsSync(out)) continue;
    // Encode to a temporary name first so an interrupted run never leaves a half-written fixture.
    const tmp = `${out}.tmp${fx.file.slice(fx.file.lastIndexOf('.'))}`;
    await encodeWithFfmpeg(
      renderSynthFrames({ width: W, height: H, frameCount: fx.frameCount, scene: 'plain', frameCode: FIXTURE_FRAME_CODE }),
      { width: W, height: H, fps: fx.fps, codecArgs: fx.codecArgs, out: tmp },
    );
    renameSync(tmp, out);
  }
  const synthetic = join(dir, SYNTHETIC_DIVE.file);
  if (!existsSync(synthetic)) {
    const tmp = `${synthetic}.tmp.mp4`;
    await encodeWithFfmpeg(
      renderSynthFrames({ width: SYNTHETIC_DIVE.width, height: SYNTHETIC_DIVE.height, frameCount: SYNTHETIC_DIVE.frameCount, scene: 'dive', frameCode: SYNTHETIC_DIVE.frameCode }),
      { width: SYNTHETIC_DIVE.width, height: SYNTHETIC_DIVE.height, fps: '25', codecArgs: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '23', '-movflags', '+faststart'], out: tmp },
    );
    renameSync(tmp, synthetic);
  }
  ensureSampleCut(dir);
  ensureStreamCopyCut(dir);
  const h264 = readFileSync(join(dir, 'h264.mp4'));
  const write = (name: string, data: Uint8Array | string) => {
    const p = join(dir, name);
    if (!existsSync(p)) writeFileSync(p, data);
  };
  write(BAD_FIXTURES.notVideo, 'This is a judging sheet, not a video.\n'.repeat(40));
  write(BAD_FIXTURES.empty, new Uint8Array(0));
  // ffmpeg writes the index (moov) after the media data by default: cutting the file loses it.
  write(BAD_FIXTURES.truncatedNoIndex, h264.subarray(0, Math.floor(h264.length * 0.6)));
  write(BAD_FIXTURES.truncatedData, faststartTruncated(dir));
  // Random bytes with a video extension.
  const garbage = new Uint8Array(8192);
  let seed = 12345;
  for (let i = 0; i < garbage.length; i++) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; garbage[i] = seed & 255; }
  write(BAD_FIXTURES.garbage, garbage);
  return dir;
}

/** An MP4 with its index first (faststart) whose media data is cut short. */
function faststartTruncated(dir: string): Uint8Array {
  const fast = join(dir, 'h264-faststart.tmp.mp4');
  if (!existsSync(fast)) {
    const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', join(dir, 'h264.mp4'), '-c', 'copy', '-movflags', '+faststart', fast]);
    if (r.status !== 0) throw new Error(`ffmpeg faststart failed: ${r.stderr?.toString()}`);
  }
  const data = readFileSync(fast);
  return data.subarray(0, Math.floor(data.length * 0.45));
}

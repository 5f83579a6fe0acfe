/**
 * The clip analysis (src/pipeline/aqa/clipAnalysis.ts) hosted by Node: frames from ffmpeg as the
 * decoder's 4:2:0 planes (the browser's worker gets the same planes from WebCodecs), models on
 * onnxruntime-web's WASM backend (the browser's default). Evaluation, training and the parity test
 * with the browser run the app's analysis through here.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import { i420Picture, i420Size, yuvMatrixOf, type DecodedPicture } from '../../src/pipeline/video/picture.ts';
import { analyseClip, scoreEncodedClip, type AnalysedClip, type ClipPictures, type ClipPoseInput } from '../../src/pipeline/aqa/clipAnalysis.ts';
import { summariseScore, type ScoreSummary } from '../../src/pipeline/aqa/analysis.ts';
import { boundariesToFrames } from '../../src/pipeline/aqa/stages.ts';
import { checklistOfAnalysis } from '../../src/pipeline/analysis/execution.ts';
import { heightFromMetres } from '../../src/domain/index.ts';
import type { ClipScore, PackScorer } from '../../src/pipeline/aqa/packScorer.ts';
import { PackRunner } from '../../training/export/packRunner.ts';

export interface VideoStreamInfo {
  width: number;
  height: number;
  fullRange: boolean;
  matrix: ReturnType<typeof yuvMatrixOf>;
}

/** Size and colour description of a clip's video stream (ffprobe). */
export function probeVideo(path: string): VideoStreamInfo {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,color_range,color_space', '-of', 'json', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffprobe could not read ${path}: ${r.stderr}`);
  const stream = (JSON.parse(r.stdout) as { streams: Array<{ width: number; height: number; color_range?: string; color_space?: string }> }).streams[0];
  if (!stream) throw new Error(`${path} has no video stream`);
  return { width: stream.width, height: stream.height, fullRange: stream.color_range === 'pc', matrix: yuvMatrixOf(stream.color_space) };
}

/** Reads exactly `size`-byte records from a stream. */
async function* records(stream: Readable, size: number): AsyncGenerator<Uint8Array> {
  let frame = new Uint8Array(size), filled = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(size - filled, chunk.length - at);
      frame.set(chunk.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === size) {
        yield frame;
        frame = new Uint8Array(size);
        filled = 0;
      }
    }
  }
}

/**
 * A clip's presented frames from ffmpeg (edit lists applied, no frames dropped or repeated), as
 * 4:2:0 planes.
 */
export function ffmpegPictures(path: string): ClipPictures {
  const info = probeVideo(path);
  const size = i420Size(info.width, info.height);
  return async function* (range) {
    const from = range.from ?? 0, to = range.to ?? Number.POSITIVE_INFINITY;
    const child = spawn('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let index = 0;
    try {
      for await (const bytes of records(child.stdout, size)) {
        const current = index++;
        if (current < from) continue;
        if (current > to) break;
        const picture: DecodedPicture = i420Picture(bytes, info.width, info.height, info.fullRange, info.matrix);
        yield { index: current, picture };
      }
    } finally {
      child.kill('SIGKILL');
      const code = await exited;
      // ffmpeg's own failure is the error to report, whatever ended the loop.
      // eslint-disable-next-line no-unsafe-finally
      if (code !== 0 && code !== null && index <= to && stderr) throw new Error(`ffmpeg failed on ${path}: ${stderr}`);
    }
  };
}

export interface NodeScoreResult {
  clip: AnalysedClip;
  score: ClipScore;
  summary: ScoreSummary;
}

/** A pack as the scoring worker opens it, on onnxruntime-web's WASM backend. */
export function openPackForAnalysis(dir: string): Promise<PackScorer> {
  return PackRunner.open(dir, 'web');
}

/** The whole analysis of one clip in Node, as the app scores it with the pack's own exemplar choice. */
export async function scoreClipInNode(scorer: PackScorer, clipPath: string, pose: ClipPoseInput, dive: { diveNumber: string; height: number | null; dd: number }, voteN = scorer.manifest.voting.defaultN): Promise<NodeScoreResult> {
  const { clip, encoded } = await analyseClip(scorer, ffmpegPictures(clipPath), pose, { progress: () => undefined, isCancelled: () => false });
  const { score } = await scoreEncodedClip(scorer, encoded, { boundaries: null, exemplars: null, dive, voteN });
  // The page's half of the score from the checklist (src/state/analysisStore.ts does the same).
  const height = dive.height === null ? null : heightFromMetres(dive.height);
  const checklist = height ? checklistOfAnalysis(pose, boundariesToFrames(clip.boundaries, clip.frameIndices), clip, { code: dive.diveNumber, height }) : null;
  const summary = summariseScore(score, scorer.exemplars, scorer.manifest.model.stages, dive.dd, undefined, checklist);
  return { clip, score, summary };
}

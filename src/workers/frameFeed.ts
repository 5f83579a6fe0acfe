/**
 * One decode of a clip feeding every pose worker. The pose workers run consecutive parts of the
 * clip at once (src/pipeline/pose/segments.ts); decoding each part in its own worker decoded the
 * second part's lead-in twice — from the clip's start where the clip has a single key frame, as
 * broadcast clips do. Here the page decodes the clip once, in presentation order
 * (decode.ts's presentedSamples), and moves each frame to the worker(s) that run it as a
 * transferred VideoFrame; the worker draws and reads it exactly as it draws a frame it decoded
 * (decode.ts's drawFrames). Decoding is sequential, so the first part's frames wait in its
 * worker while the decoder runs ahead to the next part: `fedPartsFit` bounds what that holds.
 */
import { VideoSample, type Rotation } from 'mediabunny';
import { presentedSamples, type DecodeCounter, type SampleSource } from './decode.ts';

/** What the page sends on a worker's feed port. */
export type FeedMessage =
  | { kind: 'frame'; index: number; frame: VideoFrame; rotation: Rotation; flip: boolean }
  | { kind: 'end' }
  | { kind: 'error'; message: string };

/** What a worker answers: it has drawn this frame (the page then sends more to a part that waits). */
export interface FeedReply {
  kind: 'taken';
  index: number;
}

export interface FeedRoute {
  port: MessagePort;
  /** Frames this worker is sent: `from`…`to` (inclusive), and frame 0 when `withFirst` (the black bars are read on it). */
  from: number;
  to: number;
  withFirst: boolean;
  /** At most this many frames sent and not yet drawn (null: no limit, for a part whose frames come before another's). */
  ahead: number | null;
}

/** Frames a part further on is sent ahead of its worker (enough to keep it busy between the decoder's turns). */
export const FEED_AHEAD = 8;

/**
 * Frames a first part may hold while the decoder runs ahead to the next part, in bytes of decoded
 * 4:2:0 frames: 640×360 clips of several seconds fit, long HD clips do not (each worker then decodes its own part).
 */
export const FEED_HOLD_BYTES = 160 * 1024 * 1024;

/** Whether one decode can feed parts starting at `starts` (frame indices) of a clip of this size. */
export function fedPartsFit(width: number, height: number, starts: readonly number[]): boolean {
  const held = Math.max(0, ...starts);
  return width * height * 1.5 * held <= FEED_HOLD_BYTES;
}

let transferable: boolean | null = null;

/** Whether this browser moves a VideoFrame between threads (Chromium does; without it each worker decodes its own part). */
export function canFeedFrames(): boolean {
  if (transferable !== null) return transferable;
  try {
    const frame = new VideoFrame(new Uint8Array(4 * 2 * 2), { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0 });
    try {
      // Moved as postMessage would move it; the copy is closed at once (a frame left to the
      // garbage collector makes Chromium warn that the app leaks frames).
      structuredClone(frame, { transfer: [frame] }).close();
      transferable = true;
    } finally {
      frame.close();
    }
  } catch {
    transferable = false;
  }
  return transferable;
}

export interface FrameFeed {
  /** Settles when every frame was sent (or the feed failed or stopped). */
  done: Promise<void>;
  /** Frames the decoder gave. */
  counter: DecodeCounter;
  stop(): void;
}

/** Decodes `file` once and sends each route its frames; the routes' ports are closed when it ends. */
export function startFrameFeed(file: Blob, routes: readonly FeedRoute[]): FrameFeed {
  const counter: DecodeCounter = { frames: 0 };
  const scratch = { buffer: new Uint8Array(0) };
  let stopped = false;
  const waiting = routes.map(() => null as (() => void) | null);
  const sent = routes.map(() => 0);
  const ended = routes.map(() => false);
  const end = (r: number, message: FeedMessage): void => {
    if (ended[r]) return;
    ended[r] = true;
    routes[r]?.port.postMessage(message);
  };
  const taken = routes.map(() => 0);
  routes.forEach((route, r) => {
    route.port.onmessage = (event: MessageEvent<FeedReply>) => {
      if (event.data.kind !== 'taken') return;
      taken[r] = (taken[r] ?? 0) + 1;
      const wake = waiting[r];
      waiting[r] = null;
      wake?.();
    };
  });
  const room = async (r: number, route: FeedRoute): Promise<void> => {
    while (!stopped && route.ahead !== null && (sent[r] ?? 0) - (taken[r] ?? 0) >= route.ahead) {
      await new Promise<void>((resolve) => (waiting[r] = resolve));
    }
  };
  const last = Math.max(...routes.map((r) => r.to));
  const send = async (sample: VideoSample, index: number): Promise<void> => {
    for (const [r, route] of routes.entries()) {
      if (!(index >= route.from && index <= route.to) && !(index === 0 && route.withFirst)) continue;
      await room(r, route);
      if (stopped) return;
      // A part that holds its frames gets copies: a hardware decoder has a small pool of output
      // frames and stops while they are all held (a part sent ahead of its worker holds at most FEED_AHEAD).
      const frame = route.ahead === null ? await pageCopy(sample, scratch) : sample.toVideoFrame();
      if (stopped) {
        frame.close();
        return;
      }
      const message: FeedMessage = { kind: 'frame', index, frame, rotation: sample.rotation, flip: sample.flip };
      route.port.postMessage(message, [frame]);
      sent[r] = (sent[r] ?? 0) + 1;
      // The worker's part ends here: it need not wait for the decoder to finish the parts after it.
      if (index === route.to) end(r, { kind: 'end' });
    }
  };
  const done = (async () => {
    try {
      for await (const index of presentedSamples(file, { from: 0, to: last, withFirst: false }, send, counter)) {
        if (stopped || index >= last) break;
      }
      routes.forEach((_, r) => end(r, { kind: 'end' }));
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      routes.forEach((_, r) => end(r, { kind: 'error', message }));
    } finally {
      for (const route of routes) route.port.close();
    }
  })();
  return {
    done,
    counter,
    stop: () => {
      stopped = true;
      for (const wake of waiting) wake?.();
      // A worker waiting for its next frame would wait for ever: tell it the feed stopped (its job
      // was cancelled or another part failed; the pool reads no result from it).
      routes.forEach((_, r) => end(r, { kind: 'error', message: 'the feed was stopped' }));
    },
  };
}

/** The sample's visible pixels copied into the page's memory, as a frame of the same format, colour space and display size. */
async function pageCopy(sample: VideoSample, scratch: { buffer: Uint8Array }): Promise<VideoFrame> {
  const format = sample.format;
  if (!format) return sample.toVideoFrame(); // a layout only the decoder knows: its own frame
  // One buffer for every frame: the VideoFrame constructor copies the pixels out of it.
  const size = sample.allocationSize();
  if (scratch.buffer.length < size) scratch.buffer = new Uint8Array(size);
  const buffer = scratch.buffer.subarray(0, size);
  const layout = await sample.copyTo(buffer);
  const { primaries, transfer, matrix, fullRange } = sample.colorSpace;
  return new VideoFrame(buffer, {
    format: format as VideoPixelFormat, // the decoder's own frame had it; mediabunny's type also lists formats TS's DOM lib does not
    codedWidth: sample.visibleRect.width,
    codedHeight: sample.visibleRect.height,
    layout,
    timestamp: sample.microsecondTimestamp,
    ...(sample.microsecondDuration > 0 ? { duration: sample.microsecondDuration } : {}),
    colorSpace: { primaries, transfer, matrix, fullRange },
    displayWidth: sample.squarePixelWidth,
    displayHeight: sample.squarePixelHeight,
  });
}

/**
 * The worker's side: the frames arriving on `port` as samples, in the order sent, each answered
 * with `taken` once drawn. When the job ends or is cancelled, frames still queued or on their way are closed.
 */
export function fedSamples(port: MessagePort): SampleSource {
  return async function* (use) {
    const queue: FeedMessage[] = [];
    let wake: (() => void) | null = null;
    port.onmessage = (event: MessageEvent<FeedMessage>) => {
      queue.push(event.data);
      const w = wake;
      wake = null;
      w?.();
    };
    try {
      for (;;) {
        if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const message = queue.shift();
        if (!message) continue;
        if (message.kind === 'end') return;
        if (message.kind === 'error') throw new Error(`Decoding the clip failed: ${message.message}`);
        const sample = new VideoSample(message.frame, { rotation: message.rotation, flip: message.flip });
        try {
          await use(sample, message.index);
        } finally {
          sample.close();
        }
        port.postMessage({ kind: 'taken', index: message.index } satisfies FeedReply);
        yield message.index;
      }
    } finally {
      // Frames still on their way (the job was cancelled while the page was sending) are closed as
      // they arrive; the page closes its end of the channel when its decode ends.
      port.onmessage = (event: MessageEvent<FeedMessage>) => {
        if (event.data.kind === 'frame') event.data.frame.close();
      };
      for (const message of queue) if (message.kind === 'frame') message.frame.close();
      queue.length = 0;
    }
  };
}

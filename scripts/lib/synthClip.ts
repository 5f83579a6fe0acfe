/**
 * Synthetic clips for tests and the placeholder sample: frames drawn in plain TypeScript (no
 * canvas dependency in Node) and encoded by ffmpeg from Debian's packages.
 */
import { spawn } from 'node:child_process';
import { drawFrameCode, type FrameCodeLayout } from './frameCode.ts';

export interface SynthClipOptions {
  width: number;
  height: number;
  frameCount: number;
  /** 'dive' draws a stylised pool scene with a figure; 'plain' a moving gradient. */
  scene: 'dive' | 'plain';
  frameCode: FrameCodeLayout;
}

type Rgb = readonly [number, number, number];

function fillRect(rgb: Uint8Array, w: number, h: number, x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
  const xa = Math.max(0, Math.floor(x0)), xb = Math.min(w, Math.ceil(x1));
  const ya = Math.max(0, Math.floor(y0)), yb = Math.min(h, Math.ceil(y1));
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const i = (y * w + x) * 3;
      rgb[i] = c[0]; rgb[i + 1] = c[1]; rgb[i + 2] = c[2];
    }
  }
}

/** A thick line with round caps (a capsule), the building block of the stick figure. */
function capsule(rgb: Uint8Array, w: number, h: number, ax: number, ay: number, bx: number, by: number, r: number, c: Rgb): void {
  const xa = Math.max(0, Math.floor(Math.min(ax, bx) - r)), xb = Math.min(w, Math.ceil(Math.max(ax, bx) + r));
  const ya = Math.max(0, Math.floor(Math.min(ay, by) - r)), yb = Math.min(h, Math.ceil(Math.max(ay, by) + r));
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy || 1;
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
      const ex = x - (ax + t * dx), ey = y - (ay + t * dy);
      if (ex * ex + ey * ey <= r * r) {
        const i = (y * w + x) * 3;
        rgb[i] = c[0]; rgb[i + 1] = c[1]; rgb[i + 2] = c[2];
      }
    }
  }
}

function drawPlain(rgb: Uint8Array, w: number, h: number, f: number): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      rgb[i] = (x + f * 3) & 255;
      rgb[i + 1] = (y * 2) & 255;
      rgb[i + 2] = 128;
    }
  }
  const cx = ((f * 7) % (w - 40)) + 20;
  capsule(rgb, w, h, cx, h * 0.6, cx, h * 0.6, 14, [250, 200, 40]);
}

/** A stylised 10 m platform dive: forward 1½ somersaults tuck along a ballistic path. */
function drawDive(rgb: Uint8Array, w: number, h: number, f: number, frameCount: number): void {
  const waterY = h * 0.78;
  for (let y = 0; y < h; y++) {
    const sky: Rgb = y < waterY ? [70 + (y / h) * 60, 90 + (y / h) * 70, 120 + (y / h) * 40] : [20, 110 + ((y * 7) % 9), 170];
    fillRect(rgb, w, h, 0, y, w, y + 1, sky);
  }
  // Stands with spectators: the tracker of later issues must ignore them.
  for (let row = 0; row < 3; row++) {
    for (let s = 0; s < 24; s++) {
      const x = w * 0.45 + s * (w * 0.022) + (row % 2) * 5;
      const y = h * 0.18 + row * h * 0.07;
      const shade: Rgb = [120 + ((s * 37) % 100), 80 + ((s * 53) % 90), 70 + ((s * 29) % 80)];
      capsule(rgb, w, h, x, y, x, y + h * 0.04, w * 0.006, shade);
    }
  }
  // Platform tower and board.
  const platformY = h * 0.3;
  fillRect(rgb, w, h, w * 0.05, platformY, w * 0.12, waterY, [150, 150, 155]);
  fillRect(rgb, w, h, w * 0.05, platformY - h * 0.015, w * 0.25, platformY, [225, 225, 220]);

  // Flight: take-off (first 15% of frames standing), flight, entry (last 20% under the surface).
  const t = f / (frameCount - 1);
  const takeOffEnd = 0.15, entryStart = 0.8;
  const scale = h * 0.11;
  let cx: number, cy: number, angle: number, tuck: number;
  if (t < takeOffEnd) {
    const k = t / takeOffEnd;
    cx = w * 0.22; cy = platformY - scale * (1.05 + 0.25 * Math.sin(k * Math.PI)); angle = 0.2 * k; tuck = 0;
  } else {
    const k = Math.min(1, (t - takeOffEnd) / (entryStart - takeOffEnd));
    cx = w * 0.22 + k * w * 0.18;
    const y0 = platformY - scale * 1.05, y1 = waterY + scale * 0.2;
    cy = y0 - 4 * scale * k * (1 - k) * 0.9 + (y1 - y0) * k * k;
    angle = 0.2 + k * 3 * Math.PI; // 1½ somersaults
    tuck = k < 0.75 ? Math.min(1, k * 4) : Math.max(0, 1 - (k - 0.75) * 8);
    if (t >= entryStart) cy = y1 + (t - entryStart) * h;
  }
  const rot = (x: number, y: number): [number, number] => {
    const c = Math.cos(angle), s = Math.sin(angle);
    return [cx + (x * c - y * s) * scale, cy + (x * s + y * c) * scale];
  };
  const skin: Rgb = [224, 172, 138], suit: Rgb = [180, 30, 40];
  const hip = rot(0, 0.1), shoulder = rot(0, -0.45), head = rot(0, -0.72);
  const knee = rot(0.35 * tuck, 0.55 - 0.3 * tuck), ankle = rot(0.05 * tuck, 0.95 - 0.6 * tuck);
  const elbow = rot(0.25 * tuck, -0.15 - 0.35 * (1 - tuck) - 0.1), wrist = rot(0.35 * tuck, 0.15 - 0.75 * (1 - tuck));
  const r = scale * 0.09;
  capsule(rgb, w, h, shoulder[0], shoulder[1], hip[0], hip[1], r * 1.4, suit);
  capsule(rgb, w, h, hip[0], hip[1], knee[0], knee[1], r * 1.1, skin);
  capsule(rgb, w, h, knee[0], knee[1], ankle[0], ankle[1], r, skin);
  capsule(rgb, w, h, shoulder[0], shoulder[1], elbow[0], elbow[1], r * 0.8, skin);
  capsule(rgb, w, h, elbow[0], elbow[1], wrist[0], wrist[1], r * 0.7, skin);
  capsule(rgb, w, h, head[0], head[1], head[0], head[1], r * 1.6, skin);
  // Water surface drawn last hides the body after entry; a splash blob marks the entry.
  if (t >= entryStart) {
    fillRect(rgb, w, h, 0, waterY, w, h, [20, 110, 170]);
    const splash = Math.max(0, 1 - (t - entryStart) * 4);
    if (splash > 0) capsule(rgb, w, h, cx, waterY, cx, waterY - scale * 0.6 * splash, scale * 0.25 * splash + 1, [235, 245, 250]);
  }
}

export function* renderSynthFrames(options: SynthClipOptions): Generator<Uint8Array> {
  const { width: w, height: h, frameCount } = options;
  for (let f = 0; f < frameCount; f++) {
    const rgb = new Uint8Array(w * h * 3);
    if (options.scene === 'dive') drawDive(rgb, w, h, f, frameCount);
    else drawPlain(rgb, w, h, f);
    drawFrameCode(rgb, w, f, options.frameCode);
    yield rgb;
  }
}

/** Pipes raw RGB24 frames into ffmpeg. `codecArgs` chooses codec and container options. */
export async function encodeWithFfmpeg(
  frames: Iterable<Uint8Array>,
  opts: { width: number; height: number; fps: string; codecArgs: string[]; out: string },
): Promise<void> {
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${opts.width}x${opts.height}`, '-framerate', opts.fps, '-i', 'pipe:0',
    ...opts.codecArgs, opts.out,
  ];
  const ffmpeg = spawn('ffmpeg', args, { stdio: ['pipe', 'inherit', 'pipe'] });
  let stderr = '';
  ffmpeg.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<void>((resolve, reject) => {
    ffmpeg.on('error', reject);
    ffmpeg.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`))));
  });
  for (const frame of frames) {
    if (!ffmpeg.stdin.write(frame)) await new Promise((r) => ffmpeg.stdin.once('drain', r));
  }
  ffmpeg.stdin.end();
  await done;
}

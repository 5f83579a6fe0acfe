/**
 * Rebuilds the placeholder sample clip (public/samples/placeholder-dive.mp4) that the app loads
 * with one click. Deterministic; needs ffmpeg. The frame-index strip in the bottom-left corner
 * lets end-to-end tests check which frame is really on screen.
 */
import { mkdirSync } from 'node:fs';
import { encodeWithFfmpeg, renderSynthFrames } from './lib/synthClip.ts';
import { SAMPLE_FRAME_CODE } from './lib/frameCode.ts';

const outDir = new URL('../public/samples/', import.meta.url).pathname;
mkdirSync(outDir, { recursive: true });
await encodeWithFfmpeg(
  renderSynthFrames({ width: 640, height: 360, frameCount: 75, scene: 'dive', frameCode: SAMPLE_FRAME_CODE }),
  {
    width: 640,
    height: 360,
    fps: '25',
    codecArgs: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '23', '-preset', 'slow', '-movflags', '+faststart', '-bitexact'],
    out: `${outDir}placeholder-dive.mp4`,
  },
);
console.log(`wrote ${outDir}placeholder-dive.mp4`);

/**
 * Key frames for the report: end of take-off, mid-flight and entry, each the real video frame
 * (when the clip is there) with the skeleton drawn over it, as PNG data URLs. Without the clip the
 * skeleton is drawn on a plain background and the caption says so.
 */
import type { FrameTransitions } from '../../pipeline/aqa/stages.ts';
import type { PackedPoseSequence } from '../../pipeline/pose/packed.ts';
import { frameCentreTime } from '../../pipeline/video/frameTiming.ts';
import { drawSkeleton } from '../player/drawSkeleton.ts';

export interface KeyFrameImage {
  label: string;
  frame: number;
  seconds: number;
  image: string;
}

const MAX_WIDTH = 480;

export function keyFrameIndices(transitions: FrameTransitions): Array<{ label: string; frame: number }> {
  return [
    { label: 'End of take-off', frame: transitions.takeOffEnd },
    { label: 'Mid-flight', frame: Math.round((transitions.takeOffEnd + transitions.entryStart) / 2) },
    { label: 'Entry', frame: transitions.entryStart },
  ];
}

function waitFor(target: EventTarget, event: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(event, () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

type LinkedClip = { url: string; fps: number; startTime: number; frameCount: number } | null;

/** The three key frames of the stages (end of take-off, mid-flight, entry). */
export function captureKeyFrames(clip: LinkedClip, pose: PackedPoseSequence, transitions: FrameTransitions): Promise<KeyFrameImage[]> {
  return captureFrames(clip, pose, keyFrameIndices(transitions));
}

/** Any frames, each with the skeleton over it, at most `maxWidth` pixels wide. */
export async function captureFrames(clip: LinkedClip, pose: PackedPoseSequence, wanted: ReadonlyArray<{ label: string; frame: number }>, maxWidth = MAX_WIDTH): Promise<KeyFrameImage[]> {
  const scale = Math.min(1, maxWidth / pose.width);
  const width = Math.round(pose.width * scale);
  const height = Math.round(pose.height * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  let video: HTMLVideoElement | null = null;
  if (clip) {
    video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    video.src = clip.url;
    await waitFor(video, 'loadeddata', 10_000).catch(() => {
      video = null;
    });
  }
  const out: KeyFrameImage[] = [];
  for (const { label, frame } of wanted) {
    const f = Math.min(Math.max(0, frame), pose.frameCount - 1);
    if (video && clip) {
      video.currentTime = frameCentreTime({ fps: clip.fps, frameCount: clip.frameCount, startTime: clip.startTime }, f);
      await waitFor(video, 'seeked', 10_000);
      ctx.drawImage(video, 0, 0, width, height);
    } else {
      ctx.fillStyle = '#1b2430';
      ctx.fillRect(0, 0, width, height);
    }
    const joints = pose.joints.slice(f * 48, f * 48 + 48);
    for (let j = 0; j < 16; j++) {
      joints[j * 3] = (joints[j * 3] ?? 0) * scale;
      joints[j * 3 + 1] = (joints[j * 3 + 1] ?? 0) * scale;
    }
    drawSkeleton(ctx, joints, { unit: Math.max(1.5, Math.min(width, height) / 160), repaired: pose.repaired.subarray(f * 16, f * 16 + 16) });
    out.push({ label: video ? label : `${label} (skeleton only: the clip is not linked)`, frame: f, seconds: f / pose.fps, image: canvas.toDataURL('image/png') });
  }
  if (video) {
    video.removeAttribute('src');
    video.load();
  }
  return out;
}

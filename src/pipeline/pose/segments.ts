/**
 * A clip's pose pass split into segments that run side by side, one pose worker each (the pose
 * model is single-threaded: tfjs-wasm's threads crash in a minified build, README "Browser runtime
 * facts"). A later segment starts a short warm-up before its first kept frame, so its tracking has
 * found and settled on the diver by then; the warm-up frames are thrown away.
 *
 * The split depends on the clip alone (frame count, frame rate, whether the judge picked the diver),
 * never on how many cores the machine has: one worker running the segments one after the other
 * gives the very same poses as two running them at once, so a clip scores the same everywhere.
 */
import { frameOf, packPoseSequence, type PackedPoseSequence } from './packed.ts';
import { finishPoseFrames, type PostprocessConfig } from './poseStage.ts';
import type { OtherPeopleCheck, PoseFrame, PoseSequence } from './types.ts';
import type { ContentBox } from '../video/contentBox.ts';
import { joinCameraPaths, type CameraPathPart, type ClipCameraPath } from '../splash/cameraPath.ts';

/** Frames `from` … `to` (inclusive; undefined: to the clip's end) are run; those before `keepFrom` only warm the tracking up. */
export interface PoseSegmentPlan {
  from: number;
  keepFrom: number;
  to?: number;
}

/** Warm-up before a later segment's first kept frame: half a second, enough to find the diver and settle the crop (measured in the README, speed section). */
export const SEGMENT_WARM_UP_S = 0.5;
/** Clips shorter than this many warm-ups run as one segment: the warm-up would cost more than the split saves. */
const MIN_WARM_UPS_TO_SPLIT = 5;
/** Appended to the pose configuration label of a clip's poses: which split scheme made them (caches are keyed by the label). */
export const SEGMENT_SCHEME_LABEL = '+halves';

export function planPoseSegments(frameCount: number, fps: number, judgePickedDiver: boolean): PoseSegmentPlan[] {
  const warmUp = Math.max(1, Math.round(SEGMENT_WARM_UP_S * (Number.isFinite(fps) && fps > 0 ? fps : 25)));
  if (judgePickedDiver || !Number.isFinite(frameCount) || frameCount < MIN_WARM_UPS_TO_SPLIT * warmUp) return [{ from: 0, keepFrom: 0 }];
  // Both halves run the same number of frames: the second's warm-up is paid for by a shorter first half.
  const split = Math.ceil((frameCount + warmUp) / 2);
  return [
    { from: 0, keepFrom: 0, to: split - 1 },
    { from: split - warmUp, keepFrom: split },
  ];
}

/** Where the pose stage's pixels sit in the frame: frame = (stage + offset) ÷ scale. */
export interface StageView {
  box: ContentBox | null;
  /** Stage pixels per frame pixel (≤ 1). */
  scale: number;
}

/** One segment's per-frame output, before post-processing, in the stage's pixels. */
export interface DetectedSegment {
  plan: PoseSegmentPlan;
  /** The kept frames (packed; `frameCount` of them from `plan.keepFrom`), raw. */
  frames: PackedPoseSequence;
  otherPeople: OtherPeopleCheck;
  /** The judge's pick in stage pixels, when there was one. */
  followed: { x: number; y: number } | null;
  view: StageView;
  postprocess: PostprocessConfig;
  /** The camera path measured on this segment's decode (from the frame before its first kept one), or null where it could not be. */
  cameraPath: CameraPathPart | null;
}

/** Joints, boxes and the followed point found by the stage, moved back to frame pixels. */
export function toFramePixels(sequence: PoseSequence, view: StageView, width: number, height: number): PoseSequence {
  const dx = view.box?.x ?? 0, dy = view.box?.y ?? 0, k = 1 / view.scale;
  if (dx === 0 && dy === 0 && k === 1 && sequence.width === width && sequence.height === height) return sequence;
  const x = (v: number) => (v + dx) * k, y = (v: number) => (v + dy) * k;
  for (const frame of sequence.frames) {
    for (let j = 0; j < frame.joints.length; j += 3) {
      frame.joints[j] = x(frame.joints[j] ?? 0);
      frame.joints[j + 1] = y(frame.joints[j + 1] ?? 0);
    }
    if (frame.box) frame.box = { x1: x(frame.box.x1), y1: y(frame.box.y1), x2: x(frame.box.x2), y2: y(frame.box.y2) };
  }
  return { ...sequence, width, height, ...(sequence.followed ? { followed: { x: x(sequence.followed.x), y: y(sequence.followed.y) } } : {}) };
}

function unpack(packed: PackedPoseSequence): PoseFrame[] {
  return Array.from({ length: packed.frameCount }, (_, i) => {
    const f = frameOf(packed, i);
    return { ...f, joints: f.joints.slice(), repaired: f.repaired.slice(), box: f.box ? { ...f.box } : null };
  });
}

/**
 * The segments of one clip, in order, joined and post-processed as one sequence (the post-processing
 * sees the whole clip, as it does when one worker ran it), in frame pixels. Throws when they do not
 * cover the clip frame after frame; an empty segment past the end is dropped.
 */
export function finishPoseSegments(segments: readonly DetectedSegment[], clip: { fps: number; width: number; height: number }): { sequence: PackedPoseSequence; otherPeople: OtherPeopleCheck | null; cameraPath: ClipCameraPath | null } {
  // A segment that found no frames at all starts past the clip's last frame (the clip was shorter
  // than its header said): nothing of it to join.
  const ordered = [...segments].sort((a, b) => a.plan.keepFrom - b.plan.keepFrom).filter((s, i) => i === 0 || s.frames.frameCount > 0);
  const first = ordered[0];
  if (!first) throw new Error('no pose segments');
  const raw: PoseFrame[] = [];
  const otherPeople: OtherPeopleCheck = { checked: 0, frames: [] };
  for (const segment of ordered) {
    if (segment.plan.keepFrom !== raw.length) throw new Error(`pose segment from frame ${segment.plan.keepFrom} does not follow frame ${raw.length - 1}`);
    raw.push(...unpack(segment.frames));
    otherPeople.checked += segment.otherPeople.checked;
    otherPeople.frames.push(...segment.otherPeople.frames);
  }
  const stage = first.frames;
  const label = stage.config + SEGMENT_SCHEME_LABEL;
  const sequence = finishPoseFrames(raw, first.postprocess, label, { fps: clip.fps, width: stage.width, height: stage.height }, first.followed ? { followed: first.followed } : { otherPeople });
  const parts = ordered.map((s) => s.cameraPath);
  const cameraPath = parts.every((p): p is CameraPathPart => p !== null) ? joinCameraPaths(parts) : null;
  // The path covers every frame the pose does, or the analysis measures it again.
  const packed = packPoseSequence(toFramePixels(sequence, first.view, clip.width, clip.height));
  return { sequence: packed, otherPeople: first.followed ? null : otherPeople, cameraPath: cameraPath && cameraPath.zoom.length === packed.frameCount ? cameraPath : null };
}

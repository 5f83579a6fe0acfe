/**
 * Per-frame truth of a simulated dive in image coordinates: MPII-16 joints (the order of
 * src/pipeline/pose/skeleton.ts), visibility (under water or out of the picture = 0), a square
 * person box, FineDiving sub-action labels and stage transitions, splash area per frame and the
 * splash score (eq. 21).
 */
import { MPII_JOINTS } from '@divejudge/core';
import type { MpiiJoint } from '@divejudge/core';
import { LANDMARK_COUNT, LM } from './body.ts';
import type { Landmark } from './body.ts';
import { planCamera, planUnderwaterCamera, project } from './camera.ts';
import type { CameraFrame } from './camera.ts';
import { motionAt, worldPointsAt } from './dive.ts';
import type { MotionPhase, SimulatedDive } from './dive.ts';
import { ENTRY_LABEL } from './program.ts';
import { Random } from './random.ts';
import { splashAreaAt, splashScore } from './splash.ts';

/** Which body landmark each MPII joint is. */
export const MPII_LANDMARKS: Readonly<Record<MpiiJoint, Landmark>> = {
  r_ankle: LM.ankleR, r_knee: LM.kneeR, r_hip: LM.hipR, l_hip: LM.hipL, l_knee: LM.kneeL, l_ankle: LM.ankleL,
  pelvis: LM.pelvis, thorax: LM.thorax, upper_neck: LM.upperNeck, head_top: LM.vertex,
  r_wrist: LM.wristR, r_elbow: LM.elbowR, r_shoulder: LM.shoulderR, l_shoulder: LM.shoulderL, l_elbow: LM.elbowL, l_wrist: LM.wristL,
};

export type BodyOrientation = 'upright' | 'horizontal' | 'inverted';

export interface FrameTruth {
  index: number;
  /** Seconds from take-off. */
  time: number;
  phase: MotionPhase;
  /** 16 × [x, y] image pixels, MPII order. */
  joints: [number, number][];
  /** 16 × 0/1: 0 under water or outside the picture. */
  visible: number[];
  /** Joint depth toward the camera (metres, + nearer), for occlusion-aware uses. */
  depth: number[];
  /** Square person box [x1, y1, x2, y2] around the visible body, or null when it is gone. */
  box: [number, number, number, number] | null;
  label: number;
  /** Splash area in the diving plane, m², and as the camera sees it, px². */
  splashAreaM2: number;
  splashAreaPx: number;
  /** Torso direction (pelvis → thorax) as the pose-error statistics bucket it. */
  orientation: BodyOrientation;
  /** Image motion of the fastest joint over one frame, in head sizes: what blurs. */
  motionHeads: number;
  /** Head size head_top–upper_neck in pixels. */
  headSizePx: number;
  camera: CameraFrame;
}

export interface StageTransitions {
  /** Last frame of the take-off stage (the diver still touches the board). */
  takeOffEnd: number;
  /** First frame of the entry stage (the opening for entry has begun). */
  entryStart: number;
  /** First frame at or after first contact with the water. */
  waterContact: number;
}

export interface DiveTruth {
  fps: number;
  width: number;
  height: number;
  frameCount: number;
  /** Time of frame 0, seconds from take-off. */
  startTime: number;
  frames: FrameTruth[];
  stageTransitions: StageTransitions;
  /** FineDiving `frames_labels` and `steps_transit_frames`. */
  framesLabels: number[];
  stepsTransitFrames: number[];
  /** Eq. 21 over the per-frame areas: m²·s and px²·s. */
  splashScore: number;
  splashScorePx: number;
  /** With `replay`: the replay's first frame and its slowdown (frames from there on are the replay). */
  replay?: { start: number; slowdown: number };
  /** With `slowMotion`: the whole clip plays this many times slower than real time. */
  slowMotion?: { slowdown: number };
  /** With `underwaterAtFrame`: the first frame of the underwater camera (frames from there on are under water). */
  underwater?: { start: number };
}

export interface TruthOptions {
  fps?: number;
  width?: number;
  height?: number;
  /**
   * Broadcast structure: from this frame on, the picture comes from a second camera on the other
   * side of the pool (mirrored, framed wider, its own operator) — a cut, as broadcasts do around
   * the entry. Joints, boxes and splash areas follow the camera of each frame.
   */
  cutAtFrame?: number;
  /**
   * Broadcast structure: from this frame on (after the water contact), the picture comes from an
   * underwater camera (camera.ts, planUnderwaterCamera): the diver and the bubbles below the surface,
   * no splash. Joints above the surface are not visible from there. Not with `cutAtFrame`.
   */
  underwaterAtFrame?: number;
  /**
   * Broadcast structure: after the live clip, a cut to a replay of the dive in slow motion (played
   * `slowdown` times slower: a high-speed camera's frames at the broadcast rate) from a camera on
   * the other side of the pool, from just before the take-off to just after the entry.
   */
  replay?: { slowdown: number };
  /**
   * The whole clip in slow motion, `slowdown` times slower than real time: a replay saved on its own
   * (the span a replay shows, from the main camera). Not with `replay` or `cutAtFrame`.
   */
  slowMotion?: { slowdown: number };
}

/**
 * Where a broadcast cuts to its second camera around the entry: from 6 frames before the water
 * contact to 10 after it, drawn per dive (the same for a seed and run whatever else is rendered).
 */
export function entryCutFrame(dive: SimulatedDive, plain: DiveTruth): number {
  const contact = plain.stageTransitions.waterContact;
  return Math.min(plain.frameCount - 3, Math.max(3, contact + new Random(`${String(dive.seed)}/${dive.runIndex}/cut`).int(-6, 10)));
}

/**
 * Where a broadcast cuts to its underwater camera: 1 to 6 frames after the water contact, drawn per
 * dive (the same for a seed and run whatever else is rendered).
 */
export function underwaterCutFrame(dive: SimulatedDive, plain: DiveTruth): number {
  const contact = plain.stageTransitions.waterContact;
  return Math.min(plain.frameCount - 3, contact + new Random(`${String(dive.seed)}/${dive.runIndex}/underwater`).int(1, 6));
}

/** The replay starts this long (s) before the take-off and ends this long after the water contact. */
export const REPLAY_LEAD_S = 0.5;
export const REPLAY_TAIL_S = 0.4;

/** How much wider the second camera frames the diver than the first. */
const SECOND_CAMERA_ZOOM = 0.8;

export const DEFAULT_FPS = 25;
export const DEFAULT_WIDTH = 455;
export const DEFAULT_HEIGHT = 256;

export function orientationOf(joints: readonly (readonly [number, number])[]): BodyOrientation {
  const pelvis = joints[MPII_JOINTS.indexOf('pelvis')] ?? [0, 0];
  const thorax = joints[MPII_JOINTS.indexOf('thorax')] ?? [0, 0];
  const angle = Math.abs((Math.atan2(thorax[0] - pelvis[0], -(thorax[1] - pelvis[1])) * 180) / Math.PI);
  return angle < 45 ? 'upright' : angle <= 135 ? 'horizontal' : 'inverted';
}

/** Times a replay shows at `rate` frames per second of the dive's own time: from just before the take-off to just after the entry. */
function replayTimes(dive: SimulatedDive, rate: number): number[] {
  const step = 1 / rate;
  const from = Math.max(dive.times.start, -REPLAY_LEAD_S), to = Math.min(dive.times.end, dive.times.contact + REPLAY_TAIL_S);
  return Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
}

/** Frame times of a dive's clip at `fps`. */
export function frameTimes(dive: SimulatedDive, fps: number): number[] {
  const count = Math.max(2, Math.floor((dive.times.end - dive.times.start) * fps) + 1);
  return Array.from({ length: count }, (_, i) => dive.times.start + i / fps);
}

function imageJoints(dive: SimulatedDive, t: number, camera: CameraFrame, world = new Float64Array(LANDMARK_COUNT * 3)): { joints: [number, number][]; depth: number[]; world: Float64Array } {
  worldPointsAt(dive, t, world);
  const joints: [number, number][] = [];
  const depth: number[] = [];
  for (const name of MPII_JOINTS) {
    const lm = MPII_LANDMARKS[name];
    joints.push(project(camera, world[lm * 3] ?? 0, world[lm * 3 + 1] ?? 0));
    depth.push(world[lm * 3 + 2] ?? 0);
  }
  return { joints, depth, world };
}

/** FineDiving label of a frame at time t. */
function labelAt(dive: SimulatedDive, t: number, entryStartTime: number): number {
  if (t <= 0) return dive.program.labels.takeOff;
  if (t >= entryStartTime) return ENTRY_LABEL;
  for (const part of dive.flightParts) if (t < part.end) return part.label;
  return dive.flightParts[dive.flightParts.length - 1]?.label ?? dive.program.labels.somersault;
}

export function diveTruth(dive: SimulatedDive, options: TruthOptions = {}): DiveTruth {
  const fps = options.fps ?? DEFAULT_FPS;
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const slow = options.slowMotion !== undefined && options.slowMotion.slowdown > 0 ? options.slowMotion.slowdown : null;
  if (slow !== null && (options.replay !== undefined || options.cutAtFrame !== undefined || options.underwaterAtFrame !== undefined)) throw new Error('diveTruth: slowMotion is a clip on its own, without a replay or a cut');
  if (options.cutAtFrame !== undefined && options.underwaterAtFrame !== undefined) throw new Error('diveTruth: a cut to the second camera or to the underwater one, not both');
  const times = slow === null ? frameTimes(dive, fps) : replayTimes(dive, fps * slow);
  const cameras = planCamera(dive, times, { width, height }, new Random(`${String(dive.seed)}/${dive.runIndex}/camera`));
  if (options.cutAtFrame !== undefined && options.cutAtFrame > 0 && options.cutAtFrame < times.length) {
    const second = planCamera(dive, times, { width, height }, new Random(`${String(dive.seed)}/${dive.runIndex}/camera-2`));
    for (let i = options.cutAtFrame; i < times.length; i++) {
      const c = second[i] as CameraFrame;
      cameras[i] = { ...c, mirrored: !c.mirrored, scale: c.scale * SECOND_CAMERA_ZOOM };
    }
  }
  const underwaterFrom = options.underwaterAtFrame !== undefined && options.underwaterAtFrame > 0 && options.underwaterAtFrame < times.length ? options.underwaterAtFrame : null;
  if (underwaterFrom !== null) {
    const below = planUnderwaterCamera(dive, times.slice(underwaterFrom), { width, height }, new Random(`${String(dive.seed)}/${dive.runIndex}/camera-underwater`));
    below.forEach((c, k) => (cameras[underwaterFrom + k] = c));
  }
  const liveFrames = times.length;
  // Each frame's time step in the dive (a replay's frames are closer together in time).
  const frameStep = times.map(() => 1 / (fps * (slow ?? 1)));
  if (options.replay !== undefined && options.replay.slowdown > 0) {
    const step = 1 / (fps * options.replay.slowdown);
    const replay = replayTimes(dive, fps * options.replay.slowdown);
    // The operator follows the dive in the dive's own time, as the high-speed camera filmed it.
    const replayCameras = planCamera(dive, replay, { width, height }, new Random(`${String(dive.seed)}/${dive.runIndex}/camera-replay`));
    times.push(...replay);
    for (const c of replayCameras) cameras.push({ ...c, mirrored: !c.mirrored });
    for (let i = 0; i < replay.length; i++) frameStep.push(step);
  }
  const frames: FrameTruth[] = [];
  const world = new Float64Array(LANDMARK_COUNT * 3);
  const extremities = [LM.handR, LM.handL, LM.toeR, LM.toeL, LM.vertex] as const;
  const entryStartTime = dive.times.open;
  times.forEach((t, index) => {
    const camera = cameras[index] as CameraFrame;
    const { joints, depth } = imageJoints(dive, t, camera, world);
    // A camera above the water sees what is above the surface, an underwater one what is below it.
    const hidden = (y: number) => (camera.underwater === true ? y > 0 : y < 0);
    const visible: number[] = MPII_JOINTS.map((name, j) => {
      const y = world[MPII_LANDMARKS[name] * 3 + 1] ?? 0;
      const [u, v] = joints[j] ?? [0, 0];
      return hidden(y) || u < 0 || v < 0 || u >= width || v >= height ? 0 : 1;
    });
    // Square box over the visible body, extremities (hand tips, toes, top of head) included.
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity, shown = 0;
    const consider = (lm: number) => {
      if (hidden(world[lm * 3 + 1] ?? 0)) return;
      const [u, v] = project(camera, world[lm * 3] ?? 0, world[lm * 3 + 1] ?? 0);
      x1 = Math.min(x1, u);
      x2 = Math.max(x2, u);
      y1 = Math.min(y1, v);
      y2 = Math.max(y2, v);
      shown++;
    };
    for (const name of MPII_JOINTS) consider(MPII_LANDMARKS[name]);
    for (const lm of extremities) consider(lm);
    let box: FrameTruth['box'] = null;
    if (shown >= 4 && visible.reduce((a, b) => a + b, 0) >= 2) {
      // Square (larger side), small margin: keeps tucked and horizontal bodies inside a crop.
      const side = Math.max(x2 - x1, y2 - y1) * 1.1 + 0.3 * dive.body.headSizeM * camera.scale;
      const cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
      box = [cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2];
    }
    const tau = t - dive.times.contact;
    const splashAreaM2 = tau > 0 ? splashAreaAt(dive.splash, tau) : 0;
    // Motion over one frame of the fastest extremity, in head sizes (blur and pose-miss driver).
    const dt = 0.5 * (frameStep[index] ?? 1 / fps);
    const a = imageJoints(dive, t - dt, camera).joints;
    const b = imageJoints(dive, t + dt, camera).joints;
    let motion = 0;
    for (let j = 0; j < a.length; j++) {
      const p = a[j] ?? [0, 0], q = b[j] ?? [0, 0];
      motion = Math.max(motion, Math.hypot(q[0] - p[0], q[1] - p[1]));
    }
    const headSizePx = dive.body.headSizeM * camera.scale;
    frames.push({
      index,
      time: t,
      phase: motionAt(dive, t).phase,
      joints,
      visible,
      depth,
      box,
      label: labelAt(dive, t, entryStartTime),
      splashAreaM2,
      // The splash is above the surface: an underwater camera does not see it.
      splashAreaPx: camera.underwater === true ? 0 : splashAreaM2 * camera.scale * camera.scale,
      orientation: orientationOf(joints),
      motionHeads: motion / Math.max(1e-6, headSizePx),
      headSizePx,
      camera,
    });
  });

  const framesLabels = frames.map((f) => f.label);
  const stepsTransitFrames: number[] = [];
  // The live dive's transitions (a replay repeats them, and FineDiving labels the dive once).
  for (let i = 0; i + 1 < liveFrames; i++) if (framesLabels[i] !== framesLabels[i + 1]) stepsTransitFrames.push(i);
  const takeOffEnd = Math.max(0, frames.findIndex((f) => f.time > 0) - 1);
  let entryStart = frames.findIndex((f) => f.label === ENTRY_LABEL);
  if (entryStart < 0) entryStart = frames.length - 1;
  const contactFrame = frames.findIndex((f) => f.time >= dive.times.contact);
  return {
    fps,
    width,
    height,
    frameCount: frames.length,
    startTime: times[0] ?? 0,
    frames,
    stageTransitions: { takeOffEnd, entryStart, waterContact: contactFrame < 0 ? frames.length - 1 : contactFrame },
    framesLabels,
    stepsTransitFrames,
    // The splash integrated over real time (a slow-motion clip's frames are closer together).
    splashScore: splashScore(frames.slice(0, liveFrames).map((f) => f.splashAreaM2), fps * (slow ?? 1)),
    splashScorePx: splashScore(frames.slice(0, liveFrames).map((f) => f.splashAreaPx), fps * (slow ?? 1)),
    ...(frames.length > liveFrames && options.replay ? { replay: { start: liveFrames, slowdown: options.replay.slowdown } } : {}),
    ...(slow === null ? {} : { slowMotion: { slowdown: slow } }),
    ...(underwaterFrom === null ? {} : { underwater: { start: underwaterFrom } }),
  };
}

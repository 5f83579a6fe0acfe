/**
 * The pose stage as the app runs it, for a clip or for the benchmark's image sequences:
 * per frame, run the backend on a crop that follows the diver (rotated so the diver looks
 * upright when the config says so), fall back to a full-frame search of everyone when the
 * diver is lost, associate (eq. 29), then fix swaps, repair gaps (eq. 31) and smooth.
 *
 * Browser-only (OffscreenCanvas, ImageData); runs inside the pose worker.
 */
import { drawView, jointsViewToFrame, snapAngle, snapCrop, type CropView } from './crop.ts';
import type { BackendPerson, PoseBackend } from './backends/types.ts';
import { J, JOINT_COUNT, LEFT_RIGHT_PAIRS } from './skeleton.ts';
import { fuseViews, nearestPerson } from './fuse.ts';
import { associate, boxCentre, boxFromJoints, cropForNextFrame, isLost, updateTrack, type TrackState } from './tracking.ts';
import { postprocessTrack, type PostprocessOptions } from './postprocess.ts';
import { ENTRY_LOOKBACK_FRAMES, wentIntoWater, type FrameToScene, type SeenFrame } from './enteredWater.ts';
import type { Box, OtherPeopleCheck, PoseCandidate, PoseFrame, PoseSequence } from './types.ts';

export interface PoseStageConfig {
  /**
   * How the crop is oriented: 'none' as filmed; 'upright' turned so the diver's last torso
   * direction points up; 'tta4' tries 0/90/180/270° plus upright and keeps the most confident.
   */
  orientation: 'none' | 'upright' | 'tta4';
  /** Crop side as a multiple of the diver box; defaults to the backend's measured best. */
  cropMargin?: number;
  /** Joints below this confidence count as missing. */
  minJointConfidence: number;
  /** Frames without a diver before the tracker searches the whole frame again. */
  maxMissedFrames: number;
  /** Longest gap (frames) filled by interpolation. */
  maxRepairGap: number;
  smoothing: boolean;
  /** Fix left/right swaps over time. */
  swapCorrection: boolean;
  /** Also run each crop mirrored and fuse the two (test-time augmentation). */
  flipTta: boolean;
  /** Crop sizes to run and fuse, as multiples of the crop margin (e.g. [0.8, 1.25]). */
  cropScales: number[];
  /** When the crop gives a weak answer, try a wider crop and the opposite turn before giving up. */
  retryWhenLost: boolean;
  /**
   * 'follow': after the first frame, look only in a crop that follows the diver (search the whole
   * frame when lost); 'full-frame': run the backend on the whole frame every time; 'auto': the
   * backend's measured preference.
   */
  search: 'auto' | 'follow' | 'full-frame';
  /**
   * A diver gone for longer than this many frames (under water after entry, out of shot) is
   * searched for only on every `lostSearchStride`-th frame: each search of the whole frame costs
   * several model runs and finds nobody. 0 = search every frame.
   */
  lostPatience: number;
  lostSearchStride: number;
  /**
   * A diver lost as they went into the water (enteredWater.ts; only where the host measures the
   * camera's motion as the frames come) is searched for only on every this-many-th frame, and weak
   * crops are not retried: a cut to another camera still finds them within that many frames.
   * 0 = treated like any lost diver.
   */
  underWaterSearchStride: number;
  /**
   * On a frame that may start a new shot (a cut to another camera; only where the host measures the
   * camera's motion as the frames come), look for the diver afresh in the whole frame instead of
   * near where the last shot had them, and start the track again from what is found.
   */
  reacquireAfterCut: boolean;
  /**
   * Round the followed crop, its turn and what the backend remembers between frames to a grid of
   * about a pixel of the model's picture (crop.ts, CROP_GRID), so that the same clip gives the same joints on WebGPU and WASM
   * instead of drifting apart by pixels as each crop follows the last answer.
   */
  snapCrops: boolean;
  /**
   * A confident answer whose torso turned further than any diver turns in a frame (read head to
   * feet the wrong way round, as a straight body in the splash often is) is run again with the crop
   * turned the other way, and that answer kept when it agrees with the last frame.
   */
  reversedBodyRetry: boolean;
}

/**
 * Chosen by `npm run bench:pose` on the real FineDiving-Pose frames (README, pose section), with
 * BlazePose full: a crop that follows the diver at the backend's measured margin, turned so the
 * diver's last torso direction points up (80.3 vs 69.3 PCKh as filmed); a low joint threshold
 * that keeps far-side limbs placed well but marked "not visible" (77.0 vs 67.3 at 0.2 with
 * MediaPipe lite). Four fixed turns, mirrored and multi-scale test-time augmentation did not
 * help and cost 2–4× the time.
 */
export const DEFAULT_POSE_STAGE_CONFIG: PoseStageConfig = {
  orientation: 'upright',
  minJointConfidence: 0.05,
  maxMissedFrames: 3,
  maxRepairGap: 6,
  smoothing: true,
  swapCorrection: true,
  search: 'auto',
  flipTta: false,
  cropScales: [1],
  retryWhenLost: true,
  // A diver lost for more than 8 frames (under water after the entry, as a rule) is looked for on
  // every 4th frame. 3 and 8 (2026-12-04 to 12-05) saved 7 of 19 whole-frame searches on the
  // 100-frame sample, but a diver lost for a few frames mid-flight on real footage stayed lost for
  // 8: on the annotated real frames PCKh 52.6 against 70.8, diver found in 7 against 18 of the real
  // 10 m clip's 44 airborne frames (bench:pose, README: Finding the diver).
  lostPatience: 8,
  lostSearchStride: 4,
  underWaterSearchStride: 12,
  // Since 2026-12-07: a cut used to leave the diver gated out near their old place for 4 frames,
  // and a cut in the last frames before the entry lost the second camera's view of it.
  reacquireAfterCut: true,
  // Off: it gives the same joints on WebGPU and WASM (0.000 px over ten tracked frames, 5.5 px
  // without), but through the app it is another draw of the poses: 0.8921 / 5.48 on the 150 test
  // dives against 0.9079 / 5.42, and on the benchmark's 100-frame clip the diver's loss at the
  // entry came a frame earlier, was not read as going into the water, and cost 14 more model runs
  // (real-time factor 2.06 against 1.54): docs/measurements.md, "The crop on a grid, tried as the
  // default". With the reversed-body retry (thirty-third session) the loss was read as going into the
  // water, but the grid's draw scored 0.8920 / 5.48 against 0.9023 / 5.30 without it.
  snapCrops: false,
  // Since the thirty-third session: end to end 0.9108 / 5.26 on the 150 test dives against 0.9079 /
  // 5.42, the model alone 0.8800 / 5.61 against 0.8787 / 5.70 (docs/measurements.md, "A body read
  // the wrong way round").
  reversedBodyRetry: true,
};

/** Every this many frames (while the diver is seen) the frame is searched for a second person of the diver's size. */
const OTHER_PERSON_CHECK_STRIDE = 20;
/** How confident that search must be, and how close in size (either way) the other person must be to the diver. */
const OTHER_PERSON_MIN_SCORE = 0.5;
const OTHER_PERSON_SIZE_RATIO = 1.6;
/**
 * A person found by that search counts only when the next frame in which the diver is seen, at most
 * this many frames later, shows a person of that size at about the same place again
 * (`sameOtherPerson`). A second diver is there frame after frame; the model's false finds in a
 * crowd of spectators are not: on the 5253B sample with the crop on a grid, searched on every
 * frame, it "found" someone of the diver's size (model score 0.61–1.0) on frames 20, 40, 57, 62,
 * 63 and 64, in five different places, in a row only at 62–64 (thirty-second session, scratch).
 */
const OTHER_PERSON_CONFIRM_WITHIN = 3;

const sideOf = (b: Box): number => Math.max(b.x2 - b.x1, b.y2 - b.y1);

/** Whether two people's boxes are of about one size (the larger sides within OTHER_PERSON_SIZE_RATIO either way). */
export function similarInSize(a: Box, b: Box): boolean {
  const ratio = sideOf(a) / sideOf(b);
  return ratio >= 1 / OTHER_PERSON_SIZE_RATIO && ratio <= OTHER_PERSON_SIZE_RATIO;
}

/**
 * Whether a person found now is the one found on a frame just before: of about their size, the
 * boxes' centres within half the earlier box's larger side. Between consecutive frames a person
 * moves by far less, camera included; two false finds in a crowd land wherever the texture fools
 * the model. Compared with the earlier find, not with the diver: the followed diver's box and a
 * fresh search's box differ (the 407C sample beside itself, thirty-second session: on frame 21 the
 * followed diver's box was 94 px on its larger side, the search's box of the other diver, the same
 * picture, 235 px).
 */
export function sameOtherPerson(before: Box, now: Box): boolean {
  const a = boxCentre(before), b = boxCentre(now);
  return similarInSize(before, now) && Math.hypot(b.x - a.x, b.y - a.y) <= sideOf(before) / 2;
}

/**
 * Whether the whole frame is searched for a diver not found in the last `missedFrames` frames (0: a
 * first frame, or the crop just failed): every frame up to `lostPatience`, then every
 * `lostSearchStride`-th; a diver lost into the water (`underWater`), every `underWaterSearchStride`-th.
 */
export function searchesThisFrame(missedFrames: number, config: Pick<PoseStageConfig, 'lostPatience' | 'lostSearchStride' | 'underWaterSearchStride'>, underWater = false): boolean {
  if (underWater && config.underWaterSearchStride > 1) return missedFrames % config.underWaterSearchStride === 0;
  if (config.lostPatience <= 0 || missedFrames <= config.lostPatience || config.lostSearchStride <= 1) return true;
  return missedFrames % config.lostSearchStride === 0;
}

/** Person score under which the crop's answer is treated as weak (see retryWhenLost). */
const RETRY_BELOW_SCORE = 0.35;

export interface StageFrame {
  index: number;
  /** Drawable frame (ImageBitmap, VideoFrame, canvas). Closed by the caller after the call. */
  image: CanvasImageSource;
  width: number;
  height: number;
}

/**
 * Pose-model runs of one pass by what they were for: following the diver in the tracked crop, the
 * wider and turned retries of a weak crop, searches of the whole frame (first frame, and the diver
 * lost), and the checks for someone else of the diver's size. Deterministic, unlike wall time on a
 * shared machine, so `bench:score` prints it to say what a change to the search saves.
 */
export interface PoseModelRuns {
  follow: number;
  retry: number;
  search: number;
  otherPeople: number;
}

export const NO_MODEL_RUNS: Readonly<PoseModelRuns> = { follow: 0, retry: 0, search: 0, otherPeople: 0 };

export function addModelRuns(a: Readonly<PoseModelRuns>, b: Readonly<PoseModelRuns>): PoseModelRuns {
  return { follow: a.follow + b.follow, retry: a.retry + b.retry, search: a.search + b.search, otherPeople: a.otherPeople + b.otherPeople };
}

export interface PoseStageHooks {
  onFrame?(done: number): void;
  isCancelled?(): boolean;
}

export class PoseStageCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'PoseStageCancelled';
  }
}

/**
 * Centres of squares of the frame's short side along its long side, half overlapping: a diver is a
 * small part of a wide frame, too small for the detector when the whole frame is shrunk to its input.
 */
function tileCentres(frame: Pick<StageFrame, 'width' | 'height'>): Array<{ x: number; y: number }> {
  const short = Math.min(frame.width, frame.height), long = Math.max(frame.width, frame.height);
  const steps = Math.max(1, Math.ceil((long - short) / (short / 2)) + 1);
  return Array.from({ length: steps }, (_, k) => {
    const along = short / 2 + (steps === 1 ? 0 : ((long - short) * k) / (steps - 1));
    return frame.width >= frame.height ? { x: along, y: frame.height / 2 } : { x: frame.width / 2, y: along };
  });
}

/** Frames after a cut on which a diver the whole frame does not show is also looked for in its tiles (about 0.3 s at 25 fps: the second camera's view of a fall to the water). */
const TILED_SEARCH_AFTER_CUT_FRAMES = 8;

function meanConfidence(joints: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < JOINT_COUNT; j++) sum += joints[j * 3 + 2] ?? 0;
  return sum / JOINT_COUNT;
}

/** Clockwise angle (radians) that turns the pelvis→thorax direction to point straight up. */
export function uprightRotation(joints: Float32Array, minConfidence: number): number | null {
  const conf = Math.min(joints[J.pelvis * 3 + 2] ?? 0, joints[J.thorax * 3 + 2] ?? 0);
  if (conf < minConfidence) return null;
  const dx = (joints[J.thorax * 3] ?? 0) - (joints[J.pelvis * 3] ?? 0);
  const dy = (joints[J.thorax * 3 + 1] ?? 0) - (joints[J.pelvis * 3 + 1] ?? 0);
  if (dx === 0 && dy === 0) return null;
  // Torso angle measured clockwise from "up" (screen y grows downward); rotate by its negative.
  return -Math.atan2(dx, -dy);
}

/**
 * How far (radians, 0…π) the pelvis→thorax direction turned from one read to the next; null where
 * either torso is not confidently placed.
 */
export function torsoTurn(before: Float32Array, after: Float32Array, minConfidence: number): number | null {
  const a = uprightRotation(before, minConfidence), b = uprightRotation(after, minConfidence);
  if (a === null || b === null) return null;
  const turn = Math.abs(a - b) % (2 * Math.PI);
  return turn > Math.PI ? 2 * Math.PI - turn : turn;
}

/**
 * A torso that turned further than this between consecutive frames was read head to feet the wrong
 * way round: the fastest somersaults (4½ in about 1.5 s) turn some 45° a frame at 25 fps. The app's
 * poses of the 150 test dives of seed 2026 held 189 such turns (80 in the entry, where a straight
 * body going into the water was read upside down for a few frames; 61 before the feet left the
 * board), 77 in 52 dives with the retry as kept (reversedBodyRetry; thirty-third session, over the
 * app's Chromium poses).
 */
export const REVERSED_TORSO_TURN = (2 * Math.PI) / 3;
/** …and an answer from the opposite turn is taken when its torso is within this of the last frame's. */
const AGREEING_TORSO_TURN = Math.PI / 3;

export class PoseStage {
  private readonly canvas: OffscreenCanvas;
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  private readonly config: PoseStageConfig;
  private maskCanvas: OffscreenCanvas | null = null;
  /** What the model runs of the pass under way are for (runView counts them under this). */
  private purpose: keyof PoseModelRuns = 'search';
  private runs: PoseModelRuns = { ...NO_MODEL_RUNS };

  constructor(private readonly backend: PoseBackend, config: Partial<PoseStageConfig> = {}) {
    const merged = { ...DEFAULT_POSE_STAGE_CONFIG, ...config };
    this.config = { ...merged, search: merged.search === 'auto' ? backend.info.preferredSearch : merged.search };
    const size = backend.info.inputSize;
    this.canvas = new OffscreenCanvas(size, size);
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('2D canvas unavailable in this worker');
    this.ctx = ctx;
  }

  get configLabel(): string {
    const margin = this.config.cropMargin ?? this.backend.info.cropMargin;
    const c = this.config;
    const search = c.search === 'follow' ? `crop${margin}` : 'fullframe';
    const scales = c.cropScales.length > 1 || c.cropScales[0] !== 1 ? `+scales${c.cropScales.join('/')}` : '';
    const threshold = c.minJointConfidence !== DEFAULT_POSE_STAGE_CONFIG.minJointConfidence ? `+min${c.minJointConfidence}` : '';
    return `${this.backend.info.id}+${c.orientation}+${search}${scales}${c.flipTta ? '+flip' : ''}${c.retryWhenLost ? '+retry' : ''}${threshold}${c.swapCorrection ? '+swapfix' : ''}${c.smoothing ? '+smooth' : ''}${c.lostPatience > 0 ? `+lost${c.lostPatience}x${c.lostSearchStride}` : ''}${c.underWaterSearchStride > 1 ? `+water${c.underWaterSearchStride}` : ''}${c.reacquireAfterCut ? '+recut' : ''}${c.snapCrops ? '+snap' : ''}${c.reversedBodyRetry ? '+unflip' : ''}`;
  }

  private async runView(image: CanvasImageSource, view: CropView, maxPeople: number): Promise<Array<BackendPerson & { view: CropView }>> {
    if (this.canvas.width !== view.outSize) {
      this.canvas.width = view.outSize;
      this.canvas.height = view.outSize;
    }
    drawView(this.ctx, image, view);
    const pixels = this.ctx.getImageData(0, 0, view.outSize, view.outSize);
    this.runs[this.purpose]++;
    const people = await this.backend.estimate(pixels, maxPeople);
    if (this.config.snapCrops) this.backend.snapMemory?.();
    return people.map((p) => {
      const joints = jointsViewToFrame(view, p.joints);
      // In a mirrored view the backend's "left" is the diver's right.
      if (view.mirror) swapLeftRight(joints);
      return { ...p, joints, view };
    });
  }

  /**
   * Every person in the whole frame (square, letterboxed), for the first frame and re-acquisition;
   * or, when the judge picked the diver, in a square of the frame's short side around `around`, so
   * the search cannot jump to someone else in view.
   */
  private async searchFrame(frame: StageFrame, around: { x: number; y: number } | null = null): Promise<PoseCandidate[]> {
    const size = around ? Math.min(frame.width, frame.height) : Math.max(frame.width, frame.height);
    const view: CropView = {
      crop: around ? { x: around.x - size / 2, y: around.y - size / 2, size } : { x: (frame.width - size) / 2, y: (frame.height - size) / 2, size },
      rotation: 0,
      // Native resolution: the diver is small in a whole broadcast frame.
      outSize: Math.max(this.backend.info.inputSize, Math.min(size, 1024)),
    };
    const maxPeople = this.backend.info.multiPerson ? 4 : 1;
    let people: BackendPerson[] = await this.runView(frame.image, view, maxPeople);
    if (this.config.flipTta) {
      const mirrored = await this.runView(frame.image, { ...view, mirror: true }, maxPeople);
      // Pair each person with the mirrored-view person nearest to it, and fuse the two.
      people = people.map((p) => {
        const partner = nearestPerson(p, mirrored);
        return partner ? fuseViews([p, partner], size * 0.02) ?? p : p;
      });
    }
    return people.flatMap((p) => {
      const box = boxFromJoints(p.joints, this.config.minJointConfidence);
      return box ? [{ box, score: p.score, joints: p.joints }] : [];
    });
  }

  /** The diver inside the tracked crop, in the orientation(s) the config asks for. */
  private async followDiver(frame: StageFrame, track: TrackState, lastJoints: Float32Array | null, retry = this.config.retryWhenLost): Promise<PoseCandidate | null> {
    const margin = this.config.cropMargin ?? this.backend.info.cropMargin;
    const placed = cropForNextFrame(track, { margin, minSize: 32, frameWidth: frame.width, frameHeight: frame.height });
    const crop = this.config.snapCrops ? snapCrop(placed) : placed;
    const rotations: number[] = [];
    const torso = lastJoints ? uprightRotation(lastJoints, this.config.minJointConfidence) : null;
    const upright = torso !== null && this.config.snapCrops ? snapAngle(torso) : torso;
    if (this.config.orientation === 'none') rotations.push(0);
    else if (this.config.orientation === 'upright') rotations.push(upright ?? 0);
    else rotations.push(...(upright !== null ? [upright] : []), 0, Math.PI / 2, Math.PI, -Math.PI / 2);

    let best: BackendPerson | null = null;
    /** The crop and turn that gave `best`. */
    let bestView: { crop: typeof crop; rotation: number } = { crop, rotation: rotations[0] ?? 0 };
    this.purpose = 'follow';
    for (const rotation of rotations) {
      const views: BackendPerson[] = [];
      for (const scale of this.config.cropScales) {
        const size = crop.size * scale;
        const scaled = { x: crop.x + (crop.size - size) / 2, y: crop.y + (crop.size - size) / 2, size };
        for (const mirror of this.config.flipTta ? [false, true] : [false]) {
          const [person] = await this.runView(frame.image, { crop: scaled, rotation, outSize: this.backend.info.inputSize, mirror }, 1);
          if (person) views.push(person);
        }
      }
      const fused = fuseViews(views, crop.size * 0.04);
      if (fused && (!best || fused.score > best.score)) {
        best = fused;
        bestView = { crop, rotation };
      }
    }
    // A weak or empty answer: before giving the frame up, widen the crop (a fast diver left it),
    // then try the opposite turn (the torso estimate flipped through 180°).
    if (retry && (!best || best.score < RETRY_BELOW_SCORE)) {
      this.purpose = 'retry';
      const base = rotations[0] ?? 0;
      const wide = { x: crop.x - crop.size * 0.35, y: crop.y - crop.size * 0.35, size: crop.size * 1.7 };
      for (const view of [{ crop: wide, rotation: base }, { crop, rotation: base + Math.PI }]) {
        const [person] = await this.runView(frame.image, { ...view, outSize: this.backend.info.inputSize }, 1);
        if (person && (!best || person.score > best.score)) {
          best = person;
          bestView = view;
        }
        if (best && best.score >= RETRY_BELOW_SCORE) break;
      }
    }
    // A body read the wrong way round (REVERSED_TORSO_TURN): the same crop turned the other way,
    // kept when it reads the torso as the last frame had it and is as confident. Not a less
    // confident answer: after a wrong read slipped through, that would carry it on.
    if (retry && this.config.reversedBodyRetry && best && lastJoints && track.missedFrames === 0) {
      const turn = torsoTurn(lastJoints, best.joints, this.config.minJointConfidence);
      if (turn !== null && turn > REVERSED_TORSO_TURN) {
        this.purpose = 'retry';
        const view = { crop: bestView.crop, rotation: bestView.rotation + Math.PI, outSize: this.backend.info.inputSize };
        const confident = best.score, last = lastJoints;
        const agreesWithLast = (p: BackendPerson | undefined): p is BackendPerson => {
          const turned = p ? torsoTurn(last, p.joints, this.config.minJointConfidence) : null;
          return p !== undefined && p.score >= confident && turned !== null && turned <= AGREEING_TORSO_TURN;
        };
        // From what the backend remembers: BlazePose's region, turned with the wrong read, lines up
        // with the diver in the crop turned the other way. Not taken, the answer leaves the backend
        // as it was, so a retry that finds nothing changes no later frame (a first version did: the
        // real 3 m replay's frames 5–9 moved by up to 11 px).
        const reread = () => this.runView(frame.image, view, 1);
        const keep = ([p]: BackendPerson[]) => agreesWithLast(p);
        const [person] = this.backend.tentative ? await this.backend.tentative(reread, keep) : await reread();
        if (agreesWithLast(person)) best = person;
      }
    }
    if (!best) return null;
    const box = boxFromJoints(best.joints, this.config.minJointConfidence);
    return box ? { box, score: best.score, joints: best.joints } : null;
  }

  /**
   * A search around `around` that starts afresh (the backend's person detector runs) and leaves the
   * backend as the diver's crop left it.
   */
  private searchAfresh(frame: StageFrame, around: { x: number; y: number }): Promise<PoseCandidate[]> {
    return this.backend.isolated ? this.backend.isolated(() => this.searchFrame(frame, around)) : this.searchFrame(frame, around);
  }

  /**
   * Everyone the model is confident of in the frame searched again with the diver blacked out: a
   * second diver (synchro, a clip of two divers side by side) among them. The caller keeps those of
   * the diver's size, so judges and spectators far smaller than the diver are not counted.
   */
  private async confidentPeopleBesides(frame: StageFrame, diver: Box): Promise<Box[]> {
    if (!this.maskCanvas || this.maskCanvas.width !== frame.width || this.maskCanvas.height !== frame.height) this.maskCanvas = new OffscreenCanvas(frame.width, frame.height);
    const ctx = this.maskCanvas.getContext('2d');
    if (!ctx) return [];
    ctx.drawImage(frame.image, 0, 0, frame.width, frame.height);
    const w = diver.x2 - diver.x1, h = diver.y2 - diver.y1;
    ctx.fillStyle = '#000';
    ctx.fillRect(diver.x1 - w * 0.4, diver.y1 - h * 0.4, w * 1.8, h * 1.8);
    const masked = { ...frame, image: this.maskCanvas };
    this.purpose = 'otherPeople';
    const found: Box[] = [];
    for (const centre of tileCentres(frame)) for (const o of await this.searchAfresh(masked, centre)) if (o.score >= OTHER_PERSON_MIN_SCORE) found.push(o.box);
    return found;
  }

  /** Everyone in the frame's tiles (tileCentres), each searched afresh, for a diver the whole frame shrunk to the model's input is too small to show. */
  private async searchTiles(frame: StageFrame): Promise<PoseCandidate[]> {
    this.purpose = 'search';
    const everyone: PoseCandidate[] = [];
    // Each tile on its own: searched in one go, a person found in one tile left their region (in
    // fractions of that tile) for the next tile's search to look at instead of detecting.
    for (const centre of tileCentres(frame)) everyone.push(...(await this.searchAfresh(frame, centre)));
    return everyone;
  }

  /** What the post-processing needs of this stage's config (finishPoseFrames). */
  get postprocessConfig(): PostprocessConfig {
    const { minJointConfidence, maxRepairGap, smoothing, swapCorrection } = this.config;
    return { minJointConfidence, maxRepairGap, smoothing, swapCorrection };
  }

  /**
   * Runs the stage over frames in order and post-processes the whole sequence. Frames are not
   * closed here. `follow`: the point (frame pixels, first frame) where the judge clicked the diver
   * to judge; without it, a few frames are checked for a second person of the diver's size
   * (`PoseSequence.otherPeople`).
   */
  async run(frames: AsyncIterable<StageFrame>, meta: { fps: number; width: number; height: number }, hooks: PoseStageHooks = {}, follow: { x: number; y: number } | null = null): Promise<PoseSequence> {
    const detected = await this.detect(frames, hooks, follow);
    return finishPoseFrames(detected.raw, this.postprocessConfig, this.configLabel, meta, follow ? { followed: follow } : { otherPeople: detected.otherPeople });
  }

  /**
   * The per-frame loop alone: the tracked diver in each frame, before post-processing. Frames
   * before `keepFrom` only warm the tracking up (a segment of a clip split between workers,
   * segments.ts): they are neither returned nor checked for other people. `scene`: the clip's frame
   * rate and where its frames' points lie in the scene, when the host measures the camera's motion as
   * the frames come; with it, a diver lost into the water is looked for less (enteredWater.ts), and,
   * given `mayStartShot`, the diver is looked for afresh on a frame that may start a new shot.
   */
  async detect(frames: AsyncIterable<StageFrame>, hooks: PoseStageHooks = {}, follow: { x: number; y: number } | null = null, keepFrom = 0, scene: SceneOnTheWay | null = null): Promise<{ raw: PoseFrame[]; otherPeople: OtherPeopleCheck; modelRuns: PoseModelRuns }> {
    let track: TrackState | null = null;
    /**
     * Set on a frame that may start a new shot, until the diver is found again: the last shot's
     * place and motion say nothing of where the diver is in this one. Not when the judge picked the
     * diver: the search then stays around the pick, and the track must not jump to someone else.
     */
    let afterCut = false;
    /** The last frame on which a diver lost at a cut is also looked for in the frame's tiles. */
    let tilesUntil = -1;
    const readsCuts = scene?.mayStartShot !== undefined && follow === null && this.config.reacquireAfterCut;
    /** The last frames the diver was seen in (ENTRY_LOOKBACK_FRAMES of them), and whether the diver lost since went into the water. */
    const seen: SeenFrame[] = [];
    let underWater = false;
    const readsWater = scene !== null && follow === null && this.config.underWaterSearchStride > 1;
    this.runs = { ...NO_MODEL_RUNS };
    let lastJoints: Float32Array | null = null;
    const raw: PoseFrame[] = [];
    const otherPeople: OtherPeopleCheck = { checked: 0, frames: [] };
    // A person found by the check, waiting for the next frame to show them again.
    let unconfirmed: { frame: number; boxes: Box[] } | null = null;
    let done = 0;
    this.backend.forget?.();
    for await (const frame of frames) {
      if (hooks.isCancelled?.()) throw new PoseStageCancelled();
      // Only for a diver followed until now: one lost into the water, or lost before the cut, is
      // looked for as before (found under water by a second camera, the model read the dive as
      // going on: docs/measurements.md, twenty-sixth and twenty-ninth sessions).
      const cutHere = readsCuts && track !== null && !underWater && !isLost(track, this.config.maxMissedFrames) && scene?.mayStartShot?.(frame.index) === true;
      if (cutHere) {
        afterCut = true;
        tilesUntil = frame.index + TILED_SEARCH_AFTER_CUT_FRAMES;
        // BlazePose on tfjs skips its person detector while it remembers a region (in fractions of
        // the last picture, the first camera's crop): the search below would look only there.
        this.backend.forget?.();
      }
      // After a cut the diver is chosen as on a first frame: by score and size, not by nearness.
      const trackToMatch: TrackState | null = afterCut ? null : track;
      const candidates: PoseCandidate[] = [];
      if (this.config.search === 'follow' && track && !afterCut && !isLost(track, this.config.maxMissedFrames)) {
        const followed = await this.followDiver(frame, track, lastJoints, this.config.retryWhenLost && !underWater);
        if (followed && followed.score >= this.config.minJointConfidence) candidates.push(followed);
      }
      if (candidates.length === 0 && (cutHere || searchesThisFrame(track?.missedFrames ?? 0, this.config, underWater))) {
        // Lost, first frame or a new shot: look at everyone, pick the diver, then look again closely.
        const around = follow ? (track ? { x: (track.box.x1 + track.box.x2) / 2, y: (track.box.y1 + track.box.y2) / 2 } : follow) : null;
        this.purpose = 'search';
        let everyone = await this.searchFrame(frame, around);
        let pick = associate(trackToMatch, everyone, { minScore: this.config.minJointConfidence, maxMissedFrames: this.config.maxMissedFrames });
        if (!pick && afterCut && frame.index <= tilesUntil) {
          everyone = await this.searchTiles(frame);
          pick = associate(null, everyone, { minScore: this.config.minJointConfidence, maxMissedFrames: this.config.maxMissedFrames });
        }
        const found = pick ? everyone[pick.index] : undefined;
        if (found) {
          const seeded = updateTrack(trackToMatch, found.box, frame.index);
          const refined = this.config.search === 'follow' ? await this.followDiver(frame, seeded, found.joints) : null;
          candidates.push(refined && refined.score >= found.score * 0.8 ? refined : found);
        }
      }
      const choice = associate(trackToMatch, candidates, { minScore: this.config.minJointConfidence, maxMissedFrames: this.config.maxMissedFrames });
      const chosen = choice ? candidates[choice.index] : undefined;
      const wasSeen = track !== null && track.missedFrames === 0;
      // Found after a cut: a new track, with no velocity carried over from the other camera.
      track = chosen ? updateTrack(trackToMatch, chosen.box, frame.index) : updateTrack(track, null, frame.index);
      if (chosen) {
        afterCut = false;
        lastJoints = chosen.joints;
        underWater = false;
        if (readsWater) {
          seen.push({ index: frame.index, joints: chosen.joints });
          if (seen.length > ENTRY_LOOKBACK_FRAMES) seen.shift();
        }
      } else if (readsWater && wasSeen && scene) {
        // Lost on this frame: decided once, on what the diver was doing just before. At a cut too:
        // broadcasts cut to the underwater camera as the diver goes in, and a diver found under
        // water fools the model (docs/measurements.md, twenty-ninth session).
        underWater = wentIntoWater(seen, frame.index, scene.fps, scene.toScene);
      }
      done++;
      if (frame.index < keepFrom) {
        hooks.onFrame?.(done);
        continue;
      }
      if (unconfirmed && frame.index - unconfirmed.frame > OTHER_PERSON_CONFIRM_WITHIN) unconfirmed = null;
      if (chosen && !follow && unconfirmed) {
        const before = unconfirmed;
        unconfirmed = null;
        const again = await this.confidentPeopleBesides(frame, chosen.box);
        if (again.some((now) => before.boxes.some((b) => sameOtherPerson(b, now)))) otherPeople.frames.push(before.frame);
      } else if (chosen && !follow && frame.index % OTHER_PERSON_CHECK_STRIDE === 0) {
        otherPeople.checked++;
        const found = (await this.confidentPeopleBesides(frame, chosen.box)).filter((b) => similarInSize(b, chosen.box));
        if (found.length > 0) unconfirmed = { frame: frame.index, boxes: found };
      }
      raw.push(
        chosen
          ? { detected: true, box: chosen.box, score: chosen.score, joints: chosen.joints, repaired: new Uint8Array(JOINT_COUNT) }
          : { detected: false, box: null, score: 0, joints: new Float32Array(JOINT_COUNT * 3), repaired: new Uint8Array(JOINT_COUNT) },
      );
      hooks.onFrame?.(done);
    }
    return { raw, otherPeople, modelRuns: { ...this.runs } };
  }
}

/**
 * What the host measures of the camera as the frames come (pose.worker.ts): the clip's frame rate,
 * where a point of a frame lies in the scene, and whether a frame may start a new shot
 * (video/shots.ts, `mayStartShot`).
 */
export interface SceneOnTheWay {
  fps: number;
  toScene: FrameToScene;
  mayStartShot?: (frameIndex: number) => boolean;
}

/** The part of a pose-stage config the post-processing reads. */
export type PostprocessConfig = Pick<PoseStageConfig, 'minJointConfidence' | 'maxRepairGap' | 'smoothing' | 'swapCorrection'>;

/**
 * The pose stage's per-frame output of a whole clip, post-processed (swap fix, gap repair,
 * smoothing) into the sequence the app shows and scores. Pure: the pose worker runs it on a clip it
 * ran alone, the page on the segments of a clip split between workers (segments.ts).
 */
export function finishPoseFrames(
  raw: readonly PoseFrame[],
  config: PostprocessConfig,
  label: string,
  meta: { fps: number; width: number; height: number },
  who: { followed: { x: number; y: number } } | { otherPeople: OtherPeopleCheck },
): PoseSequence {
  const processed = postprocessTrack(raw, postprocessOptionsOf(config, meta.fps));
  return { fps: meta.fps, width: meta.width, height: meta.height, config: label, frames: processed.frames, ...who };
}

export { meanConfidence, fuseViews };

/**
 * What the pose stage asks of the post-processing (swap fix, gap repair, smoothing) under a config;
 * the trainer runs its simulated backend poses through the same options, so a pack learns from poses
 * processed as the app will give them.
 */
export function postprocessOptionsOf(config: PostprocessConfig, fps: number): PostprocessOptions {
  return {
    fps,
    minConfidence: config.minJointConfidence,
    maxGap: config.maxRepairGap,
    smoothing: config.smoothing,
    ...(config.swapCorrection ? {} : { swaps: false as const }),
  };
}

function swapLeftRight(joints: Float32Array): void {
  for (const [r, l] of LEFT_RIGHT_PAIRS) {
    for (let k = 0; k < 3; k++) {
      const a = joints[r * 3 + k] ?? 0;
      joints[r * 3 + k] = joints[l * 3 + k] ?? 0;
      joints[l * 3 + k] = a;
    }
  }
}

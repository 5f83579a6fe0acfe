/**
 * The scene track: where the diver is in the scene, frame by frame, as a model input. Diver-centred
 * crops and crop-normalised poses cannot tell how high the diver went or how far from the board
 * they flew (the crop follows them, as the broadcast camera does), yet judges deduct for both. The
 * camera path (src/pipeline/splash/cameraPath.ts) undoes the camera's pan and zoom, which places
 * each sampled frame's crop box in the scene of the clip's first frame.
 *
 * Normalisation ("scene-track/1"), per sampled frame t with crop box centre (X_t, Y_t) and side s_t
 * in scene pixels, five channels:
 *   d · (X_t − X_0) / S,  (Y_t − Y_0) / S,  d · (X_t − X_a) / S,  (Y_t − Y_a) / S,  s_t / S
 * where 0 is the first sampled frame, a the highest one (the apex of the flight; down is positive),
 * S the 90th percentile of the sides (the diver stretched out, so the track is in body lengths
 * whatever the zoom or resolution), and d = ±1 makes the diver travel towards +x overall (the same
 * track for a dive filmed from either side, so mirroring a clip leaves it unchanged). The apex
 * channels matter: the model scores each stage from that stage's frames, so a take-off frame must
 * itself say how far below the apex it is (the height of the jump), and an entry frame how far out
 * from the apex the diver went in (the distance from the board); measured on 684 rendered dives,
 * those two read 0.86 and 0.84 in rank correlation with the simulator's apex rise and entry distance.
 * Values are clamped to ±SCENE_TRACK_LIMIT so that a lost camera path cannot feed the model
 * anything wild.
 *
 * "scene-track/2" adds two channels, the same in every frame: the take-off geometry measured over
 * the poses of every frame (takeOff.ts): the rise in metres and the clearance past the board's
 * edge in body lengths. Sampled frames miss the moment the diver passes the board's level
 * and land a few frames off the take-off; the poses of every frame do not.
 */
import type { CropBox } from './inputs.ts';
import { frameToScene, zoomAt } from '../splash/cameraPath.ts';
import type { ClipCameraPath } from '../splash/cameraPath.ts';
import { CLEARANCE_LIMIT, packRiseChannel } from './takeOff.ts';
import type { TakeOffGeometry } from './takeOff.ts';

export const SCENE_TRACK_NORMALISATIONS = ['scene-track/1', 'scene-track/2'] as const;
export type SceneTrackNormalisation = (typeof SCENE_TRACK_NORMALISATIONS)[number];
export const SCENE_TRACK_LIMIT = 12;

/** Channels per frame of a scene track. */
export function sceneTrackChannels(normalisation: SceneTrackNormalisation): number {
  return normalisation === 'scene-track/2' ? 7 : 5;
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? Number.NaN;
}

const clamp = (v: number): number => (Number.isFinite(v) ? Math.max(-SCENE_TRACK_LIMIT, Math.min(SCENE_TRACK_LIMIT, v)) : 0);

/**
 * [T, sceneTrackChannels(normalisation)] scene track of the sampled frames (`frameIndices`, their crop
 * boxes `boxes`); "scene-track/2" also needs the clip's take-off geometry (`measureTakeOff` over the joints of
 * every frame; null when it could not be measured), which the caller may also show.
 */
export function sceneTrack(
  path: ClipCameraPath,
  frameIndices: readonly number[],
  boxes: readonly CropBox[],
  normalisation: SceneTrackNormalisation = 'scene-track/1',
  takeOff?: TakeOffGeometry | null,
): Float32Array {
  if (frameIndices.length !== boxes.length) throw new Error(`${frameIndices.length} frames but ${boxes.length} crop boxes`);
  const T = frameIndices.length;
  const C = sceneTrackChannels(normalisation);
  const out = new Float32Array(T * C);
  if (T === 0) return out;
  if (normalisation === 'scene-track/2') {
    if (takeOff === undefined) throw new Error('scene-track/2 needs the take-off geometry measured over every frame');
    // Unmeasurable: no rise, and as far from the board as the channel goes (no deduction to learn from).
    const rise = takeOff ? clamp(packRiseChannel(takeOff)) : 0, clearance = takeOff ? takeOff.clearance : CLEARANCE_LIMIT;
    for (let t = 0; t < T; t++) {
      out[t * C + 5] = rise;
      out[t * C + 6] = clearance;
    }
  }
  const placed = frameIndices.map((f, t) => {
    const box = boxes[t] as CropBox;
    const [x, y] = frameToScene(path, f, box.cx, box.cy);
    const zoom = zoomAt(path, f, box.cx);
    return { x, y, side: box.side * zoom };
  });
  const S = percentile(placed.map((p) => p.side), 0.9);
  if (!(S > 0)) return out;
  const first = placed[0] as { x: number; y: number }, last = placed[T - 1] as { x: number };
  let apex = first;
  for (const p of placed) if (p.y < apex.y) apex = p;
  const direction = last.x >= first.x ? 1 : -1;
  placed.forEach((p, t) => {
    out[t * C] = clamp((direction * (p.x - first.x)) / S);
    out[t * C + 1] = clamp((p.y - first.y) / S);
    out[t * C + 2] = clamp((direction * (p.x - apex.x)) / S);
    out[t * C + 3] = clamp((p.y - apex.y) / S);
    out[t * C + 4] = clamp(p.side / S);
  });
  return out;
}

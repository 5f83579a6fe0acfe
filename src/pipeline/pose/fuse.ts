/** Combining several estimates of the same diver (mirrored views, other crops, other models). */
import type { BackendPerson } from './backends/types.ts';
import { JOINT_COUNT } from './skeleton.ts';

function centreOf(joints: Float32Array): [number, number] {
  let x = 0, y = 0, w = 0;
  for (let j = 0; j < JOINT_COUNT; j++) {
    const c = joints[j * 3 + 2] ?? 0;
    x += (joints[j * 3] ?? 0) * c;
    y += (joints[j * 3 + 1] ?? 0) * c;
    w += c;
  }
  return w > 0 ? [x / w, y / w] : [Number.NaN, Number.NaN];
}

export function nearestPerson(person: BackendPerson, others: readonly BackendPerson[]): BackendPerson | null {
  const [x, y] = centreOf(person.joints);
  let best: BackendPerson | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const other of others) {
    const [ox, oy] = centreOf(other.joints);
    const d = Math.hypot(ox - x, oy - y);
    if (d < bestDistance) {
      bestDistance = d;
      best = other;
    }
  }
  return best;
}

/**
 * Fuses the same diver seen in several views (mirrored, rescaled): per joint, the confidence-
 * weighted mean of the views that agree with the most confident one within `agreePx`; views
 * that disagree (a swapped limb) are left out rather than averaged into a wrong midpoint.
 */
export function fuseViews(views: readonly BackendPerson[], agreePx: number): BackendPerson | null {
  if (views.length === 0) return null;
  if (views.length === 1) return views[0] ?? null;
  const joints = new Float32Array(JOINT_COUNT * 3);
  for (let j = 0; j < JOINT_COUNT; j++) {
    let ref: Float32Array | null = null;
    for (const v of views) if (!ref || (v.joints[j * 3 + 2] ?? 0) > (ref[j * 3 + 2] ?? 0)) ref = v.joints;
    if (!ref) continue;
    const rx = ref[j * 3] ?? 0, ry = ref[j * 3 + 1] ?? 0;
    let wx = 0, wy = 0, w = 0, n = 0, conf = 0;
    for (const v of views) {
      const c = v.joints[j * 3 + 2] ?? 0;
      const x = v.joints[j * 3] ?? 0, y = v.joints[j * 3 + 1] ?? 0;
      if (c <= 0 || Math.hypot(x - rx, y - ry) > agreePx) continue;
      wx += x * c; wy += y * c; w += c; n++; conf += c;
    }
    if (w <= 0) continue;
    joints[j * 3] = wx / w;
    joints[j * 3 + 1] = wy / w;
    // Agreement raises confidence, a lone view keeps its own (averaged over all views, capped).
    joints[j * 3 + 2] = Math.min(1, (conf / n) * (0.75 + 0.25 * (n / views.length)) * 1.0);
  }
  const score = views.reduce((a, v) => a + v.score, 0) / views.length;
  return { joints, score };
}

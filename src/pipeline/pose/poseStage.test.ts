import { expect, test } from 'vitest';
import { J, JOINT_COUNT } from './skeleton.ts';
import { DEFAULT_POSE_STAGE_CONFIG, fuseViews, REVERSED_TORSO_TURN, sameOtherPerson, searchesThisFrame, similarInSize, torsoTurn, uprightRotation } from './poseStage.ts';

function pose(points: Partial<Record<keyof typeof J, [number, number, number]>>): Float32Array {
  const joints = new Float32Array(JOINT_COUNT * 3);
  for (const [name, [x, y, c]] of Object.entries(points) as Array<[keyof typeof J, [number, number, number]]>) {
    joints.set([x, y, c], J[name] * 3);
  }
  return joints;
}

test('upright rotation turns the torso to point up, whatever its direction', () => {
  const up = pose({ pelvis: [0, 10, 1], thorax: [0, 0, 1] });
  expect(uprightRotation(up, 0.1)).toBeCloseTo(0);
  const inverted = pose({ pelvis: [0, 0, 1], thorax: [0, 10, 1] });
  expect(Math.abs(uprightRotation(inverted, 0.1) ?? 0)).toBeCloseTo(Math.PI);
  // Torso pointing right (horizontal): turn it a quarter counter-clockwise.
  const right = pose({ pelvis: [0, 0, 1], thorax: [10, 0, 1] });
  expect(uprightRotation(right, 0.1)).toBeCloseTo(-Math.PI / 2);
  expect(uprightRotation(pose({ pelvis: [0, 0, 0.05], thorax: [10, 0, 1] }), 0.1)).toBeNull();
});

test('a torso turned head to feet in one frame reads as reversed; a somersault\'s turn and a turn across ±180° do not', () => {
  const at = (deg: number) => {
    const a = (deg * Math.PI) / 180;
    return pose({ pelvis: [0, 0, 1], thorax: [10 * Math.cos(a), 10 * Math.sin(a), 1] });
  };
  // Head down (thorax below the pelvis), then read head up: the body "turned" 170°.
  expect(torsoTurn(at(80), at(-90), 0.1)).toBeCloseTo((170 * Math.PI) / 180);
  expect(torsoTurn(at(80), at(-90), 0.1)!).toBeGreaterThan(REVERSED_TORSO_TURN);
  // The fastest somersaults turn about 45° a frame at 25 fps.
  expect(torsoTurn(at(10), at(55), 0.1)!).toBeLessThan(REVERSED_TORSO_TURN);
  // 170° and -170° are 20° apart, not 340°.
  expect(torsoTurn(at(170), at(-170), 0.1)).toBeCloseTo((20 * Math.PI) / 180);
  // A torso not confidently placed tells nothing.
  expect(torsoTurn(at(0), pose({ pelvis: [0, 0, 0.01], thorax: [10, 0, 1] }), 0.1)).toBeNull();
});

test('fusing views averages agreeing joints and ignores a view that disagrees', () => {
  const a = pose({ r_knee: [100, 100, 0.9], l_knee: [50, 50, 0.8] });
  const b = pose({ r_knee: [102, 100, 0.9], l_knee: [90, 90, 0.4] });
  const fused = fuseViews([{ joints: a, score: 0.8 }, { joints: b, score: 0.6 }], 5);
  expect(fused).not.toBeNull();
  const j = fused!.joints;
  expect(j[J.r_knee * 3]).toBeCloseTo(101);
  // The disagreeing (less confident) left knee is dropped, not averaged into (70, 70).
  expect(j[J.l_knee * 3]).toBeCloseTo(50);
  expect(j[J.l_knee * 3 + 1]).toBeCloseTo(50);
  expect(fused!.score).toBeCloseTo(0.7);
  expect(fuseViews([], 5)).toBeNull();
});

test('a diver lost mid-flight is searched for on every frame for 8 frames, then on every 4th (the default)', () => {
  const searched = Array.from({ length: 20 }, (_, missed) => searchesThisFrame(missed, DEFAULT_POSE_STAGE_CONFIG));
  // A few frames lost in flight (a small, folded diver on real footage) must not wait for a search.
  expect(searched.slice(0, 9).every(Boolean)).toBe(true);
  expect(searched.slice(9).map((s, i) => (s ? i + 9 : null)).filter((m) => m !== null)).toEqual([12, 16]);
  expect(searchesThisFrame(50, { lostPatience: 0, lostSearchStride: 4, underWaterSearchStride: 0 })).toBe(true);
});

test('a diver lost into the water is searched for on every 12th frame only (the default)', () => {
  const searched = Array.from({ length: 30 }, (_, missed) => searchesThisFrame(missed, DEFAULT_POSE_STAGE_CONFIG, true));
  expect(searched.map((s, i) => (s ? i : null)).filter((m) => m !== null)).toEqual([0, 12, 24]);
  // Turned off, a diver lost into the water is looked for as any other.
  const off = { ...DEFAULT_POSE_STAGE_CONFIG, underWaterSearchStride: 0 };
  expect(Array.from({ length: 9 }, (_, missed) => searchesThisFrame(missed, off, true)).every(Boolean)).toBe(true);
});

test('a person found by the two-diver check counts again only at about the same place on the next frame', () => {
  const before = { x1: 200, y1: 50, x2: 260, y2: 210 };
  // A second diver a few pixels on, one frame later: the same person.
  expect(sameOtherPerson(before, { x1: 206, y1: 58, x2: 268, y2: 214 })).toBe(true);
  // Up to half the box's larger side (160 px) between centres still counts; beyond it does not.
  expect(sameOtherPerson(before, { x1: 200, y1: 129, x2: 260, y2: 289 })).toBe(true);
  expect(sameOtherPerson(before, { x1: 200, y1: 131, x2: 260, y2: 291 })).toBe(false);
  // The 5253B sample's false finds in the crowd: frame 20's, then frame 40's elsewhere.
  expect(sameOtherPerson({ x1: 186, y1: 53, x2: 272, y2: 207 }, { x1: 297, y1: 261, x2: 353, y2: 410 })).toBe(false);
  // At the same place but a spectator's size: not the same person.
  expect(sameOtherPerson(before, { x1: 220, y1: 110, x2: 240, y2: 150 })).toBe(false);
});

test('people are of about one size when their boxes\' larger sides are within 1.6 times either way', () => {
  const diver = { x1: 0, y1: 0, x2: 50, y2: 100 };
  expect(similarInSize(diver, { x1: 0, y1: 0, x2: 160, y2: 20 })).toBe(true);
  expect(similarInSize(diver, { x1: 0, y1: 0, x2: 20, y2: 63 })).toBe(true);
  expect(similarInSize(diver, { x1: 0, y1: 0, x2: 20, y2: 61 })).toBe(false);
  expect(similarInSize(diver, { x1: 0, y1: 0, x2: 170, y2: 20 })).toBe(false);
});

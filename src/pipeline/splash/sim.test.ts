/**
 * The measurement against the simulator's physical splash truth (training/sim: splash area per
 * frame in m², eq. 21) on a few rendered dives of well-separated splash size. Skipped, saying why,
 * where the simulator or its renderer (@napi-rs/canvas) cannot be imported.
 */
import { describe, expect, it } from 'vitest';
import { measureSplash } from './index.ts';
import type { RgbaFrame } from './index.ts';

type DiveModule = typeof import('../../../training/sim/dive.ts');
type RenderModule = typeof import('../../../training/sim/render.ts');

const sim: { dive: DiveModule; render: RenderModule } | { error: string } = await Promise.all([
  import('../../../training/sim/dive.ts'),
  import('../../../training/sim/render.ts'),
])
  .then(([dive, render]) => ({ dive, render }))
  .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
if ('error' in sim) console.warn(`splash sim check skipped: the simulator is not importable (${sim.error})`);

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length).fill(0);
  order.forEach(([, i], rank) => (out[i] = rank));
  return out;
}

function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a), rb = ranks(b), n = a.length;
  const d2 = ra.reduce((sum, r, i) => sum + (r - (rb[i] as number)) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe.skipIf('error' in sim)('measureSplash on simulated dives (skipped when training/sim is not importable)', () => {
  it('ranks dives of well-separated splash like the simulator truth', { timeout: 120_000 }, () => {
    if ('error' in sim) return;
    const { simulateDive } = sim.dive;
    const { DiveRenderer } = sim.render;
    // Dives whose splash magnitude at least doubles from one to the next.
    const candidates = Array.from({ length: 24 }, (_, runIndex) => simulateDive({ seed: 'splash-check', runIndex })).sort(
      (a, b) => a.splash.magnitude - b.splash.magnitude,
    );
    const chosen: typeof candidates = [];
    for (const dive of candidates) {
      const previous = chosen[chosen.length - 1];
      if (chosen.length < 4 && (previous === undefined || dive.splash.magnitude >= 2 * previous.splash.magnitude)) chosen.push(dive);
    }
    expect(chosen.length).toBeGreaterThanOrEqual(3);

    const truth: number[] = [];
    const measured: number[] = [];
    for (const dive of chosen) {
      const renderer = new DiveRenderer(dive);
      const { stageTransitions, frames: truthFrames, width, height, fps } = renderer.truth;
      const start = Math.max(0, stageTransitions.entryStart - 8);
      const frames: RgbaFrame[] = [];
      for (let i = start; i < renderer.frameCount; i++) frames.push({ width, height, data: renderer.frameRgba(i) });
      const boxFrame = stageTransitions.waterContact - 1;
      const box = truthFrames[boxFrame]?.box ?? null;
      const result = measureSplash(frames, {
        entryIndex: stageTransitions.entryStart - start,
        fps,
        ...(box === null ? {} : { diverBox: { x1: box[0], y1: box[1], x2: box[2], y2: box[3], frameIndex: boxFrame - start } }),
      });
      expect(result.reason).toBeUndefined();
      truth.push(renderer.truth.splashScore);
      measured.push(result.areaSeconds);
    }
    // At most one neighbouring pair swapped, and the biggest splash clearly above the smallest.
    expect(spearman(truth, measured)).toBeGreaterThanOrEqual(0.8);
    const smallest = measured[truth.indexOf(Math.min(...truth))] as number;
    const biggest = measured[truth.indexOf(Math.max(...truth))] as number;
    expect(biggest).toBeGreaterThan(2.5 * smallest);
  });
});

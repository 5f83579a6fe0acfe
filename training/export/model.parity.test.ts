/** Whole-model parity (tfjs ↔ onnxruntime-node / -web) for a pose-only and an all-branch model. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateRunConfig } from '../model/config.ts';
import type { ModelConfig } from '../model/config.ts';
import { loadTf } from '../model/tfBackend.ts';
import type { Tf } from '../model/tfBackend.ts';
import { modelParity } from './modelParity.ts';

const TOLERANCE = 1e-4;
let tf: Tf;
// Loading the tfjs wasm backend took over 10 s on a loaded 2-core machine.
beforeAll(async () => { tf = await loadTf('wasm'); }, 60_000);

const full = validateRunConfig(JSON.parse(readFileSync(new URL('../configs/tiny-full.json', import.meta.url), 'utf8'))).model;
const poseOnly: ModelConfig = { ...full, branches: { dve: false, sve: false, hse: true, splashInput: true, sceneTrack: false }, frames: 12 };
// Values and residual from the visual and skeletal streams side by side (packs 1.4 on).
const fullBothValues: ModelConfig = { ...full, fusion: { ...full.fusion, values: 'both' } };
const visualOnly: ModelConfig = { ...full, branches: { dve: true, sve: true, hse: false, splashInput: false, sceneTrack: false } };

describe('model parity tfjs ↔ onnxruntime', () => {
  const parameters = new Map<string, number>();
  for (const [name, model] of [['pose-only + splash', poseOnly], ['all branches + scene track', full], ['all branches, fusion values from both streams', fullBothValues], ['visual only', visualOnly]] as const) {
    it(name, async () => {
      const report = await modelParity(tf, model);
      parameters.set(name, report.parameters);
      expect(report.unusedParameters).toEqual([]);
      for (const [output, magnitude] of Object.entries(report.magnitudes)) expect(magnitude, output).toBeGreaterThan(1e-3);
      for (const runtime of ['node', 'web'] as const) {
        for (const [output, error] of Object.entries(report.errors[runtime])) expect(error, `${runtime} ${output}`).toBeLessThanOrEqual(TOLERANCE);
      }
    }, 60_000);
  }
  it('fusion values from both streams widen only the fusion input, by the skeletal stream', () => {
    const skeletal = full.hse.out + full.splashEmbed + full.sceneEmbed;
    const visual = parameters.get('all branches + scene track'), both = parameters.get('all branches, fusion values from both streams');
    expect(visual).toBeDefined();
    expect((both as number) - (visual as number)).toBe(skeletal * full.featureSize);
  });
});

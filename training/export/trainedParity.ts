/** Parity of a written pack with the trained tfjs model, on real clips and trained weights. */
import { resampleMatrix } from '@divejudge/core';
import type { RunConfig } from '../model/config.ts';
import type { Tf } from '../model/tfBackend.ts';
import { clipInputs } from '../eval/packEval.ts';
import type { ParamMap } from '../train/checkpoint.ts';
import type { Clip } from '../train/data.ts';
import { ModelSession } from '../train/session.ts';
import { PackRunner } from './packRunner.ts';

/** Largest |tfjs − onnxruntime| of the relative scores and frame features for a few clips, both runtimes. */
export async function trainedParity(tf: Tf, config: RunConfig, params: ParamMap, packDir: string, clips: readonly Clip[], bankClips: readonly Clip[]): Promise<Record<'node' | 'web', number>> {
  const session = new ModelSession(tf, config);
  session.params.load(params);
  const result = { node: 0, web: 0 };
  for (const runtime of ['node', 'web'] as const) {
    const runner = await PackRunner.open(packDir, runtime);
    for (const clip of clips) {
      const crop = runner.manifest.inputs.crop?.size ?? null;
      const encoded = await runner.encode(clipInputs(clip, crop));
      const [tfEncoded] = await session.encodeClips([clip], 1);
      let worst = 0;
      tfEncoded?.frameFeatures.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - (encoded.frameFeatures[i] ?? Number.NaN))); });
      tfEncoded?.probs.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - (encoded.transitionProbs[i] ?? Number.NaN))); });
      // Compare against the first exemplars of the bank through both paths.
      const indices = [0, 1, 2].filter((k) => k < runner.exemplars.length);
      const onnx = await runner.compare(encoded, encoded.boundaries, indices);
      const T = config.model.frames, L = config.model.stageLength;
      const [query] = await session.stageClips([tfEncoded?.frameFeatures as Float32Array], [resampleMatrix(encoded.boundaries, T, L)], 1);
      const bankIds = indices.map((k) => runner.exemplars[k]?.id);
      const exemplarClips = bankIds.map((id) => bankClips.find((c) => c.id === id) as Clip);
      const encodedBank = await session.encodeClips(exemplarClips, 4);
      const bank = await session.stageClips(encodedBank.map((e) => e.frameFeatures), exemplarClips.map((c) => resampleMatrix(c.boundaries, T, L)), 4);
      const tfScores = await session.compareWith(query as NonNullable<typeof query>, bank);
      tfScores.relative.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - (onnx.relative[i] ?? Number.NaN))); });
      result[runtime] = Math.max(result[runtime], worst);
    }
    await runner.release();
  }
  session.dispose();
  return result;
}


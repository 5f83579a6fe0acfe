/**
 * Two runs of the same dives side by side: how far each dive's shown score, the model's own score
 * and its stages moved between them. Two runs of the pose stage that differ by less than a pixel
 * where their crops land (the crop on a grid, another machine, another backend) are two draws of
 * the poses' noise; what they do to a dive's score is how far one run of it can be trusted.
 */
import { z } from 'zod';
import { median, quantile } from '../../src/pipeline/math/stats.ts';
import { spearman } from '../../training/eval/metrics.ts';

/** What `eval:app` writes per clip (results/…/<clip>.json) that a comparison reads; checked at the edge. */
export const scoredClipSchema = z.object({
  id: z.string(),
  status: z.string(),
  predicted: z.number().nullable(),
  modelScore: z.number().nullable(),
  officialScore: z.number(),
  transitions: z.object({ takeOffEnd: z.number(), entryStart: z.number() }).nullable(),
});
export type ScoredClip = z.infer<typeof scoredClipSchema>;

interface Spread {
  median: number;
  p80: number;
  largest: number;
}

export interface RunFigures {
  scored: number;
  srcc: number;
  mae: number;
  /** Mean of predicted − official. */
  signed: number;
  modelSrcc: number;
  modelMae: number;
}

export interface DrawComparison {
  a: RunFigures;
  b: RunFigures;
  /** Dives both runs scored (the samples left out). */
  paired: number;
  /** |shown score B − shown score A| per dive, points. */
  shown: Spread;
  /** |model's own score B − A| per dive, points. */
  model: Spread;
  /** The model's move on the dives whose stage transitions did not move, and how many there are. */
  modelSameStages: Spread & { dives: number };
  /** Frames the two stage transitions moved, summed. */
  stageFrames: Spread;
  /** Dives B scored nearer the official score than A did. */
  bNearer: number;
}

const spread = (values: readonly number[]): Spread => ({ median: median(values), p80: quantile(values, 0.8), largest: values.length ? Math.max(...values) : Number.NaN });

type Scored = ScoredClip & { predicted: number; modelScore: number };
const isScored = (c: ScoredClip): c is Scored => c.status === 'scored' && c.predicted !== null && c.modelScore !== null;

function figures(clips: readonly Scored[]): RunFigures {
  const official = clips.map((c) => c.officialScore), shown = clips.map((c) => c.predicted), model = clips.map((c) => c.modelScore);
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
  return {
    scored: clips.length,
    srcc: spearman(shown, official),
    mae: mean(shown.map((s, i) => Math.abs(s - (official[i] as number)))),
    signed: mean(shown.map((s, i) => s - (official[i] as number))),
    modelSrcc: spearman(model, official),
    modelMae: mean(model.map((s, i) => Math.abs(s - (official[i] as number)))),
  };
}

/** Compares two runs over the same simulated dives (clips whose id starts with "sample:" are left out). */
export function compareDraws(runA: readonly ScoredClip[], runB: readonly ScoredClip[]): DrawComparison {
  const dives = (run: readonly ScoredClip[]) => run.filter((c) => !c.id.startsWith('sample:')).filter(isScored);
  const a = dives(runA), b = new Map(dives(runB).map((c) => [c.id, c]));
  const pairs = a.flatMap((x) => {
    const y = b.get(x.id);
    return y ? [[x, y] as const] : [];
  });
  const moved = (x: Scored, y: Scored) => (x.transitions && y.transitions ? Math.abs(x.transitions.takeOffEnd - y.transitions.takeOffEnd) + Math.abs(x.transitions.entryStart - y.transitions.entryStart) : Number.NaN);
  const sameStages = pairs.filter(([x, y]) => moved(x, y) === 0);
  return {
    a: figures(a),
    b: figures([...b.values()]),
    paired: pairs.length,
    shown: spread(pairs.map(([x, y]) => Math.abs(y.predicted - x.predicted))),
    model: spread(pairs.map(([x, y]) => Math.abs(y.modelScore - x.modelScore))),
    modelSameStages: { ...spread(sameStages.map(([x, y]) => Math.abs(y.modelScore - x.modelScore))), dives: sameStages.length },
    stageFrames: spread(pairs.map(([x, y]) => moved(x, y)).filter(Number.isFinite)),
    bNearer: pairs.filter(([x, y]) => Math.abs(y.predicted - y.officialScore) < Math.abs(x.predicted - x.officialScore)).length,
  };
}

/**
 * `npm run compare:draws -- DIR_A DIR_B`: two folders of per-clip results that `eval:app` wrote
 * (.cache/eval-app/results[-node]/<pack>/<pose configuration>/<code>/<set>/) over the same dives,
 * and how far each dive moved between them. Point it at two pose configurations that differ by
 * less than a pixel (the crop on a grid), two machines or two backends: the moves are what one run
 * of the poses' noise is worth to a dive's score (README, How far to trust the score).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareDraws, scoredClipSchema, type DrawComparison, type ScoredClip } from './lib/drawComparison.ts';

function readRun(dir: string): ScoredClip[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (files.length === 0) throw new Error(`${dir}: no per-clip results (a folder eval:app writes, ending in the render set's name)`);
  return files.map((f) => {
    const parsed = scoredClipSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success) throw new Error(`${join(dir, f)}: not an eval:app result (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  });
}

const [dirA, dirB] = process.argv.slice(2).filter((a) => a !== '--');
if (!dirA || !dirB) {
  console.error('usage: npm run compare:draws -- DIR_A DIR_B (two folders of eval:app results over the same dives)');
  process.exit(2);
}
const c: DrawComparison = compareDraws(readRun(dirA), readRun(dirB));
const f2 = (v: number) => v.toFixed(2), f4 = (v: number) => v.toFixed(4);
const run = (name: string, r: DrawComparison['a']) => `${name}  ${r.scored} scored  shown SRCC ${f4(r.srcc)}  MAE ${f2(r.mae)}  signed ${r.signed >= 0 ? '+' : ''}${f2(r.signed)}  | the model alone SRCC ${f4(r.modelSrcc)}  MAE ${f2(r.modelMae)}`;
const moves = (name: string, s: { median: number; p80: number; largest: number }, unit: string) => `${name.padEnd(44)} median ${f2(s.median)}  80th percentile ${f2(s.p80)}  largest ${f2(s.largest)} ${unit}`;
console.log(run('A', c.a));
console.log(run('B', c.b));
console.log(`each of the ${c.paired} dives both scored, B against A:`);
console.log(moves('  the shown score moved', c.shown, 'points'));
console.log(moves("  the model's own score moved", c.model, 'points'));
console.log(moves(`  …on the ${c.modelSameStages.dives} dives whose stages did not move`, c.modelSameStages, 'points'));
console.log(moves('  the two stage transitions moved, together', c.stageFrames, 'frames'));
console.log(`  B nearer the official score on ${c.bNearer} of ${c.paired}`);

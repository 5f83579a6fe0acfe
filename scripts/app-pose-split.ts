/**
 * `npx tsx scripts/app-pose-split.ts --renders DIR --poses DIR [--renders DIR2 --poses DIR2 …] --out DIR
 *  [--poses-out DIR] [--test 40]`: a FineDiving-layout view of rendered dives for training on the app's
 * own poses. Every dive whose app poses are cached trains, except the first `--test` of the first
 * render's test split, which stay held out (model selection uses `npm run eval:app` on another seed).
 *
 * One render: the view's poses/, truth/ and videos/ are links to the render's; only annotations.json
 * is written (configs/pose-app-598.json was trained on this view of the seed-11 render).
 * Several renders: their dive ids collide (every render numbers its events from 1), so the k-th
 * render's dives are renumbered index + k × 10000, with per-file links for videos, truth and poses,
 * and `--poses-out` gets links to each dive's cached app poses under the new ids. Name --poses-out's
 * last folder as the pose cache's (the trainer keys its splash cache by it) and --out's as the first
 * render's, so the first render's measured splash and camera paths are reused.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

interface Annotations {
  records: Array<{ id: string; event: string; index: number }>;
  train: string[];
  test: string[];
}

const { values } = parseArgs({ options: { renders: { type: 'string', multiple: true }, poses: { type: 'string', multiple: true }, out: { type: 'string' }, 'poses-out': { type: 'string' }, test: { type: 'string', default: '40' } } });
const renders = (values.renders ?? []).map((d) => resolve(d));
const poses = (values.poses ?? []).map((d) => resolve(d));
if (renders.length === 0 || renders.length !== poses.length || !values.out) throw new Error('usage: --renders DIR --poses DIR [--renders DIR --poses DIR …] --out DIR [--poses-out DIR] [--test N]');
if (renders.length > 1 && !values['poses-out']) throw new Error('several renders need --poses-out (the merged pose folder)');
const out = resolve(values.out);
const poseFile = (id: string) => `${id.replace(/[/:]/g, '_')}.json`;
const link = (target: string, path: string) => existsSync(path) || symlinkSync(target, path);
mkdirSync(out, { recursive: true });

const merged: Annotations = { records: [], train: [], test: [] };
/** The first render's other fields (sub-action types), kept as they are. */
let base: Record<string, unknown> = {};
renders.forEach((render, k) => {
  const annotations = JSON.parse(readFileSync(join(render, 'annotations.json'), 'utf8')) as Annotations;
  const poseDir = poses[k] as string;
  const cached = (id: string) => existsSync(join(poseDir, poseFile(id)));
  if (k === 0) base = Object.fromEntries(Object.entries(annotations).filter(([key]) => !['records', 'train', 'test'].includes(key)));
  const held = new Set(k === 0 ? annotations.test.filter(cached).slice(0, Number(values.test)) : []);
  const renamed = new Map<string, string>();
  for (const r of annotations.records) {
    const index = r.index + k * 10_000;
    const id = `${r.event}/${index}`;
    renamed.set(r.id, id);
    merged.records.push({ ...r, id, index });
    if (cached(r.id)) (held.has(r.id) ? merged.test : merged.train).push(id);
  }
  if (renders.length === 1) {
    for (const folder of ['poses', 'truth', 'videos']) link(join(render, folder), join(out, folder));
    return;
  }
  const posesOut = resolve(values['poses-out'] as string);
  mkdirSync(posesOut, { recursive: true });
  for (const r of annotations.records) {
    const id = renamed.get(r.id) as string;
    const index = id.slice(id.lastIndexOf('/') + 1);
    for (const [folder, ext] of [['videos', 'mp4'], ['truth', 'json'], ['poses', 'json']] as const) {
      const source = join(render, folder, r.event, `${r.index}.${ext}`);
      if (!existsSync(source)) continue;
      mkdirSync(join(out, folder, r.event), { recursive: true });
      link(source, join(out, folder, r.event, `${index}.${ext}`));
    }
    if (cached(r.id)) link(join(poseDir, poseFile(r.id)), join(posesOut, poseFile(id)));
  }
});
writeFileSync(join(out, 'annotations.json'), JSON.stringify({ ...base, ...merged }));
console.log(`${merged.train.length} train, ${merged.test.length} test (of ${merged.records.length} rendered in ${renders.length} render${renders.length > 1 ? 's' : ''}) → ${out}`);

/**
 * `npx tsx scripts/app-pose-split.ts --renders DIR --poses DIR --out DIR [--test 40]`: a FineDiving-layout
 * view of rendered dives for training on the app's own poses: every dive whose app poses are cached
 * trains, except the first `--test` of the render's own test split, which stay held out. The view's
 * poses/, truth/ and videos/ are links to the render's; only annotations.json is written.
 * (configs/pose-app-598.json was trained on this view of the seed-11 render.)
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { renders: { type: 'string' }, poses: { type: 'string' }, out: { type: 'string' }, test: { type: 'string', default: '40' } } });
if (!values.renders || !values.poses || !values.out) throw new Error('usage: --renders DIR --poses DIR --out DIR [--test N]');
const renders = resolve(values.renders), poses = resolve(values.poses), out = resolve(values.out);
const annotations = JSON.parse(readFileSync(join(renders, 'annotations.json'), 'utf8')) as { records: Array<{ id: string }>; train: string[]; test: string[] };
const cached = (id: string) => existsSync(join(poses, `${id.replace(/[/:]/g, '_')}.json`));
const test = annotations.test.filter(cached).slice(0, Number(values.test));
const held = new Set(test);
const train = annotations.records.map((r) => r.id).filter((id) => cached(id) && !held.has(id));
mkdirSync(out, { recursive: true });
for (const folder of ['poses', 'truth', 'videos']) if (!existsSync(join(out, folder))) symlinkSync(join(renders, folder), join(out, folder));
writeFileSync(join(out, 'annotations.json'), JSON.stringify({ ...annotations, train, test }));
console.log(`${train.length} train, ${test.length} test (of ${annotations.records.length} rendered; ${annotations.records.filter((r) => cached(r.id)).length} with cached app poses) → ${out}`);

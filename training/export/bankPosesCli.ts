/**
 * npm run bank-poses -- --config configs/pose-app-598.json [--pack DIR] [--data DIR] [--app-poses DIR]
 *
 * Writes a pack's exemplar skeletons (the `poses` block of exemplars.bin) again from its training
 * data, leaving the model and the scores' blocks as they are. Packs exported before 2026-12-06 hold
 * one skeleton (packWriter.ts, bankPoses); this mends them without training again. Every exemplar
 * must be found in the data with the same dive number and award sum, or nothing is written. The
 * manifest's sha256 of exemplars.bin follows, and the patch version goes up (the file changed).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MANIFEST_FILE, readExemplarBlock, validatePack, webCryptoSha256, writtenOverFirstRow, type ExemplarRecord } from '@divejudge/core';
import { readRunConfig } from '../model/config.ts';
import { openFineDiving } from '../data/fineDiving.ts';
import { modelInputPosesOf } from '../train/data.ts';
import { bankPoses } from './packWriter.ts';

const USAGE = 'Usage: npm run bank-poses -- --config FILE [--pack DIR] [--data DIR] [--app-poses DIR]\n';

async function readPack(dir: string) {
  const manifestJson = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as unknown;
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) if (name !== MANIFEST_FILE) files[name] = new Uint8Array(readFileSync(join(dir, name)));
  const pack = await validatePack(manifestJson, files, webCryptoSha256);
  if (!pack.ok) throw new Error(`${dir}: ${pack.errors.join('; ')}`);
  return { ...pack.value, files };
}

function bumpPatch(version: string): string {
  const parts = version.split('.');
  const last = Number(parts.at(-1));
  if (!Number.isInteger(last)) throw new Error(`version ${version}: no patch number to raise`);
  return [...parts.slice(0, -1), String(last + 1)].join('.');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, pack: { type: 'string' }, data: { type: 'string' }, 'app-poses': { type: 'string' }, help: { type: 'boolean', default: false } } });
  if (values.help || !values.config) {
    process.stdout.write(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = readRunConfig(resolve(values.config));
  const packDir = values.pack ? resolve(values.pack) : resolve('..', 'models', config.pack.id);
  const dataRoot = resolve(values.data ?? (isAbsolute(config.data) ? config.data : resolve(config.data)));
  const appPoses = values['app-poses'] ? resolve(values['app-poses']) : config.train.appPoses ? resolve(config.train.appPoses) : undefined;
  const { manifest, exemplars, files } = await readPack(packDir);
  const block = manifest.exemplars.blocks.find((b) => b.name === 'poses');
  if (!block) throw new Error(`${packDir}: the bank has no poses block`);
  const T = block.shape[1] ?? 0;
  if (T !== manifest.inputs.frames) throw new Error(`poses block of ${T} frames for a pack of ${manifest.inputs.frames}`);

  const dataset = openFineDiving(dataRoot);
  const records = new Map([...dataset.train, ...dataset.test].map((r) => [r.id, r]));
  const options = { poses: config.train.poses, posePostprocess: config.train.posePostprocess, appPoses, frames: T };
  const problems: string[] = [];
  const poses = exemplars.map((e: ExemplarRecord) => {
    const r = records.get(e.id);
    if (!r) return problems.push(`${e.id}: not in ${dataRoot}`), null;
    if (r.dive_number !== e.diveNumber) return problems.push(`${e.id}: dive ${r.dive_number} in the data, ${e.diveNumber} in the pack`), null;
    const p = modelInputPosesOf(dataset, r, options);
    if (!p) problems.push(`${e.id}: no poses${appPoses ? ` in ${appPoses}` : ''}`);
    return p;
  });
  if (problems.length > 0) throw new Error(`${problems.length} of ${exemplars.length} exemplars not found as they are in the pack, nothing written:\n  ${problems.slice(0, 10).join('\n  ')}`);
  const rows = bankPoses(poses as Float32Array[], T);

  // The old block, where it holds anything, says whether these are the poses the pack was made from.
  const bank = files[manifest.exemplars.data] as Uint8Array;
  const old = readExemplarBlock(bank, block) as Int16Array;
  const per = T * 16 * 2;
  const compare = (oldRow: number, newRow: number) => {
    let max = 0;
    for (let k = 0; k < per; k++) max = Math.max(max, Math.abs((old[oldRow * per + k] ?? 0) - (rows[newRow * per + k] ?? 0)));
    return max / 1000;
  };
  const overFirst = writtenOverFirstRow(old, per);
  const check = overFirst ? `the old block's one skeleton (row 0, the last exemplar's) against today's: max |Δ| ${compare(0, exemplars.length - 1).toFixed(3)} crop widths` : `rows changed: ${exemplars.filter((_, i) => compare(i, i) > 0).length} of ${exemplars.length}`;

  const updated = new Uint8Array(bank);
  updated.set(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength), block.offset);
  const manifestJson = JSON.parse(readFileSync(join(packDir, MANIFEST_FILE), 'utf8')) as { version: string; files: Record<string, { sha256: string; bytes: number }> };
  const before = manifestJson.version;
  manifestJson.version = bumpPatch(before);
  manifestJson.files[manifest.exemplars.data] = { sha256: await webCryptoSha256(updated), bytes: updated.byteLength };
  const check2 = await validatePack(manifestJson, { ...files, [manifest.exemplars.data]: updated }, webCryptoSha256);
  if (!check2.ok) throw new Error(`the rewritten pack does not validate: ${check2.errors.join('; ')}`);
  writeFileSync(join(packDir, manifest.exemplars.data), updated);
  writeFileSync(join(packDir, MANIFEST_FILE), `${JSON.stringify(manifestJson, null, 2)}\n`);
  process.stdout.write(`${manifest.id} ${before} → ${manifestJson.version}: ${exemplars.length} exemplar skeletons written from ${dataRoot}${appPoses ? ` (app poses ${appPoses})` : ''}; ${check}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bank-poses: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

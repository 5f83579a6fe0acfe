/**
 * npm run eval [-- --packs models/a,models/b] [--limit N] [--vote N] [--ablation] [--predictions FILE]
 *
 * Scores every model pack in models/ on the test split of the data it was trained on, through
 * onnxruntime exactly as the app does (validate → encoder → stage boundaries → compare with N
 * exemplars → vote), and prints SRCC, R-L2 ×100, AIoU@0.5/0.75, the simulator's ceiling, training
 * time and throughput, and the Table III ablation (from eval/results/ablation.json; `--ablation`
 * re-runs it, which trains six reduced models: about an hour here). `--predictions FILE` writes each
 * pack's per-clip predictions (JSON) for analysis, e.g. which faults a pack misses.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PackManifest } from '@divejudge/core';
import { validateRunConfig } from '../model/config.ts';
import type { RunConfig } from '../model/config.ts';
import { loadTf } from '../model/tfBackend.ts';
import { PackRunner } from '../export/packRunner.ts';
import { datasetOptions, loadDataset } from '../train/data.ts';
import type { LoadedDataset } from '../train/data.ts';
import { formatSeconds } from '../train/progress.ts';
import { train } from '../train/trainer.ts';
import { ensembleOf, evaluatePack, type PackEvaluation } from './packEval.ts';
import { cropObserverCeiling, simulatorCeiling } from './predict.ts';

const RESULTS = resolve('eval', 'results', 'ablation.json');
const ABLATION_BASE = resolve('configs', 'ablation.json');

interface AblationRow {
  name: string;
  dve: boolean;
  sve: boolean;
  hse: boolean;
  clips: number;
  epochs: number;
  srcc: number;
  rl2x100: number;
  aiou50: number;
  aiou75: number;
  trainSeconds: number;
  pairsPerSecond: number;
}

const ABLATIONS: Array<{ name: string; dve: boolean; sve: boolean; hse: boolean }> = [
  { name: 'DVE', dve: true, sve: false, hse: false },
  { name: 'SVE', dve: false, sve: true, hse: false },
  { name: 'HSE', dve: false, sve: false, hse: true },
  { name: 'DVE+HSE', dve: true, sve: false, hse: true },
  { name: 'DVE+SVE', dve: true, sve: true, hse: false },
  { name: 'Full', dve: true, sve: true, hse: true },
];

function pct(x: number): string {
  return (100 * x).toFixed(1).padStart(5);
}

function dataCache(): Map<string, Promise<LoadedDataset>> {
  return new Map();
}

async function runAblation(base: RunConfig, log: (line: string) => void): Promise<AblationRow[]> {
  const tf = await loadTf('wasm');
  const rows: AblationRow[] = [];
  const root = isAbsolute(base.data) ? base.data : resolve(base.data);
  const data = await loadDataset(root, datasetOptions(base, resolve('.cache', 'crops')));
  for (const a of ABLATIONS) {
    const config: RunConfig = { ...base, name: `ablation-${a.name.toLowerCase().replace('+', '-')}`, model: { ...base.model, branches: { ...base.model.branches, dve: a.dve, sve: a.sve, hse: a.hse } } };
    log(`ablation ${a.name}: training ${config.train.epochs} epochs on ${data.train.length} clips`);
    const { session, report } = await train(tf, config, data, { runDir: resolve('.cache', 'runs', config.name), resume: true, log });
    session.dispose();
    const m = report.evaluation?.metrics;
    if (!m) throw new Error(`ablation ${a.name}: no evaluation`);
    rows.push({ ...a, clips: m.clips, epochs: report.epochs, srcc: m.srcc, rl2x100: m.rl2x100, aiou50: m.aiou50, aiou75: m.aiou75, trainSeconds: report.trainSeconds, pairsPerSecond: report.pairsPerSecond });
  }
  mkdirSync(resolve('eval', 'results'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ config: 'configs/ablation.json', data: base.data, rows }, null, 2)}\n`);
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      packs: { type: 'string' },
      limit: { type: 'string', default: '0' },
      vote: { type: 'string' },
      ablation: { type: 'boolean', default: false },
      predictions: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run eval [-- --packs models/a,models/b] [--limit N] [--vote N] [--ablation] [--predictions FILE]\n  --packs "" scores no pack (e.g. with --ablation only)\n  --predictions FILE writes every pack\'s per-clip predictions as JSON\n');
    return;
  }
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const modelsDir = resolve('..', 'models');
  const packDirs = values.packs
    ? values.packs.split(',').filter((p) => p.length > 0).map((p) => resolve('..', p)).filter((d) => existsSync(join(d, 'manifest.json')))
    : readdirSync(modelsDir).map((d) => join(modelsDir, d)).filter((d) => existsSync(join(d, 'manifest.json')) && (JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as { schema?: string }).schema === 'divejudge.aqa-pack/1');

  if (values.ablation) {
    const base = validateRunConfig(JSON.parse(readFileSync(ABLATION_BASE, 'utf8')));
    await runAblation(base, log);
  }

  const datasets = dataCache();
  out('DiveJudge — HP-MCoRe model packs, scored through onnxruntime-node as the app scores (N-exemplar voting, eq. 28)');
  out();
  out('pack                 trained on  test data                          clips  SRCC    R-L2×100  AIoU@0.5  AIoU@0.75  ms/clip  size      baseline SRCC');
  const ceilings: string[] = [];
  const evaluations: Array<{ id: string; evaluation: PackEvaluation }> = [];
  const trainingLines: string[] = [];
  for (const dir of packDirs) {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as PackManifest;
    const config = validateRunConfig(manifest.model.config);
    const root = isAbsolute(config.data) ? config.data : resolve(config.data);
    if (!existsSync(join(root, 'annotations.json'))) {
      out(`${manifest.id.padEnd(20)} (its data ${config.data} is missing: ${config.dataCommand ?? 'regenerate it with npm run sim'})`);
      continue;
    }
    const key = `${root}|${config.train.poses}|${config.train.posePostprocess}|${config.train.takeOffPoses}|${config.train.splash}|${config.model.frames}|${config.model.crop}|${config.model.branches.dve || config.model.branches.sve}`;
    if (!datasets.has(key)) datasets.set(key, loadDataset(root, { ...datasetOptions({ ...config, limitClips: 0 }, resolve('.cache', 'crops')), splits: ['test'] }));
    const data = await (datasets.get(key) as Promise<LoadedDataset>);
    const limit = Number(values.limit);
    const test = limit > 0 ? data.test.slice(0, limit) : data.test;
    const runner = await PackRunner.open(dir);
    const voteN = values.vote ? Number(values.vote) : manifest.voting.defaultN;
    const evaluation = await evaluatePack(runner, test, voteN, manifest.id);
    await runner.release();
    evaluations.push({ id: manifest.id, evaluation });
    const m = evaluation.metrics;
    const bytes = Object.values(manifest.files).reduce((s, f) => s + f.bytes, 0);
    out(`${manifest.id.padEnd(20)} ${manifest.trainedOn.kind.padEnd(10)}  ${`${config.data.replace(/^.*\//, '')} test (N=${voteN})`.padEnd(34)} ${String(m.clips).padStart(5)}  ${m.srcc.toFixed(4)}  ${m.rl2x100.toFixed(4).padStart(8)}  ${pct(m.aiou50).padStart(8)}  ${pct(m.aiou75).padStart(9)}  ${evaluation.msPerClip.toFixed(1).padStart(7)}  ${(bytes / 1048576).toFixed(2)} MiB  ${evaluation.baseline.srcc.toFixed(4)}`);
    const ceiling = simulatorCeiling(test);
    const observer = cropObserverCeiling(test);
    if (ceiling !== null) ceilings.push(`${config.data.replace(/^.*\//, '')} test: ${ceiling.toFixed(4)} (${test.length} clips); 95 % of it: ${(0.95 * ceiling).toFixed(4)}${observer === null ? '' : `; a perfect observer blind to where the diver is relative to the board (take-off height, board distance): ${observer.toFixed(4)}`}`);
    const t = manifest.training;
    if (t) trainingLines.push(`${manifest.id}: ${t.epochs} epochs, ${t.steps} steps in ${formatSeconds(t.seconds)} — ${t.pairsPerSecond.toFixed(2)} pairs/s (${(2 * t.pairsPerSecond).toFixed(2)} clips/s) on ${t.machine}; ${manifest.model.parameters.toLocaleString('en')} parameters`);
  }
  if (values.predictions) {
    const file = resolve(values.predictions);
    writeFileSync(file, `${JSON.stringify(Object.fromEntries(evaluations.map((e) => [e.id, e.evaluation.predictions])), null, 1)}\n`);
    log(`per-clip predictions written to ${file}`);
  }
  const ensemble = ensembleOf(evaluations);
  if (ensemble) out(`${'ensemble'.padEnd(20)} ${''.padEnd(10)}  ${`mean of the ${evaluations.length} packs above`.padEnd(34)} ${String(ensemble.clips).padStart(5)}  ${ensemble.srcc.toFixed(4)}  ${ensemble.rl2x100.toFixed(4).padStart(8)}`);
  out('(baseline SRCC: the same N exemplars, every relative score 0 — the exemplars\' mean award sum × DD.)');
  out();
  out('Simulator ceiling — SRCC between the noise-free quality (3 × true award × DD) and the official score:');
  for (const c of new Set(ceilings)) out(`  ${c}`);
  out();
  out('Training time and throughput:');
  for (const line of trainingLines) out(`  ${line}`);
  out();
  if (existsSync(RESULTS)) {
    const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as { config: string; data: string; rows: AblationRow[] };
    const first = results.rows[0];
    out(`Ablation like the paper's Table III (${results.config}, ${first?.epochs ?? '?'} epochs each, ${results.data}, ${first?.clips ?? '?'} test clips, tfjs):`);
    out('branches   DVE SVE HSE  SRCC    R-L2×100  AIoU@0.5  AIoU@0.75  train time  pairs/s');
    for (const r of results.rows) {
      out(`${r.name.padEnd(10)} ${r.dve ? ' ✓ ' : ' · '} ${r.sve ? ' ✓ ' : ' · '} ${r.hse ? ' ✓ ' : ' · '}  ${r.srcc.toFixed(4)}  ${r.rl2x100.toFixed(4).padStart(8)}  ${pct(r.aiou50).padStart(8)}  ${pct(r.aiou75).padStart(9)}  ${formatSeconds(r.trainSeconds).padStart(10)}  ${r.pairsPerSecond.toFixed(2).padStart(7)}`);
    }
  } else out('Ablation: not run yet (npm run eval -- --ablation).');
}

main().catch((error: unknown) => {
  process.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exitCode = 1;
});

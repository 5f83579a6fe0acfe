/**
 * npm run export -- --config configs/pose.json [--run-dir DIR] [--out DIR] [--eval-clips N]
 *
 * Turns a trained run (its checkpoint) into a model pack in models/<pack id>/: the ONNX graphs, the
 * exemplar bank, the manifest with metrics measured by running the pack on the test split, and a
 * parity check of the trained weights (tfjs vs onnxruntime-node and -web on test clips).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TrainingRecord } from '@divejudge/core';
import { readRunConfig } from '../model/config.ts';
import type { RunConfig } from '../model/config.ts';
import { loadTf } from '../model/tfBackend.ts';
import { hasCheckpoint, loadCheckpoint } from '../train/checkpoint.ts';
import { runDirFor } from '../train/paths.ts';
import { datasetOptions, loadDataset } from '../train/data.ts';
import { Progress, formatSeconds } from '../train/progress.ts';
import type { TrainReport } from '../train/trainer.ts';
import { writePack } from './packWriter.ts';
import { trainedParity } from './trainedParity.ts';

const USAGE = `Usage: npm run export -- --config FILE [--run-dir DIR] [--out DIR] [--eval-clips N]
`;

/** How the dataset was made, from its folder name and annotations (for the manifest). */
function describeData(config: RunConfig, train: number, test: number): string {
  if (config.train.poses === 'app') {
    const scene = config.model.branches.sceneTrack ? ', scene track from the camera path the app tracks over every decoded frame' : '';
    return `simulated dives rendered as MP4 (${config.dataCommand ?? config.data}; ${train} train / ${test} test), the app pose stage's own poses of every frame${config.model.branches.splashInput ? ', splash measured from the decoded frames by the app\'s splash module' : ''}${scene}`;
  }
  const poses = config.train.poses === 'clean' ? 'ground-truth poses' : config.train.poseNoise === 'resampled' ? 'poses through the pose-noise model (drawn again every epoch)' : 'poses through the pose-noise model';
  const processed = config.train.poses === 'noisy' && config.train.posePostprocess === 'app' ? ', then the app\'s pose post-processing (swap fix, gap repair, smoothing)' : '';
  const splash = !config.model.branches.splashInput
    ? ''
    : config.train.splash === 'measured'
      ? ', splash measured from the rendered frames by the app\'s splash module'
      : ', splash from the simulator\'s exact white-water areas';
  const scene = config.model.branches.sceneTrack ? `, scene track from the camera path the app tracks over every rendered frame${config.model.sceneTrackNormalisation === 'scene-track/2' ? ' (with the take-off geometry of every frame\'s pose)' : ''}` : '';
  return `simulated dives (${config.dataCommand ?? config.data}; ${train} train / ${test} test), ${poses}${processed}${splash}${scene}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'run-dir': { type: 'string' },
      out: { type: 'string' },
      'eval-clips': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.config) {
    process.stdout.write(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const configPath = values.config;
  const config = readRunConfig(resolve(configPath));
  const runDir = values['run-dir'] ? resolve(values['run-dir']) : runDirFor(config.name);
  if (!hasCheckpoint(runDir)) throw new Error(`no checkpoint in ${runDir}: train first (npm run train -- --config ${configPath})`);
  const outDir = values.out ? resolve(values.out) : resolve('..', 'models', config.pack.id);
  const tf = await loadTf('wasm');
  const checkpoint = loadCheckpoint(runDir);
  const dataRoot = isAbsolute(config.data) ? config.data : resolve(config.data);
  const loading = new Progress('loading clips', 1);
  const data = await loadDataset(dataRoot, datasetOptions(config, resolve('.cache', 'crops'), (done, total) => {
    loading.total = total;
    loading.update(done);
  }));
  loading.done();
  const reportPath = join(runDir, 'report.json');
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as TrainReport) : null;
  const training: TrainingRecord | null = report
    ? {
        epochs: report.epochs,
        steps: report.steps,
        seconds: Math.round(report.trainSeconds),
        pairsPerSecond: Math.round(report.pairsPerSecond * 100) / 100,
        machine: `${cpus().length}-core ${process.arch}, Node ${process.versions.node}, @tensorflow/tfjs-backend-wasm 4.22 (shared machine)`,
        commands: [
          ...(config.dataCommand ? [config.dataCommand] : []),
          `npm run train -- --config ${configPath.replace(/^\.\//, '')}`,
          `npm run export -- --config ${configPath.replace(/^\.\//, '')}`,
        ],
      }
    : null;
  const started = Date.now();
  const { manifest, evaluation } = await writePack(
    { config, params: checkpoint.params, data, dataDescription: describeData(config, data.train.length, data.test.length), training, evalClips: Number(values['eval-clips']) },
    outDir,
  );
  const parity = await trainedParity(tf, config, checkpoint.params, outDir, data.test.slice(0, 3), data.train);
  const m = evaluation.metrics;
  const sizes = Object.entries(manifest.files).map(([name, f]) => `${name} ${(f.bytes / 1024).toFixed(0)} KiB`);
  const total = Object.values(manifest.files).reduce((s, f) => s + f.bytes, 0) + statSync(join(outDir, 'manifest.json')).size;
  process.stdout.write(
    `${manifest.id} → ${outDir} (${(total / 1024 / 1024).toFixed(2)} MiB: ${sizes.join(', ')}; ${manifest.exemplars.count} exemplars)\n` +
      `  test (${m.clips} clips, N=${manifest.voting.defaultN}, onnxruntime-node): SRCC ${m.srcc.toFixed(4)}  R-L2×100 ${m.rl2x100.toFixed(4)}  AIoU@0.5 ${(100 * m.aiou50).toFixed(1)}  AIoU@0.75 ${(100 * m.aiou75).toFixed(1)}  (${evaluation.msPerClip.toFixed(1)} ms/clip)\n` +
      `  trained-weight parity, tfjs vs onnxruntime-node ${parity.node.toExponential(2)}, vs onnxruntime-web ${parity.web.toExponential(2)} (max |Δ| over frame features, transition probabilities, relative scores; 3 test clips)\n` +
      `  export took ${formatSeconds((Date.now() - started) / 1000)}\n`,
  );
  if (parity.node > 1e-4 || parity.web > 1e-4) {
    process.stderr.write('export: parity above 1e-4\n');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`export: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exitCode = 1;
});

/**
 * npm run train -- --config configs/pose.json [--resume | --fresh] [--data DIR] [--epochs N]
 *                  [--limit N] [--run-dir DIR] [--backend wasm|cpu]
 *
 * Trains HP-MCoRe on a FineDiving-layout dataset (the simulator's output), checkpointing every
 * epoch to the run folder (default training/.cache/runs/<config name>), and writes report.json
 * there. Paths are relative to training/ (npm runs the script there).
 */
import { rmSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readRunConfig } from '../model/config.ts';
import { loadTf } from '../model/tfBackend.ts';
import { datasetOptions, loadDataset } from './data.ts';
import { Progress, formatSeconds } from './progress.ts';
import { runDirFor } from './paths.ts';
import { train } from './trainer.ts';

const USAGE = `Usage: npm run train -- --config FILE [options]

  --config FILE     run config (training/configs/*.json)
  --resume          continue the run folder's checkpoint
  --fresh           delete the run folder's checkpoint and start over
  --data DIR        dataset root (overrides config.data)
  --epochs N        override train.epochs
  --limit N         use only N clips of each split (smoke runs)
  --max-steps N     stop after N steps (smoke runs)
  --run-dir DIR     run folder (default .cache/runs/<config name>)
  --backend B       wasm (default) or cpu
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      resume: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      data: { type: 'string' },
      epochs: { type: 'string' },
      limit: { type: 'string' },
      'max-steps': { type: 'string' },
      'run-dir': { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.config) {
    process.stdout.write(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = readRunConfig(resolve(values.config));
  if (values.data) config.data = values.data;
  if (values.epochs) config.train.epochs = Number(values.epochs);
  if (values.limit) config.limitClips = Number(values.limit);
  const runDir = values['run-dir'] ? resolve(values['run-dir']) : runDirFor(config.name);
  if (values.fresh) rmSync(runDir, { recursive: true, force: true });
  const backend = values.backend === 'cpu' ? 'cpu' : 'wasm';
  const tf = await loadTf(backend);
  const dataRoot = isAbsolute(config.data) ? config.data : resolve(config.data);
  const loading = new Progress('loading clips', 1);
  const started = Date.now();
  const data = await loadDataset(dataRoot, datasetOptions(config, resolve('.cache', 'crops'), (done, total) => {
    loading.total = total;
    loading.update(done);
  }));
  loading.done(`${data.train.length} train, ${data.test.length} test in ${formatSeconds((Date.now() - started) / 1000)}`);
  if (data.withoutAppPoses.length > 0) process.stderr.write(`${data.withoutAppPoses.length} clips left out: the app's poses of them are not cached yet (npm run eval:app over the training renders)\n`);
  const { report, session } = await train(tf, config, data, {
    runDir,
    resume: values.resume,
    log: (line) => process.stderr.write(`${line}\n`),
    maxSteps: values['max-steps'] ? Number(values['max-steps']) : 0,
  });
  session.dispose();
  const m = report.evaluation?.metrics;
  process.stdout.write(
    `${config.name}: ${report.epochs} epochs, ${report.steps} steps in ${formatSeconds(report.trainSeconds)} (${report.pairsPerSecond.toFixed(2)} pairs/s, ${report.clipsPerSecond.toFixed(2)} clips/s, backend ${backend})\n` +
      (m ? `  held-out: SRCC ${m.srcc.toFixed(4)}  R-L2×100 ${m.rl2x100.toFixed(4)}  AIoU@0.5 ${(100 * m.aiou50).toFixed(1)}  AIoU@0.75 ${(100 * m.aiou75).toFixed(1)}\n` : '') +
      `  run folder ${runDir}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`train: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exitCode = 1;
});

/**
 * The training loop: epochs of shuffled pairs, Adam with warm-up + cosine decay, a progress bar with
 * the loss terms on stderr, a checkpoint after every epoch (resumable: same pairs, same random
 * stream), periodic evaluation, and a final report (metrics, time, throughput).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../model/config.ts';
import { SeededRandom } from '../model/init.ts';
import type { Tf } from '../model/tfBackend.ts';
import { evaluateTf } from '../eval/predict.ts';
import type { Evaluation } from '../eval/predict.ts';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import type { TrainState } from './checkpoint.ts';
import type { Clip, LoadedDataset } from './data.ts';
import { epochPairs, redrawPoses } from './data.ts';
import { loadPoseErrorStats } from '../sim/noise.ts';
import { Adam } from './optimizer.ts';
import { Progress, formatSeconds } from './progress.ts';
import { ModelSession } from './session.ts';
import type { LossTerms } from './session.ts';

export interface TrainOptions {
  runDir: string;
  resume: boolean;
  /** Print per-epoch summaries to stderr. */
  log: (line: string) => void;
  /** Stop after this many steps in total (smoke tests); 0 = no limit. */
  maxSteps?: number;
}

export interface TrainReport {
  config: string;
  epochs: number;
  steps: number;
  trainSeconds: number;
  pairsPerSecond: number;
  clipsPerSecond: number;
  parameters: number;
  history: TrainState['history'];
  evaluation: Evaluation | null;
}

function splitValidation(train: readonly Clip[], fraction: number, seed: number): { fit: Clip[]; validation: Clip[] } {
  if (fraction <= 0) return { fit: [...train], validation: [] };
  const shuffled = new SeededRandom(seed ^ 0x5eed).shuffle([...train]);
  const n = Math.round(shuffled.length * fraction);
  return { validation: shuffled.slice(0, n), fit: shuffled.slice(n) };
}

export async function train(tf: Tf, config: RunConfig, data: LoadedDataset, options: TrainOptions): Promise<{ session: ModelSession; report: TrainReport }> {
  const t = config.train;
  const { fit, validation } = splitValidation(data.train, t.validationFraction, config.seed);
  if (fit.length < 2) throw new Error(`need at least 2 training clips, have ${fit.length}`);
  const session = new ModelSession(tf, config);
  session.build(fit[0] as Clip);
  const stepsPerEpoch = Math.ceil(fit.length / t.batchSize);
  const optimizer = new Adam(tf, {
    learningRate: t.learningRate,
    finalLearningRate: t.finalLearningRate,
    warmupSteps: t.warmupSteps,
    totalSteps: stepsPerEpoch * t.epochs,
    clipNorm: t.clipNorm,
  });
  const random = new SeededRandom(config.seed);
  let state: TrainState = { epoch: 0, step: 0, randomState: random.getState(), configName: config.name, history: [], trainSeconds: 0 };
  mkdirSync(options.runDir, { recursive: true });
  if (hasCheckpoint(options.runDir)) {
    if (!options.resume) throw new Error(`${options.runDir} already has a checkpoint: pass --resume to continue it or --fresh to start over`);
    const checkpoint = loadCheckpoint(options.runDir);
    if (checkpoint.state.configName !== config.name) throw new Error(`checkpoint in ${options.runDir} is of config "${checkpoint.state.configName}", not "${config.name}"`);
    session.params.load(checkpoint.params);
    if (checkpoint.optimizer) optimizer.load(checkpoint.optimizer, session.params.variables);
    state = checkpoint.state;
    random.setState(state.randomState);
    options.log(`resumed ${config.name} at epoch ${state.epoch}/${t.epochs} (step ${state.step})`);
  }
  writeFileSync(join(options.runDir, 'config.json'), JSON.stringify(config, null, 2));
  options.log(`${config.name}: ${session.params.count().toLocaleString('en')} parameters, ${fit.length} training clips (${validation.length} validation, ${data.test.length} test), ${stepsPerEpoch} steps/epoch × ${t.epochs} epochs, batch ${t.batchSize} pairs`);

  const noise = t.poseNoise === 'resampled' ? loadPoseErrorStats() : null;
  const noiseStats = noise?.stats ?? null;
  if (noise) options.log(`pose noise drawn again every epoch for the ${fit.length} training clips (stats: ${noise.source})`);
  let evaluation: Evaluation | null = null;
  let stopped = false;
  while (state.epoch < t.epochs && !stopped) {
    const epoch = state.epoch + 1;
    // A fresh draw of pose noise per epoch, keyed by epoch so that a resumed run draws the same.
    if (noiseStats) for (const clip of fit) redrawPoses(clip, noiseStats, `${config.seed}/${clip.id}/epoch${epoch}`);
    const pairs = epochPairs(fit, random, t.mirrorProbability);
    const progress = new Progress(`epoch ${epoch}/${t.epochs}`, stepsPerEpoch);
    const sums: Record<keyof LossTerms, number> = { total: 0, aqa: 0, splash: 0, ce: 0, cont: 0, gradNorm: 0 };
    const started = Date.now();
    let steps = 0;
    for (let i = 0; i < pairs.length; i += t.batchSize) {
      const terms = session.trainStep(pairs.slice(i, i + t.batchSize), optimizer);
      for (const k of Object.keys(sums) as Array<keyof LossTerms>) sums[k] += terms[k];
      steps++;
      state.step++;
      const elapsed = (Date.now() - started) / 1000;
      const mean = (k: keyof LossTerms) => (sums[k] / steps).toFixed(3);
      progress.update(steps, `loss ${mean('total')} (aqa ${mean('aqa')} splash ${mean('splash')} ce ${mean('ce')} cont ${mean('cont')}) |g| ${mean('gradNorm')} lr ${optimizer.learningRateAt(state.step).toExponential(1)} ${((steps * t.batchSize) / elapsed).toFixed(2)} pairs/s`);
      if (options.maxSteps && state.step >= options.maxSteps) {
        stopped = true;
        break;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    progress.done();
    state.trainSeconds += seconds;
    state.epoch = epoch;
    state.randomState = random.getState();
    const entry: Record<string, number> = { epoch, seconds, pairsPerSecond: (steps * t.batchSize) / seconds };
    for (const k of Object.keys(sums) as Array<keyof LossTerms>) entry[k] = sums[k] / steps;
    const evalNow = (t.evalEvery > 0 && epoch % t.evalEvery === 0) || epoch === t.epochs || stopped;
    if (evalNow) {
      const holdout = validation.length > 0 ? validation : data.test;
      evaluation = await evaluateTf(session, fit, holdout, t.voteN);
      const m = evaluation.metrics;
      entry.srcc = m.srcc;
      entry.rl2x100 = m.rl2x100;
      entry.aiou50 = m.aiou50;
      entry.aiou75 = m.aiou75;
      options.log(`  ${validation.length > 0 ? 'validation' : 'test'} (${m.clips} clips, N=${t.voteN}): SRCC ${m.srcc.toFixed(4)}  R-L2×100 ${m.rl2x100.toFixed(4)}  AIoU@0.5 ${(100 * m.aiou50).toFixed(1)}  @0.75 ${(100 * m.aiou75).toFixed(1)}  MAE ${m.mae.toFixed(2)} pts  (exemplar-mean baseline SRCC ${evaluation.baseline.srcc.toFixed(4)}, ceiling ${evaluation.ceiling?.toFixed(4) ?? 'n/a'})`);
    }
    state.history.push(entry);
    saveCheckpoint(options.runDir, { params: await session.params.snapshot(), optimizer: await optimizer.state(), state });
    options.log(`epoch ${epoch}: loss ${entry.total?.toFixed(4)} in ${formatSeconds(seconds)} (${entry.pairsPerSecond?.toFixed(2)} pairs/s); checkpoint saved`);
  }
  const pairsSeen = state.history.reduce((s, h) => s + (h.pairsPerSecond ?? 0) * (h.seconds ?? 0), 0);
  const report: TrainReport = {
    config: config.name,
    epochs: state.epoch,
    steps: state.step,
    trainSeconds: state.trainSeconds,
    pairsPerSecond: pairsSeen / Math.max(1e-9, state.trainSeconds),
    clipsPerSecond: (2 * pairsSeen) / Math.max(1e-9, state.trainSeconds),
    parameters: session.params.count(),
    history: state.history,
    evaluation,
  };
  writeFileSync(join(options.runDir, 'report.json'), JSON.stringify({ ...report, evaluation: evaluation ? { ...evaluation, predictions: undefined } : null }, null, 2));
  return { session, report };
}

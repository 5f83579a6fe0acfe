/**
 * Parity between the tfjs model and its ONNX export: run a generic model function on tfjs with
 * random (seeded, non-trivial) parameters, export the same function with those parameters, run
 * the graph in onnxruntime-node and onnxruntime-web, and report the largest absolute differences.
 */
import { SeededRandom } from '../model/init.ts';
import type { Ops } from '../model/ops.ts';
import type { Tf } from '../model/tfBackend.ts';
import { TfOps, TfParams } from '../model/tfOps.ts';
import { OnnxGraphBuilder } from './onnxBuilder.ts';
import { OnnxOps } from './onnxOps.ts';
import type { OnnxValue } from './onnxOps.ts';
import { createSession } from './ort.ts';
import type { Feed, Runtime } from './ort.ts';

export interface ParityInput {
  name: string;
  shape: number[];
  /** Graph dims (a string makes the dimension dynamic); defaults to `shape`. */
  dims?: Array<number | string>;
  /** Value range of the random input (default ±1). */
  range?: [number, number];
}

export interface ParityCase {
  name: string;
  inputs: ParityInput[];
  build: <T>(ops: Ops<T>, inputs: T[]) => T[];
}

export interface ParityReport {
  name: string;
  /** Largest |tfjs − runtime| over all outputs. */
  maxAbs: Record<Runtime, number>;
  /** Per output k: largest |tfjs − runtime|. */
  perOutput: Record<Runtime, number[]>;
  /** Largest |tfjs| (so a zero output cannot pass silently). */
  maxOutput: number;
  nodes: number;
  parameters: number;
}

function randomInput(random: SeededRandom, input: ParityInput): Float32Array {
  const [lo, hi] = input.range ?? [-1, 1];
  const size = input.shape.reduce((a, d) => a * d, 1);
  return Float32Array.from({ length: size }, () => lo + (hi - lo) * random.next());
}

/** Runs one case; parameters get uniform(±0.5) noise added so biases, gains and weights are all non-trivial. */
export async function runParity(tf: Tf, c: ParityCase, seed = 7): Promise<ParityReport> {
  const random = new SeededRandom(seed);
  const feeds: Feed = {};
  for (const input of c.inputs) feeds[input.name] = { data: randomInput(random, input), dims: input.shape };
  const params = new TfParams(tf, seed);
  const ops = new TfOps(params);
  const run = () => tf.tidy(() => c.build(ops, c.inputs.map((i) => tf.tensor((feeds[i.name] as Feed[string]).data, i.shape))));
  for (const t of run()) t.dispose();
  for (const v of params.variables.values()) {
    const noise = Float32Array.from({ length: v.size }, () => (random.next() - 0.5));
    v.assign(tf.add(v, tf.tensor(noise, v.shape)));
  }
  const expectedTensors = run();
  const expected = await Promise.all(expectedTensors.map(async (t) => (await t.data()) as Float32Array));
  for (const t of expectedTensors) t.dispose();

  const snapshot = await params.snapshot();
  const graph = new OnnxGraphBuilder(c.name);
  const onnxOps = new OnnxOps(graph, snapshot);
  const inputs = c.inputs.map((i) => onnxOps.input(i.name, (i.dims ?? i.shape).map((d) => (typeof d === 'string' ? -1 : d)), i.dims ?? i.shape));
  const outputs: OnnxValue[] = c.build(onnxOps, inputs);
  outputs.forEach((o, k) => onnxOps.output(`out${k}`, o, o.shape.map((d) => (d < 0 ? `d${k}` : d))));
  const model = graph.toBytes(c.name);
  const report: ParityReport = { name: c.name, maxAbs: { node: 0, web: 0 }, perOutput: { node: [], web: [] }, maxOutput: 0, nodes: graph.nodeCount(), parameters: params.count() };
  for (const e of expected) for (const v of e) report.maxOutput = Math.max(report.maxOutput, Math.abs(v));
  for (const runtime of ['node', 'web'] as const) {
    const session = await createSession(model, runtime);
    const result = await session.run(feeds);
    expected.forEach((e, k) => {
      const got = result[`out${k}`];
      if (!got || got.data.length !== e.length) throw new Error(`${c.name}: ${runtime} output ${k} has ${got?.data.length ?? 0} values, tfjs ${e.length}`);
      let worst = 0;
      for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs((got.data[i] as number) - (e[i] as number)));
      report.perOutput[runtime][k] = worst;
      report.maxAbs[runtime] = Math.max(report.maxAbs[runtime], worst);
    });
    await session.release();
  }
  params.dispose();
  return report;
}

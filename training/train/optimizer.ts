/**
 * Adam (zero weight decay, as in the paper) with global-norm gradient clipping and a warm-up +
 * cosine learning-rate schedule. Written out (not tf.train.adam) so the schedule, the clipping and
 * the checkpointed state are explicit.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../model/tfBackend.ts';

export interface AdamSettings {
  learningRate: number;
  finalLearningRate: number;
  warmupSteps: number;
  totalSteps: number;
  clipNorm: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adam {
  step = 0;
  private readonly m = new Map<string, tfc.Variable>();
  private readonly v = new Map<string, tfc.Variable>();

  constructor(private readonly tf: Tf, private readonly settings: AdamSettings) {}

  learningRateAt(step: number): number {
    const { learningRate, finalLearningRate, warmupSteps, totalSteps } = this.settings;
    if (step < warmupSteps) return (learningRate * (step + 1)) / warmupSteps;
    const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    return finalLearningRate + 0.5 * (learningRate - finalLearningRate) * (1 + Math.cos(Math.PI * progress));
  }

  /** Applies one update; returns the gradient norm before clipping. */
  apply(variables: ReadonlyMap<string, tfc.Variable>, grads: Record<string, tfc.Tensor>): number {
    const tf = this.tf;
    const beta1 = this.settings.beta1 ?? 0.9, beta2 = this.settings.beta2 ?? 0.999, epsilon = this.settings.epsilon ?? 1e-8;
    const names = [...variables.keys()].filter((n) => grads[n] !== undefined);
    const norm = tf.tidy(() => Math.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n] as tfc.Tensor)))).dataSync()[0] ?? 0));
    const clip = Number.isFinite(norm) && norm > this.settings.clipNorm ? this.settings.clipNorm / norm : 1;
    if (!Number.isFinite(norm)) return norm; // skip a non-finite step rather than corrupt the weights
    const lr = this.learningRateAt(this.step);
    this.step++;
    const correction1 = 1 - beta1 ** this.step, correction2 = 1 - beta2 ** this.step;
    tf.tidy(() => {
      for (const name of names) {
        const variable = variables.get(name) as tfc.Variable;
        const g = tf.mul(grads[name] as tfc.Tensor, tf.scalar(clip));
        const m = this.slot(this.m, name, variable), v = this.slot(this.v, name, variable);
        m.assign(tf.add(tf.mul(m, tf.scalar(beta1)), tf.mul(g, tf.scalar(1 - beta1))));
        v.assign(tf.add(tf.mul(v, tf.scalar(beta2)), tf.mul(tf.square(g), tf.scalar(1 - beta2))));
        const update = tf.div(tf.div(m, tf.scalar(correction1)), tf.add(tf.sqrt(tf.div(v, tf.scalar(correction2))), tf.scalar(epsilon)));
        variable.assign(tf.sub(variable, tf.mul(update, tf.scalar(lr))));
      }
    });
    return norm;
  }

  private slot(store: Map<string, tfc.Variable>, name: string, like: tfc.Variable): tfc.Variable {
    let s = store.get(name);
    if (!s) {
      s = this.tf.variable(this.tf.zerosLike(like), false);
      store.set(name, s);
    }
    return s;
  }

  async state(): Promise<{ step: number; m: Map<string, Float32Array>; v: Map<string, Float32Array> }> {
    const read = async (store: Map<string, tfc.Variable>) => {
      const out = new Map<string, Float32Array>();
      for (const [k, t] of store) out.set(k, (await t.data()) as Float32Array);
      return out;
    };
    return { step: this.step, m: await read(this.m), v: await read(this.v) };
  }

  load(state: { step: number; m: Map<string, Float32Array>; v: Map<string, Float32Array> }, variables: ReadonlyMap<string, tfc.Variable>): void {
    this.step = state.step;
    for (const [store, values] of [[this.m, state.m], [this.v, state.v]] as const) {
      for (const [name, data] of values) {
        const like = variables.get(name);
        if (!like) continue;
        store.get(name)?.dispose();
        store.set(name, this.tf.variable(this.tf.tensor(data, like.shape), false));
      }
    }
  }
}

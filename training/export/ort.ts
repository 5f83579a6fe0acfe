/** onnxruntime-node and onnxruntime-web (WASM, one thread) sessions behind one small interface. */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';

export type Runtime = 'node' | 'web';

export interface Feed {
  [name: string]: { data: Float32Array; dims: number[] };
}

export interface OrtSession {
  run(feed: Feed): Promise<Record<string, { data: Float32Array; dims: number[] }>>;
  release(): Promise<void>;
}

/** `fixedDimensions`: values for symbolic dimensions (freeDimensionOverrides), as the app uses them. */
export async function createSession(model: Uint8Array, runtime: Runtime, fixedDimensions?: Record<string, number>): Promise<OrtSession> {
  const overrides = fixedDimensions ? { freeDimensionOverrides: fixedDimensions } : {};
  if (runtime === 'web') {
    ortWeb.env.wasm.numThreads = 1;
    const session = await ortWeb.InferenceSession.create(model, { executionProviders: ['wasm'], ...overrides });
    return {
      async run(feed) {
        const tensors: Record<string, ortWeb.Tensor> = {};
        for (const [k, v] of Object.entries(feed)) tensors[k] = new ortWeb.Tensor('float32', v.data, v.dims);
        const out = await session.run(tensors);
        const result: Record<string, { data: Float32Array; dims: number[] }> = {};
        for (const [k, v] of Object.entries(out)) result[k] = { data: v.data as Float32Array, dims: [...v.dims] };
        return result;
      },
      release: () => session.release(),
    };
  }
  const session = await ortNode.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1, ...overrides });
  return {
    async run(feed) {
      const tensors: Record<string, ortNode.Tensor> = {};
      for (const [k, v] of Object.entries(feed)) tensors[k] = new ortNode.Tensor('float32', v.data, v.dims);
      const out = await session.run(tensors);
      const result: Record<string, { data: Float32Array; dims: number[] }> = {};
      for (const [k, v] of Object.entries(out)) result[k] = { data: v.data as Float32Array, dims: [...v.dims] };
      return result;
    },
    release: () => session.release(),
  };
}

/**
 * onnxruntime-web sessions behind the pipeline's session interface: the scoring worker opens packs
 * with it in the browser (WebGPU or WASM), Node hosts and tests with the same package on WASM.
 */
import type * as OrtWeb from 'onnxruntime-web';
import type { InferenceSessionLike, SessionFactory, TensorData } from './packScorer.ts';

export type OrtWebProvider = 'webgpu' | 'wasm';

/**
 * `onFallback` hears why a graph the WebGPU provider refused runs on WASM instead (onnxruntime-web
 * 1.30's WebGPU GRU kernel takes only Relu/Tanh/Sigmoid gates, so older encoders fall back).
 */
export function ortWebSessionFactory(ort: typeof OrtWeb, provider: OrtWebProvider, onFallback?: (reason: string) => void): SessionFactory {
  return async (model, options): Promise<InferenceSessionLike> => {
    const settings = {
      graphOptimizationLevel: 'all' as const,
      ...(options?.fixedDimensions ? { freeDimensionOverrides: options.fixedDimensions } : {}),
    };
    let session: OrtWeb.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model, { executionProviders: [provider], ...settings });
    } catch (error) {
      if (provider !== 'webgpu') throw error;
      onFallback?.(error instanceof Error ? error.message : String(error));
      session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], ...settings });
    }
    return {
      async run(feed) {
        const tensors: Record<string, OrtWeb.Tensor> = {};
        for (const [name, t] of Object.entries(feed)) tensors[name] = new ort.Tensor('float32', t.data, t.dims);
        const out = await session.run(tensors);
        const result: Record<string, TensorData> = {};
        for (const [name, t] of Object.entries(out)) {
          // Read back (WebGPU tensors live on the GPU), then free the runtime's copy.
          result[name] = { data: (await t.getData()) as Float32Array, dims: [...t.dims] };
          t.dispose();
        }
        for (const t of Object.values(tensors)) t.dispose();
        return result;
      },
      release: () => session.release(),
    };
  };
}

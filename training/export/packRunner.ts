/**
 * A model pack run the way the app runs it: the app's own `PackScorer` (src/pipeline/aqa) over
 * onnxruntime-node (or onnxruntime-web's WASM build in Node), reading the pack from a folder.
 * Used by the export (metrics in the manifest), `npm run eval` and the trained-pack parity check.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, PackScorer } from '@divejudge/core';
import { createSession, type Runtime } from './ort.ts';

export type { ClipInputs, ClipScore, EncodedClip } from '@divejudge/core';

export type PackRunner = PackScorer;

export const PackRunner = {
  async open(dir: string, runtime: Runtime = 'node'): Promise<PackScorer> {
    const manifestJson = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as unknown;
    const files: Record<string, Uint8Array> = {};
    for (const name of readdirSync(dir)) files[name] = new Uint8Array(readFileSync(join(dir, name)));
    return PackScorer.open({ manifestJson, files, origin: dir }, (model, options) => createSession(model, runtime, options?.fixedDimensions));
  },
};

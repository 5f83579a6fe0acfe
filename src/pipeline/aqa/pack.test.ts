import { describe, expect, it } from 'vitest';
import { MPII_JOINTS } from '../pose/skeleton.ts';
import {
  PACK_SCHEMA,
  buildExemplarBank,
  exemplarRow,
  readExemplarBlock,
  validateManifest,
  validatePack,
  webCryptoSha256,
} from './pack.ts';
import type { ExemplarRecord, PackFiles, PackManifest } from './pack.ts';

const encoder = new TextEncoder();
const K_L = 3 * 2;
const D = 4;

async function tinyPack(): Promise<{ manifest: PackManifest; files: PackFiles }> {
  const count = 2;
  const fused = Float32Array.from({ length: count * K_L * D }, (_, i) => i / 10);
  const poses = Int16Array.from({ length: count * 8 * 16 * 2 }, (_, i) => i - 500);
  const bank = buildExemplarBank([
    { name: 'fused', shape: [count, K_L, D], data: fused },
    { name: 'poses', shape: [count, 8, 16, 2], data: poses },
  ]);
  const exemplars: ExemplarRecord[] = [0, 1].map((i) => ({
    id: `ex${i}`, diveNumber: '107B', height: 3, dd: 3.1, awards: [7, 7.5, 7, 7, 6.5], officialScore: 65.1, awardSum: 21,
    splashScore: 0.2, source: `sim:test/${i}`, transitions: [1, 6],
  }));
  const files: PackFiles = {
    'encoder.onnx': encoder.encode('encoder bytes'),
    'compare.onnx': encoder.encode('compare bytes'),
    'exemplars.json': encoder.encode(JSON.stringify(exemplars)),
    'exemplars.bin': bank.bytes,
  };
  const fileEntries: PackManifest['files'] = {};
  for (const [name, bytes] of Object.entries(files)) fileEntries[name] = { sha256: await webCryptoSha256(bytes), bytes: bytes.byteLength };
  const tensor = (name: string, shape: Array<number | string>) => ({ name, dtype: 'float32' as const, shape, description: name });
  const manifest: PackManifest = {
    schema: PACK_SCHEMA,
    id: 'test-pack',
    name: 'Test pack',
    version: '1.0.0',
    description: 'unit test',
    createdAt: '2026-11-21T00:00:00.000Z',
    trainedOn: { kind: 'simulated', name: 'divejudge-sim', description: 'tiny', trainClips: 10, testClips: 4, poseSource: 'noise model' },
    model: {
      architecture: 'HP-MCoRe', branches: { dve: false, sve: false, hse: true, splashInput: true, sceneTrack: false }, stages: ['take-off', 'flight', 'entry'],
      stageLength: 2, featureSize: D, frameFeatureSize: 8, parameters: 1234, config: { frames: 8 },
    },
    inputs: {
      frames: 8, sampling: 'uniform', crop: null,
      joints: { set: 'mpii16', order: [...MPII_JOINTS], normalisation: 'crop-centred', channels: ['x', 'y', 'confidence'] },
      splash: { unit: 'diver-box-area' },
    },
    graphs: {
      encoder: { file: 'encoder.onnx', opset: 17, inputs: [tensor('poses', [1, 8, 16, 3])], outputs: [tensor('frame_features', [1, 8, 8])] },
      compare: { file: 'compare.onnx', opset: 17, inputs: [tensor('exemplar_fused', ['N', K_L, D])], outputs: [tensor('relative_score', ['N'])] },
    },
    outputs: { relativeScore: 'award sum', officialScore: 'x DD', splash: 'area' },
    exemplars: { index: 'exemplars.json', data: 'exemplars.bin', count, blocks: bank.blocks },
    voting: { defaultN: 10, rule: 'same-dive-number' },
    metrics: [{ split: 'test', data: 'simulated', clips: 4, voteN: 10, srcc: 0.8, rl2x100: 1.2, aiou50: 0.9, aiou75: 0.7 }],
    files: fileEntries,
  };
  return { manifest, files };
}

// any: the tests poke at arbitrary paths of a manifest to damage it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withChange(manifest: PackManifest, change: (m: Record<string, any>) => void): unknown {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const copy = JSON.parse(JSON.stringify(manifest)) as Record<string, any>;
  change(copy);
  return copy;
}

describe('validateManifest', () => {
  it('accepts a well-formed manifest', async () => {
    const { manifest } = await tinyPack();
    const result = validateManifest(JSON.parse(JSON.stringify(manifest)));
    expect(result).toEqual({ ok: true, value: manifest });
  });

  it('names the field and the rule that failed', async () => {
    const { manifest } = await tinyPack();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary paths, as in withChange
    const cases: Array<[(m: Record<string, any>) => void, string]> = [
      [(m) => { m.inputs.frames = 0; }, 'manifest.inputs.frames must be a positive integer'],
      [(m) => { m.inputs.frames = 2.5; }, 'manifest.inputs.frames must be a positive integer'],
      [(m) => { m.schema = 'other/1'; }, `manifest.schema must be "${PACK_SCHEMA}"`],
      [(m) => { m.id = 'Bad Id'; }, 'manifest.id must be lower-case letters, digits and dashes'],
      [(m) => { m.version = 'v1'; }, 'manifest.version must be a version like 1.0.0'],
      [(m) => { m.trainedOn.kind = 'real'; }, 'manifest.trainedOn.kind must be one of "simulated", "dataset"'],
      [(m) => { m.graphs.encoder.opset = 13; }, 'manifest.graphs.encoder.opset must be at least 17'],
      [(m) => { m.model.branches.hse = false; }, 'manifest.model.branches must enable dve or hse (the fusion needs one)'],
      [(m) => { m.model.branches.sve = true; }, 'manifest.inputs.crop must be set when a visual branch is enabled'],
      [(m) => { m.inputs.joints.order = ['pelvis']; }, 'manifest.inputs.joints.order must list the 16 MPII joint names'],
      [(m) => { m.exemplars.count = 3; }, 'manifest.exemplars.blocks[0].shape[0] must equal manifest.exemplars.count (3)'],
      [(m) => { m.exemplars.blocks[0].byteLength = 8; }, 'manifest.exemplars.blocks[0].byteLength must be 192 for shape [2, 6, 4] of float32'],
      [(m) => { m.exemplars.blocks[1].offset = 6; }, 'manifest.exemplars.blocks[1].offset must be a multiple of 4'],
      [(m) => { m.files['encoder.onnx'].sha256 = 'abc'; }, 'manifest.files["encoder.onnx"].sha256 must be 64 lower-case hex digits'],
      [(m) => { delete m.files['compare.onnx']; }, 'manifest.graphs.compare.file names "compare.onnx", which manifest.files does not list'],
      [(m) => { m.metrics[0].srcc = 'high'; }, 'manifest.metrics[0].srcc must be a finite number'],
      [(m) => { m.model.stages = ['a', 'b', 'c']; }, 'manifest.model.stages must be ["take-off","flight","entry"]'],
      [(m) => { m.model.branches.sceneTrack = true; }, 'manifest.inputs.sceneTrack must be set when branches.sceneTrack is true'],
      [(m) => { m.model.branches.sceneTrack = 'yes'; }, 'manifest.model.branches.sceneTrack must be true or false'],
      [(m) => { m.inputs.sceneTrack = { normalisation: 'pixels' }; }, 'manifest.inputs.sceneTrack.normalisation must be one of "scene-track/1", "scene-track/2"'],
    ];
    for (const [change, message] of cases) {
      const result = validateManifest(withChange(manifest, change));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors).toContain(message);
    }
  });

  it('rejects non-objects and reports several problems at once', () => {
    expect(validateManifest(null)).toEqual({ ok: false, errors: ['manifest must be an object'] });
    const result = validateManifest({ schema: PACK_SCHEMA });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toContain('manifest.id must be a non-empty string');
      expect(result.errors).toContain('manifest.inputs must be an object');
      expect(result.errors.length).toBeGreaterThan(10);
    }
  });
});

describe('validatePack', () => {
  it('accepts an intact pack and returns its exemplar index', async () => {
    const { manifest, files } = await tinyPack();
    const result = await validatePack(manifest, files, webCryptoSha256);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.exemplars.map((e) => e.id)).toEqual(['ex0', 'ex1']);
  });

  it('detects a tampered file by its hash', async () => {
    const { manifest, files } = await tinyPack();
    const bank = files['exemplars.bin'];
    if (!bank) throw new Error('no bank');
    const tampered = bank.slice();
    tampered[5] = (tampered[5] ?? 0) ^ 1;
    const result = await validatePack(manifest, { ...files, 'exemplars.bin': tampered }, webCryptoSha256);
    expect(result).toEqual({ ok: false, errors: ['exemplars.bin: sha256 mismatch'] });
  });

  it('detects missing, resized and stray files', async () => {
    const { manifest, files } = await tinyPack();
    const { 'compare.onnx': _dropped, ...rest } = files;
    const result = await validatePack(manifest, { ...rest, 'encoder.onnx': encoder.encode('encoder bytes!'), 'extra.txt': new Uint8Array(1) }, webCryptoSha256);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        'encoder.onnx: size mismatch (14 bytes, manifest says 13)',
        'encoder.onnx: sha256 mismatch',
        'compare.onnx: missing from the pack',
        'extra.txt: not listed in manifest.files',
      ]);
    }
  });

  it('checks the exemplar index against the manifest', async () => {
    const { manifest, files } = await tinyPack();
    const bad = [{ id: 'x', diveNumber: '107B', height: 3, dd: 0, awards: [], officialScore: 1, awardSum: 1, splashScore: 0, source: 's', transitions: [5, 2] }];
    const indexBytes = encoder.encode(JSON.stringify(bad));
    const m = JSON.parse(JSON.stringify(manifest)) as PackManifest;
    m.files['exemplars.json'] = { sha256: await webCryptoSha256(indexBytes), bytes: indexBytes.byteLength };
    const result = await validatePack(m, { ...files, 'exemplars.json': indexBytes }, webCryptoSha256);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect([...result.errors].sort()).toEqual([
        'exemplars.json must list 2 exemplars (manifest.exemplars.count), not 1',
        'exemplars.json[0].dd must be positive',
        'exemplars.json[0].transitions must be ordered and below inputs.frames (8)',
      ]);
    }
  });
});

describe('exemplar bank', () => {
  it('round-trips blocks with 4-byte alignment', () => {
    const a = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const b = Int16Array.from([-1, 2, -3]);
    const c = Float32Array.from([7, 8, 9]);
    const bank = buildExemplarBank([
      { name: 'fused', shape: [3, 2], data: a },
      { name: 'poses', shape: [3, 1], data: b },
      { name: 'static', shape: [3, 1], data: c },
    ]);
    expect(bank.blocks.map((x) => x.offset)).toEqual([0, 24, 32]);
    const [fa, pb, sc] = bank.blocks;
    if (!fa || !pb || !sc) throw new Error('blocks');
    expect(Array.from(readExemplarBlock(bank.bytes, fa))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(readExemplarBlock(bank.bytes, pb))).toEqual([-1, 2, -3]);
    expect(Array.from(exemplarRow(readExemplarBlock(bank.bytes, fa) as Float32Array, fa, 1))).toEqual([3, 4]);
    expect(Array.from(readExemplarBlock(bank.bytes, sc))).toEqual([7, 8, 9]);
  });
});

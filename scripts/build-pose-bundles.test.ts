/**
 * Checks the committed MediaPipe PoseLandmarker bundles in models/pose/ (built by
 * scripts/build-pose-bundles.ts) without flatc or ../shared: each `.task` is a stored zip with
 * exactly the two models, its files match bundles.json, and each model carries the TFLITE_METADATA
 * entry with the input normalisation that @mediapipe/tasks-vision needs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../models/pose/', import.meta.url);
const ENTRY_NAMES = ['pose_detector.tflite', 'pose_landmarks_detector.tflite'];

interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
  metadataAdded: { name: string; normalization: { mean: number; std: number } };
}
interface Manifest {
  source: { package: string; version: string };
  bundles: { file: string; variant: string; size: number; sha256: string; entries: ManifestEntry[] }[];
}

const manifest = JSON.parse(readFileSync(new URL('bundles.json', DIR), 'utf8')) as Manifest;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  dataOffset: number;
  data: Buffer;
}

/** Reads a zip through its central directory (no comment, no zip64: the bundles are < 4 GiB). */
function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const skip = zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    expect(compressed).toBe(size);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.readUInt16LE(local + 8)).toBe(method);
    expect(zip.toString('utf8', local + 30, local + 30 + nameLength)).toBe(name);
    const dataOffset = local + 30 + nameLength + zip.readUInt16LE(local + 28);
    entries.push({ name, method, crc, dataOffset, data: zip.subarray(dataOffset, dataOffset + size) });
    p += 46 + nameLength + skip;
  }
  return entries;
}

/** Just enough of a FlatBuffers reader: tables, vectors, strings, scalars. */
class Table {
  constructor(
    private readonly buf: Buffer,
    readonly pos: number,
  ) {}
  static root(buf: Buffer): Table {
    return new Table(buf, buf.readUInt32LE(0));
  }
  private field(slot: number): number | undefined {
    const vtable = this.pos - this.buf.readInt32LE(this.pos);
    if (4 + 2 * slot >= this.buf.readUInt16LE(vtable)) return undefined;
    const offset = this.buf.readUInt16LE(vtable + 4 + 2 * slot);
    return offset ? this.pos + offset : undefined;
  }
  private indirect(slot: number): number | undefined {
    const at = this.field(slot);
    return at === undefined ? undefined : at + this.buf.readUInt32LE(at);
  }
  uint8(slot: number): number {
    const at = this.field(slot);
    return at === undefined ? 0 : this.buf.readUInt8(at);
  }
  uint32(slot: number): number {
    const at = this.field(slot);
    return at === undefined ? 0 : this.buf.readUInt32LE(at);
  }
  string(slot: number): string | undefined {
    const at = this.indirect(slot);
    return at === undefined ? undefined : this.buf.toString('utf8', at + 4, at + 4 + this.buf.readUInt32LE(at));
  }
  table(slot: number): Table | undefined {
    const at = this.indirect(slot);
    return at === undefined ? undefined : new Table(this.buf, at);
  }
  tables(slot: number): Table[] {
    const at = this.indirect(slot);
    if (at === undefined) return [];
    return Array.from({ length: this.buf.readUInt32LE(at) }, (_, i) => {
      const element = at + 4 + 4 * i;
      return new Table(this.buf, element + this.buf.readUInt32LE(element));
    });
  }
  bytes(slot: number): Buffer | undefined {
    const at = this.indirect(slot);
    return at === undefined ? undefined : this.buf.subarray(at + 4, at + 4 + this.buf.readUInt32LE(at));
  }
  floats(slot: number): number[] {
    const at = this.indirect(slot);
    if (at === undefined) return [];
    return Array.from({ length: this.buf.readUInt32LE(at) }, (_, i) => this.buf.readFloatLE(at + 4 + 4 * i));
  }
}

// Field slots, in declaration order of schema/schema.fbs and schema/metadata_schema.fbs (a union
// takes two slots: its type, then its value).
const MODEL = { buffers: 4, metadata: 6 };
const METADATA = { name: 0, buffer: 1 };
const BUFFER = { data: 0 };
const MODEL_METADATA = { subgraphMetadata: 3 };
const SUBGRAPH_METADATA = { inputTensorMetadata: 2 };
const TENSOR_METADATA = { content: 3, processUnits: 4 };
const CONTENT = { propertiesType: 0, properties: 1 };
const PROCESS_UNIT = { optionsType: 0, options: 1 };
const NORMALIZATION = { mean: 0, std: 1 };
const IMAGE_PROPERTIES = { colorSpace: 0 };
const CONTENT_IMAGE_PROPERTIES = 2;
const OPTIONS_NORMALIZATION = 1;
const COLOR_SPACE_RGB = 1;

/** The TFLITE_METADATA ModelMetadata flatbuffer of a .tflite model, if any. */
function modelMetadata(tflite: Buffer): Buffer | undefined {
  const model = Table.root(tflite);
  const entry = model.tables(MODEL.metadata).find((m) => m.string(METADATA.name) === 'TFLITE_METADATA');
  if (!entry) return undefined;
  return model.tables(MODEL.buffers)[entry.uint32(METADATA.buffer)]?.bytes(BUFFER.data);
}

describe('models/pose bundles', () => {
  it('lists the three variants built from @mediapipe/pose', () => {
    expect(manifest.source.package).toBe('@mediapipe/pose');
    expect(manifest.bundles.map((b) => b.variant)).toEqual(['lite', 'full', 'heavy']);
  });

  describe.each(manifest.bundles)('$file', (bundle) => {
    const zip = readFileSync(new URL(bundle.file, DIR));
    const entries = readZip(zip);

    it('matches bundles.json', () => {
      expect(zip.length).toBe(bundle.size);
      expect(sha256(zip)).toBe(bundle.sha256);
    });

    it('is a stored zip of exactly the detector and the landmark model', () => {
      expect(entries.map((e) => e.name)).toEqual(ENTRY_NAMES);
      for (const entry of entries) {
        expect(entry.method).toBe(0);
        expect(crc32(entry.data)).toBe(entry.crc);
        expect(entry.dataOffset % 64).toBe(0);
      }
    });

    it.each(ENTRY_NAMES)('%s matches bundles.json and carries the input metadata', (name) => {
      const entry = entries.find((e) => e.name === name);
      const listed = bundle.entries.find((e) => e.name === name);
      if (!entry || !listed) throw new Error(`${name} missing`);
      expect(entry.data.length).toBe(listed.size);
      expect(sha256(entry.data)).toBe(listed.sha256);
      expect(entry.data.toString('latin1', 4, 8)).toBe('TFL3');

      const meta = modelMetadata(entry.data);
      if (!meta) throw new Error(`${name} has no TFLITE_METADATA`);
      expect(meta.toString('latin1', 4, 8)).toBe('M001');
      const input = Table.root(meta)
        .tables(MODEL_METADATA.subgraphMetadata)[0]
        ?.tables(SUBGRAPH_METADATA.inputTensorMetadata)[0];
      if (!input) throw new Error(`${name}: no input tensor metadata`);
      const content = input.table(TENSOR_METADATA.content);
      expect(content?.uint8(CONTENT.propertiesType)).toBe(CONTENT_IMAGE_PROPERTIES);
      expect(content?.table(CONTENT.properties)?.uint8(IMAGE_PROPERTIES.colorSpace)).toBe(COLOR_SPACE_RGB);
      const units = input.tables(TENSOR_METADATA.processUnits);
      expect(units.map((u) => u.uint8(PROCESS_UNIT.optionsType))).toEqual([OPTIONS_NORMALIZATION]);
      const normalization = units[0]?.table(PROCESS_UNIT.options);
      expect(normalization?.floats(NORMALIZATION.mean)).toEqual([listed.metadataAdded.normalization.mean]);
      expect(normalization?.floats(NORMALIZATION.std)).toEqual([listed.metadataAdded.normalization.std]);
    });
  });
});

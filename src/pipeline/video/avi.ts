/**
 * AVI (RIFF) with Motion JPEG video: the container of UNLV-Dive / AQA-7 and of many cameras, which
 * neither the demuxer library (mediabunny) nor `<video>` reads. This finds the video stream's frame
 * rate, size and where each frame's JPEG lies; the convert worker decodes the JPEGs with the
 * browser's image decoder and re-encodes them as an MP4 the rest of the app reads. Everything read
 * from the file is checked here, at the edge: a damaged or hostile AVI gets a ClipError naming what
 * is wrong, never a crash further in. Framework-free (a Blob in the browser, `fs.openAsBlob` in Node).
 */
import { ClipError } from './errors.ts';

export interface AviFrame {
  /** Byte offset of the frame's JPEG in the file. */
  offset: number;
  size: number;
}

export interface AviClip {
  fps: number;
  width: number;
  height: number;
  /** The stream's four-character codec code (`MJPG`). */
  codec: string;
  /**
   * Frames in display order. An AVI writes a dropped frame as an empty chunk, meaning "show the
   * previous frame again": such a frame points at the previous frame's bytes, so frame i is shown
   * at i ÷ fps as in a player.
   */
  frames: AviFrame[];
}

/** Four-character codes of the Motion JPEG variants browsers' JPEG decoding reads. */
const MJPEG_CODES = new Set(['MJPG', 'AVRN', 'AVDJ', 'DMB1', 'JPEG']);
/** Longer than any real dive clip (an hour at 60 fps): refused before reading a frame table that size. */
const MAX_FRAMES = 216_000;
const MAX_SIDE = 8192;
const MAX_LIST_DEPTH = 4;

export function isAvi(head: Uint8Array): boolean {
  return head.length >= 12 && fourcc(head, 0) === 'RIFF' && fourcc(head, 8) === 'AVI ';
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

async function readBytes(file: Blob, offset: number, length: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
}

interface Chunk {
  id: string;
  /** For LIST and RIFF chunks, the list type; '' otherwise. */
  listType: string;
  /** Where the chunk's data starts (after the 8-byte header; for lists, after the list type too). */
  dataOffset: number;
  dataSize: number;
  /** Where the next chunk starts (sizes are padded to even). */
  end: number;
}

/** The chunks between `start` and `end`, headers only (one small read each). */
async function* chunksIn(file: Blob, start: number, end: number, name: string): AsyncGenerator<Chunk> {
  let at = start;
  while (at + 8 <= end) {
    const header = await readBytes(file, at, 12);
    const id = fourcc(header, 0);
    const size = new DataView(header.buffer, header.byteOffset).getUint32(4, true);
    const isList = id === 'LIST' || id === 'RIFF';
    let length = size;
    if (at + 8 + size > end) {
      // A file cut short (a recording stopped, a copy interrupted): lists keep what is there, and
      // reading stops at the first incomplete frame. Anything else overrunning its list is damage.
      if (end < file.size || at + 8 + size <= file.size) throw damaged(name, `chunk “${id}” at byte ${at} overruns its list`);
      if (!isList) return;
      length = end - at - 8;
    }
    const dataOffset = at + 8 + (isList ? 4 : 0);
    const dataSize = length - (isList ? 4 : 0);
    if (dataSize < 0) throw damaged(name, `chunk “${id}” at byte ${at} is too short`);
    at = at + 8 + length + (length % 2);
    yield { id, listType: isList ? fourcc(header, 8) : '', dataOffset, dataSize, end: at };
  }
}

function damaged(name: string, detail: string): ClipError {
  return new ClipError('corrupt', name, `“${name}” is an AVI file, but it is damaged: ${detail}.`);
}

interface StreamHeader {
  type: string;
  handler: string;
  scale: number;
  rate: number;
  compression: string;
  width: number;
  height: number;
}

async function readStreamList(file: Blob, list: Chunk, name: string): Promise<StreamHeader | null> {
  let strh: Uint8Array | null = null, strf: Uint8Array | null = null;
  for await (const chunk of chunksIn(file, list.dataOffset, list.dataOffset + list.dataSize, name)) {
    if (chunk.id === 'strh') strh = await readBytes(file, chunk.dataOffset, Math.min(chunk.dataSize, 64));
    if (chunk.id === 'strf') strf = await readBytes(file, chunk.dataOffset, Math.min(chunk.dataSize, 40));
  }
  if (!strh || strh.length < 32) return null;
  const h = new DataView(strh.buffer, strh.byteOffset, strh.length);
  const header: StreamHeader = { type: fourcc(strh, 0), handler: fourcc(strh, 4), scale: h.getUint32(20, true), rate: h.getUint32(24, true), compression: '', width: 0, height: 0 };
  if (strf && strf.length >= 20) {
    const f = new DataView(strf.buffer, strf.byteOffset, strf.length);
    header.width = f.getInt32(4, true);
    header.height = Math.abs(f.getInt32(8, true));
    header.compression = fourcc(strf, 16);
  }
  return header;
}

/** Reads an AVI's video stream: frame rate, size and where each frame is. Throws a ClipError naming what it cannot read. */
export async function readAvi(file: Blob, name: string): Promise<AviClip> {
  if (!isAvi(await readBytes(file, 0, 12))) throw new ClipError('not-a-video', name, `“${name}” is not an AVI file.`);
  let microSecondsPerFrame = 0;
  const streams: StreamHeader[] = [];
  const movi: Chunk[] = [];
  // The first RIFF 'AVI ' holds the headers and the first movie list; OpenDML files (over 1 GB)
  // continue in further RIFF 'AVIX' lists, each with its own movie list.
  for await (const riff of chunksIn(file, 0, file.size, name)) {
    if (riff.id !== 'RIFF') continue;
    for await (const chunk of chunksIn(file, riff.dataOffset, riff.dataOffset + riff.dataSize, name)) {
      if (chunk.id === 'LIST' && chunk.listType === 'hdrl') {
        for await (const inner of chunksIn(file, chunk.dataOffset, chunk.dataOffset + chunk.dataSize, name)) {
          if (inner.id === 'avih' && inner.dataSize >= 4) microSecondsPerFrame = new DataView((await readBytes(file, inner.dataOffset, 4)).buffer).getUint32(0, true);
          if (inner.id === 'LIST' && inner.listType === 'strl') {
            const stream = await readStreamList(file, inner, name);
            streams.push(stream ?? { type: '', handler: '', scale: 0, rate: 0, compression: '', width: 0, height: 0 });
          }
        }
      }
      if (chunk.id === 'LIST' && chunk.listType === 'movi') movi.push(chunk);
    }
  }
  const videoIndex = streams.findIndex((s) => s.type === 'vids');
  const video = streams[videoIndex];
  if (!video) throw new ClipError('no-video-track', name, `“${name}” is an AVI file with no video stream.`);
  const codec = (video.compression.trim() || video.handler.trim()).toUpperCase();
  if (!MJPEG_CODES.has(codec)) {
    throw new ClipError('unsupported-codec', name, `“${name}” is an AVI file with ${codec ? `“${codec}”` : 'uncompressed'} video. DiveJudge reads AVI only with Motion JPEG (MJPG); convert this one to H.264 (MP4) and load it again.`, codec);
  }
  if (!(video.width > 0 && video.height > 0 && video.width <= MAX_SIDE && video.height <= MAX_SIDE)) throw damaged(name, `its frame size ${video.width}×${video.height} is not a picture size`);
  const fps = video.scale > 0 && video.rate > 0 ? video.rate / video.scale : microSecondsPerFrame > 0 ? 1e6 / microSecondsPerFrame : 0;
  if (!(fps >= 1 && fps <= 1000)) throw damaged(name, `its frame rate (${fps}) is not a video frame rate`);
  if (movi.length === 0) throw damaged(name, 'it has no movie data');

  const prefix = String(videoIndex).padStart(2, '0');
  const frames: AviFrame[] = [];
  const collect = async (list: Chunk, depth: number): Promise<void> => {
    for await (const chunk of chunksIn(file, list.dataOffset, list.dataOffset + list.dataSize, name)) {
      if (chunk.id === 'LIST' && chunk.listType === 'rec ' && depth < MAX_LIST_DEPTH) await collect(chunk, depth + 1);
      else if (chunk.id === `${prefix}dc` || chunk.id === `${prefix}db`) {
        const previous = frames[frames.length - 1];
        if (chunk.dataSize > 0) frames.push({ offset: chunk.dataOffset, size: chunk.dataSize });
        else if (previous) frames.push(previous);
        if (frames.length > MAX_FRAMES) throw new ClipError('corrupt', name, `“${name}” has more than ${MAX_FRAMES} frames, longer than any dive clip this app reads.`);
      }
    }
  };
  for (const list of movi) await collect(list, 0);
  if (frames.length === 0) throw damaged(name, 'it has no video frames');
  return { fps, width: video.width, height: video.height, codec, frames };
}

/**
 * A library exemplar never votes for the clip it was made from — recognised by content, so a
 * renamed copy of the clip is still excluded and another clip of the same name and size is not.
 */
import { describe, expect, test } from 'vitest';
import type { LibraryEntry } from '../pipeline/analysis/library.ts';
import { useClipStore, type LoadedClip } from './clipStore.ts';
import { useLibraryStore } from './libraryStore.ts';
import { excludedFromVote } from './votingBank.ts';

function entry(id: string, clip: Partial<LibraryEntry['clip']>): LibraryEntry {
  // Only the fields excludedFromVote reads matter here.
  return { id, clip: { fileName: 'dive.mp4', bytes: 1000, durationSeconds: 4, fps: 25, frameCount: 100, width: 640, height: 360, codec: 'avc1', ...clip } } as LibraryEntry;
}

function showClip(name: string, sizeBytes: number, fingerprint: string): void {
  useClipStore.setState({ clip: { info: { name, sizeBytes }, fingerprint } as unknown as LoadedClip }); // the fields read, no real clip
}

describe('self-exclusion from the vote', () => {
  test('by content: a renamed copy is excluded, another clip with the same name and size is not', () => {
    const a = 'a'.repeat(64), b = 'b'.repeat(64);
    useLibraryStore.setState({ entries: [entry('from-a', { fileName: 'dive.mp4', bytes: 1000, fingerprint: a })] });
    showClip('renamed.mp4', 1000, a);
    expect(excludedFromVote()).toEqual(['from-a']);
    showClip('dive.mp4', 1000, b);
    expect(excludedFromVote()).toEqual([]);
  });

  test('entries saved before fingerprints fall back to name and size', () => {
    useLibraryStore.setState({ entries: [entry('old', { fileName: 'dive.mp4', bytes: 1000 })] });
    showClip('dive.mp4', 1000, 'c'.repeat(64));
    expect(excludedFromVote()).toEqual(['old']);
    showClip('other.mp4', 1000, 'c'.repeat(64));
    expect(excludedFromVote()).toEqual([]);
  });
});

/**
 * Who votes: the active pack's exemplars followed by the library entries synced to the scoring
 * worker for that pack (the order a score's `exemplars` indices refer to), and the library entries
 * that must sit out because they were made from the clip on screen. Read by the analysis store, the
 * saved record and the exemplar picker alike.
 */
import type { ExemplarRecord } from '../pipeline/aqa/pack.ts';
import { useClipStore } from './clipStore.ts';
import { useLibraryStore } from './libraryStore.ts';
import { usePackStore } from './packStore.ts';

/** The pack's exemplars and then the library entries synced for that pack: the indices a score's `exemplars` refer to. */
export function votingBankOf(pack: { key: string; exemplars: ExemplarRecord[] } | null, library: { synced: ReadonlyArray<{ record: ExemplarRecord }>; syncedPackKey: string | null }): ExemplarRecord[] {
  if (!pack) return [];
  return library.syncedPackKey === pack.key ? [...pack.exemplars, ...library.synced.map((e) => e.record)] : pack.exemplars;
}

/** The voting bank now. */
export function votingBank(): ExemplarRecord[] {
  return votingBankOf(usePackStore.getState().active, useLibraryStore.getState());
}

/** Library exemplars that must not vote on the clip on screen: the ones made from it. */
export function excludedFromVote(): string[] {
  const clip = useClipStore.getState().clip;
  if (!clip) return [];
  // By content: a renamed copy of the clip is still the clip. Entries saved before fingerprints existed fall back to name and size.
  return useLibraryStore
    .getState()
    .entries.filter((e) => (e.clip.fingerprint ? e.clip.fingerprint === clip.fingerprint : e.clip.fileName === clip.info.name && e.clip.bytes === clip.info.sizeBytes))
    .map((e) => e.id);
}

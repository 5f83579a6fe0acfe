/**
 * IndexedDB (through `idb`): saved analyses, their clips, and the personal exemplar library.
 * Clips are kept apart from the records so an auto-save rewrites a few kilobytes, not the video.
 * A browser that refuses storage (private mode, quota) is reported, never fatal: the app works on.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LibraryEntry } from '../pipeline/analysis/library.ts';
import type { AnalysisRecord } from '../pipeline/analysis/record.ts';

export const DB_NAME = 'divejudge';
const DB_VERSION = 1;

export interface StoredClip {
  /** The analysis id, or "library:<entry id>". */
  id: string;
  fileName: string;
  blob: Blob;
}

interface DiveJudgeDb extends DBSchema {
  analyses: { key: string; value: AnalysisRecord; indexes: { updatedAt: string } };
  clips: { key: string; value: StoredClip };
  library: { key: string; value: LibraryEntry };
}

let database: Promise<IDBPDatabase<DiveJudgeDb>> | null = null;

export function db(): Promise<IDBPDatabase<DiveJudgeDb>> {
  database ??= openDB<DiveJudgeDb>(DB_NAME, DB_VERSION, {
    upgrade(store) {
      const analyses = store.createObjectStore('analyses', { keyPath: 'id' });
      analyses.createIndex('updatedAt', 'updatedAt');
      store.createObjectStore('clips', { keyPath: 'id' });
      store.createObjectStore('library', { keyPath: 'id' });
    },
  }).catch((error: unknown) => {
    database = null;
    throw error;
  });
  return database;
}

export function libraryClipId(entryId: string): string {
  return `library:${entryId}`;
}

/** Why storage failed, in words (quota, private mode, other). */
export function storageProblem(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') return 'the browser’s storage for this site is full';
  if (name === 'InvalidStateError' || name === 'SecurityError') return 'this browser does not let the page store data (private window?)';
  return error instanceof Error ? error.message : String(error);
}

/** A record and its stored clip as they were before a delete, kept for Undo. */
export interface Deleted<T> {
  value: T;
  clip: StoredClip | undefined;
}

type RecordStore = 'analyses' | 'library';

/** Deletes a record and its clip in one transaction; returns both for Undo (null when there was no such record). */
export async function deleteWithClip<S extends RecordStore>(storeName: S, id: string, clipId: string): Promise<Deleted<DiveJudgeDb[S]['value']> | null> {
  const transaction = (await db()).transaction([storeName, 'clips'], 'readwrite');
  const records = transaction.objectStore(storeName), clips = transaction.objectStore('clips');
  const value = await records.get(id);
  const clip = await clips.get(clipId);
  await records.delete(id);
  await clips.delete(clipId);
  await transaction.done;
  return value === undefined ? null : { value, clip };
}

/** Puts back what deleteWithClip took, in one transaction. */
export async function restoreWithClip<S extends RecordStore>(storeName: S, deleted: Deleted<DiveJudgeDb[S]['value']>): Promise<void> {
  const transaction = (await db()).transaction([storeName, 'clips'], 'readwrite');
  await transaction.objectStore(storeName).put(deleted.value);
  if (deleted.clip) await transaction.objectStore('clips').put(deleted.clip);
  await transaction.done;
}

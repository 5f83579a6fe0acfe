/**
 * The dive being judged: its number and height, as the judge enters them, with the name and
 * degree of difficulty the rules give (src/domain). Invalid input is kept as typed, with the
 * rule's own message, so nothing the judge typed is lost.
 */
import { create } from 'zustand';
import { HEIGHTS, InvalidDiveNumberError, degreeOfDifficultyDetailed, type Height } from '../domain/index.ts';

export interface DiveEntry {
  code: string;
  height: Height;
  /** "Forward 3½ Somersaults Pike", when the code is valid. */
  name: string | null;
  dd: number | null;
  /** Why there is no DD (invalid code, or a dive the tables do not allow at this height). */
  problem: string | null;
}

export function describeDive(code: string, height: Height): DiveEntry {
  const trimmed = code.trim().toUpperCase();
  if (!trimmed) return { code: trimmed, height, name: null, dd: null, problem: null };
  try {
    const result = degreeOfDifficultyDetailed(trimmed, height);
    return { code: trimmed, height, name: result.dive.name, dd: result.dd, problem: result.reason };
  } catch (error) {
    if (error instanceof InvalidDiveNumberError) return { code: trimmed, height, name: null, dd: null, problem: error.message };
    throw error;
  }
}

interface DiveState {
  dive: DiveEntry;
  setCode(code: string): void;
  setHeight(height: Height): void;
  setDive(code: string, height: Height): void;
}

export const useDiveStore = create<DiveState>()((set, get) => ({
  dive: describeDive('', '10m'),
  setCode: (code) => set({ dive: describeDive(code, get().dive.height) }),
  setHeight: (height) => set({ dive: describeDive(get().dive.code, height) }),
  setDive: (code, height) => set({ dive: describeDive(code, height) }),
}));

export const DIVE_HEIGHTS: readonly Height[] = HEIGHTS;

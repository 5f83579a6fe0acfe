/**
 * Figures shared by the tests and the printed report: award distributions of real FineDiving dives
 * next to simulated ones, and small statistics helpers.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Height } from '@divejudge/core';
import { readFineDivingAnnotations } from '../data/fineDiving.ts';
import type { FineDivingAnnotations } from '../data/fineDiving.ts';
import { simulateDive } from './dive.ts';

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

export function sd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const x = q * (sorted.length - 1);
  const lo = Math.floor(x), hi = Math.ceil(x);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (x - lo);
}

/** Where the shared data lives: $DIVEJUDGE_SHARED_DIR or ../shared next to the repository. */
export function sharedDataDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return join(process.env.DIVEJUDGE_SHARED_DIR ?? resolve(repoRoot, '../shared'), 'data');
}

/** The real FineDiving annotations, or null when the shared data is absent. */
export function loadRealFineDiving(): FineDivingAnnotations | null {
  const path = join(sharedDataDir(), 'finediving', 'annotations.json');
  return existsSync(path) ? readFineDivingAnnotations(path) : null;
}

export interface AwardStats {
  dives: number;
  /** Mean and spread of every award. */
  mean: number;
  sd: number;
  /** Spread of the per-dive mean award (between dives), and the mean spread within a panel. */
  sdOfDiveMeans: number;
  withinPanelSd: number;
  p10: number;
  p90: number;
}

function statsOf(panels: readonly (readonly number[])[]): AwardStats {
  const all = panels.flat();
  const means = panels.map((p) => mean(p));
  return {
    dives: panels.length,
    mean: mean(all),
    sd: sd(all),
    sdOfDiveMeans: sd(means),
    withinPanelSd: mean(panels.map((p) => Math.sqrt(mean(p.map((a) => (a - mean(p)) ** 2))))),
    p10: quantile(all, 0.1),
    p90: quantile(all, 0.9),
  };
}

/**
 * Award statistics per dive number over FineDiving's individual events with all 7 awards recorded
 * (synchronised events and records that keep only the counted awards are left out: their awards
 * are not a full panel). Awards outside 0–10 (annotation errors, e.g. 45) are dropped.
 */
export function realAwardStats(annotations: FineDivingAnnotations, code: string): AwardStats | null {
  const panels = annotations.records
    .filter((r) => r.dive_number === code && r.judge_scores.length === 7 && !/synchroni[sz]ed/i.test(r.event))
    .map((r) => r.judge_scores)
    .filter((p) => p.every((a) => a >= 0 && a <= 10));
  return panels.length < 5 ? null : statsOf(panels);
}

export function simulatedAwardStats(code: string, height: Height, count: number, seed = 'award-stats'): AwardStats {
  const panels = Array.from({ length: count }, (_, i) => simulateDive({ seed, runIndex: i, code, height, judges: 7 }).judging.awards);
  return statsOf(panels);
}

/** The dive numbers compared with FineDiving, at the height each is mostly dived from. */
export const COMPARED_DIVES: readonly (readonly [string, Height])[] = [
  ['407C', '10m'], ['107B', '3m'], ['307C', '10m'], ['5253B', '10m'], ['205B', '3m'], ['207C', '10m'],
  ['109C', '10m'], ['405B', '3m'], ['5154B', '3m'], ['6243D', '10m'], ['5152B', '3m'], ['5255B', '10m'],
];

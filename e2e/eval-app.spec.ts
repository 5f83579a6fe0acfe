/**
 * The end-to-end evaluation runs: three freshly rendered dives through the app in Chromium, scored
 * and compared with their official scores (the smoke of `npm run eval:app`, whose full run is a
 * script), then their execution checklists against the simulator's true faults (the smoke of
 * `npm run check:faults -- --measured`), and two dives rendered with a cut to a second camera through
 * the shot detector (the smoke of `npm run check:footage`). It checks the pipeline runs end to end and
 * prints its figures; the figures themselves are not asserted (a script measures them, not a test).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const cache = mkdtempSync(join(tmpdir(), 'divejudge-eval-app-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('eval:app smoke', () => {
  test('three rendered dives are scored through the app and the figures are printed', () => {
    const out = execFileSync('npx', ['tsx', 'scripts/eval-app.ts', '--count', '3', '--seed', '77', '--no-samples', '--parallel', '1', '--cache', cache, '--skip-build', '--dist', 'dist'], { cwd: root, encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(out);
    expect(out).toMatch(/eval:app — the app's own pipeline on video/);
    // The figures row (not the progress line "…: N of 3 clips cached").
    const row = out.split('\n').find((line) => /^hpmcore-pose-sim@\S+\s+\d+\s+\d/.test(line));
    expect(row, out).toBeDefined();
    // 3 clips, each either scored or refused with its reason printed.
    expect(row).toMatch(/^hpmcore-pose-sim@\S+\s+3\s+\d/);
  }, 900_000);

  test('the execution checklist is checked against the same dives\' true faults (smoke of check:faults --measured)', () => {
    const out = execFileSync('npx', ['tsx', 'scripts/check-faults.ts', '--measured', '--count', '3', '--seed', '77', '--cache', cache], { cwd: root, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(out);
    expect(out).toMatch(/check:faults --measured: 3 simulated dives \(seed 77/);
    for (const item of ['take-off-height', 'board-distance', 'somersaults', 'entry-angle', 'splash']) expect(out).toMatch(new RegExp(`^${item}\\s+\\d`, 'm'));
    expect(out).toMatch(/award from measured faults vs the panel's median award: MAE \d+\.\d+/);
  }, 300_000);

  test('cuts to a second camera are looked for on rendered dives and the clips with none (smoke of check:footage)', () => {
    const out = execFileSync('npx', ['tsx', 'scripts/check-footage.ts', '--count', '2', '--seed', '77', '--cache', cache, '--controls-limit', '0'], { cwd: root, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(out);
    expect(out).toMatch(/^shot cuts found at their frame \(±1\): \d of 2 /m);
    expect(out).toMatch(/^cuts found where there was none: \d+ in 2 clips/m);
    expect(out).toMatch(/^bundled sample, one view: sim-407C-10m\.mp4: shot starts found \[/m);
  }, 300_000);
});


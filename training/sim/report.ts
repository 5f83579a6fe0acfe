/**
 * Prints the simulator's figures: physics (flight times, rotations, conservation), judging
 * (Spearman of fault size against score; award distributions next to FineDiving's), render speed
 * and dives per minute.
 *
 *   npx tsx training/sim/report.ts [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Height } from '@divejudge/core';
import { bodyPoints, inertiaTensor, makeBody, pikeShape, straightShape, tuckShape } from './body.ts';
import { conservationCheck, simulateDive } from './dive.ts';
import type { SimulatedDive } from './dive.ts';
import { diveTruth } from './groundTruth.ts';
import { spearman } from './judges.ts';
import { loadPoseErrorStats } from './noise.ts';
import { DIVE_POOLS } from './program.ts';
import { DiveRenderer } from './render.ts';
import { COMPARED_DIVES, loadRealFineDiving, quantile, realAwardStats, sd, simulatedAwardStats } from './stats.ts';
import { writeDive } from './writer.ts';

const quick = process.argv.includes('--quick');
const scale = quick ? 0.3 : 1;
const n = (count: number) => Math.max(10, Math.round(count * scale));
const line = (text = '') => process.stdout.write(`${text}\n`);
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');

const EXPECTED_FLIGHT: Readonly<Record<Height, string>> = { '1m': '0.9–1.1', '3m': '1.2–1.5', '5m': '~1.3–1.5', '7.5m': '~1.5–1.7', '10m': '1.6–1.9 (armstand ~1.55)' };

function physics(): void {
  line('## Physics');
  line('height  dives  flight s: min / median / max  (expected)      rotation error deg: median / p95   entry angle sd deg');
  for (const height of ['1m', '3m', '5m', '7.5m', '10m'] as Height[]) {
    const dives: SimulatedDive[] = [];
    for (let i = 0; dives.length < n(60) && i < n(60) * 3; i++) {
      try {
        dives.push(simulateDive({ seed: `report-physics-${height}`, runIndex: i, height }));
      } catch {
        // dives without a DD at this height are skipped
      }
    }
    const times = dives.map((d) => d.outcome.flightTimeS);
    const rotationError = dives.map((d) => Math.abs(d.outcome.somersaultsRev - d.program.dive.halfSomersaults / 2) * 360);
    line(
      `${height.padEnd(6)}  ${String(dives.length).padStart(5)}  ${f(Math.min(...times))} / ${f(quantile(times, 0.5))} / ${f(Math.max(...times))}`.padEnd(50) +
        `(${EXPECTED_FLIGHT[height]})`.padEnd(28) +
        `${f(quantile(rotationError, 0.5), 1)} / ${f(quantile(rotationError, 0.95), 1)}`.padEnd(35) +
        f(sd(dives.map((d) => d.outcome.entryAngleDeg)), 1),
    );
  }
  line();
  line('somersaults and twists reached (clean dives, no faults):');
  for (const [code, height] of [['407C', '10m'], ['109C', '10m'], ['5253B', '10m'], ['626C', '10m'], ['5154B', '3m'], ['5337D', '3m'], ['103B', '1m']] as const) {
    const d = simulateDive({ seed: 'report-clean', runIndex: 0, code, height, faults: { rotationError: 0, openingDelayS: 0, twistErrorRev: 0, takeOffHeight: 1, boardDistance: 1 } });
    line(
      `  ${code.padEnd(6)} ${height.padEnd(4)} flight ${f(d.outcome.flightTimeS)} s  somersaults ${f(d.outcome.somersaultsRev, 3)} (target ${d.program.dive.halfSomersaults / 2})  twists ${f(d.outcome.twistsRev, 2)} (target ${d.program.dive.twists})  H ${f(Math.abs(d.outcome.H), 1)} kg·m²/s  peak ${f(d.outcome.peakSomersaultRate / (2 * Math.PI), 2)} rev/s  max tilt ${f(d.outcome.maxTiltDeg, 1)}°`,
    );
  }
  line();
  line('conservation in flight (CoM energy, angular momentum about the CoM, from the world motion of all segments):');
  let worstE = 0, worstH = 0, worstTwistH = 0;
  for (let i = 0; i < n(20); i++) {
    const d = simulateDive({ seed: 'report-conservation', runIndex: i });
    const c = conservationCheck(d, 0.02);
    worstE = Math.max(worstE, c.energyDrift);
    if (d.program.dive.twisting) worstTwistH = Math.max(worstTwistH, c.angularMomentumDrift);
    else worstH = Math.max(worstH, c.angularMomentumDrift);
  }
  line(`  worst relative drift over ${n(20)} dives: energy ${worstE.toExponential(1)}, H ${worstH.toExponential(1)} (non-twisting), ${worstTwistH.toExponential(1)} (twisting: tilt model)`);
  const body = makeBody({ sex: 'male', statureM: 1.72, massKg: 65 });
  const izz = (s: ReturnType<typeof tuckShape>) => inertiaTensor(body, bodyPoints(body, s))[8] ?? 0;
  const shapes: [string, number][] = [['tuck', izz(tuckShape(0))], ['pike', izz(pikeShape(0))], ['layout (arms by sides)', izz(straightShape('sides'))], ['line-up (arms overhead)', izz(straightShape('overhead'))]];
  line('  1.72 m / 65 kg diver, I about the somersault axis and the rate at H = 60 kg·m²/s:');
  for (const [name, I] of shapes) line(`    ${name.padEnd(24)} I ${f(I)} kg·m²   ${f(60 / I / (2 * Math.PI), 2)} rev/s`);
  line();
}

function judging(): void {
  line('## Judging');
  line('Spearman rank correlation, total fault size vs official score:');
  for (const [code, height] of [['407C', '10m'], ['107B', '3m'], ['5253B', '10m'], ['205B', '3m']] as const) {
    const dives = Array.from({ length: n(300) }, (_, i) => simulateDive({ seed: 'report-spearman', runIndex: i, code, height }));
    line(`  ${code.padEnd(6)} ${height.padEnd(4)} ${String(dives.length).padStart(4)} dives  ρ = ${f(spearman(dives.map((d) => d.judging.faultSize), dives.map((d) => d.judging.officialScore)), 3)}`);
  }
  const mixed = Array.from({ length: n(300) }, (_, i) => simulateDive({ seed: 'report-spearman-mixed', runIndex: i }));
  line(`  mixed dives/heights ${mixed.length}: ρ(fault size, score / DD) = ${f(spearman(mixed.map((d) => d.judging.faultSize), mixed.map((d) => d.judging.officialScore / d.program.dd)), 3)}; ρ(fault size, score) = ${f(spearman(mixed.map((d) => d.judging.faultSize), mixed.map((d) => d.judging.officialScore)), 3)} (DD dominates raw points across different dives)`);
  line();
  const real = loadRealFineDiving();
  line('Awards per dive number (7-judge individual panels): FineDiving vs simulated');
  if (real === null) line('  (FineDiving annotations not found in ../shared/data: simulated figures only)');
  line('  dive   height | FineDiving: dives  mean ± sd  p10–p90  within-panel sd | simulated: mean ± sd  p10–p90  within-panel sd');
  for (const [code, height] of COMPARED_DIVES) {
    const r = real === null ? null : realAwardStats(real, code);
    const s = simulatedAwardStats(code, height, n(150), 'report-awards');
    const realText = r === null ? '—'.padEnd(44) : `${String(r.dives).padStart(5)}  ${f(r.mean)} ± ${f(r.sd)}  ${f(r.p10, 1)}–${f(r.p90, 1)}  ${f(r.withinPanelSd)}`.padEnd(44);
    line(`  ${code.padEnd(6)} ${height.padEnd(6)} | ${realText} | ${f(s.mean)} ± ${f(s.sd)}  ${f(s.p10, 1)}–${f(s.p90, 1)}  ${f(s.withinPanelSd)}`);
  }
  line();
}

function speed(): void {
  line('## Speed (one process, this machine)');
  const dive = simulateDive({ seed: 'report-speed', runIndex: 0, code: '407C', height: '10m' });
  const truth = diveTruth(dive);
  const renderer = new DiveRenderer(dive, truth);
  renderer.renderFrame(0);
  let t = performance.now();
  for (let i = 0; i < truth.frameCount; i++) renderer.renderFrame(i);
  const renderMs = (performance.now() - t) / truth.frameCount;
  t = performance.now();
  for (let i = 0; i < truth.frameCount; i++) renderer.frameJpeg(i, 90);
  const jpegMs = (performance.now() - t) / truth.frameCount;
  const plain = new DiveRenderer(dive, truth, { shutterS: 0 });
  t = performance.now();
  for (let i = 0; i < truth.frameCount; i++) plain.renderFrame(i);
  const noBlurMs = (performance.now() - t) / truth.frameCount;
  line(`  render ${truth.width}×${truth.height}: ${f(renderMs)} ms/frame with motion blur (4 samples), ${f(noBlurMs)} without, ${f(jpegMs)} with JPEG encoding`);
  t = performance.now();
  const count = n(30);
  for (let i = 0; i < count; i++) simulateDive({ seed: 'report-speed', runIndex: i });
  line(`  physics + judging: ${f((performance.now() - t) / count, 1)} ms/dive`);
  const out = mkdtempSync(join(tmpdir(), 'sim-report-'));
  const stats = loadPoseErrorStats();
  const dives = n(12);
  t = performance.now();
  let frames = 0;
  for (let i = 0; i < dives; i++) frames += writeDive(simulateDive({ seed: 'report-dpm', runIndex: i }), i + 1, { out, fps: 25, width: 455, height: 256, frames: true, video: false, jpegQuality: 90, poseStats: stats }).frameCount;
  const seconds = (performance.now() - t) / 1000;
  rmSync(out, { recursive: true, force: true });
  line(`  full pipeline to disk (simulate, truth, poses, render, JPEG): ${dives} dives, ${frames} frames in ${f(seconds, 1)} s = ${f((dives / seconds) * 60, 1)} dives per minute per process (the CLI runs one process per core)`);
  line();
}

line(`# Dive simulator report${quick ? ' (quick)' : ''}`);
line(`pose noise: ${loadPoseErrorStats().source === 'file' ? 'models/pose/pose-error-stats.json' : 'built-in defaults'}; pools: ${Object.entries(DIVE_POOLS).map(([h, p]) => `${h} ${p.length}`).join(', ')} dive numbers`);
line();
physics();
judging();
speed();


/**
 * npm run check:sim-pose-clips -- [--count N] [--seed S] [--height 10m] [--size WxH] [--keep DIR] [--skip-build]
 *
 * Does the app find the simulator's rendered diver the way a judge uses it — on the clip, with the
 * pose stage's tracking from frame to frame? Renders N dives as MP4 (`npm run sim -- --video`),
 * opens each in the real app in Chromium, runs the default pose stage over the whole clip, and
 * prints, over the airborne frames (truth phase "flight"): the share where the diver was found and
 * PCKh@0.5 against the renderer's own joints. `npm run check:sim-pose` gives the harsher per-image
 * figure (every frame detected from scratch, no tracking).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PckhAccumulator } from '../src/pipeline/pose/pckh.ts';
import type { PoseSnapshot } from '../src/ui/automation.ts';
import { launchBrowser } from './lib/chromium.ts';
import { buildAndServe } from './lib/serveApp.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '6' },
    seed: { type: 'string', default: '11' },
    height: { type: 'string', default: '10m' },
    /** Render size (the simulator's default when absent): small footage, e.g. 320x240, is where divers are small. */
    size: { type: 'string' },
    keep: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
  },
});

interface Truth { frames: { phase: string[] } }
interface Poses { clean: { joints: number[][][]; visible: number[][] } }

const work = values.keep ?? mkdtempSync(join(tmpdir(), 'divejudge-sim-clips-'));
rmSync(join(work, 'clip-inputs'), { recursive: true, force: true });
const simOut = join(work, 'sim');
// With --keep, a second run reuses the renders and writes the app's poses to DIR/app-poses.
if (!existsSync(join(simOut, 'videos'))) execFileSync('npm', ['run', '-s', 'sim', '--', '--count', values.count, '--out', simOut, '--seed', values.seed, '--height', values.height, '--video', ...(values.size ? ['--size', values.size] : [])], { stdio: 'inherit' });

const app = await buildAndServe({ skipBuild: values['skip-build'] });
const browser = await launchBrowser();
let airborne = 0, found = 0, msPerFrameSum = 0, clips = 0;
const pckh = new PckhAccumulator();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.addInitScript(() => {
    localStorage.setItem('divejudge.settings', JSON.stringify({ state: { autoPose: true, autoAnalyze: false }, version: 0 }));
  });
  await page.goto(app.url);
  await page.getByTestId('app').waitFor();
  console.log('\nclip                         airborne  found %   PCKh@0.5');
  for (const event of readdirSync(join(simOut, 'videos')).sort()) {
    for (const file of readdirSync(join(simOut, 'videos', event)).sort()) {
      const index = file.replace('.mp4', '');
      const truth = JSON.parse(readFileSync(join(simOut, 'truth', event, `${index}.json`), 'utf8')) as Truth;
      const poses = JSON.parse(readFileSync(join(simOut, 'poses', event, `${index}.json`), 'utf8')) as Poses;
      // Every clip gets its own name, so the wait below cannot mistake the previous clip's pose for it.
      const clipPath = join(work, 'clip-inputs', `${event}-${file}`);
      mkdirSync(join(work, 'clip-inputs'), { recursive: true });
      copyFileSync(join(simOut, 'videos', event, file), clipPath);
      await page.getByTestId('file-input').setInputFiles(clipPath);
      // The previous clip's pose stays 'done' until the new clip replaces it: wait for this clip's.
      await page.waitForFunction((name) => {
        const pose = (window as unknown as { divejudge: { pose(): PoseSnapshot } }).divejudge.pose();
        return pose.clipName === name && pose.forClip && (pose.status === 'done' || pose.status === 'error');
      }, `${event}-${file}`, { timeout: 600_000, polling: 250 });
      const pose = await page.evaluate(() => (window as unknown as { divejudge: { pose(): PoseSnapshot } }).divejudge.pose());
      if (pose.status !== 'done') throw new Error(`${event}/${file}: the pose stage ended in ${pose.status}`);
      if (values.keep) {
        mkdirSync(join(work, 'app-poses', event), { recursive: true });
        writeFileSync(join(work, 'app-poses', event, `${index}.json`), JSON.stringify({ detected: pose.detected, joints: pose.joints }));
      }
      const clipPckh = new PckhAccumulator();
      let a = 0, f = 0;
      truth.frames.phase.forEach((phase, i) => {
        if (phase !== 'flight') return;
        a++;
        const hit = pose.detected[i] === 1;
        if (hit) f++;
        const pred = pose.joints.slice(i * 48, i * 48 + 48);
        const truthJoints = (poses.clean.joints[i] ?? []).flat();
        pckh.add(pred, truthJoints, poses.clean.visible[i]);
        clipPckh.add(pred, truthJoints, poses.clean.visible[i]);
      });
      airborne += a;
      found += f;
      clips++;
      msPerFrameSum += pose.msPerFrame ?? 0;
      const name = `${event}/${index}`.slice(-28).padEnd(28);
      console.log(`${name} ${String(a).padStart(8)}  ${(a ? (100 * f) / a : 0).toFixed(1).padStart(7)}  ${(100 * clipPckh.overall()).toFixed(1).padStart(9)}`);
    }
  }
} finally {
  await browser.close();
  await app.close();
}
console.log(`\n${clips} rendered dives, ${airborne} airborne frames: the app's default pose stage (on the clip, with tracking) found the diver in ${((100 * found) / Math.max(1, airborne)).toFixed(1)}% (target ≥ 90%), PCKh@0.5 ${(100 * pckh.overall()).toFixed(1)}; ${(msPerFrameSum / Math.max(1, clips)).toFixed(1)} ms/frame`);

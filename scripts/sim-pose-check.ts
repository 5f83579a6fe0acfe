/**
 * npm run check:sim-pose -- [--count N] [--seed S] [--height 10m] [--keep DIR]
 *
 * Does the app's default pose stage see the simulator's rendered diver? Renders N dives with
 * `npm run sim`, keeps the airborne frames (phase "flight") of each in the FineDiving-Pose
 * examples format, and runs `npm run bench:pose` on them: the detection rate on airborne frames
 * (target ≥ 90%) and PCKh@0.5 against the renderer's own ground truth.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '6' },
    seed: { type: 'string', default: '11' },
    height: { type: 'string', default: '10m' },
    keep: { type: 'string' },
  },
});

const work = values.keep ?? mkdtempSync(join(tmpdir(), 'divejudge-sim-pose-'));
const simOut = join(work, 'sim');
execFileSync('npm', ['run', '-s', 'sim', '--', '--count', values.count, '--out', simOut, '--seed', values.seed, '--height', values.height], { stdio: 'inherit' });

interface Truth { id: string; frames: { phase: string[] } }
interface Poses { clean: { joints: number[][][]; visible: number[][] } }
const setDir = join(work, 'set');
mkdirSync(join(setDir, 'images'), { recursive: true });
const frames: Array<{ image: string; dive: string; joints: number[][]; visible: number[] }> = [];
for (const event of readdirSync(join(simOut, 'truth'))) {
  for (const file of readdirSync(join(simOut, 'truth', event))) {
    const index = file.replace('.json', '');
    const truth = JSON.parse(readFileSync(join(simOut, 'truth', event, file), 'utf8')) as Truth;
    const poses = JSON.parse(readFileSync(join(simOut, 'poses', event, file), 'utf8')) as Poses;
    truth.frames.phase.forEach((phase, i) => {
      if (phase !== 'flight') return;
      const image = `${event}_${index}_${String(i).padStart(5, '0')}.jpg`;
      copyFileSync(join(simOut, 'frames', event, index, `${String(i).padStart(5, '0')}.jpg`), join(setDir, 'images', image));
      frames.push({ image, dive: truth.id, joints: poses.clean.joints[i] ?? [], visible: poses.clean.visible[i] ?? [] });
    });
  }
}
writeFileSync(join(setDir, 'annotations.json'), JSON.stringify({
  source: `DiveJudge simulator renders (seed ${values.seed}, ${values.count} dives, ${values.height}), airborne frames`,
  format: 'MPII 16 keypoints, pixel coordinates',
  joint_names: ['r_ankle', 'r_knee', 'r_hip', 'l_hip', 'l_knee', 'l_ankle', 'pelvis', 'thorax', 'upper_neck', 'head_top', 'r_wrist', 'r_elbow', 'r_shoulder', 'l_shoulder', 'l_elbow', 'l_wrist'],
  frames,
}));
console.log(`${frames.length} airborne frames from ${values.count} rendered dives in ${setDir}`);
const bench = spawnSync('npm', ['run', '-s', 'bench:pose', '--', '--data', setDir, '--quick', '--stats-out', join(work, 'sim-pose-error-stats.json')], { encoding: 'utf8' });
process.stdout.write(bench.stdout);
process.stderr.write(bench.stderr);
// The table row follows the dashed rule under its header: …, noDiver %, ms/frame.
const lines = bench.stdout.split('\n');
const rule = lines.findIndex((line) => /^-{20,}$/.test(line.trim()));
const cells = (lines[rule + 1] ?? '').trim().split(/\s+/);
const noDiverRate = Number(cells[cells.length - 2]);
if (Number.isFinite(noDiverRate)) console.log(`detection rate on airborne rendered frames: ${(100 - noDiverRate).toFixed(1)}% (target ≥ 90%)`);
else console.log('could not read the detection rate from the benchmark table');
process.exit(bench.status ?? 1);

/**
 * Rebuilds the app's one-click sample clips (public/samples/) from the simulator: rendered dives
 * whose dive number, judges' awards and official score are known exactly. Deterministic per seed.
 * Needs ffmpeg. Writes public/samples/samples.json, which the app reads.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SAMPLES = [
  { id: 'sim-407C-10m', code: '407C', height: '10m', seed: '21', title: 'Inward 3½ Somersaults Tuck, 10 m' },
  { id: 'sim-107B-3m', code: '107B', height: '3m', seed: '5', title: 'Forward 3½ Somersaults Pike, 3 m' },
  { id: 'sim-5253B-10m', code: '5253B', height: '10m', seed: '8', title: 'Back 2½ Somersaults 1½ Twists Pike, 10 m' },
] as const;

const outDir = new URL('../public/samples/', import.meta.url).pathname;
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'divejudge-samples-'));
const index = [];
for (const sample of SAMPLES) {
  const dir = join(work, sample.id);
  execFileSync('npm', ['run', '-s', 'sim', '--', '--count', '1', '--out', dir, '--seed', sample.seed, '--height', sample.height, '--dive', sample.code, '--judges', '7', '--video', '--no-frames', '--size', '640x360', '--workers', '1'], { stdio: 'inherit' });
  const annotations = JSON.parse(readFileSync(join(dir, 'annotations.json'), 'utf8')) as {
    records: Array<{ id: string; event: string; index: number; dive_number: string; dive_score: number; difficulty: number; judge_scores: number[]; steps_transit_frames: number[] }>;
  };
  const record = annotations.records[0];
  if (!record) throw new Error(`the simulator wrote no dive for ${sample.id}`);
  const videoDir = join(dir, 'videos', record.event);
  const video = readdirSync(videoDir).find((f) => f.endsWith('.mp4'));
  if (!video) throw new Error(`no video for ${sample.id}`);
  const fileName = `${sample.id}.mp4`;
  copyFileSync(join(videoDir, video), join(outDir, fileName));
  index.push({
    id: sample.id,
    title: sample.title,
    fileName,
    diveNumber: record.dive_number,
    height: sample.height,
    dd: record.difficulty,
    judgeAwards: record.judge_scores,
    officialScore: record.dive_score,
    stageTransitions: record.steps_transit_frames,
    source: `DiveJudge simulator (seed ${sample.seed}): a rendered dive, not real footage`,
  });
}
writeFileSync(join(outDir, 'samples.json'), `${JSON.stringify({ samples: index }, null, 2)}\n`);
console.log(`wrote ${index.length} samples to ${outDir}`);

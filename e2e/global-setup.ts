/**
 * Once per e2e run: make the fixture clips, build the app as users get it (production build),
 * and serve it on a free loopback port.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureCameraCutSample, ensureCameraDissolveSample, ensureCodedSampleFootage, ensureFixtures, ensureMidFlightStart, ensureReplayFixture, ensureUnderwaterSample, hasFfmpeg, REAL_SPEED_REPLAY } from '../scripts/lib/fixtures.ts';
import { buildAndServe } from '../scripts/lib/serveApp.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    fixtureDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fixtureDir = join(import.meta.dirname, '.fixtures');
  if (!hasFfmpeg()) throw new Error('ffmpeg is required to make the e2e clips: apt-get install -y ffmpeg');
  await ensureFixtures(fixtureDir);
  await ensureCodedSampleFootage(fixtureDir);
  ensureCameraCutSample(fixtureDir);
  ensureCameraDissolveSample(fixtureDir);
  ensureMidFlightStart(fixtureDir);
  ensureReplayFixture(fixtureDir);
  ensureReplayFixture(fixtureDir, REAL_SPEED_REPLAY);
  ensureUnderwaterSample(fixtureDir);
  const app = await buildAndServe();
  project.provide('baseUrl', app.url);
  project.provide('fixtureDir', fixtureDir);
  return () => app.close();
}

/** Generates the test clips into e2e/.fixtures (ignored by git). Needs ffmpeg. */
import { ensureFixtures, hasFfmpeg } from './lib/fixtures.ts';

if (!hasFfmpeg()) {
  console.error('ffmpeg is not installed (apt-get install -y ffmpeg); it is needed to make the test clips.');
  process.exit(1);
}
const dir = await ensureFixtures(new URL('../e2e/.fixtures/', import.meta.url).pathname);
console.log(`fixtures ready in ${dir}`);

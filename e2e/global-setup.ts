/**
 * Once per e2e run: make the fixture clips, build the app as users get it (production build),
 * and serve it on a free loopback port.
 */
import { join } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { ensureFixtures, hasFfmpeg } from '../scripts/lib/fixtures.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    fixtureDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..');
  const fixtureDir = join(root, 'e2e/.fixtures');
  if (!hasFfmpeg()) throw new Error('ffmpeg is required to make the e2e clips: apt-get install -y ffmpeg');
  await ensureFixtures(fixtureDir);

  const outDir = join(root, 'dist');
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const baseUrl = server.resolvedUrls?.local[0];
  if (!baseUrl) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', baseUrl);
  project.provide('fixtureDir', fixtureDir);
  return async () => {
    await server.close();
  };
}

/** Builds the app as users get it (production build) and serves it on a free loopback port. */
import { join } from 'node:path';
import { build, preview } from 'vite';

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/** `benchPage`: build the pose benchmark harness (bench.html) too; the app users get has none. */
export async function buildAndServe(options: { outDir?: string; skipBuild?: boolean; benchPage?: boolean } = {}): Promise<ServedApp> {
  const root = join(import.meta.dirname, '../..');
  const outDir = options.outDir ?? join(root, 'dist');
  if (!options.skipBuild) {
    // Vitest runs with NODE_ENV=test, and Vite builds for whatever NODE_ENV says: without this the
    // tests would drive React's development build and an app with no service worker.
    const nodeEnv = process.env.NODE_ENV, benchPage = process.env.DIVEJUDGE_BENCH_PAGE;
    process.env.NODE_ENV = 'production';
    process.env.DIVEJUDGE_BENCH_PAGE = options.benchPage ? '1' : '0';
    try {
      await build({ root, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    } finally {
      restoreEnv('NODE_ENV', nodeEnv);
      restoreEnv('DIVEJUDGE_BENCH_PAGE', benchPage);
    }
  }
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}

/** Puts an environment variable back as it was (assigning undefined would store the string "undefined"). */
function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

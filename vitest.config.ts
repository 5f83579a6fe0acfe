import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects: fast Node unit tests for pure logic, and end-to-end tests that drive
// Debian's Chromium through playwright-core against a production build of the app.
// Under CI a failed test is run once more (a loaded 2-core runner can miss a timeout); `npm test`
// names every test that needed it as flaky, so a retry reports a problem instead of hiding it.
const retry = process.env.CI ? 1 : 0;

// training/ reaches the app's code through one entry (src/core.ts); tsconfig.json has the same alias.
const alias = { '@divejudge/core': fileURLToPath(new URL('./src/core.ts', import.meta.url)) };

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'training/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          retry,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          retry,
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // One browser at a time: this machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});

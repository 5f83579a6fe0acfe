#!/usr/bin/env node
/**
 * `npm test`: every check a change must pass, in order, with one closing line CI can read.
 *   1. TypeScript strict typecheck of app, pipeline, scripts and tests
 *   2. Vitest: unit (Node) and e2e (Debian Chromium via playwright-core) projects
 *   3. check:rules — the domain arithmetic against the official results in ../shared (skips if absent)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const missing = [];
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium');
if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) missing.push('ffmpeg');
if (missing.length) {
  console.error(`Missing system packages for the browser tests: ${missing.join(', ')}.\nInstall them with: apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}

function step(title, command, args) {
  console.log(`\n━━ ${title} ━━`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
}

let ok = step('typecheck', 'npx', ['tsc', '-p', '.']);
const report = join(mkdtempSync(join(tmpdir(), 'divejudge-test-')), 'vitest.json');
const vitestOk = step('vitest (unit + e2e)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
ok = vitestOk && ok;
ok = step('check:rules (official results)', 'npm', ['run', '-s', 'check:rules']) && ok;

let passed = 0, failed = 0, skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
}
if (!ok && failed === 0) failed = 1; // typecheck or rules check failed: count it
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);

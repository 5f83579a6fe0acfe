#!/usr/bin/env node
/**
 * `npm test`: every check a change must pass, in order, with one closing line CI can read.
 *   1. check:rules — the domain arithmetic against the official results in ../shared (skips if absent);
 *      first, because its long tables would otherwise bury the test failures in a log's tail
 *   2. TypeScript strict typecheck of app, pipeline, scripts and tests, then no import cycles in src/ (madge),
 *      then ESLint (eslint.config.js) over the whole repository
 *   3. Vitest: unit (Node) and e2e (Debian Chromium via playwright-core) projects; under CI each
 *      test gets one retry, and a test that needed it is named below as flaky
 * The last lines name every failed and every flaky test with its first error.
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

const rulesOk = step('check:rules (official results)', 'npm', ['run', '-s', 'check:rules']);
const typecheckOk = step('typecheck', 'npx', ['tsc', '-p', '.']);
const cyclesOk = step('import cycles (madge)', 'npx', ['madge', '--circular', '--no-spinner', '--extensions', 'ts,tsx', '--ts-config', 'tsconfig.json', 'src']);
const lintOk = step('lint (eslint)', 'npx', ['eslint', '--max-warnings', '0', '.']);
const scratch = mkdtempSync(join(tmpdir(), 'divejudge-test-'));
const report = join(scratch, 'vitest.json');
const outcomesFile = join(scratch, 'outcomes.json');
process.env.DIVEJUDGE_OUTCOMES = outcomesFile;
const vitestOk = step('vitest (unit + e2e)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--reporter=./scripts/lib/outcomesReporter.ts', `--outputFile.json=${report}`]);
const ok = rulesOk && typecheckOk && cyclesOk && lintOk && vitestOk;

let passed = 0, failed = 0, skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
}
if (!ok && failed === 0) failed = 1; // typecheck, cycle, lint or rules check failed: count it

console.log('\n━━ summary ━━');
if (!rulesOk) console.log('FAILED: check:rules (its report is at the top of this log)');
if (!typecheckOk) console.log('FAILED: typecheck (tsc -p .)');
if (!cyclesOk) console.log('FAILED: import cycles (npx madge --circular --extensions ts,tsx src names them)');
if (!lintOk) console.log('FAILED: lint (npx eslint . names each problem)');
if (existsSync(outcomesFile)) {
  const outcomes = JSON.parse(readFileSync(outcomesFile, 'utf8'));
  for (const t of outcomes.failed) console.log(`FAILED: ${t.file} > ${t.name} (${t.durationMs} ms, ${t.retries} retries)\n    ${t.error ?? ''}`);
  for (const t of outcomes.flaky) console.log(`FLAKY (passed on retry ${t.retries}): ${t.file} > ${t.name}\n    first try: ${t.error ?? 'error not kept'}`);
  for (const e of outcomes.unhandled) console.log(`ERROR outside a test: ${e}`);
} else if (!vitestOk) console.log('FAILED: vitest ended before it could report its outcomes');
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);

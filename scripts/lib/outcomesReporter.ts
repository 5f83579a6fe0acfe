/**
 * A Vitest reporter that writes, to the JSON file named by DIVEJUDGE_OUTCOMES, every test that
 * failed (with its first error) and every test that passed only on a retry (CI retries once).
 * `scripts/test.mjs` prints them as the last lines of `npm test`, where a CI log's tail shows them;
 * a flaky test is reported, not hidden by its retry.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';

export interface TestOutcome {
  file: string;
  name: string;
  retries: number;
  durationMs: number;
  error?: string;
}

export interface TestOutcomes {
  failed: TestOutcome[];
  flaky: TestOutcome[];
  /** Errors outside any test (a crashed worker, a failing hook or import). */
  unhandled: string[];
}

/** The first lines of an error, enough to name the cause in a log's tail. */
export function briefError(message: string | undefined, stack?: string): string {
  // Strips terminal colour codes (ESC [ … m) from the runner's messages.
  // eslint-disable-next-line no-control-regex
  const text = (message ?? stack ?? 'unknown error').replace(/\x1b\[[0-9;]*m/g, '').trim();
  const lines = text.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const brief = lines.slice(0, 4).join(' ⏎ ');
  return brief.length > 400 ? `${brief.slice(0, 400)}…` : brief;
}

export default class OutcomesReporter implements Reporter {
  private readonly outcomes: TestOutcomes = { failed: [], flaky: [], unhandled: [] };

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    const diagnostic = testCase.diagnostic();
    const outcome: TestOutcome = {
      file: relative(process.cwd(), testCase.module.moduleId),
      name: testCase.fullName,
      retries: diagnostic?.retryCount ?? 0,
      durationMs: Math.round(diagnostic?.duration ?? 0),
    };
    const error = result.errors?.[0];
    if (error) outcome.error = briefError(error.message, error.stack);
    if (result.state === 'failed') this.outcomes.failed.push(outcome);
    else if (result.state === 'passed' && diagnostic?.flaky) this.outcomes.flaky.push(outcome);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const module of testModules) {
      for (const error of module.errors()) this.outcomes.unhandled.push(`${relative(process.cwd(), module.moduleId)}: ${briefError(error.message, error.stack)}`);
    }
    for (const error of unhandledErrors) this.outcomes.unhandled.push(briefError(error.message, error.stack));
    const file = process.env.DIVEJUDGE_OUTCOMES;
    if (file) writeFileSync(file, JSON.stringify(this.outcomes, null, 2));
  }
}

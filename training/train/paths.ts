import { resolve } from 'node:path';

/** Default run folder of a config: training/.cache/runs/<name> (ignored by git). */
export function runDirFor(name: string): string {
  return resolve('.cache', 'runs', name);
}

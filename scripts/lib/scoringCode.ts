/**
 * A short hash of the source that turns a clip into a score (src/domain, src/pipeline,
 * src/workers, src/state; tests left out). The evaluation scripts file their cached results under
 * it, so a change to the analysis or the checklist never reuses a result the old code computed.
 * Comment edits re-score too: cheap in Node, and safer than a stale figure.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SCORING_SOURCE = ['src/domain', 'src/pipeline', 'src/workers', 'src/state'];

export function scoringCodeHash(root = resolve(import.meta.dirname, '../..')): string {
  const hash = createHash('sha256');
  for (const dir of SCORING_SOURCE) {
    const files = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .sort();
    for (const f of files) hash.update(`${dir}/${f}\0`).update(readFileSync(join(root, dir, f))).update('\0');
  }
  return hash.digest('hex').slice(0, 10);
}

/** The folder name results are filed under. */
export const scoringCodeDir = (root?: string): string => `code-${scoringCodeHash(root)}`;

/** A one-line progress bar on stderr (redrawn in place on a terminal, one line per update otherwise). */
export class Progress {
  private lastDraw = 0;
  private lastBucket = -1;
  private readonly started = Date.now();

  constructor(private readonly label: string, public total: number, private readonly minIntervalMs = 500) {}

  update(done: number, detail = '', force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < this.minIntervalMs && done < this.total) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((width * done) / Math.max(1, this.total));
    const elapsed = (now - this.started) / 1000;
    const eta = done > 0 ? (elapsed * (this.total - done)) / done : NaN;
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${detail} ${formatSeconds(elapsed)} elapsed, ETA ${Number.isFinite(eta) ? formatSeconds(eta) : '--'}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\u001b[K`);
    else {
      const bucket = Math.floor((20 * done) / Math.max(1, this.total));
      if (force || bucket > this.lastBucket) process.stderr.write(`${line}\n`);
      this.lastBucket = bucket;
    }
  }

  done(detail = ''): void {
    this.update(this.total, detail, true);
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

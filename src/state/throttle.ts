/**
 * Progress that reaches the page at most a few times a second. Each store update re-renders the
 * page, and on a two-core machine the page's renders take their time from the pose workers: a
 * bar moved on every frame of every pose worker cost as much CPU as a third of a pose worker
 * (README, Scoring benchmark). The first call goes through at once; later ones within the interval
 * are held and only the latest is delivered when it ends, so the last value is never lost.
 */
export interface Throttled<A extends unknown[]> {
  call(...args: A): void;
  /** Drops a held call (the job ended: its final state is set directly). */
  cancel(): void;
}

export function throttleLatest<A extends unknown[]>(fn: (...args: A) => void, intervalMs: number, now: () => number = () => performance.now()): Throttled<A> {
  let lastAt = -Infinity;
  let held: A | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const deliver = (): void => {
    timer = null;
    if (!held) return;
    const args = held;
    held = null;
    lastAt = now();
    fn(...args);
  };
  return {
    call(...args: A): void {
      const wait = lastAt + intervalMs - now();
      if (wait <= 0 && timer === null) {
        lastAt = now();
        fn(...args);
        return;
      }
      held = args;
      timer ??= setTimeout(deliver, Math.max(0, wait));
    },
    cancel(): void {
      held = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

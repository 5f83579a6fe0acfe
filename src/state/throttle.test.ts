import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleLatest } from './throttle.ts';

describe('throttleLatest', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const clock = () => Date.now();

  it('delivers the first call at once and then at most one call per interval, always the latest', () => {
    const seen: number[] = [];
    const progress = throttleLatest((done: number) => seen.push(done), 200, clock);
    for (let frame = 1; frame <= 100; frame++) {
      progress.call(frame);
      vi.advanceTimersByTime(20); // a frame every 20 ms: 2 s in all
    }
    vi.advanceTimersByTime(200);
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(100);
    expect(seen.length).toBeLessThanOrEqual(11);
    expect(seen.length).toBeGreaterThanOrEqual(9);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('a cancelled held call is never delivered', () => {
    const seen: number[] = [];
    const progress = throttleLatest((done: number) => seen.push(done), 200, clock);
    progress.call(1);
    progress.call(2);
    progress.cancel();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1]);
  });

  it('calls further apart than the interval all go through', () => {
    const seen: number[] = [];
    const progress = throttleLatest((done: number) => seen.push(done), 200, clock);
    for (let i = 0; i < 5; i++) {
      progress.call(i);
      vi.advanceTimersByTime(250);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});

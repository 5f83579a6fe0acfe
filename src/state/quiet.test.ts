import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { useAnalysisStore } from './analysisStore.ts';
import { usePoseStore } from './poseStore.ts';
import { useClipStore } from './clipStore.ts';
import { QUIET_BEFORE_ANALYSIS_MS, QUIET_FOR_MS, whenQuiet } from './quiet.ts';

beforeEach(() => {
  vi.useFakeTimers();
  usePoseStore.setState({ status: 'idle' });
  useAnalysisStore.setState({ status: 'idle' });
  useClipStore.setState({ loading: null });
});
afterEach(() => vi.useRealTimers());

describe('work put off while a clip is analysed', () => {
  test('runs once the page has been idle for a moment', () => {
    const task = vi.fn();
    whenQuiet(task);
    vi.advanceTimersByTime(QUIET_FOR_MS - 1);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledTimes(1);
  });

  test('waits through the pose pass and the analysis that follows it, then runs once', () => {
    const task = vi.fn();
    usePoseStore.setState({ status: 'running' });
    whenQuiet(task);
    vi.advanceTimersByTime(10 * QUIET_FOR_MS);
    expect(task).not.toHaveBeenCalled();
    // The pose pass ends and the analysis starts a moment later: not a quiet page yet.
    usePoseStore.setState({ status: 'done' });
    vi.advanceTimersByTime(QUIET_FOR_MS / 2);
    useAnalysisStore.setState({ status: 'running' });
    vi.advanceTimersByTime(10 * QUIET_FOR_MS);
    expect(task).not.toHaveBeenCalled();
    useAnalysisStore.setState({ status: 'scored' });
    vi.advanceTimersByTime(QUIET_FOR_MS);
    expect(task).toHaveBeenCalledTimes(1);
    usePoseStore.setState({ status: 'running' });
    usePoseStore.setState({ status: 'done' });
    vi.advanceTimersByTime(10 * QUIET_FOR_MS);
    expect(task).toHaveBeenCalledTimes(1);
  });

  test('given up before it ran (the page closed): never runs', () => {
    const task = vi.fn();
    usePoseStore.setState({ status: 'running' });
    const giveUp = whenQuiet(task);
    giveUp();
    usePoseStore.setState({ status: 'done' });
    vi.advanceTimersByTime(10 * QUIET_FOR_MS);
    expect(task).not.toHaveBeenCalled();
  });

  test('work that waits for the first analysis: not before it ends, a moment after it', () => {
    const task = vi.fn();
    whenQuiet(task, { afterFirstAnalysis: true });
    vi.advanceTimersByTime(QUIET_BEFORE_ANALYSIS_MS / 2); // the judge opens a clip and analyses it
    useAnalysisStore.setState({ status: 'running' });
    usePoseStore.setState({ status: 'running' });
    vi.advanceTimersByTime(QUIET_BEFORE_ANALYSIS_MS);
    usePoseStore.setState({ status: 'done' });
    vi.advanceTimersByTime(QUIET_FOR_MS * 2);
    expect(task).not.toHaveBeenCalled();
    useAnalysisStore.setState({ status: 'scored' });
    vi.advanceTimersByTime(QUIET_FOR_MS - 1);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledTimes(1);
  });

  test('work that waits for the first analysis runs anyway on a page left quiet long enough', () => {
    const task = vi.fn();
    whenQuiet(task, { afterFirstAnalysis: true });
    vi.advanceTimersByTime(QUIET_BEFORE_ANALYSIS_MS - 1);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledTimes(1);
  });

  test('a pose pass without an analysis does not count as the first analysis', () => {
    const task = vi.fn();
    whenQuiet(task, { afterFirstAnalysis: true });
    usePoseStore.setState({ status: 'running' });
    vi.advanceTimersByTime(QUIET_BEFORE_ANALYSIS_MS);
    usePoseStore.setState({ status: 'done' });
    vi.advanceTimersByTime(QUIET_FOR_MS * 5);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(QUIET_BEFORE_ANALYSIS_MS);
    expect(task).toHaveBeenCalledTimes(1);
  });

  test('a clip being opened counts as busy: the wait starts again once it is open', () => {
    const task = vi.fn();
    whenQuiet(task);
    vi.advanceTimersByTime(QUIET_FOR_MS / 2);
    useClipStore.setState({ loading: 'dive.mp4' });
    vi.advanceTimersByTime(QUIET_FOR_MS * 3);
    expect(task).not.toHaveBeenCalled();
    useClipStore.setState({ loading: null });
    vi.advanceTimersByTime(QUIET_FOR_MS);
    expect(task).toHaveBeenCalledTimes(1);
  });
});

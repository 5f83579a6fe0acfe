import { expect, test } from 'vitest';
import { PLAYBACK_RATES, checkedSettings, nextRate } from './settingsStore.ts';

test('slow-motion steps walk the rate ladder and stop at 0.1× and 2×', () => {
  expect(nextRate(1, 1)).toBe(1.5);
  expect(nextRate(1, -1)).toBe(0.75);
  expect(nextRate(0.1, -1)).toBe(0.1);
  expect(nextRate(2, 1)).toBe(2);
  expect(nextRate(0.3, 1)).toBe(1.5); // an unknown rate restarts from 1×
  expect(PLAYBACK_RATES[0]).toBe(0.1);
  expect(PLAYBACK_RATES.at(-1)).toBe(2);
});

test('settings read back from storage are checked field by field: a bad field falls back, the rest stays', () => {
  expect(checkedSettings({ playbackRate: 0.5, showSkeleton: false, poseBackend: 'movenet-thunder', autoPose: false, autoAnalyze: true, inferenceProvider: 'wasm' })).toEqual({
    playbackRate: 0.5, showSkeleton: false, poseBackend: 'movenet-thunder', autoPose: false, autoAnalyze: true, inferenceProvider: 'wasm',
  });
  const tampered = checkedSettings({ playbackRate: 'fast', showSkeleton: 'yes', poseBackend: '<script>', autoPose: false, inferenceProvider: 'cuda' });
  expect(tampered).toEqual({ playbackRate: 1, showSkeleton: true, poseBackend: 'blazepose-full', autoPose: false, autoAnalyze: true, inferenceProvider: 'auto' });
  expect(checkedSettings(null).inferenceProvider).toBe('auto');
  expect(checkedSettings({ playbackRate: 7 }).playbackRate).toBe(1);
});

import { describe, expect, test } from 'vitest';
import { clampFrame, formatTime, frameAtTime, frameCentreTime, frameOfTimestamp, snapFrameRate } from './frameTiming.ts';
import { measureFrameRate } from './clipInfo.ts';

const clock = { fps: 25, frameCount: 75, startTime: 0 };

describe('frame timing', () => {
  test('seeks aim at frame centres', () => {
    expect(frameCentreTime(clock, 0)).toBeCloseTo(0.02);
    expect(frameCentreTime(clock, 10)).toBeCloseTo(0.42);
    expect(frameCentreTime({ ...clock, startTime: 1 }, 10)).toBeCloseTo(1.42);
  });

  test('frames are clamped to the clip and rounded', () => {
    expect(clampFrame(clock, -3)).toBe(0);
    expect(clampFrame(clock, 1000)).toBe(74);
    expect(clampFrame(clock, 4.6)).toBe(5);
    expect(clampFrame(clock, Number.NaN)).toBe(0);
  });

  test('a presentation timestamp maps to its frame even when stored in rounded milliseconds', () => {
    const webm30 = { fps: 30, frameCount: 45, startTime: 0 };
    for (let i = 0; i < 45; i++) {
      const pts = Math.round((i / 30) * 1000) / 1000;
      expect(frameOfTimestamp(webm30, pts)).toBe(i);
    }
  });

  test('any time inside a frame maps to that frame; centre round-trips', () => {
    for (let i = 0; i < 75; i++) {
      expect(frameAtTime(clock, frameCentreTime(clock, i))).toBe(i);
      expect(frameAtTime(clock, i / 25)).toBe(i);
    }
    const ntsc = { fps: 30000 / 1001, frameCount: 45, startTime: 0 };
    for (let i = 0; i < 45; i++) expect(frameAtTime(ntsc, Math.floor(((i * 1001) / 30000) * 90000) / 90000)).toBe(i);
  });

  test('measured rates snap to the nearest standard rate, others are kept', () => {
    expect(snapFrameRate(29.993)).toBe(30);
    expect(snapFrameRate(29.9701)).toBeCloseTo(30000 / 1001, 9);
    expect(snapFrameRate(25.0004)).toBe(25);
    expect(snapFrameRate(59.94)).toBeCloseTo(60000 / 1001, 9);
    expect(snapFrameRate(12.5)).toBe(12.5);
  });

  test('frame rate is measured over the span of frame timestamps', () => {
    const ms = Array.from({ length: 45 }, (_, i) => Math.round((i / 30) * 1000) / 1000);
    expect(snapFrameRate(measureFrameRate(ms, 1.5))).toBe(30);
    expect(measureFrameRate([0], 0.04)).toBeCloseTo(25);
  });

  test('times are shown as m:ss.cc', () => {
    expect(formatTime(0)).toBe('0:00.00');
    expect(formatTime(3)).toBe('0:03.00');
    expect(formatTime(65.5)).toBe('1:05.50');
    expect(formatTime(Number.NaN)).toBe('0:00.00');
  });
});

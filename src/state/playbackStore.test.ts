/**
 * The transport's arithmetic: where a seek or a step puts the media element, what the store says
 * is on screen, and the clip's ends. A small stand-in for <video> records the calls (a unit test
 * needs no decoder); the real element, frame for frame, is e2e/player.spec.ts's job.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { usePlaybackStore } from './playbackStore.ts';
import { useSettingsStore } from './settingsStore.ts';

/** The part of HTMLVideoElement the store uses, presenting frames when asked to. */
class VideoStandIn extends EventTarget {
  currentTime = 0;
  paused = true;
  seeking = false;
  playbackRate = 1;
  private callbacks = new Map<number, VideoFrameRequestCallback>();
  private nextId = 1;
  requestVideoFrameCallback(callback: VideoFrameRequestCallback): number {
    const id = this.nextId++;
    this.callbacks.set(id, callback);
    return id;
  }
  cancelVideoFrameCallback(id: number): void {
    this.callbacks.delete(id);
  }
  pause(): void {
    this.paused = true;
    this.dispatchEvent(new Event('pause'));
  }
  play(): Promise<void> {
    this.paused = false;
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  }
  /** The browser presents the frame the current time falls in, stamped with its own timestamp. */
  present(): void {
    const pending = [...this.callbacks.values()];
    this.callbacks.clear();
    const mediaTime = Math.floor(this.currentTime * CLOCK.fps) / CLOCK.fps;
    for (const callback of pending) callback(0, { mediaTime } as VideoFrameCallbackMetadata);
  }
}

const CLOCK = { fps: 25, frameCount: 50, startTime: 0 };
let detach: (() => void) | null = null;

function attach(): VideoStandIn {
  const video = new VideoStandIn();
  // The stand-in implements what the store calls on the element.
  detach = usePlaybackStore.getState().attach(video as unknown as HTMLVideoElement, CLOCK);
  return video;
}

afterEach(() => {
  detach?.();
  detach = null;
});

describe('playback store', () => {
  test('a seek goes to the frame centre and the store names the frame once it is presented', () => {
    const video = attach();
    usePlaybackStore.getState().seekFrame(10);
    expect(video.currentTime).toBeCloseTo(10.5 / 25);
    expect(usePlaybackStore.getState()).toMatchObject({ targetFrame: 10, seeking: true, frame: 0 });
    video.present();
    expect(usePlaybackStore.getState()).toMatchObject({ frame: 10, seeking: false });
  });

  test('steps build on the frame asked for, so quick repeats never skip or stall, and stop at the ends', () => {
    const video = attach();
    const { step } = usePlaybackStore.getState();
    step(1);
    step(1);
    step(1); // nothing presented in between
    expect(usePlaybackStore.getState().targetFrame).toBe(3);
    expect(video.currentTime).toBeCloseTo(3.5 / 25);
    step(-10);
    expect(usePlaybackStore.getState().targetFrame).toBe(0);
    step(1000);
    expect(usePlaybackStore.getState().targetFrame).toBe(CLOCK.frameCount - 1);
  });

  test('pausing settles on the frame shown; play from the last frame starts again from the first', () => {
    const video = attach();
    usePlaybackStore.getState().seekFrame(CLOCK.frameCount - 1);
    video.present();
    usePlaybackStore.getState().play();
    expect(video.currentTime).toBeCloseTo(0.5 / 25);
    expect(usePlaybackStore.getState().playing).toBe(true);
    video.currentTime = 7.2 / 25;
    video.present();
    expect(usePlaybackStore.getState()).toMatchObject({ frame: 7, targetFrame: 7 });
    usePlaybackStore.getState().pause();
    expect(video.paused).toBe(true);
    expect(video.currentTime).toBeCloseTo(7.5 / 25);
  });

  test('the playback rate follows the settings, and a detached player ignores the transport', () => {
    const video = attach();
    useSettingsStore.getState().setPlaybackRate(0.5);
    expect(video.playbackRate).toBe(0.5);
    detach?.();
    detach = null;
    usePlaybackStore.getState().seekFrame(20);
    expect(video.currentTime).not.toBeCloseTo(20.5 / 25);
    expect(usePlaybackStore.getState().clock).toBeNull();
  });
});

/**
 * Frame-exact playback. The store owns the transport logic; the <video> element registers itself.
 * `frame` is the frame the browser has actually presented (from requestVideoFrameCallback),
 * `targetFrame` the one asked for: stepping builds on the target so quick key repeats never skip.
 */
import { create } from 'zustand';
import { clampFrame, frameAtTime, frameCentreTime, frameOfTimestamp, type FrameClock } from '../pipeline/video/frameTiming.ts';
import { nextRate, useSettingsStore } from './settingsStore.ts';

interface PlaybackState {
  clock: FrameClock | null;
  frame: number;
  targetFrame: number;
  playing: boolean;
  /** True between a seek request and the browser presenting that frame. */
  seeking: boolean;

  attach(video: HTMLVideoElement, clock: FrameClock): () => void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  seekFrame(frame: number): void;
  step(delta: number): void;
  changeRate(direction: 1 | -1): void;
}

let video: HTMLVideoElement | null = null;

export const usePlaybackStore = create<PlaybackState>()((set, get) => ({
  clock: null,
  frame: 0,
  targetFrame: 0,
  playing: false,
  seeking: false,

  attach(element, clock) {
    video = element;
    set({ clock, frame: 0, targetFrame: 0, playing: false, seeking: false });
    element.playbackRate = useSettingsStore.getState().playbackRate;

    let callbackId = 0;
    let detached = false;
    const onFrame: VideoFrameRequestCallback = (_now, metadata) => {
      if (detached) return;
      const shown = frameOfTimestamp(clock, metadata.mediaTime);
      const { playing, targetFrame } = get();
      set({ frame: shown, targetFrame: playing ? shown : targetFrame, seeking: playing ? false : get().seeking && shown !== targetFrame });
      callbackId = element.requestVideoFrameCallback(onFrame);
    };
    callbackId = element.requestVideoFrameCallback(onFrame);

    // The frame callback, not 'seeked', says what is on screen ('seeked' fires first). Only if no
    // callback comes at all (a seek that re-presents nothing new) settle from currentTime.
    let settleTimer: ReturnType<typeof setTimeout> | undefined;
    const onSeeked = () => {
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        const state = get();
        if (!detached && state.seeking && !state.playing && !element.seeking) {
          set({ frame: frameAtTime(clock, element.currentTime), seeking: false });
        }
      }, 500);
    };
    const onEnded = () => set({ playing: false, targetFrame: clock.frameCount - 1 });
    const onPause = () => set({ playing: false });
    const onPlay = () => set({ playing: true });
    element.addEventListener('seeked', onSeeked);
    element.addEventListener('ended', onEnded);
    element.addEventListener('pause', onPause);
    element.addEventListener('play', onPlay);
    // Show frame 0 exactly (its centre), not whatever the element decoded first.
    element.currentTime = frameCentreTime(clock, 0);

    const unsubscribeRate = useSettingsStore.subscribe((s) => {
      element.playbackRate = s.playbackRate;
    });
    return () => {
      detached = true;
      clearTimeout(settleTimer);
      element.cancelVideoFrameCallback(callbackId);
      element.removeEventListener('seeked', onSeeked);
      element.removeEventListener('ended', onEnded);
      element.removeEventListener('pause', onPause);
      element.removeEventListener('play', onPlay);
      unsubscribeRate();
      if (video === element) video = null;
      set({ clock: null, playing: false });
    };
  },

  play() {
    const { clock, targetFrame } = get();
    if (!video || !clock) return;
    if (targetFrame >= clock.frameCount - 1) video.currentTime = frameCentreTime(clock, 0);
    void video.play().catch(() => set({ playing: false }));
  },

  pause() {
    const { clock } = get();
    if (!video || !clock) return;
    video.pause();
    // Settle on the presented frame's centre so the next step is exact.
    get().seekFrame(get().frame);
  },

  togglePlay() {
    if (get().playing) get().pause();
    else get().play();
  },

  seekFrame(frame) {
    const { clock } = get();
    if (!video || !clock) return;
    const target = clampFrame(clock, frame);
    if (!video.paused) video.pause();
    set({ targetFrame: target, seeking: target !== get().frame, playing: false });
    video.currentTime = frameCentreTime(clock, target);
  },

  step(delta) {
    get().seekFrame(get().targetFrame + delta);
  },

  changeRate(direction) {
    const settings = useSettingsStore.getState();
    settings.setPlaybackRate(nextRate(settings.playbackRate, direction));
  },
}));

/** Keyboard shortcuts, one table for the handler and the help dialog. */
import { usePlaybackStore } from '../state/playbackStore.ts';
import { useSettingsStore } from '../state/settingsStore.ts';

export interface Shortcut {
  keys: string;
  description: string;
  matches(event: KeyboardEvent): boolean;
  run(): void;
}

const playback = () => usePlaybackStore.getState();

export const SHORTCUTS: Shortcut[] = [
  { keys: 'Space', description: 'Play / pause', matches: (e) => e.key === ' ' || e.code === 'Space', run: () => playback().togglePlay() },
  { keys: '←', description: 'Previous frame', matches: (e) => e.key === 'ArrowLeft' && !e.shiftKey, run: () => playback().step(-1) },
  { keys: '→', description: 'Next frame', matches: (e) => e.key === 'ArrowRight' && !e.shiftKey, run: () => playback().step(1) },
  { keys: 'Shift + ←', description: 'Back 10 frames', matches: (e) => e.key === 'ArrowLeft' && e.shiftKey, run: () => playback().step(-10) },
  { keys: 'Shift + →', description: 'Forward 10 frames', matches: (e) => e.key === 'ArrowRight' && e.shiftKey, run: () => playback().step(10) },
  { keys: 'Home', description: 'First frame', matches: (e) => e.key === 'Home', run: () => playback().seekFrame(0) },
  { keys: 'End', description: 'Last frame', matches: (e) => e.key === 'End', run: () => playback().seekFrame(Number.MAX_SAFE_INTEGER) },
  { keys: '[', description: 'Slower (down to 0.1×)', matches: (e) => e.key === '[', run: () => playback().changeRate(-1) },
  { keys: ']', description: 'Faster (up to 2×)', matches: (e) => e.key === ']', run: () => playback().changeRate(1) },
  { keys: 'S', description: 'Show / hide the skeleton', matches: (e) => e.key === 's' || e.key === 'S', run: () => useSettingsStore.getState().toggleSkeleton() },
  {
    keys: '?',
    description: 'Show / hide this list',
    matches: (e) => e.key === '?',
    run: () => {
      const s = useSettingsStore.getState();
      s.setShowShortcuts(!s.showShortcuts);
    },
  },
];

/** Typing in a form field must not move the video. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button', 'file'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function handleShortcut(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
  const shortcut = SHORTCUTS.find((s) => s.matches(event));
  if (!shortcut) return;
  event.preventDefault();
  shortcut.run();
}

/** Keyboard shortcuts, one table for the handler and the help dialog. */
import { useAnalysisStore } from '../state/analysisStore.ts';
import { useCompareStore } from '../state/compareStore.ts';
import { handleCompareKey } from './compare/CompareView.tsx';
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
  { keys: 'A', description: 'Analyze the dive (pose, stages, score)', matches: (e) => e.key === 'a' || e.key === 'A', run: () => void useAnalysisStore.getState().analyze() },
  { keys: 'Ctrl + Z', description: 'Undo a stage edit', matches: (e) => isCtrl(e) && !e.shiftKey && (e.key === 'z' || e.key === 'Z'), run: () => useAnalysisStore.getState().undo() },
  {
    keys: 'Ctrl + Shift + Z / Ctrl + Y',
    description: 'Redo a stage edit',
    matches: (e) => isCtrl(e) && ((e.shiftKey && (e.key === 'z' || e.key === 'Z')) || e.key === 'y' || e.key === 'Y'),
    run: () => useAnalysisStore.getState().redo(),
  },
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

function isCtrl(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey;
}

/** Typing in a form field must not move the video. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button', 'file'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function handleShortcut(event: KeyboardEvent): void {
  if (event.altKey || isTypingTarget(event.target)) return;
  // Under the modal shortcut list only '?' (which closes it) applies; Esc is the dialog's own.
  if (useSettingsStore.getState().showShortcuts && event.key !== '?') return;
  // While the comparison is open its transport takes the keys (Esc closes it).
  if (!isCtrl(event) && handleCompareKey(event)) return;
  if (useCompareStore.getState().open && event.key !== '?') return;
  // With Ctrl/⌘ held only the Ctrl shortcuts apply (Ctrl+S must not toggle the skeleton).
  const shortcut = SHORTCUTS.find((s) => s.keys.startsWith('Ctrl') === isCtrl(event) && s.matches(event));
  if (!shortcut) return;
  event.preventDefault();
  shortcut.run();
}

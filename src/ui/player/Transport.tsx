import { formatTime } from '../../pipeline/video/frameTiming.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { PLAYBACK_RATES, useSettingsStore } from '../../state/settingsStore.ts';

export function Transport() {
  const clip = useClipStore((s) => s.clip);
  const { frame, playing, seeking, clock } = usePlaybackStore();
  const { step, seekFrame, togglePlay } = usePlaybackStore.getState();
  const rate = useSettingsStore((s) => s.playbackRate);
  const setRate = useSettingsStore((s) => s.setPlaybackRate);
  const disabled = !clip || !clock;
  const frameCount = clip?.info.frameCount ?? 0;
  const fps = clip?.info.fps ?? 1;

  return (
    <div className="transport" aria-label="Playback controls">
      <div className="transport-buttons">
        <button type="button" disabled={disabled} onClick={() => seekFrame(0)} title="First frame (Home)" aria-label="First frame">|◀◀</button>
        <button type="button" disabled={disabled} onClick={() => step(-10)} title="Back 10 frames (Shift+←)" aria-label="Back 10 frames">−10</button>
        <button type="button" disabled={disabled} onClick={() => step(-1)} title="Previous frame (←)" aria-label="Previous frame">◀︎|</button>
        <button type="button" className="play" disabled={disabled} onClick={togglePlay} title="Play / pause (Space)" aria-label={playing ? 'Pause' : 'Play'} data-testid="play-toggle">
          {playing ? '❚❚' : '▶'}
        </button>
        <button type="button" disabled={disabled} onClick={() => step(1)} title="Next frame (→)" aria-label="Next frame">|▶︎</button>
        <button type="button" disabled={disabled} onClick={() => step(10)} title="Forward 10 frames (Shift+→)" aria-label="Forward 10 frames">+10</button>
        <button type="button" disabled={disabled} onClick={() => seekFrame(frameCount - 1)} title="Last frame (End)" aria-label="Last frame">▶▶|</button>
      </div>
      <div className="frame-counter" data-testid="frame-counter" data-frame={frame} data-seeking={seeking ? 'true' : 'false'} data-playing={playing ? 'true' : 'false'}>
        Frame <strong>{clip ? frame + 1 : 0}</strong> / {frameCount}
        <span className="time">{formatTime(clip ? frame / fps : 0)}</span>
      </div>
      <label className="rate">
        Speed
        <select value={rate} onChange={(e) => setRate(Number(e.target.value))} data-testid="rate-select" title="Slower [ · Faster ]">
          {PLAYBACK_RATES.map((r) => (
            <option key={r} value={r}>{r}×</option>
          ))}
        </select>
      </label>
    </div>
  );
}

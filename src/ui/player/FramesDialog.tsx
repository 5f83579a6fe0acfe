import { useEffect, useRef, useState } from 'react';
import { DEFAULT_FRAMES_FPS, useClipStore } from '../../state/clipStore.ts';

/**
 * A folder of frames carries no frame rate: the user confirms it (25 by default, FineDiving's)
 * before the frames are converted and opened. A modal dialog: focus in the rate field, Enter opens,
 * Esc cancels and leaves the clip on screen as it was.
 */
export function FramesDialog() {
  const pending = useClipStore((s) => s.pendingFrames);
  const dismiss = useClipStore((s) => s.dismissFrames);
  const loadFrames = useClipStore((s) => s.loadFrames);
  const [fps, setFps] = useState(String(DEFAULT_FRAMES_FPS));
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (pending && !element.open) {
      setFps(String(DEFAULT_FRAMES_FPS));
      element.showModal();
    }
    if (!pending && element.open) element.close();
  }, [pending]);
  const rate = Number(fps);
  const valid = Number.isFinite(rate) && rate >= 1 && rate <= 1000;
  const open = () => {
    if (!pending || !valid) return;
    dismiss();
    void loadFrames(pending.files, rate, pending.name);
  };
  return (
    <dialog ref={dialog} className="dialog" aria-label="Frame rate of the frames" data-testid="frames-dialog" onCancel={dismiss} onClose={dismiss}>
      {pending && (
        <form
          className="dialog-content"
          onSubmit={(e) => {
            e.preventDefault();
            open();
          }}
        >
          <h2>Open frames as a clip</h2>
          <p>
            <strong data-testid="frames-count">{pending.files.length}</strong> JPG/PNG frames from “{pending.name}”, in file-name order. A folder of frames
            does not say how fast it was filmed: confirm the frame rate.
          </p>
          <label>
            Frame rate{' '}
            <input type="number" min={1} max={1000} step="any" value={fps} onChange={(e) => setFps(e.target.value)} autoFocus data-testid="frames-fps" aria-invalid={!valid} /> fps
          </label>
          {!valid && <p className="error-text" role="alert">Enter a frame rate between 1 and 1000.</p>}
          <p className="muted small">The frames are encoded once as an MP4 on this device (nothing leaves it), so the player, the skeleton and the score all see the same frames.</p>
          <div className="dialog-actions">
            <button type="submit" disabled={!valid} data-testid="frames-open">Open</button>
            <button type="button" onClick={dismiss}>Cancel</button>
          </div>
        </form>
      )}
    </dialog>
  );
}

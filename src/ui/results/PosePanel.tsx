import { BACKENDS, type BackendId } from '../../pipeline/pose/backends/types.ts';
import { DEFAULT_POSE_BACKEND } from '../../pipeline/pose/defaults.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { usePoseStore } from '../../state/poseStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { otherDiverReason } from '../../pipeline/aqa/judgeable.ts';
import { useSettingsStore } from '../../state/settingsStore.ts';
import { LEVEL_COLOURS } from '../player/drawSkeleton.ts';

function describeGaps(gaps: Array<{ start: number; end: number }>): string {
  return gaps.map((g) => (g.start === g.end ? `${g.start + 1}` : `${g.start + 1}–${g.end + 1}`)).join(', ');
}

/** Finding the diver: progress with Cancel, the result in words, and the pose settings. */
export function PosePanel() {
  const clip = useClipStore((s) => s.clip);
  const { status, progress, sequence, gaps, error, clipUrl, runPose, cancel, otherPeople, follow, picking, setPicking } = usePoseStore();
  const backend = useSettingsStore((s) => s.poseBackend);
  const setBackend = useSettingsStore((s) => s.setPoseBackend);
  const showSkeleton = useSettingsStore((s) => s.showSkeleton);
  const toggleSkeleton = useSettingsStore((s) => s.toggleSkeleton);
  if (!clip) return null;
  const current = clipUrl === clip.url;
  const missing = gaps.reduce((n, g) => n + g.end - g.start + 1, 0);
  const pct = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;

  return (
    <section className="pose-panel" aria-label="Diver pose" data-testid="pose-panel" data-status={current ? status : 'idle'}>
      <h3>Diver pose</h3>
      {current && status === 'running' && progress && (
        <>
          <div className="row">
            <span data-testid="pose-progress-label">{progress.stage}… {progress.done}/{progress.total}</span>
            <button type="button" onClick={cancel} data-testid="pose-cancel">Cancel</button>
          </div>
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
            <span style={{ width: `${pct}%` }} />
          </div>
        </>
      )}
      {current && status === 'done' && sequence && (
        <p data-testid="pose-summary">
          Diver found in {sequence.frameCount - missing} of {sequence.frameCount} frames.
          {gaps.length > 0 && (
            <span className="warning" data-testid="pose-gaps"> No diver in frame{missing > 1 ? 's' : ''} {describeGaps(gaps)}.</span>
          )}
        </p>
      )}
      {current && status === 'done' && !follow && otherDiverReason(otherPeople) && (
        <p className="warning" role="alert" data-testid="pose-others">
          Someone else of the diver's size is in view, so the skeleton may follow the wrong person. Pick the diver to judge: the score waits for it.
        </p>
      )}
      {current && status === 'done' && follow && (
        <p className="muted" data-testid="pose-followed">
          Following the diver you picked.{' '}
          <button type="button" className="link" onClick={() => void runPose(clip, { follow: null })} data-testid="pose-unpick">Let the app choose</button>
        </p>
      )}
      {current && picking && (
        <p className="muted" role="status" data-testid="pose-pick-hint">
          Click the diver to judge on the first frame (Esc to cancel).{' '}
          <button type="button" className="link" onClick={() => setPicking(false)}>Cancel</button>
        </p>
      )}
      {current && status === 'error' && <p className="warning" role="alert" data-testid="pose-error">{error}</p>}
      {current && status === 'cancelled' && <p className="muted">Pose cancelled.</p>}
      {(!current || status !== 'running') && (
        <div className="row">
          <button type="button" onClick={() => void runPose(clip)} data-testid="pose-run">
            {current && status === 'done' ? 'Find the diver again' : 'Find the diver'}
          </button>
          {current && status === 'done' && !picking && (
            <button
              type="button"
              onClick={() => {
                usePlaybackStore.getState().seekFrame(0);
                setPicking(true);
              }}
              data-testid="pose-pick"
              title="Click the diver in the video: the pose stage follows that diver"
            >
              Pick the diver
            </button>
          )}
        </div>
      )}
      <div className="row">
        <label className="overlay-toggle">
          <input type="checkbox" checked={showSkeleton} onChange={toggleSkeleton} data-testid="skeleton-toggle" /> Skeleton (S)
        </label>
        <label className="overlay-toggle">
          Model
          <select value={backend} onChange={(e) => setBackend(e.target.value as BackendId)} data-testid="pose-backend">
            {Object.values(BACKENDS).map((b) => (
              <option key={b.id} value={b.id}>{b.label}{b.id === DEFAULT_POSE_BACKEND ? ' (default)' : ''}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="legend">
        <span><i style={{ background: LEVEL_COLOURS.torso }} />torso</span>
        <span><i style={{ background: LEVEL_COLOURS.inner }} />inner limbs</span>
        <span><i style={{ background: LEVEL_COLOURS.outer }} />outer limbs</span>
      </div>
    </section>
  );
}

import { useEffect, useRef } from 'react';
import { useClipStore } from '../../state/clipStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { useSessionStore } from '../../state/sessionStore.ts';
import { ACCEPTED_VIDEO } from '../header/Header.tsx';
import { openSample, useSamples } from '../samples.ts';
import { PoseOverlay } from './PoseOverlay.tsx';
import { usePoseStore } from '../../state/poseStore.ts';
import { FilePicker } from '../common/FilePicker.tsx';

/** The video with a canvas layer above it (pose overlay and diver box come with the pose stage). */
export function VideoStage() {
  const clip = useClipStore((s) => s.clip);
  const loading = useClipStore((s) => s.loading);
  const converting = useClipStore((s) => s.converting);
  const cancelConversion = useClipStore((s) => s.cancelConversion);
  const attach = usePlaybackStore((s) => s.attach);
  const videoRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !clip) return;
    const { fps, frameCount, startTime } = clip.info;
    return attach(video, { fps, frameCount, startTime });
  }, [clip, attach]);

  const sample = useSamples((s) => s.samples[0]);
  const missing = useSessionStore((s) => s.clipMissing);
  const picking = usePoseStore((s) => s.picking);
  return (
    <div className="video-stage" data-testid="video-stage">
      {clip ? (
        <div className="video-frame" style={{ aspectRatio: `${clip.info.width} / ${clip.info.height}` }}>
          <video ref={videoRef} key={clip.url} src={clip.url} muted playsInline preload="auto" data-testid="video" />
          <PoseOverlay />
          {picking && <PickLayer width={clip.info.width} height={clip.info.height} onPick={(follow) => void usePoseStore.getState().runPose(clip, { follow })} />}
        </div>
      ) : missing ? (
        <div className="empty-stage" data-testid="relink">
          <p className="empty-title">The clip of this saved analysis is not here</p>
          <p>
            Browsers cannot keep a link to a file on your disk, and this one was not stored with the analysis. Its score, stages and pose are all here; to see the
            video, open <strong>{missing.fileName}</strong> ({(missing.bytes / 1e6).toFixed(1)} MB, {missing.frameCount} frames) again.
          </p>
          <FilePicker accept={ACCEPTED_VIDEO} inputTestId="relink-input" buttonTestId="relink-button" onFile={(file) => void useSessionStore.getState().relink(file)}>
            Relink {missing.fileName}…
          </FilePicker>
        </div>
      ) : (
        <div className="empty-stage">
          <p className="empty-title">Drop a dive clip here</p>
          <p>MP4 (H.264), WebM (VP8/VP9), MOV, AV1 or AVI (Motion JPEG), or a folder of JPG/PNG frames — or open one from the header.</p>
          {sample && (
            <button type="button" onClick={() => void openSample(sample)} disabled={loading !== null} data-testid="try-sample">
              Try a sample dive ({sample.title}, simulated)
            </button>
          )}
        </div>
      )}
      {loading && (
        <div className="loading-veil" role="status" data-testid="clip-loading">
          <div className="spinner" aria-hidden />
          {converting ? (
            <span data-testid="clip-converting">
              Converting “{converting.name}” to MP4 on this device
              {converting.total > 0 && <>: frame {converting.done} of {converting.total} <progress max={converting.total} value={converting.done} /></>}
              …{' '}
              <button type="button" onClick={cancelConversion} data-testid="clip-convert-cancel">Cancel</button>
            </span>
          ) : (
            <>Reading “{loading}”…</>
          )}
        </div>
      )}
    </div>
  );
}

/** While the judge picks the diver: a click on the picture gives the point in frame pixels; Esc leaves. */
function PickLayer({ width, height, onPick }: { width: number; height: number; onPick(point: { x: number; y: number }): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      usePoseStore.getState().setPicking(false);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div
      className="pick-layer"
      data-testid="pick-layer"
      role="button"
      aria-label="Click the diver to judge"
      onClick={(e) => {
        const rect = e.currentTarget.getBoundingClientRect();
        onPick({ x: ((e.clientX - rect.left) / rect.width) * width, y: ((e.clientY - rect.top) / rect.height) * height });
      }}
    />
  );
}

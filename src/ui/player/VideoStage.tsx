import { useEffect, useRef } from 'react';
import { useClipStore } from '../../state/clipStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { openSample, useSamples } from '../samples.ts';
import { PoseOverlay } from './PoseOverlay.tsx';

/** The video with a canvas layer above it (pose overlay and diver box come with the pose stage). */
export function VideoStage() {
  const clip = useClipStore((s) => s.clip);
  const loading = useClipStore((s) => s.loading);
  const attach = usePlaybackStore((s) => s.attach);
  const videoRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !clip) return;
    const { fps, frameCount, startTime } = clip.info;
    return attach(video, { fps, frameCount, startTime });
  }, [clip, attach]);

  const sample = useSamples((s) => s.samples[0]);
  return (
    <div className="video-stage" data-testid="video-stage">
      {clip ? (
        <div className="video-frame" style={{ aspectRatio: `${clip.info.width} / ${clip.info.height}` }}>
          <video ref={videoRef} key={clip.url} src={clip.url} muted playsInline preload="auto" data-testid="video" />
          <PoseOverlay />
        </div>
      ) : (
        <div className="empty-stage">
          <p className="empty-title">Drop a dive clip here</p>
          <p>MP4 (H.264), WebM (VP8/VP9), MOV or AV1 — or open one from the header.</p>
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
          Reading “{loading}”…
        </div>
      )}
    </div>
  );
}

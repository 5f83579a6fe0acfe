import { useEffect, useRef } from 'react';
import { frameOf } from '../../pipeline/pose/packed.ts';
import { drawSkeleton } from './drawSkeleton.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { usePoseStore } from '../../state/poseStore.ts';
import { useSettingsStore } from '../../state/settingsStore.ts';

/**
 * Skeleton and diver box drawn over the video for exactly the frame on screen: it redraws when
 * the playback store reports a newly presented frame (requestVideoFrameCallback).
 */
export function PoseOverlay() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const clip = useClipStore((s) => s.clip);
  const frame = usePlaybackStore((s) => s.frame);
  const sequence = usePoseStore((s) => s.sequence);
  const poseClip = usePoseStore((s) => s.clipUrl);
  const show = useSettingsStore((s) => s.showSkeleton);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !clip) return;
    const { width, height } = clip.info;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    canvas.dataset.drawnFrame = '';
    canvas.dataset.drawnJoints = '0';
    if (!show || !sequence || poseClip !== clip.url || frame >= sequence.frameCount) return;

    const pose = frameOf(sequence, frame);
    const unit = Math.max(2, Math.min(width, height) / 160);
    if (pose.box) {
      ctx.setLineDash([6, 4]);
      ctx.strokeStyle = 'rgba(255,255,255,0.7)';
      ctx.lineWidth = unit * 0.6;
      ctx.strokeRect(pose.box.x1, pose.box.y1, pose.box.x2 - pose.box.x1, pose.box.y2 - pose.box.y1);
      ctx.setLineDash([]);
    }
    const drawn = drawSkeleton(ctx, pose.joints, { unit, repaired: pose.repaired });
    canvas.dataset.drawnFrame = String(frame);
    canvas.dataset.drawnJoints = String(drawn);
  }, [clip, frame, sequence, poseClip, show]);

  return <canvas ref={canvasRef} className="overlay" data-testid="pose-overlay" aria-hidden />;
}

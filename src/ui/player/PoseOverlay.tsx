import { useEffect, useRef } from 'react';
import { frameOf } from '../../pipeline/pose/packed.ts';
import { DEFAULT_POSE_STAGE_CONFIG } from '../../pipeline/pose/poseStage.ts';
import { BONES, JOINT_COUNT, JOINT_LEVEL, MPII_JOINTS, type HierarchyLevel } from '../../pipeline/pose/skeleton.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { usePoseStore } from '../../state/poseStore.ts';
import { useSettingsStore } from '../../state/settingsStore.ts';

/** Colours per hierarchy level, as in the paper's Fig. 3: torso, inner limbs, outer limbs. */
export const LEVEL_COLOURS: Record<HierarchyLevel, string> = {
  torso: '#ffd166',
  inner: '#06d6a0',
  outer: '#ef476f',
};

/** The pose stage's own threshold: the overlay shows exactly the joints the benchmark scores. */
const MIN_CONFIDENCE = DEFAULT_POSE_STAGE_CONFIG.minJointConfidence;

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
    const ok = (j: number) => (pose.joints[j * 3 + 2] ?? 0) >= MIN_CONFIDENCE;
    ctx.lineCap = 'round';
    for (const bone of BONES) {
      if (!ok(bone.from) || !ok(bone.to)) continue;
      ctx.strokeStyle = LEVEL_COLOURS[bone.level];
      ctx.lineWidth = unit * 1.4;
      ctx.beginPath();
      ctx.moveTo(pose.joints[bone.from * 3] ?? 0, pose.joints[bone.from * 3 + 1] ?? 0);
      ctx.lineTo(pose.joints[bone.to * 3] ?? 0, pose.joints[bone.to * 3 + 1] ?? 0);
      ctx.stroke();
    }
    let drawn = 0;
    for (let j = 0; j < JOINT_COUNT; j++) {
      if (!ok(j)) continue;
      drawn++;
      const name = MPII_JOINTS[j];
      ctx.beginPath();
      ctx.arc(pose.joints[j * 3] ?? 0, pose.joints[j * 3 + 1] ?? 0, unit * 1.6, 0, Math.PI * 2);
      const colour = LEVEL_COLOURS[name ? JOINT_LEVEL[name] : 'torso'];
      // Interpolated joints are hollow: the judge sees which ones the model did not see.
      if (pose.repaired[j]) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = unit * 0.6;
        ctx.stroke();
      } else {
        ctx.fillStyle = colour;
        ctx.fill();
      }
    }
    canvas.dataset.drawnFrame = String(frame);
    canvas.dataset.drawnJoints = String(drawn);
  }, [clip, frame, sequence, poseClip, show]);

  return <canvas ref={canvasRef} className="overlay" data-testid="pose-overlay" aria-hidden />;
}

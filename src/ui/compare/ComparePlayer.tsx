import { useEffect, useRef } from 'react';
import { STAGE_LABELS, stageOf } from '../../pipeline/analysis/timeWarp.ts';
import { frameCentreTime, frameNumber } from '../../pipeline/video/frameTiming.ts';
import type { CompareSide } from '../../state/compareStore.ts';
import { drawSkeleton } from '../player/drawSkeleton.ts';
import { STAGE_COLOURS } from '../timeline/stageColours.ts';

/** Crop-space poses (−1…1 around the diver) are drawn in a square of this many pixels. */
const CROP_CANVAS = 480;
const CROP_EXTENT = 1.25;

interface ComparePlayerProps {
  side: CompareSide;
  /** The frame this side should show. */
  frame: number;
  testId: string;
  /** Another skeleton drawn over this one (overlay mode), already in this side's units. */
  overlay?: Float32Array | null;
  overlayLabel?: string;
}

function canvasSize(side: CompareSide): { width: number; height: number; scale: number; shiftX: number; shiftY: number } {
  if (side.space === 'crop') return { width: CROP_CANVAS, height: CROP_CANVAS, scale: CROP_CANVAS / (2 * CROP_EXTENT), shiftX: CROP_EXTENT, shiftY: CROP_EXTENT };
  return { width: side.width, height: side.height, scale: 1, shiftX: 0, shiftY: 0 };
}

/**
 * One side of the comparison: the video (paused, moved frame by frame by the shared transport) with
 * its skeleton, or the skeleton alone on a plain ground when there is no video. The root's
 * data-frame and data-stage say what is on screen once the frame is really shown.
 */
export function ComparePlayer({ side, frame, testId, overlay, overlayLabel }: ComparePlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const wanted = useRef(frame);
  const overlayRef = useRef(overlay);
  overlayRef.current = overlay;
  const size = canvasSize(side);

  const draw = (shown: number) => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    if (canvas.width !== size.width || canvas.height !== size.height) {
      canvas.width = size.width;
      canvas.height = size.height;
    }
    ctx.clearRect(0, 0, size.width, size.height);
    if (!side.video) {
      ctx.fillStyle = '#121922';
      ctx.fillRect(0, 0, size.width, size.height);
    }
    const place = (joints: ArrayLike<number>) => {
      const out = new Float32Array(48);
      for (let j = 0; j < 16; j++) {
        out[j * 3] = ((joints[j * 3] ?? 0) + size.shiftX) * size.scale;
        out[j * 3 + 1] = ((joints[j * 3 + 1] ?? 0) + size.shiftY) * size.scale;
        out[j * 3 + 2] = joints[j * 3 + 2] ?? 0;
      }
      return out;
    };
    const unit = Math.max(2, Math.min(size.width, size.height) / 160);
    const f = Math.min(Math.max(0, shown), side.marks.frameCount - 1);
    const joints = side.joints.subarray(f * 48, f * 48 + 48);
    drawSkeleton(ctx, place(joints), { unit, repaired: side.repaired?.subarray(f * 16, f * 16 + 16) ?? null });
    // A skeleton alone with nothing to draw would be a blank square: say why instead.
    if (!side.video && !joints.some((v, k) => k % 3 === 2 && v > 0)) {
      ctx.fillStyle = '#8a96a8';
      ctx.font = `${Math.round(unit * 7)}px sans-serif`;
      ctx.textAlign = 'center';
      ctx.fillText('no pose at this moment', size.width / 2, size.height / 2);
    }
    if (overlayRef.current) drawSkeleton(ctx, place(overlayRef.current), { unit: unit * 0.9, colour: '#ffffff', alpha: 0.75 });
    const root = rootRef.current;
    if (root) {
      root.dataset.frame = String(f);
      root.dataset.stage = STAGE_LABELS[stageOf(f, side.marks)];
    }
  };

  useEffect(() => {
    wanted.current = frame;
    const video = videoRef.current;
    if (!side.video || !video) {
      draw(frame);
      return;
    }
    const target = frameCentreTime({ fps: side.video.fps, frameCount: side.video.frameCount, startTime: side.video.startTime }, frame);
    if (!video.seeking && video.readyState >= 2 && Math.abs(video.currentTime - target) < 1e-4) {
      draw(frame);
      return;
    }
    if (rootRef.current) rootRef.current.dataset.frame = '';
    // A seek in progress finishes first; 'seeked' then moves on to the latest wanted frame.
    if (!video.seeking) video.currentTime = target;
  });

  const onSeeked = () => {
    const video = videoRef.current;
    if (!video || !side.video) return;
    const clock = { fps: side.video.fps, frameCount: side.video.frameCount, startTime: side.video.startTime };
    const target = frameCentreTime(clock, wanted.current);
    if (Math.abs(video.currentTime - target) > 1e-4) {
      video.currentTime = target;
      return;
    }
    draw(wanted.current);
  };

  const stage = STAGE_LABELS[stageOf(Math.min(frame, side.marks.frameCount - 1), side.marks)];
  return (
    <figure className="compare-player" data-testid={testId} ref={rootRef}>
      <div className="compare-picture" style={{ aspectRatio: `${size.width} / ${size.height}` }}>
        {side.video && <video ref={videoRef} src={side.video.url} muted playsInline preload="auto" onSeeked={onSeeked} onLoadedData={onSeeked} />}
        <canvas ref={canvasRef} className="overlay" aria-hidden />
      </div>
      <figcaption>
        <strong>{side.label}</strong>
        <span className="muted small"> {side.detail}</span>
        <br />
        <span className="stage-chip" style={{ background: STAGE_COLOURS[stage] }} data-testid={`${testId}-stage`}>{stage}</span>{' '}
        <span className="muted small">frame {frameNumber(frame)} of {side.marks.frameCount} · {(frame / (side.marks.fps * (side.marks.slower ?? 1))).toFixed(2)} s{(side.marks.slower ?? 1) !== 1 ? ' of the dive' : ''}</span>
        {overlayLabel && <span className="muted small"> · white: {overlayLabel}</span>}
      </figcaption>
    </figure>
  );
}

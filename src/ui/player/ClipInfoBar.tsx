import { CODEC_LABELS } from '../../pipeline/video/clipInfo.ts';
import { formatTime } from '../../pipeline/video/frameTiming.ts';
import { useClipStore } from '../../state/clipStore.ts';

function formatFps(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(3);
}

export function ClipInfoBar() {
  const clip = useClipStore((s) => s.clip);
  if (!clip) return null;
  const { info } = clip;
  return (
    <dl className="clip-info" data-testid="clip-info">
      <div><dt>Clip</dt><dd data-testid="clip-name" title={info.name}>{info.name}</dd></div>
      <div><dt>Size</dt><dd data-testid="clip-resolution">{info.width}×{info.height}</dd></div>
      <div><dt>Rate</dt><dd data-testid="clip-fps">{formatFps(info.fps)} fps</dd></div>
      <div><dt>Frames</dt><dd data-testid="clip-frames">{info.frameCount}</dd></div>
      <div><dt>Duration</dt><dd data-testid="clip-duration">{formatTime(info.durationSeconds)}</dd></div>
      <div><dt>Codec</dt><dd>{CODEC_LABELS[info.codec]} · {info.container}</dd></div>
      {clip.convertedFrom && <div><dt>From</dt><dd data-testid="clip-converted-from" title="Converted to MP4 on this device when opened">{clip.convertedFrom}</dd></div>}
    </dl>
  );
}

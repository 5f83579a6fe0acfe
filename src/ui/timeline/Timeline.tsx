import { useAnalysisStore } from '../../state/analysisStore.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { StageBar } from './StageBar.tsx';
import { shotsOf } from '../../pipeline/video/shots.ts';
import { frameNumber } from '../../pipeline/video/frameTiming.ts';

const NO_CUTS: number[] = [];

/** Scrub bar over frames, the cuts between shots, and the stage segments (take-off / flight / entry) once the dive is encoded. */
export function Timeline() {
  const clip = useClipStore((s) => s.clip);
  const frame = usePlaybackStore((s) => s.frame);
  const seekFrame = usePlaybackStore((s) => s.seekFrame);
  const cuts = useAnalysisStore((s) => s.encoded?.cuts ?? NO_CUTS);
  const frameCount = clip?.info.frameCount ?? 0;
  const shots = shotsOf(frameCount, cuts);
  const position = frameCount > 1 ? (frame / (frameCount - 1)) * 100 : 0;
  const ticks = frameCount > 0 ? Math.min(frameCount, 50) : 0;

  return (
    <>
    <div className="timeline" data-testid="timeline">
      <div className="timeline-track" aria-hidden>
        {Array.from({ length: ticks }, (_, i) => (
          <span key={i} className="tick" style={{ left: `${(i / Math.max(1, ticks - 1)) * 100}%` }} />
        ))}
        {frameCount > 1 &&
          cuts
            .filter((cut) => cut < frameCount)
            .map((cut) => <span key={cut} className="shot-cut" data-testid="shot-cut" data-frame={cut} title={`Change of shot at frame ${cut}: a cut or a dissolve to another camera`} style={{ left: `${(cut / (frameCount - 1)) * 100}%` }} />)}
        <span className="playhead" style={{ left: `${position}%` }} />
      </div>
      <input
        type="range"
        className="scrubber"
        min={0}
        max={Math.max(0, frameCount - 1)}
        step={1}
        value={frame}
        disabled={!clip}
        aria-label="Scrub frames"
        data-testid="scrubber"
        onChange={(e) => seekFrame(Number(e.target.value))}
      />
    </div>
    <StageBar frameCount={frameCount} />
    {cuts.length > 0 && frameCount > 0 && (
      <p className="muted shot-note" data-testid="shot-note">
        {shots.length} shots (the clip changes camera): {shots.map((s) => `frames ${frameNumber(s.start)}–${frameNumber(s.end)}`).join(' · ')}
      </p>
    )}
    </>
  );
}

import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { stageSegments } from '../../pipeline/aqa/analysis.ts';
import type { FrameTransitions } from '../../pipeline/aqa/stages.ts';
import { replayDescription } from '../../pipeline/aqa/replays.ts';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { usePackStore } from '../../state/packStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { STAGE_COLOURS } from './stageColours.ts';

type Handle = 'takeOffEnd' | 'entryStart';

const DEFAULT_STAGES = ['take-off', 'flight', 'entry'];

/**
 * Take-off / flight / entry as coloured segments under the scrub bar. Click a stage to jump to
 * its first frame; drag a transition (or focus it and use ←/→) to correct it — the comparison
 * reruns on release, and Ctrl+Z undoes the edit.
 */
export function StageBar({ frameCount }: { frameCount: number }) {
  const transitions = useAnalysisStore((s) => s.transitions);
  const modelTransitions = useAnalysisStore((s) => s.modelTransitions);
  const canUndo = useAnalysisStore((s) => s.undoStack.length > 0);
  const editNote = useAnalysisStore((s) => s.editNote);
  const startsInFlight = useAnalysisStore((s) => s.encoded?.startsInFlight ?? false);
  const replay = useAnalysisStore((s) => s.encoded?.replay ?? null);
  const { previewTransitions, commitTransitions, resetTransitions, undo } = useAnalysisStore();
  const stageNames = usePackStore((s) => s.active?.manifest.model.stages ?? DEFAULT_STAGES);
  const seekFrame = usePlaybackStore((s) => s.seekFrame);
  const bar = useRef<HTMLDivElement>(null);
  const [dragStart, setDragStart] = useState<FrameTransitions | null>(null);
  if (!transitions || frameCount < 3) return null;

  const percent = (frame: number) => (frame / Math.max(1, frameCount - 1)) * 100;
  // Frame i sits at percent(i), as on the seek track above; a stage spans its frames to the
  // boundaries halfway to the next (where the handles sit), held inside the bar.
  const edge = (frame: number) => Math.min(100, Math.max(0, percent(frame)));
  // The stages end where a slow-motion replay the analysis left out begins.
  const replayShown = replay && replay.start < frameCount ? replay : null;
  const segments = stageSegments(transitions, replayShown ? replayShown.start : frameCount, stageNames);
  const edited = !!modelTransitions && (modelTransitions.takeOffEnd !== transitions.takeOffEnd || modelTransitions.entryStart !== transitions.entryStart);

  const frameAt = (clientX: number): number => {
    const rect = bar.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return 0;
    return Math.round(((clientX - rect.left) / rect.width) * (frameCount - 1));
  };
  const moved = (handle: Handle, frame: number): FrameTransitions =>
    // takeOffEnd is the last take-off frame: the handle sits after it, so it moves with the frame before.
    handle === 'takeOffEnd' ? { ...transitions, takeOffEnd: frame - 1 } : { ...transitions, entryStart: frame };
  const handleFrame = (handle: Handle) => (handle === 'takeOffEnd' ? transitions.takeOffEnd + 1 : transitions.entryStart);

  const onPointerDown = () => (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    setDragStart(transitions);
  };
  const onPointerMove = (handle: Handle) => (e: PointerEvent<HTMLDivElement>) => {
    if (!dragStart) return;
    previewTransitions(moved(handle, frameAt(e.clientX)));
  };
  const onPointerUp = (handle: Handle) => (e: PointerEvent<HTMLDivElement>) => {
    if (!dragStart) return;
    const before = dragStart;
    setDragStart(null);
    commitTransitions(moved(handle, frameAt(e.clientX)), before);
  };
  const onKeyDown = (handle: Handle) => (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 5 : 1;
    const delta = e.key === 'ArrowLeft' ? -step : e.key === 'ArrowRight' ? step : 0;
    if (delta === 0) return;
    e.preventDefault();
    e.stopPropagation(); // not a frame step
    commitTransitions(moved(handle, handleFrame(handle) + delta));
  };

  return (
    <div className="stage-row">
      <div className="stage-bar" ref={bar} data-testid="stage-bar" data-edited={edited ? 'true' : 'false'}>
        {segments.map((segment) => (
          <button
            type="button"
            key={segment.stage}
            className="stage-segment"
            data-testid={`stage-${segment.stage}`}
            data-start={segment.start}
            data-end={segment.end}
            style={{ left: `${edge(segment.start - 0.5)}%`, width: `${Math.max(0, edge(segment.end + 0.5) - edge(segment.start - 0.5))}%`, background: STAGE_COLOURS[segment.stage] ?? '#888' }}
            data-not-in-clip={startsInFlight && segment.stage === stageNames[0] ? 'true' : undefined}
            title={`${segment.stage}: frames ${segment.start + 1}–${segment.end + 1}${startsInFlight && segment.stage === stageNames[0] ? ' — the clip starts in the air, so these are frames of the flight' : ''} (click to jump there)`}
            onClick={() => seekFrame(segment.start)}
          >
            {segment.stage}
            {startsInFlight && segment.stage === stageNames[0] ? ' (not in the clip)' : ''}
          </button>
        ))}
        {replayShown && (
          <button
            type="button"
            className="stage-segment stage-replay"
            data-testid="stage-replay"
            data-start={replayShown.start}
            data-end={frameCount - 1}
            style={{ left: `${edge(replayShown.start - 0.5)}%`, width: `${Math.max(0, 100 - edge(replayShown.start - 0.5))}%` }}
            title={`Frames ${replayShown.start + 1}–${frameCount}: ${replayDescription(replayShown)}, left out of the analysis (click to jump there)`}
            onClick={() => seekFrame(replayShown.start)}
          >
            {replayShown.view === 'underwater' ? 'under water (left out)' : 'replay (left out)'}
          </button>
        )}
        {(['takeOffEnd', 'entryStart'] as const).map((handle) => (
          <div
            key={handle}
            className={`stage-handle${dragStart ? ' dragging' : ''}`}
            role="slider"
            tabIndex={0}
            aria-label={handle === 'takeOffEnd' ? 'Take-off → flight transition' : 'Flight → entry transition'}
            aria-valuemin={1}
            aria-valuemax={frameCount}
            aria-valuenow={handleFrame(handle) + 1}
            data-testid={`handle-${handle}`}
            data-frame={handleFrame(handle)}
            style={{ left: `${percent(handleFrame(handle) - 0.5)}%` }}
            onPointerDown={onPointerDown()}
            onPointerMove={onPointerMove(handle)}
            onPointerUp={onPointerUp(handle)}
            onKeyDown={onKeyDown(handle)}
          />
        ))}
      </div>
      <div className="stage-actions">
        <span className="muted small" data-testid="stage-transitions">
          Flight from frame {transitions.takeOffEnd + 2}, entry from frame {transitions.entryStart + 1}
          {edited ? ' (edited)' : ' (model)'}
        </span>
        {canUndo && <button type="button" className="link" onClick={undo} data-testid="stage-undo" title="Undo (Ctrl+Z)">Undo</button>}
        {edited && <button type="button" className="link" onClick={resetTransitions} data-testid="stage-reset">Use the model's stages</button>}
      </div>
      {startsInFlight && (
        <p className="muted small" data-testid="stage-start-note">
          The clip starts in the air: its {stageNames[0] ?? 'take-off'} is not in the clip. The score rests on the {stageNames.slice(1).join(' and ')}.
        </p>
      )}
      {replayShown && (
        <p className="muted small" data-testid="stage-replay-note">
          Frames {replayShown.start + 1}–{frameCount} are {replayDescription(replayShown)}: the stages, the score and the checklist come from the frames before it.
        </p>
      )}
      {editNote && (
        <p className="muted small" role="status" data-testid="stage-edit-note">
          {editNote}
        </p>
      )}
    </div>
  );
}

import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_MIN_CONFIDENCE, kinematicsFigures } from '../../pipeline/analysis/kinematics.ts';
import { compareLength, framesAt, overlayJoints, torsoLength } from '../../pipeline/analysis/timeWarp.ts';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { querySide, sourceKey, useCompareStore, type CompareSourceRef } from '../../state/compareStore.ts';
import { useLibraryStore } from '../../state/libraryStore.ts';
import { usePackStore } from '../../state/packStore.ts';
import { usePoseStore } from '../../state/poseStore.ts';
import { useSessionStore } from '../../state/sessionStore.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { KinematicsChart, KinematicsFigures } from '../results/KinematicsChart.tsx';
import { ComparePlayer } from './ComparePlayer.tsx';

const RATES = [0.1, 0.25, 0.5, 1];

function parseSource(value: string): CompareSourceRef | null {
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  if (kind === 'bank') return { kind: 'bank', index: Number(id) };
  if (kind === 'saved' || kind === 'library') return { kind, id };
  return null;
}

/**
 * The query and an exemplar in two players under one transport, stage-aligned or in real time,
 * side by side (left/right or top/bottom) or as one picture with the exemplar's skeleton over the
 * query's; their joint angles over time below.
 */
export function CompareView() {
  // Everything but the transport position: the clock moves that 60 times a second while playing,
  // and only the players and the scrubber (CompareStage) need to follow it.
  const { exemplar, mode, view, layout, playing, rate, source, loading, error } = useCompareStore(
    useShallow((s) => ({ exemplar: s.exemplar, mode: s.mode, view: s.view, layout: s.layout, playing: s.playing, rate: s.rate, source: s.source, loading: s.loading, error: s.error })),
  );
  const state = useCompareStore.getState();
  const clip = useClipStore((s) => s.clip);
  const pose = usePoseStore((s) => s.sequence);
  const transitions = useAnalysisStore((s) => s.transitions);
  const voted = useAnalysisStore((s) => s.score?.exemplars ?? null);
  const pack = usePackStore((s) => s.active);
  const listings = useSessionStore((s) => s.listings);
  const currentSaved = useSessionStore((s) => s.current?.id ?? null);
  const library = useLibraryStore((s) => s.entries);
  // querySide() reads the clip, pose and stages: the selectors above say when to read it again.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the dependencies are the triggers, not inputs
  const query = useMemo(() => querySide(), [clip, pose, transitions]);
  const length = query && exemplar ? compareLength(mode, query.marks, exemplar.marks) : 1;

  // The transport clock: real time × rate, in query frames.
  useEffect(() => {
    if (!playing || !query) return;
    let last = performance.now();
    let id = requestAnimationFrame(function tick(now) {
      const s = useCompareStore.getState();
      const next = s.position + ((now - last) / 1000) * query.marks.fps * s.rate;
      last = now;
      if (next >= length - 1) {
        s.setPosition(length - 1);
        useCompareStore.setState({ playing: false });
        return;
      }
      s.setPosition(next);
      id = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(id);
  }, [playing, query, length]);

  const scale = useMemo(() => {
    if (!query || !exemplar) return Number.NaN;
    return torsoLength(query.joints, query.marks.frameCount, DEFAULT_MIN_CONFIDENCE) / torsoLength(exemplar.joints, exemplar.marks.frameCount, DEFAULT_MIN_CONFIDENCE);
  }, [query, exemplar]);
  const queryTakeOff = useAnalysisStore((s) => s.encoded?.takeOff ?? null);
  const queryFigures = useMemo(() => (query ? kinematicsFigures(query.series, query.marks, { takeOff: queryTakeOff }) : null), [query, queryTakeOff]);
  const exemplarFigures = useMemo(() => (exemplar ? kinematicsFigures(exemplar.series, exemplar.marks) : null), [exemplar]);

  const packOptions = useMemo(() => {
    if (!pack) return [];
    const chosen = new Set(voted ?? []);
    const diveNumber = useAnalysisStore.getState().summary?.votes[0]?.diveNumber;
    return pack.exemplars
      .map((e, index) => ({ e, index }))
      .filter(({ e, index }) => chosen.has(index) || e.diveNumber === diveNumber)
      .sort((a, b) => Number(chosen.has(b.index)) - Number(chosen.has(a.index)) || b.e.officialScore - a.e.officialScore)
      .slice(0, 60);
  }, [pack, voted]);

  if (!query) {
    return (
      <section className="compare-view" data-testid="compare-view" aria-label="Compare">
        <p>Analyse the dive first: the comparison needs its pose and stages.</p>
        <button type="button" onClick={state.close}>Close</button>
      </section>
    );
  }

  return (
    <section className="compare-view" data-testid="compare-view" aria-label="Compare" data-mode={mode} data-view={view} data-layout={layout}>
      <div className="compare-head row">
        <h2>Compare</h2>
        <label className="field compare-source">
          Exemplar
          <select value={source ? sourceKey(source) : ''} onChange={(e) => { const ref = parseSource(e.target.value); if (ref) void state.choose(ref); }} data-testid="compare-source">
            <option value="" disabled>Choose an exemplar…</option>
            {listings.filter((l) => l.id !== currentSaved).length > 0 && (
              <optgroup label="Saved analyses">
                {listings.filter((l) => l.id !== currentSaved).map((l) => (
                  <option key={l.id} value={`saved:${l.id}`}>{l.fileName} · {l.diveCode} {l.height} · {l.predictedScore?.toFixed(2) ?? '—'}</option>
                ))}
              </optgroup>
            )}
            {library.length > 0 && (
              <optgroup label="Your library">
                {library.map((e) => (
                  <option key={e.id} value={`library:${e.id}`}>{e.clip.fileName} · {e.record.diveNumber} {e.record.height} m · {e.record.officialScore.toFixed(2)}</option>
                ))}
              </optgroup>
            )}
            {packOptions.length > 0 && (
              <optgroup label={pack?.exemplarSkeletons ? 'Pack exemplars (skeleton only)' : 'Pack exemplars (this pack carries no skeletons to show)'} data-testid="compare-pack-exemplars">
                {packOptions.map(({ e, index }) => (
                  <option key={e.id} value={`bank:${index}`} disabled={!pack?.exemplarSkeletons}>{e.diveNumber} {e.height} m · {e.officialScore.toFixed(2)}{voted?.includes(index) ? ' · voted' : ''}</option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <button type="button" onClick={state.close} data-testid="compare-close" title="Back to the player (Esc)">Close</button>
      </div>
      <div className="compare-controls row">
        <button type="button" className="primary" onClick={state.togglePlay} disabled={!exemplar} data-testid="compare-play">{playing ? 'Pause' : 'Play'}</button>
        <button type="button" onClick={() => state.step(-1)} disabled={!exemplar} aria-label="Previous frame" data-testid="compare-back">◀︎</button>
        <button type="button" onClick={() => state.step(1)} disabled={!exemplar} aria-label="Next frame" data-testid="compare-forward">▶︎</button>
        <CompareScrubber length={length} disabled={!exemplar} />
        <label className="check">
          Speed
          <select value={rate} onChange={(e) => state.setRate(Number(e.target.value))} data-testid="compare-rate">
            {RATES.map((r) => <option key={r} value={r}>{r}×</option>)}
          </select>
        </label>
        <label className="check" title="Stretch each exemplar stage onto the query's (T)">
          <input type="checkbox" checked={mode === 'aligned'} onChange={(e) => state.setMode(e.target.checked ? 'aligned' : 'plain')} data-testid="compare-aligned" />
          Stage-aligned
        </label>
        <label className="check" title="Exemplar skeleton over the query, at the pelvis (O)">
          <input type="checkbox" checked={view === 'overlay'} onChange={(e) => state.setView(e.target.checked ? 'overlay' : 'side-by-side')} data-testid="compare-overlay" />
          Overlay
        </label>
        <label className="check" title="Left/right or top/bottom (L)">
          <select value={layout} onChange={(e) => state.setLayout(e.target.value as typeof layout)} disabled={view === 'overlay'} data-testid="compare-layout">
            <option value="left-right">Left / right</option>
            <option value="top-bottom">Top / bottom</option>
          </select>
        </label>
      </div>
      <p className="muted small">{mode === 'aligned' ? 'Stage-aligned: each exemplar stage is stretched or squeezed so take-off, flight and entry start together.' : 'Real time: both clips from their first frame; the stages drift apart when their lengths differ.'} Keys: Space play/pause · ←/→ frame · T stage-aligned · O overlay · L layout · Esc close.</p>
      {loading && <p className="muted" role="status">Loading the exemplar…</p>}
      {error && <p className="warning" role="alert" data-testid="compare-error">{error}</p>}
      {exemplar && (
        <>
          <CompareStage query={query} exemplar={exemplar} scale={scale} />
          <div className="compare-kinematics">
            <KinematicsChart query={query.series} queryTransitions={query.marks} exemplar={exemplar.series} exemplarTransitions={exemplar.marks} exemplarLabel={exemplar.label} height={200} />
            {queryFigures && <KinematicsFigures query={queryFigures} exemplar={exemplarFigures} exemplarLabel={exemplar.label} caption="Both dives read alike, from their skeletons alone: the execution checklist reads this dive's entry angle and distance from the board its own way (at water contact, the body's outline included)." />}
          </div>
        </>
      )}
      {!exemplar && !loading && !error && <p className="muted">Choose an exemplar to compare with.</p>}
    </section>
  );
}

/** The transport's slider: follows the shown frame, not every tick of the clock. */
function CompareScrubber({ length, disabled }: { length: number; disabled: boolean }) {
  const shown = useCompareStore((s) => Math.round(s.position));
  return (
    <input
      type="range"
      min={0}
      max={Math.max(0, length - 1)}
      step={1}
      value={shown}
      onChange={(e) => {
        useCompareStore.setState({ playing: false });
        useCompareStore.getState().setPosition(Number(e.target.value));
      }}
      disabled={disabled}
      aria-label="Position"
      className="compare-scrubber"
      data-testid="compare-scrubber"
    />
  );
}

type Side = NonNullable<ReturnType<typeof querySide>>;

/**
 * The two players (or one with the overlay): re-rendered when the frame shown changes, which is
 * what framesAt reads of the position (it rounds it), not on every tick of the clock.
 */
function CompareStage({ query, exemplar, scale }: { query: Side; exemplar: NonNullable<ReturnType<typeof useCompareStore.getState>['exemplar']>; scale: number }) {
  const shown = useCompareStore((s) => Math.round(s.position));
  const { mode, view, layout } = useCompareStore(useShallow((s) => ({ mode: s.mode, view: s.view, layout: s.layout })));
  const frames = framesAt(shown, mode, query.marks, exemplar.marks);
  const overlay = view === 'overlay'
    ? overlayJoints(exemplar.joints.subarray(frames.exemplar * 48, frames.exemplar * 48 + 48), query.joints.subarray(frames.query * 48, frames.query * 48 + 48), scale, DEFAULT_MIN_CONFIDENCE)
    : null;
  return (
    <>
      <div className={`compare-players ${view === 'overlay' ? 'single' : layout}`}>
        <ComparePlayer side={query} frame={frames.query} testId="compare-query" overlay={overlay} overlayLabel={view === 'overlay' ? exemplar.label : undefined} />
        {view === 'side-by-side' && <ComparePlayer side={exemplar} frame={frames.exemplar} testId="compare-exemplar" />}
      </div>
      {view === 'overlay' && !overlay && <p className="muted small" data-testid="overlay-missing">No overlay at this frame: one of the pelvises is not seen.</p>}
    </>
  );
}

/** The comparison's keys, for the help dialog. */
export const COMPARE_SHORTCUTS: ReadonlyArray<{ keys: string; description: string }> = [
  { keys: 'Space', description: 'Play / pause both' },
  { keys: '← / →', description: 'Previous / next frame (Shift: 10)' },
  { keys: 'Home', description: 'Back to the start' },
  { keys: 'T', description: 'Stage-aligned on / off' },
  { keys: 'O', description: 'Overlay on / off' },
  { keys: 'L', description: 'Left/right or top/bottom' },
  { keys: 'Esc', description: 'Close the comparison' },
];

/** Keys while the comparison is open; true when the key was for it. */
export function handleCompareKey(event: KeyboardEvent): boolean {
  const s = useCompareStore.getState();
  if (!s.open) return false;
  const key = event.key;
  if (key === 'Escape') s.close();
  else if (key === ' ') s.togglePlay();
  else if (key === 'ArrowLeft') s.step(event.shiftKey ? -10 : -1);
  else if (key === 'ArrowRight') s.step(event.shiftKey ? 10 : 1);
  else if (key === 'Home') s.setPosition(0);
  else if (key === 't' || key === 'T') s.setMode(s.mode === 'aligned' ? 'plain' : 'aligned');
  else if (key === 'o' || key === 'O') s.setView(s.view === 'overlay' ? 'side-by-side' : 'overlay');
  else if (key === 'l' || key === 'L') s.setLayout(s.layout === 'left-right' ? 'top-bottom' : 'left-right');
  else return false;
  event.preventDefault();
  return true;
}

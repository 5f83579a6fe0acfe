import { useAnalysisStore } from '../../state/analysisStore.ts';
import { useDiveStore } from '../../state/diveStore.ts';
import { CUT_AT_ENTRY, VIEW_ENDS_BEFORE_SPLASH } from '../../pipeline/video/shots.ts';
import { scorePartsText, stageSplitsText } from '../../pipeline/aqa/analysis.ts';

/** The predicted score as a judge reads it: points, award equivalent and band, uncertainty, splash. */
/**
 * What the pack's splash estimate is. Measured 2026-12-06 on 50 simulated test dives (seed 2026,
 * the app's code in Node over the app's Chromium poses, scratch): it ranks the simulator's splash
 * at 0.721, the measured splash at 0.722, but 56 % of its estimates are exactly 0.
 */
const PACK_SPLASH_NOTE = "The pack's own estimate, voted from its exemplars' splashes (0 = none). It ranks splashes about as well as the measurement does on simulated dives, but on its own scale, which puts about half of them at 0; the execution checklist and the score read the measured splash.";

export function ScorePanel() {
  const summary = useAnalysisStore((s) => s.summary);
  const label = useAnalysisStore((s) => s.scoreLabel);
  const voteCount = useAnalysisStore((s) => s.score?.exemplars.length ?? 0);
  const dive = useDiveStore((s) => s.dive);
  const measured = useAnalysisStore((s) => s.encoded?.splash ?? null);
  const importedFrom = useAnalysisStore((s) => s.importedFrom);
  if (!summary) return null;
  const parts = scorePartsText(summary);
  const splits = stageSplitsText(summary);
  return (
    <div className="score-panel" data-testid="score-panel">
      <div className="score-main">
        <span className="score-value" data-testid="predicted-score" data-value={summary.predictedScore.toFixed(6)}>{summary.predictedScore.toFixed(2)}</span>
        <span className="score-unit">points</span>
        <span className="score-uncertainty" data-testid="score-uncertainty" title={`± one standard deviation of the ${voteCount} exemplar votes`}>
          ± {summary.uncertainty.toFixed(2)}
        </span>
      </div>
      {importedFrom && (
        <p className="warning small" data-testid="score-imported">
          Imported from {importedFrom}, not recomputed on this device. Analyze the clip to score it here.
        </p>
      )}
      {summary.unboundedScore != null && (
        <p className="warning small" data-testid="score-bounded">
          The exemplar votes came to {summary.unboundedScore.toFixed(2)} points, which no panel can give at DD {summary.dd.toFixed(1)} (0 to {(30 * summary.dd).toFixed(2)}): the score is held at the limit, and this dive is likely outside what the model knows.
        </p>
      )}
      {summary.confidenceReasons && summary.confidenceReasons.length > 0 && (
        <div className="warning small" data-testid="confidence-reasons">
          Less certain than the votes alone say (the band is widened), because:
          <ul>
            {summary.confidenceReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      {parts && (
        <p className="small" data-testid="score-parts">
          {parts}
        </p>
      )}
      {splits && (
        <p className="small muted" data-testid="score-stage-splits">
          {splits}
        </p>
      )}
      <p className="score-range muted" data-testid="score-range">
        Likely between {summary.low.toFixed(2)} and {summary.high.toFixed(2)} ({voteCount} exemplar {voteCount === 1 ? 'vote' : 'votes'})
      </p>
      <dl className="score-facts">
        <div>
          <dt>Award equivalent</dt>
          <dd data-testid="award-equivalent">{summary.awardEquivalent.toFixed(1)} <span className="muted">({summary.awardExact.toFixed(2)} × 3 judges × DD {summary.dd.toFixed(1)})</span></dd>
        </div>
        <div>
          <dt>Band</dt>
          <dd data-testid="award-band">{summary.band}</dd>
        </div>
        <div>
          <dt>Splash</dt>
          <dd>
            {/* The measured splash first: the checklist and the score's other half read it. The
                pack's own estimate is on its exemplars' scale, which puts many dives at 0. */}
            {measured && (
              <span
                data-testid="splash-measured"
                title={measured.reason === CUT_AT_ENTRY ? 'the clip cuts or dissolves to another camera at the entry, so there is no view of the splash to measure' : measured.reason === VIEW_ENDS_BEFORE_SPLASH ? 'the view of the entry ends before the splash settles, so part of it would read as a small splash' : measured.reason ? `measurement: ${measured.reason}` : 'white-water area over time, from the pixels after entry'}
              >
                {measured.reason === CUT_AT_ENTRY ? 'not measurable: the clip changes camera at the entry' : measured.reason === VIEW_ENDS_BEFORE_SPLASH ? 'not measurable: the view ends before the splash settles' : `measured ${measured.score.toFixed(1)} / 10${measured.confidence < 0.5 ? ' (unreliable)' : ''}`}
              </span>
            )}
            <span className="muted" data-testid="splash-estimate" title={PACK_SPLASH_NOTE}>
              {measured ? ' · ' : ''}the pack's estimate {summary.splashEstimate.toFixed(1)}
            </span>
          </dd>
        </div>
        <div>
          <dt>Dive</dt>
          <dd>{dive.code} {dive.height}{dive.name ? ` · ${dive.name}` : ''}</dd>
        </div>
      </dl>
      {label && <p className="model-label" data-testid="score-label">Model {label}.</p>}
    </div>
  );
}

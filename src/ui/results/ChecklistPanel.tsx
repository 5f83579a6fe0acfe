import { EXECUTION_RULES, awardBand, type ExecutionStage } from '../../domain/index.ts';
import { assumedDeductionText, awardFromFaultsWords, awardsDisagree, formatExecutionValue, type ExecutionItem } from '../../pipeline/analysis/execution.ts';
import { modelAwardOf } from '../../pipeline/aqa/analysis.ts';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { usePlaybackStore } from '../../state/playbackStore.ts';
import { useChecklist } from './useChecklist.ts';
import { useSettingsStore } from '../../state/settingsStore.ts';
import { frameNumber } from '../../pipeline/video/frameTiming.ts';

const STAGE_NAMES: Record<ExecutionStage, string> = { takeOff: 'Take-off', flight: 'Flight', entry: 'Entry' };

/** Jumps the player to the frame an item was measured on, with the skeleton shown. */
function showItem(item: ExecutionItem): void {
  const frame = item.frames[0];
  if (frame === undefined) return;
  if (!useSettingsStore.getState().showSkeleton) useSettingsStore.getState().toggleSkeleton();
  usePlaybackStore.getState().seekFrame(frame);
}

/** "0", "−0.8", "(−0.8)" for a deduction shown but not counted, or "−0.47 typical" for one taken in place of a reading. */
function deductionText(item: ExecutionItem): string {
  if (item.assumed !== null) return assumedDeductionText(item.assumed);
  if (item.deduction === null) return '—';
  const text = item.deduction === 0 ? '0' : `−${item.deduction.toFixed(1)}`;
  return item.reliable ? text : `(${text})`;
}

function ItemRow({ item }: { item: ExecutionItem }) {
  const rule = EXECUTION_RULES[item.id];
  const frame = item.frames[0];
  // Reliable items keep their note in the tooltip; the reason is shown where an item is not counted.
  const shownNote = item.reliable ? null : item.value === null ? item.note : `Not counted: ${item.note ?? 'unreliable'}`;
  const tooltip = [item.reliable ? item.note : null, `Rule: ${rule.rule}`, `Convention: ${rule.convention}`].filter(Boolean).join('\n');
  return (
    <tr className={item.reliable ? undefined : 'muted'} data-testid={`checklist-item-${item.id}`} data-reliable={item.reliable ? 'true' : 'false'} title={tooltip}>
      <td>
        {frame !== undefined ? (
          <button type="button" className="link-button" onClick={() => showItem(item)} data-testid={`checklist-jump-${item.id}`} title={`Show frame ${frameNumber(frame)} with the skeleton`}>
            {item.label}
          </button>
        ) : (
          item.label
        )}
        {item.band && item.deduction !== 0 ? <div className="small checklist-band">{item.band}</div> : null}
        {shownNote ? <div className="small checklist-note" title={shownNote}>{shownNote}</div> : null}
        {item.assumed !== null ? (
          <div className="small checklist-note" data-testid={`checklist-assumed-${item.id}`}>
            Counted at its typical deduction, −{item.assumed.toFixed(2)}: the checklist’s mean for this item on simulated training dives where it could read it.
          </div>
        ) : null}
        {item.refereeCall ? <div className="small warning" data-testid={`checklist-referee-${item.id}`}>Referee: {item.refereeCall}</div> : null}
      </td>
      <td data-testid={`checklist-value-${item.id}`}>{formatExecutionValue(item)}</td>
      <td data-testid={`checklist-deduction-${item.id}`}>{deductionText(item)}</td>
    </tr>
  );
}

/**
 * What a judge would deduct for, measured: per stage, each item's value with its unit, the frame
 * it was read on (click to see it), its reliability and the deduction band the rules' convention
 * gives; the award from the measured faults beside the model's.
 */
export function ChecklistPanel() {
  const modelAward = useAnalysisStore((s) => (s.summary ? modelAwardOf(s.summary) : null));
  const checklist = useChecklist();
  if (!checklist) return null;
  const applying = checklist.items.filter((i) => i.applies);
  const notJudged = checklist.items.filter((i) => !i.applies);
  const disagree = awardsDisagree(modelAward, checklist.award);
  return (
    <details className="checklist-panel" data-testid="checklist-panel" open>
      <summary>Execution checklist</summary>
      <dl className="checklist-awards">
        <dt>Award from measured faults</dt>
        <dd data-testid="checklist-award" title={`${awardFromFaultsWords(checklist)}, to the nearest half point (${checklist.expectedAward.toFixed(2)} unrounded, which the score takes)`}>
          {checklist.award.toFixed(1)} <span className="muted">{awardBand(checklist.award)}</span>
        </dd>
        {modelAward !== null && (
          <>
            <dt>Model’s award</dt>
            <dd data-testid="checklist-model-award">{modelAward.toFixed(1)}</dd>
          </>
        )}
      </dl>
      <p className="muted small" data-testid="checklist-allowance">
        Includes −{String(checklist.allowance)} for what one camera’s pose cannot show (arms and hands, pointed feet, the head), which a panel deducts for too; its size was fitted on simulated judges.
      </p>
      {disagree && modelAward !== null && (
        <p className="warning small" data-testid="checklist-disagree">
          The model and the measured faults differ by {Math.abs(modelAward - checklist.award).toFixed(1)} award points: the model compares the whole dive with scored exemplars, the checklist only counts what it can measure. Look at the items below, and at the clip.
        </p>
      )}
      <table className="kinematics-table checklist-table" data-testid="checklist-table">
        <thead>
          <tr>
            <th>Item</th>
            <th>Measured</th>
            <th title="Award points a judge would deduct">Points</th>
          </tr>
        </thead>
        {(['takeOff', 'flight', 'entry'] as const).map((stage) => (
          <tbody key={stage} data-testid={`checklist-stage-${stage}`}>
            <tr className="checklist-stage">
              <th colSpan={3}>{STAGE_NAMES[stage]}</th>
            </tr>
            {applying.filter((i) => i.stage === stage).map((item) => (
              <ItemRow key={item.id} item={item} />
            ))}
          </tbody>
        ))}
      </table>
      {notJudged.length > 0 && (
        <p className="muted small" data-testid="checklist-not-judged">
          Not judged on this dive: {notJudged.map((i) => i.label.toLowerCase()).join(', ')}.
        </p>
      )}
      <p className="muted small">
        Award from faults: 10 − the deductions of the items measured reliably − the typical deduction of each item the clip does not let it read (marked “typical”); other greyed items are shown but not counted (the reason is under each). Deduction bands are judging convention written down from the rules (hover an item for its rule; click it to see its frame). Checked against the simulator’s true faults on rendered dives; not yet validated on real dives.
      </p>
    </details>
  );
}

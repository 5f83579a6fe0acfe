import { useState } from 'react';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { useDiveStore } from '../../state/diveStore.ts';
import { useLibraryStore } from '../../state/libraryStore.ts';
import { usePackStore } from '../../state/packStore.ts';
import { downloadBlob } from '../common/download.ts';
import { FilePicker } from '../common/FilePicker.tsx';
import { StatusLines } from '../common/StatusLines.tsx';

/** Parses "6, 5.5, 6 …" into awards; returns null for text that is not a list of numbers. */
function parseAwards(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const values = parts.map(Number);
  return values.every((v) => Number.isFinite(v)) ? values : null;
}

/** The user's own exemplars: add the analysed dive with its official score, delete (undo), import/export. */
export function LibraryPanel() {
  const { entries, busy, message, error, lastDeleted, synced, syncedPackKey, damaged } = useLibraryStore();
  const store = useLibraryStore.getState;
  const pack = usePackStore((s) => s.active);
  const analysed = useAnalysisStore((s) => s.encoded !== null && s.transitions !== null);
  const dive = useDiveStore((s) => s.dive);
  const [adding, setAdding] = useState(false);
  const [score, setScore] = useState('');
  const [awards, setAwards] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const votingIds = new Set(syncedPackKey === pack?.key ? synced.map((e) => e.id) : []);

  const submit = async () => {
    const awardList = awards.trim() ? parseAwards(awards) : [];
    if (awardList === null) {
      setFormError('Awards should be numbers, e.g. 6, 5.5, 6, 5, 6.');
      return;
    }
    const official = score.trim() === '' ? null : Number(score.replace(',', '.'));
    if (official !== null && !Number.isFinite(official)) {
      setFormError('The official score should be a number, e.g. 57.60.');
      return;
    }
    setFormError(null);
    const { encoded, transitions } = useAnalysisStore.getState();
    const analysis = encoded && transitions ? { splash: encoded.splash, stages: transitions, replay: encoded.replay, slowdown: encoded.slowdown } : null;
    if (await store().addCurrent({ officialScore: official, awards: awardList, analysis })) {
      setAdding(false);
      setScore('');
      setAwards('');
    }
  };

  return (
    <details className="side-section" data-testid="library-panel" open>
      <summary>
        Your exemplar library <span className="muted">({entries.length})</span>
      </summary>
      <p className="muted small">Dives you add with their official score vote like the pack’s exemplars for the same dive number (yours first), never for the clip they came from.</p>
      {!adding ? (
        <button type="button" onClick={() => setAdding(true)} disabled={!analysed || !dive.dd} data-testid="add-exemplar" title={analysed ? 'Add the analysed dive as an exemplar' : 'Analyse a dive first'}>
          Add this dive as an exemplar…
        </button>
      ) : (
        <form
          className="add-exemplar"
          data-testid="add-exemplar-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p className="small">
            {dive.code} {dive.name ? `(${dive.name})` : ''} {dive.height}, DD {dive.dd?.toFixed(1)}
          </p>
          <label className="field">
            Official score
            <input value={score} onChange={(e) => setScore(e.target.value)} inputMode="decimal" placeholder="e.g. 57.60" data-testid="exemplar-score" autoFocus />
          </label>
          <label className="field">
            Judges’ awards (optional)
            <input value={awards} onChange={(e) => setAwards(e.target.value)} placeholder="6, 5.5, 6, 5, 6, 6, 6" data-testid="exemplar-awards" />
          </label>
          {formError && <p className="warning small">{formError}</p>}
          <div className="row">
            <button type="submit" disabled={busy !== null} data-testid="exemplar-save">Add</button>
            <button type="button" onClick={() => setAdding(false)}>Cancel</button>
          </div>
        </form>
      )}
      <ul className="saved-list" data-testid="library-list">
        {entries.map((e) => (
          <li key={e.id} data-testid="library-item" data-id={e.id} data-voting={votingIds.has(e.id) ? 'true' : 'false'}>
            <span title={e.record.source}>
              {e.record.diveNumber} {e.record.height} m · {e.record.officialScore.toFixed(2)} · {e.clip.fileName}
            </span>
            <button type="button" className="icon-button" onClick={() => void store().remove(e.id)} aria-label={`Remove ${e.clip.fileName} from the library`} data-testid="library-delete">
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" disabled={entries.length === 0} data-testid="library-export" onClick={() => void store().exportFile().then((blob) => downloadBlob(blob, 'divejudge-exemplar-library.zip'))}>
          Export library
        </button>
        <FilePicker accept=".zip,application/zip" inputTestId="library-import-input" buttonTestId="library-import" onFile={(file) => void store().importFile(file)}>
          Import library…
        </FilePicker>
      </div>
      {damaged.length > 0 && (
        <p className="warning small" data-testid="library-damaged">
          {damaged.length} stored exemplar{damaged.length === 1 ? ' is' : 's are'} damaged and cannot vote ({damaged[0]?.problems}).{' '}
          <button type="button" className="link-button" onClick={() => void store().removeDamaged()} data-testid="library-remove-damaged">
            Remove {damaged.length === 1 ? 'it' : 'them'}
          </button>
        </p>
      )}
      <StatusLines testIdPrefix="library" busy={busy} error={error} message={message} canUndo={lastDeleted !== null} onUndo={() => void store().undoRemove()} onDismiss={() => store().dismiss()} />
    </details>
  );
}

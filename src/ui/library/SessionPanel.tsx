import { useSessionStore } from '../../state/sessionStore.ts';
import { downloadBlob } from '../common/download.ts';
import { FilePicker } from '../common/FilePicker.tsx';
import { StatusLines } from '../common/StatusLines.tsx';

/** Saved analyses: reopen with one click, delete (with undo), import a JSON export, session CSV. */
export function SessionPanel() {
  const { listings, current, busy, message, error, lastDeleted, savedAt, status } = useSessionStore();
  const store = useSessionStore.getState;
  return (
    <details className="side-section" data-testid="session-panel" open>
      <summary>
        Saved analyses <span className="muted">({listings.length})</span>
      </summary>
      <p className="muted small">
        Every scored analysis is saved in this browser, with its clip when the browser allows. {savedAt && current ? <span data-testid="saved-at">Saved {new Date(savedAt).toLocaleTimeString()}.</span> : null}
      </p>
      {status === 'error' && <p className="warning small">{error}</p>}
      <ul className="saved-list" data-testid="saved-list">
        {listings.map((l) => (
          <li key={l.id} className={l.id === current?.id ? 'current' : undefined} data-testid="saved-item" data-id={l.id}>
            {l.damaged === null ? (
              <button type="button" className="link-button" onClick={() => void store().open(l.id)} disabled={busy !== null} title="Open this analysis">
                {l.fileName} · {l.diveCode || '—'} {l.height} · {l.predictedScore === null ? 'not scored' : l.predictedScore.toFixed(2)}
              </button>
            ) : (
              <span className="warning small" data-testid="saved-damaged" title={l.damaged}>
                A damaged analysis (it cannot be opened: {l.damaged}). Delete it with ×.
              </span>
            )}
            <button type="button" className="icon-button" onClick={() => void store().remove(l.id)} aria-label={`Delete the analysis of ${l.fileName}`} data-testid="saved-delete">
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <FilePicker accept=".json,application/json" inputTestId="import-analysis-input" buttonTestId="import-analysis" onFile={(file) => void store().importJson(file)}>
          Import analysis…
        </FilePicker>
        <button
          type="button"
          disabled={listings.length === 0}
          data-testid="export-session-csv"
          onClick={() => void store().csv().then((text) => downloadBlob(new Blob([text], { type: 'text/csv' }), 'divejudge-session.csv'))}
        >
          Session CSV
        </button>
      </div>
      {/* A storage failure is shown at the top and stays; other errors can be dismissed here. */}
      <StatusLines testIdPrefix="session" busy={busy} error={status === 'error' ? null : error} message={message} canUndo={lastDeleted !== null} onUndo={() => void store().undoRemove()} onDismiss={() => store().dismiss()} />
    </details>
  );
}

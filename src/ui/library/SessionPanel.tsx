import { useRef } from 'react';
import { useSessionStore } from '../../state/sessionStore.ts';
import { downloadBlob } from '../common/download.ts';

/** Saved analyses: reopen with one click, delete (with undo), import a JSON export, session CSV. */
export function SessionPanel() {
  const { listings, current, busy, message, error, lastDeleted, savedAt, status } = useSessionStore();
  const store = useSessionStore.getState;
  const importInput = useRef<HTMLInputElement>(null);
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
            <button type="button" className="link-button" onClick={() => void store().open(l.id)} disabled={busy !== null} title="Open this analysis">
              {l.fileName} · {l.diveCode || '—'} {l.height} · {l.predictedScore === null ? 'not scored' : l.predictedScore.toFixed(2)}
            </button>
            <button type="button" className="icon-button" onClick={() => void store().remove(l.id)} aria-label={`Delete the analysis of ${l.fileName}`} data-testid="saved-delete">
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button type="button" onClick={() => importInput.current?.click()} data-testid="import-analysis">
          Import analysis…
        </button>
        <input
          ref={importInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="import-analysis-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void store().importJson(file);
          }}
        />
        <button
          type="button"
          disabled={listings.length === 0}
          data-testid="export-session-csv"
          onClick={() => void store().csv().then((text) => downloadBlob(new Blob([text], { type: 'text/csv' }), 'divejudge-session.csv'))}
        >
          Session CSV
        </button>
      </div>
      {busy && <p className="muted small" role="status">{busy}…</p>}
      {status !== 'error' && error && (
        <p className="warning small" role="alert" data-testid="session-error">
          {error} <button type="button" className="link-button" onClick={() => store().dismiss()}>Dismiss</button>
        </p>
      )}
      {message && (
        <p className="muted small" role="status" data-testid="session-message">
          {message}{' '}
          {lastDeleted && (
            <button type="button" className="link-button" onClick={() => void store().undoRemove()} data-testid="session-undo">
              Undo
            </button>
          )}
        </p>
      )}
    </details>
  );
}

import { useMemo, useState } from 'react';
import { HEIGHTS, type Height } from '../../domain/index.ts';
import { resultsCsv, rowProblem, standings, type DiveSheetRow } from '../../pipeline/session/diveSheet.ts';
import { useBatchStore, type RowStatus } from '../../state/batchStore.ts';
import { savedRecords, useSessionStore } from '../../state/sessionStore.ts';
import { APP_VERSION } from '../version.ts';
import { FilePicker } from '../common/FilePicker.tsx';
import { downloadBlob } from '../common/download.ts';
import { ACCEPTED_VIDEO } from '../header/Header.tsx';

type SortKey = 'sheet' | 'diver' | 'predicted' | 'difference';

const STATUS_WORDS: Record<RowStatus, string> = { waiting: 'waiting', running: 'analysing…', done: 'done', failed: 'failed' };

function RowEditor({ row }: { row: DiveSheetRow }) {
  const updateRow = useBatchStore((s) => s.updateRow);
  const running = useBatchStore((s) => s.running);
  const problem = rowProblem(row);
  const number = (text: string) => (text.trim() === '' ? null : Number(text));
  return (
    <>
      <td><input aria-label="Diver" value={row.diver} disabled={running} onChange={(e) => updateRow(row.id, { diver: e.target.value })} data-testid="sheet-diver" /></td>
      <td><input aria-label="Round" type="number" min={1} max={20} value={row.round} disabled={running} onChange={(e) => updateRow(row.id, { round: Number(e.target.value) })} className="narrow" /></td>
      <td>
        <input aria-label="Dive number" value={row.diveNumber} disabled={running} onChange={(e) => updateRow(row.id, { diveNumber: e.target.value })} className="narrow" data-testid="sheet-dive" aria-invalid={problem !== null} title={problem ?? undefined} />
      </td>
      <td>
        <select aria-label="Height" value={row.height} disabled={running} onChange={(e) => updateRow(row.id, { height: e.target.value as Height })}>
          {HEIGHTS.map((h) => <option key={h} value={h}>{h}</option>)}
        </select>
      </td>
      <td><input aria-label="Official score" value={row.officialScore ?? ''} disabled={running} onChange={(e) => updateRow(row.id, { officialScore: number(e.target.value) })} className="narrow" /></td>
    </>
  );
}

/**
 * The session: a dive sheet (import a CSV or type rows), the clips matched to its rows, the queue
 * that analyses them one after another, and the results table with each diver's total and rank.
 */
export function DiveSheetPanel() {
  const b = useBatchStore();
  const listings = useSessionStore((s) => s.listings);
  const [sort, setSort] = useState<SortKey>('sheet');
  const [matchBy, setMatchBy] = useState<'name' | 'order'>('name');
  const [busy, setBusy] = useState<string | null>(null);
  const table = useMemo(() => standings(b.rows, b.results), [b.rows, b.results]);
  const rankOf = useMemo(() => new Map(table.map((s) => [s.diver, s])), [table]);
  const rows = useMemo(() => {
    const list = [...b.rows];
    const diff = (r: DiveSheetRow) => { const p = b.results[r.id]?.predictedScore; return p !== undefined && r.officialScore !== null ? p - r.officialScore : -Infinity; };
    if (sort === 'diver') list.sort((x, y) => (rankOf.get(x.diver)?.rank ?? 999) - (rankOf.get(y.diver)?.rank ?? 999) || x.round - y.round);
    if (sort === 'predicted') list.sort((x, y) => (b.results[y.id]?.predictedScore ?? -1) - (b.results[x.id]?.predictedScore ?? -1));
    if (sort === 'difference') list.sort((x, y) => diff(y) - diff(x));
    return list;
  }, [b.rows, b.results, sort, rankOf]);
  const overall = b.progress ? (b.progress.finished + (b.progress.current?.fraction ?? 0)) / Math.max(1, b.progress.total) : 0;
  const withClips = b.rows.filter((r) => b.clips[r.id]).length;
  const done = Object.keys(b.results).length;
  // Saved analyses deleted since: their rows can no longer be opened.
  const saved = new Set(listings.map((l) => l.id));

  const exportPdf = async () => {
    setBusy('Building the PDF');
    try {
      const records = await savedRecords(Object.values(b.results).map((r) => r.analysisId));
      const { renderSessionPdf } = await import('../../export/pdf/report.ts');
      const bytes = await renderSessionPdf({ rows: b.rows, results: b.results, records, generatedAt: new Date(), appVersion: APP_VERSION });
      downloadBlob(new Blob([bytes], { type: 'application/pdf' }), 'divejudge-session.pdf');
    } catch (error) {
      useBatchStore.setState({ message: `The session PDF failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(null);
    }
  };

  return (
    <details className="sheet-panel" data-testid="sheet-panel" open={b.rows.length > 0 || undefined}>
      <summary>Session: dive sheet, batch analysis and results</summary>
      <div className="row sheet-actions">
        <FilePicker accept=".csv,text/csv" inputTestId="sheet-input" onFile={(file) => void b.importSheet(file)} disabled={b.running} title="A CSV with columns diver, round, dive, height (and optionally awards, official)">
          Import sheet (CSV)…
        </FilePicker>
        <button type="button" onClick={b.addRow} disabled={b.running} data-testid="sheet-add-row">Add row</button>
        <label className="small">
          Match clips{' '}
          <select value={matchBy} onChange={(e) => setMatchBy(e.target.value === 'order' ? 'order' : 'name')} data-testid="sheet-match-by">
            <option value="name">by dive number in the file name</option>
            <option value="order">in order (sorted by file name)</option>
          </select>
        </label>
        <FilePicker accept={ACCEPTED_VIDEO} inputTestId="sheet-clips-input" onFile={(file) => b.assignClips([file], matchBy)} onFiles={(files) => b.assignClips(files, matchBy)} disabled={b.running || b.rows.length === 0} title="Choose the session's clips: each goes to a row">
          Add clips…
        </FilePicker>
        {!b.running ? (
          <button type="button" className="primary" onClick={() => void b.start()} disabled={withClips === 0} data-testid="sheet-start" title="Analyse every row with a clip, one after another">
            {done > 0 ? 'Continue' : 'Start'} ({withClips - b.rows.filter((r) => b.clips[r.id] && b.status[r.id] === 'done').length})
          </button>
        ) : (
          <>
            <button type="button" onClick={b.pause} disabled={b.pausing} data-testid="sheet-pause">{b.pausing ? 'Pausing after this clip…' : 'Pause'}</button>
            <button type="button" onClick={b.cancel} data-testid="sheet-cancel">Cancel</button>
          </>
        )}
      </div>
      {b.progress && (
        <div className="analysis-progress" data-testid="sheet-progress">
          <span>
            Clip {Math.min(b.progress.finished + 1, b.progress.total)} of {b.progress.total}
            {b.progress.current ? ` — ${b.progress.current.label}` : ''}
          </span>
          <div className="progress" role="progressbar" aria-label="Session progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(overall * 100)}>
            <span style={{ width: `${Math.round(overall * 100)}%` }} />
          </div>
        </div>
      )}
      {b.message && <p className="muted small" role="status" data-testid="sheet-message">{b.message}</p>}
      {b.problems.length > 0 && (
        <ul className="warning small" data-testid="sheet-problems">
          {b.problems.slice(0, 10).map((p) => <li key={p}>{p}</li>)}
          {b.problems.length > 10 && <li>… and {b.problems.length - 10} more</li>}
        </ul>
      )}
      {b.lastRemoved && (
        <p className="small">
          Row removed. <button type="button" className="link-button" onClick={b.undoRemove} data-testid="sheet-undo-remove">Undo</button>
        </p>
      )}
      {b.rows.length > 0 && (
        <>
          <table className="kinematics-table sheet-table" data-testid="sheet-table">
            <thead>
              <tr>
                <th><button type="button" className="link-button" onClick={() => setSort('diver')}>Diver</button></th>
                <th>Round</th>
                <th>Dive</th>
                <th>Height</th>
                <th>Official</th>
                <th>Clip</th>
                <th>Status</th>
                <th><button type="button" className="link-button" onClick={() => setSort('predicted')} data-testid="sheet-sort-predicted">Predicted</button></th>
                <th><button type="button" className="link-button" onClick={() => setSort('difference')}>Difference</button></th>
                <th>Total (rank)</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const result = b.results[row.id];
                const status = b.status[row.id] ?? 'waiting';
                const standing = rankOf.get(row.diver);
                const clip = b.clips[row.id];
                return (
                  <tr key={row.id} data-testid="sheet-row" data-status={status}>
                    <RowEditor row={row} />
                    <td className="small">{clip ? clip.name : status === 'done' ? '(saved)' : <span className="muted">none</span>}</td>
                    <td className="small" title={b.errors[row.id]}>
                      {status === 'running' && b.progress?.current?.rowId === row.id ? `${Math.round(b.progress.current.fraction * 100)} %` : STATUS_WORDS[status]}
                      {status === 'failed' && <div className="warning">{b.errors[row.id]}</div>}
                    </td>
                    <td data-testid="sheet-predicted">
                      {result ? (
                        <button type="button" className="link-button" disabled={b.running || !saved.has(result.analysisId)} onClick={() => void b.openResult(row.id)} title="Open this analysis">
                          {result.predictedScore.toFixed(2)}
                        </button>
                      ) : '—'}
                    </td>
                    <td>{result && row.officialScore !== null ? `${result.predictedScore - row.officialScore >= 0 ? '+' : ''}${(result.predictedScore - row.officialScore).toFixed(2)}` : '—'}</td>
                    <td>{standing ? `${standing.predictedTotal.toFixed(2)} (${standing.rank})` : '—'}</td>
                    <td><button type="button" className="link-button" onClick={() => b.removeRow(row.id)} disabled={b.running} aria-label={`Remove ${row.diver} round ${row.round}`}>Remove</button></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="row">
            <button type="button" onClick={() => downloadBlob(new Blob([resultsCsv(b.rows, b.results)], { type: 'text/csv' }), 'divejudge-session.csv')} disabled={done === 0} data-testid="sheet-export-csv">Results CSV</button>
            <button type="button" onClick={() => void exportPdf()} disabled={done === 0 || busy !== null} data-testid="sheet-export-pdf">{busy ?? 'Results PDF'}</button>
            <button type="button" onClick={() => void b.addOfficialToLibrary()} disabled={b.running || !b.rows.some((r) => r.officialScore !== null && b.results[r.id])} data-testid="sheet-to-library" title="Rows with an official score become exemplars in your library">
              Add rows with official scores to my library
            </button>
            <button type="button" onClick={b.clear} disabled={b.running} data-testid="sheet-clear">Clear sheet</button>
          </div>
          <p className="muted small">Predicted scores come from the active model pack, trained on simulated dives: indicative, not validated on real competition footage.</p>
        </>
      )}
    </details>
  );
}

import { useMemo, useState, type KeyboardEvent } from 'react';
import { MAX_VOTE_N, useAnalysisStore } from '../../state/analysisStore.ts';
import { useDiveStore } from '../../state/diveStore.ts';
import { useLibraryStore } from '../../state/libraryStore.ts';
import { votingBankOf } from '../../state/votingBank.ts';
import { usePackStore } from '../../state/packStore.ts';


const SHOWN_ROWS = 150;

/**
 * The pack's exemplars: filter them, see which voted and the score each implies, and switch
 * between automatic voting (N of the same dive number, the paper's rule) and chosen exemplars.
 */
export function ExemplarPicker() {
  const pack = usePackStore((s) => s.active);
  const dive = useDiveStore((s) => s.dive);
  const { voteMode, voteN, chosen, summary, setVoteMode, setVoteN, toggleExemplar } = useAnalysisStore();
  const [diveFilter, setDiveFilter] = useState<string | null>(null);
  const [heightFilter, setHeightFilter] = useState<string>('any');
  const [minScore, setMinScore] = useState('');
  const [maxScore, setMaxScore] = useState('');
  // Roving tab stop: the list is one Tab stop (the PDF button is not 40 Tabs away); ↑/↓, Home and End move within it.
  const [focusRow, setFocusRow] = useState(0);
  const diveText = diveFilter ?? dive.code;
  const synced = useLibraryStore((s) => s.synced);
  const syncedPackKey = useLibraryStore((s) => s.syncedPackKey);
  // The pack's bank, then the user's library: the indices scores refer to.
  const bank = useMemo(() => votingBankOf(pack, { synced, syncedPackKey }), [pack, synced, syncedPackKey]);
  const packCount = pack?.exemplars.length ?? 0;

  const votes = useMemo(() => new Map(summary?.votes.map((v) => [v.index, v]) ?? []), [summary]);
  const heights = useMemo(() => [...new Set(bank.map((e) => e.height))].sort((a, b) => a - b), [bank]);
  const rows = useMemo(() => {
    if (!pack) return [];
    const wanted = diveText.trim().toUpperCase();
    const lo = minScore === '' ? -Infinity : Number(minScore);
    const hi = maxScore === '' ? Infinity : Number(maxScore);
    return bank
      .map((e, index) => ({ e, index }))
      .filter(({ e }) => (!wanted || e.diveNumber.toUpperCase().startsWith(wanted)) && (heightFilter === 'any' || String(e.height) === heightFilter) && e.officialScore >= lo && e.officialScore <= hi)
      .sort((a, b) => Number(votes.has(b.index)) - Number(votes.has(a.index)) || a.e.officialScore - b.e.officialScore);
  }, [pack, bank, diveText, heightFilter, minScore, maxScore, votes]);
  if (!pack || !summary) return null;
  const shown = rows.slice(0, SHOWN_ROWS);
  const tabRow = Math.min(focusRow, Math.max(0, shown.length - 1));
  const onListKey = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const moves: Record<string, number> = { ArrowDown: tabRow + 1, ArrowUp: tabRow - 1, Home: 0, End: shown.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    const next = Math.min(Math.max(0, to), shown.length - 1);
    setFocusRow(next);
    event.currentTarget.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[next]?.focus();
  };

  return (
    <div className="exemplar-picker" data-testid="exemplar-picker">
      <h3>Exemplars</h3>
      <div className="row">
        <label className="check">
          <input type="radio" name="vote-mode" checked={voteMode === 'auto'} onChange={() => setVoteMode('auto')} data-testid="vote-auto" />
          Automatic: N =
        </label>
        <input
          type="number"
          min={1}
          max={MAX_VOTE_N}
          value={voteN}
          className="small-number"
          aria-label="Number of voting exemplars"
          data-testid="vote-n"
          onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isFinite(n) && n >= 1) setVoteN(n);
          }}
        />
        <label className="check">
          <input type="radio" name="vote-mode" checked={voteMode === 'chosen'} onChange={() => setVoteMode('chosen')} data-testid="vote-chosen" />
          Chosen ({chosen.length})
        </label>
      </div>
      <p className="muted small" data-testid="vote-summary">
        {summary.votes.length} voted: {voteMode === 'auto' ? `automatic, dive ${dive.code} (same dive number, spread over the score range)` : 'your choice'}.
      </p>
      <div className="row filters">
        <input value={diveText} onChange={(e) => setDiveFilter(e.target.value)} placeholder="Dive" size={6} aria-label="Filter by dive number" data-testid="exemplar-filter-dive" />
        <select value={heightFilter} onChange={(e) => setHeightFilter(e.target.value)} aria-label="Filter by height">
          <option value="any">any height</option>
          {heights.map((h) => (
            <option key={h} value={String(h)}>{h} m</option>
          ))}
        </select>
        <input value={minScore} onChange={(e) => setMinScore(e.target.value)} placeholder="min" size={4} aria-label="Lowest score" inputMode="decimal" />
        <input value={maxScore} onChange={(e) => setMaxScore(e.target.value)} placeholder="max" size={4} aria-label="Highest score" inputMode="decimal" />
      </div>
      <div className="exemplar-table-wrap">
        <table className="exemplar-table" data-testid="exemplar-table">
          <thead>
            <tr>
              <th title="Use in the vote">Use</th>
              <th>Dive</th>
              <th>Score</th>
              <th title="The query's score this exemplar votes for">Implies</th>
            </tr>
          </thead>
          <tbody onKeyDown={onListKey}>
            {shown.map(({ e, index }, position) => {
              const vote = votes.get(index);
              const inUse = voteMode === 'chosen' ? chosen.includes(index) : !!vote;
              return (
                <tr key={e.id} className={[vote ? 'voted' : '', index >= packCount ? 'library' : ''].join(' ').trim() || undefined} data-testid="exemplar-row" data-voted={vote ? 'true' : 'false'} data-index={index} data-library={index >= packCount ? 'true' : 'false'}>
                  <td>
                    <input type="checkbox" checked={inUse} onChange={() => toggleExemplar(index)} aria-label={`Use exemplar ${e.id}`} tabIndex={position === tabRow ? 0 : -1} onFocus={() => setFocusRow(position)} />
                  </td>
                  <td title={e.source}>{e.diveNumber} {e.height} m{index >= packCount ? <span className="badge" title={e.source}>yours</span> : null}</td>
                  <td>{e.officialScore.toFixed(2)}</td>
                  <td data-testid={vote ? 'implied-score' : undefined}>{vote ? vote.impliedScore.toFixed(2) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length > SHOWN_ROWS && <p className="muted small">{rows.length - SHOWN_ROWS} more — narrow the filter.</p>}
        {rows.length === 0 && <p className="muted small">No exemplar matches the filter.</p>}
      </div>
    </div>
  );
}

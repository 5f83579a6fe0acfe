import { useDiveStore, DIVE_HEIGHTS } from '../../state/diveStore.ts';
import type { Height } from '../../domain/index.ts';

/** Dive number and height as the judge enters them; the rules give the name and DD. */
export function DivePanel() {
  const dive = useDiveStore((s) => s.dive);
  const setCode = useDiveStore((s) => s.setCode);
  const setHeight = useDiveStore((s) => s.setHeight);
  return (
    <section className="dive-panel" aria-label="Dive" data-testid="dive-panel">
      <div className="row">
        <label className="field">
          Dive number
          <input
            value={dive.code}
            onChange={(e) => setCode(e.target.value)}
            placeholder="e.g. 107B"
            size={7}
            spellCheck={false}
            data-testid="dive-code"
            aria-invalid={dive.problem !== null && dive.name === null}
          />
        </label>
        <label className="field">
          Height
          <select value={dive.height} onChange={(e) => setHeight(e.target.value as Height)} data-testid="dive-height">
            {DIVE_HEIGHTS.map((h) => (
              <option key={h} value={h}>{h}</option>
            ))}
          </select>
        </label>
        {dive.dd !== null && <span className="dd" data-testid="dive-dd">DD {dive.dd.toFixed(1)}</span>}
      </div>
      {dive.name && <p className="dive-name" data-testid="dive-name">{dive.name}</p>}
      {dive.problem && <p className="warning" data-testid="dive-problem">{dive.problem}</p>}
    </section>
  );
}

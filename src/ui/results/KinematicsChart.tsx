import { useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FrameTransitions } from '../../pipeline/aqa/stages.ts';
import {
  ANGLE_FAMILIES,
  familySeries,
  formatFigure,
  type AngleFamily,
  type FigureKey,
  type KinematicsFigure,
  type KinematicsSeries,
} from '../../pipeline/analysis/kinematics.ts';
import { STAGE_COLOURS } from '../timeline/stageColours.ts';

const QUERY_COLOUR = '#e6edf3';
const EXEMPLAR_COLOUR = '#ffd166';
const AXIS = '#8b98a9';

const FAMILY_LABELS: Record<AngleFamily, string> = {
  knee: 'Knees',
  hip: 'Hips',
  elbow: 'Elbows',
  trunk: 'Trunk from vertical',
};

/** Where t = 0 lies: the start of each clip, or each dive's last take-off frame. */
export type KinematicsTimeAlign = 'clip-start' | 'take-off';

export interface KinematicsChartProps {
  /** The analysed dive's series (times in seconds from the start of the clip). */
  query: KinematicsSeries;
  /** Its stages, in the series' samples; drawn as bands behind the lines. */
  queryTransitions?: FrameTransitions | null;
  /** An exemplar to compare with (e.g. from bank poses), on its own time axis. */
  exemplar?: KinematicsSeries | null;
  /** Its stages, in its own samples (model frames for bank poses); drawn as a strip below. */
  exemplarTransitions?: FrameTransitions | null;
  exemplarLabel?: string;
  /** Angle family shown first; default 'knee'. */
  initialFamily?: AngleFamily;
  /** Default 'clip-start'; 'take-off' lines both dives up at the end of their take-off. */
  align?: KinematicsTimeAlign;
  /** Chart height in pixels; default 220. */
  height?: number;
  /** Said after "seconds" on the time axis (e.g. that a slow-motion clip is shown at real time). */
  timeNote?: string | undefined;
}

interface Point {
  t: number;
  v: number | null;
}

/** One chart row: both lines' values at time t (null = gap or no sample). */
interface Row {
  t: number;
  query: number | null;
  exemplar: number | null;
}

/** The time shift that puts t = 0 where `align` says. */
function offsetOf(series: KinematicsSeries, transitions: FrameTransitions | null | undefined, align: KinematicsTimeAlign): number {
  if (align !== 'take-off' || !transitions || series.length === 0) return 0;
  const i = Math.min(Math.max(Math.round(transitions.takeOffEnd), 0), series.length - 1);
  return series.times[i] ?? 0;
}

/** One line's samples: null where the angle is not measurable or the frame unreliable. */
function pointsOf(series: KinematicsSeries, family: AngleFamily, offset: number): Point[] {
  const values = familySeries(series, family);
  return Array.from({ length: series.length }, (_, i) => {
    const v = values[i] ?? Number.NaN;
    const t = (series.times[i] ?? 0) - offset;
    return { t: Number(t.toFixed(4)), v: Number.isFinite(v) && series.reliable[i] === 1 ? v : null };
  });
}

/**
 * A line's value at t: its own sample there, else the straight line between the samples either
 * side when both are present (where the drawn line already is), else null (a gap stays a gap).
 */
function valueAt(points: readonly Point[], t: number): number | null {
  let lo = 0, hi = points.length - 1;
  if (hi < 0 || t < (points[0]?.t ?? 0) || t > (points[hi]?.t ?? 0)) return null;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.t ?? 0) <= t) lo = mid;
    else hi = mid;
  }
  const a = points[lo], b = points[hi];
  if (!a || !b) return null;
  if (a.t === t) return a.v;
  if (b.t === t) return b.v;
  if (a.v === null || b.v === null || b.t === a.t) return null;
  return a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
}

/** Both lines on one time axis (so the tooltip reads both at the same time). */
function rowsOf(query: readonly Point[], exemplar: readonly Point[] | null): Row[] {
  const times = [...new Set([...query.map((p) => p.t), ...(exemplar ?? []).map((p) => p.t)])].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Number(v.toFixed(1)));
  return times.map((t) => ({ t, query: round(valueAt(query, t)), exemplar: exemplar ? round(valueAt(exemplar, t)) : null }));
}

interface Band {
  stage: string;
  x1: number;
  x2: number;
}

/** Stage spans in seconds, meeting half-way between the last sample of one and the first of the next. */
function bandsOf(series: KinematicsSeries, transitions: FrameTransitions | null | undefined, offset: number): Band[] {
  const n = series.length;
  if (!transitions || n < 2) return [];
  const at = (i: number) => (series.times[Math.min(Math.max(i, 0), n - 1)] ?? 0) - offset;
  const b1 = Math.min(Math.max(Math.round(transitions.takeOffEnd), 0), n - 1);
  const b2 = Math.min(Math.max(Math.round(transitions.entryStart), b1 + 1), n);
  const split1 = (at(b1) + at(b1 + 1)) / 2;
  const split2 = b2 >= n ? at(n - 1) : (at(b2 - 1) + at(b2)) / 2;
  return [
    { stage: 'take-off', x1: at(0), x2: split1 },
    { stage: 'flight', x1: split1, x2: split2 },
    { stage: 'entry', x1: split2, x2: at(n - 1) },
  ].filter((b) => b.x2 > b.x1);
}

const TOP = 180;
const STRIP = [-16, -5] as const;

/**
 * One angle family over time for the analysed dive and, optionally, an exemplar: degrees against
 * seconds, the dive's stages as bands (the exemplar's as a strip under the zero line), samples
 * that are not measurable or not reliable left as gaps.
 */
export function KinematicsChart({ query, queryTransitions, exemplar, exemplarTransitions, exemplarLabel = 'Exemplar', initialFamily = 'knee', align = 'clip-start', height = 220, timeNote }: KinematicsChartProps) {
  const [family, setFamily] = useState<AngleFamily>(initialFamily);
  const queryOffset = offsetOf(query, queryTransitions, align);
  const exemplarOffset = exemplar ? offsetOf(exemplar, exemplarTransitions, align) : 0;
  const queryPoints = useMemo(() => pointsOf(query, family, queryOffset), [query, family, queryOffset]);
  const exemplarPoints = useMemo(() => (exemplar ? pointsOf(exemplar, family, exemplarOffset) : null), [exemplar, family, exemplarOffset]);
  const queryBands = bandsOf(query, queryTransitions, queryOffset);
  const exemplarBands = exemplar ? bandsOf(exemplar, exemplarTransitions, exemplarOffset) : [];
  const bottom = exemplarBands.length > 0 ? STRIP[0] : 0;
  const rows = useMemo(() => rowsOf(queryPoints, exemplarPoints), [queryPoints, exemplarPoints]);
  const xMin = rows[0]?.t ?? 0;
  const xMax = Math.max(rows[rows.length - 1]?.t ?? 1, xMin + 0.01);
  const step = [0.1, 0.25, 0.5, 1, 2, 5].find((d) => (xMax - xMin) / d <= 8) ?? 10;
  const xTicks = Array.from({ length: Math.floor(xMax / step) - Math.ceil(xMin / step) + 1 }, (_, k) => Number(((Math.ceil(xMin / step) + k) * step).toFixed(2)));
  const hasQuery = queryPoints.some((p) => p.v !== null);

  return (
    <div className="kinematics" data-testid="kinematics-chart">
      <div className="kinematics-head">
        <label className="check">
          Angle
          <select data-testid="kinematics-angle-select" value={family} onChange={(e) => setFamily(e.target.value as AngleFamily)}>
            {ANGLE_FAMILIES.map((f) => (
              <option key={f} value={f}>{FAMILY_LABELS[f]}</option>
            ))}
          </select>
        </label>
        <div className="legend">
          <span><i style={{ background: QUERY_COLOUR }} />This dive</span>
          {exemplar ? <span><i style={{ background: EXEMPLAR_COLOUR }} />{exemplarLabel}</span> : null}
          {(['take-off', 'flight', 'entry'] as const).map((s) => (
            <span key={s}><i style={{ background: STAGE_COLOURS[s] }} />{s}</span>
          ))}
        </div>
      </div>
      {!hasQuery ? <p className="muted small">No reliable {FAMILY_LABELS[family].toLowerCase()} angle in this dive.</p> : null}
      <div className="chart" aria-label={`${FAMILY_LABELS[family]} angle over time`}>
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#2a3442" />
            {queryBands.map((b) => (
              <ReferenceArea key={`q-${b.stage}`} x1={b.x1} x2={b.x2} y1={0} y2={TOP} fill={STAGE_COLOURS[b.stage]} fillOpacity={0.1} stroke="none" ifOverflow="hidden" />
            ))}
            {exemplarBands.map((b) => (
              <ReferenceArea key={`e-${b.stage}`} x1={b.x1} x2={b.x2} y1={STRIP[0]} y2={STRIP[1]} fill={STAGE_COLOURS[b.stage]} fillOpacity={0.55} stroke="none" ifOverflow="hidden" />
            ))}
            <XAxis
              type="number"
              dataKey="t"
              domain={[xMin, xMax]}
              stroke={AXIS}
              fontSize={11}
              ticks={xTicks}
              tickFormatter={(t: number) => (step < 0.5 ? t.toFixed(2) : t.toFixed(1))}
              label={{ value: `${align === 'take-off' ? 'seconds from take-off' : 'seconds'}${timeNote ? ` (${timeNote})` : ''}`, position: 'insideBottom', offset: -8, fill: AXIS, fontSize: 11 }}
            />
            <YAxis
              type="number"
              domain={[bottom, TOP]}
              ticks={[0, 45, 90, 135, 180]}
              stroke={AXIS}
              fontSize={11}
              width={44}
              tickFormatter={(v: number) => `${v}°`}
              allowDataOverflow
            />
            <Tooltip
              formatter={(v, name) => [v === null || v === undefined ? '—' : `${Number(v).toFixed(0)}°`, name]}
              labelFormatter={(t) => `${Number(t).toFixed(2)} s`}
              contentStyle={{ background: '#18202b', border: '1px solid #2a3442' }}
            />
            <Line dataKey="query" name="This dive" stroke={QUERY_COLOUR} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
            {exemplarPoints ? (
              <Line dataKey="exemplar" name={exemplarLabel} stroke={EXEMPLAR_COLOUR} strokeWidth={1.5} strokeDasharray="5 3" dot={false} connectNulls={false} isAnimationActive={false} />
            ) : null}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {exemplarBands.length > 0 ? <p className="muted small">Bands: this dive's stages; strip under 0°: {exemplarLabel}'s stages.</p> : null}
    </div>
  );
}

export interface KinematicsFiguresProps {
  /** The analysed dive's figures (`kinematicsFigures`). */
  query: readonly KinematicsFigure[];
  /** An exemplar's figures, shown in a second column. */
  exemplar?: readonly KinematicsFigure[] | null;
  exemplarLabel?: string;
  /** A line under the table (what the figures are read from). */
  caption?: string;
}

function FigureCell({ figure, testId }: { figure: KinematicsFigure | undefined; testId: string }) {
  if (!figure) return <td data-testid={testId} className="muted">—</td>;
  const measured = figure.value !== null && Number.isFinite(figure.value);
  return (
    <td data-testid={testId} data-reliable={figure.reliable ? 'true' : 'false'} title={figure.note ?? undefined} className={measured ? undefined : 'muted'}>
      {formatFigure(figure)}
      {measured && !figure.reliable ? (
        <span className="kinematics-unreliable" title={figure.note ?? 'unreliable'}>unreliable</span>
      ) : null}
    </td>
  );
}

/** The figures judges talk about, one row each, for the dive and optionally an exemplar. */
export function KinematicsFigures({ query, exemplar, exemplarLabel = 'Exemplar', caption }: KinematicsFiguresProps) {
  const keys: FigureKey[] = [...query.map((f) => f.key), ...(exemplar ?? []).map((f) => f.key)].filter((k, i, all) => all.indexOf(k) === i);
  const byKey = (list: readonly KinematicsFigure[] | null | undefined, key: FigureKey) => list?.find((f) => f.key === key);
  return (
    <table className="kinematics-table" data-testid="kinematics-figures">
      {caption ? <caption className="muted small">{caption}</caption> : null}
      <thead>
        <tr>
          <th>Figure</th>
          <th>This dive</th>
          {exemplar ? <th>{exemplarLabel}</th> : null}
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const q = byKey(query, key), e = byKey(exemplar, key);
          return (
            <tr key={key} data-testid={`kinematics-figure-${key}`}>
              <td>{(q ?? e)?.label ?? key}</td>
              <FigureCell figure={q} testId={`kinematics-figure-${key}-query`} />
              {exemplar ? <FigureCell figure={e} testId={`kinematics-figure-${key}-exemplar`} /> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

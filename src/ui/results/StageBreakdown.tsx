import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { STAGE_COLOURS } from '../timeline/stageColours.ts';
import { stageChart } from '../../pipeline/aqa/analysis.ts';

const GAIN = '#4cc38a';
const LOSS = '#ef5f5f';
const TOTAL = '#7aa2ff';

function signed(points: number): string {
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(2)}`;
}

/**
 * How much each stage adds or costs against the voting exemplars (λ-weighted, averaged over the
 * votes), as bars and as a waterfall from the exemplars' score to the prediction.
 */
export function StageBreakdown() {
  const summary = useAnalysisStore((s) => s.summary);
  if (!summary) return null;
  const bars = summary.stages.map((s) => ({ stage: s.stage, points: Number(s.points.toFixed(3)) }));
  // The same bars and axis as the PDF's chart (stageChart); recharts draws them here.
  const chart = stageChart(summary);
  const waterfall = (chart.waterfall ? chart.bars : []).map((step) => ({
    label: step.label,
    base: Math.min(step.start, step.end),
    size: Math.abs(step.end - step.start),
    kind: step.kind,
    value: step.kind === 'total' ? step.end : step.end - step.start,
  }));
  const floor = chart.zoomed ? Math.max(0, Math.floor(chart.min)) : 0;

  return (
    <div className="stage-breakdown" data-testid="stage-breakdown">
      <h3>Per stage, against the exemplars</h3>
      <table className="stage-table" data-testid="stage-table">
        <tbody>
          {summary.stages.map((s) => (
            <tr key={s.stage} data-stage={s.stage}>
              <td><i className="swatch" style={{ background: STAGE_COLOURS[s.stage] ?? TOTAL }} />{s.stage}</td>
              <td className={s.points >= 0 ? 'gain' : 'loss'} data-testid={`stage-points-${s.stage}`}>{signed(s.points)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="chart" aria-label="Per-stage contribution chart">
        <ResponsiveContainer width="100%" height={130}>
          <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#2a3442" horizontal={false} />
            <XAxis type="number" stroke="#8b98a9" fontSize={11} />
            <YAxis type="category" dataKey="stage" stroke="#8b98a9" fontSize={11} width={58} />
            <ReferenceLine x={0} stroke="#8b98a9" />
            <Tooltip formatter={(v) => [`${signed(Number(v))} points`, 'vs exemplars']} contentStyle={{ background: '#18202b', border: '1px solid #2a3442' }} />
            <Bar dataKey="points" isAnimationActive={false}>
              {bars.map((b) => (
                <Cell key={b.stage} fill={b.points >= 0 ? GAIN : LOSS} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <h3>From the exemplars' score to the prediction</h3>
      <div className="chart" aria-label="Waterfall chart" data-testid="waterfall">
        <ResponsiveContainer width="100%" height={170}>
          <BarChart data={waterfall} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#2a3442" vertical={false} />
            <XAxis dataKey="label" stroke="#8b98a9" fontSize={11} interval={0} />
            <YAxis stroke="#8b98a9" fontSize={11} domain={[floor, 'auto']} allowDataOverflow width={40} />
            <Tooltip
              formatter={(_v, _n, item) => {
                const row = item.payload as (typeof waterfall)[number];
                return [row.kind === 'total' ? `${row.value.toFixed(2)} points` : `${signed(row.value)} points`, row.label];
              }}
              contentStyle={{ background: '#18202b', border: '1px solid #2a3442' }}
            />
            <Bar dataKey="base" stackId="w" fill="transparent" isAnimationActive={false} />
            <Bar dataKey="size" stackId="w" isAnimationActive={false}>
              {waterfall.map((row) => (
                <Cell key={row.label} fill={row.kind === 'total' ? TOTAL : row.kind === 'gain' ? GAIN : LOSS} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="muted small">
        Exemplars {summary.exemplarScore.toFixed(2)} {summary.stages.map((s) => `${signed(s.points)} ${s.stage}`).join(' ')} = {(summary.modelScore ?? summary.predictedScore).toFixed(2)} points
        {Math.abs(summary.unexplained) > 0.01 ? ` (${signed(summary.unexplained)} not attributed to a stage)` : ''}
        {summary.checklist ? `; with the checklist's half, ${summary.predictedScore.toFixed(2)} points` : ''}.
      </p>
    </div>
  );
}

// The comparison of the four ways: a table (one column per mode, one row per cost:
// Linux calls, kernel entries, faults, IPC messages and guest traps per call,
// instructions and modelled cycles per call, misrouted calls, patched sites), the
// chosen mode's column marked, and a d3 bar plot of cycles (or kernel entries) per
// call. UI layer.

import { useEffect, useMemo, useRef } from 'react';
import type { CompatComparison, CompatCostRow, LinuxMode } from '../../../shared/protocol.ts';
import { createCostPlot, type CostPlotModel, type CostPlotView } from './costPlot.ts';
import { setPlotMetric } from './linuxActions.ts';
import type { PlotMetric } from './linuxStore.ts';
import { COST_METRICS, figure, modeInfo } from './modes.ts';

function CostTable({ rows, mode }: { rows: CompatCostRow[]; mode: LinuxMode }) {
  return (
    <div className="lx-table-scroll">
      <table className="lx-cost" aria-label="Cost per Linux call in each mode" data-testid="lx-cost-table">
        <thead>
          <tr>
            <th scope="col">mode</th>
            {rows.map((r) => (
              <th key={r.mode} scope="col" className={r.mode === mode ? 'current' : undefined} aria-current={r.mode === mode ? 'true' : undefined} data-mode={r.mode}>
                {modeInfo(r.mode).short}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {COST_METRICS.map((m) => (
            <tr key={m.key} data-metric={m.key}>
              <th scope="row" title={m.help}>{m.label}</th>
              {rows.map((r) => (
                <td key={r.mode} data-mode={r.mode} className={`${r.mode === mode ? 'current' : ''}${m.key === 'misrouted' && r.misrouted > 0 ? ' bad' : ''}`}>
                  {r.ok || r.linuxCalls > 0 ? figure(m.value(r)) : '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function plotModel(rows: CompatCostRow[], mode: LinuxMode, metric: PlotMetric): CostPlotModel {
  const cycles = metric === 'cycles';
  return {
    title: cycles ? 'modelled cycles per Linux call (above the program alone)' : 'kernel entries per Linux call',
    bars: rows.map((r) => {
      const v = cycles ? r.cyclesPerCall ?? 0 : r.perCall.kernelEntries;
      return { mode: r.mode, label: modeInfo(r.mode).short, value: Math.max(0, v), text: figure(cycles ? r.cyclesPerCall : r.perCall.kernelEntries), current: r.mode === mode };
    }),
  };
}

function CostPlot({ model }: { model: CostPlotModel }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<CostPlotView | null>(null);
  useEffect(() => {
    view.current = createCostPlot(host.current!);
    return () => { view.current?.destroy(); view.current = null; };
  }, []);
  useEffect(() => { view.current?.update(model); }, [model]);
  return <div ref={host} className="lx-plot" data-testid="lx-cost-plot" />;
}

export function CostView({ comparison, mode, metric }: { comparison: CompatComparison; mode: LinuxMode; metric: PlotMetric }) {
  const noBaseline = comparison.baseline.problem !== null;
  const shown: PlotMetric = noBaseline ? 'entries' : metric;
  const model = useMemo(() => plotModel(comparison.rows, mode, shown), [comparison, mode, shown]);
  const failed = comparison.rows.filter((r) => !r.ok);
  return (
    <div className="lx-compare">
      <p className="lx-line"><b>The four ways on {comparison.program}</b></p>
      <CostTable rows={comparison.rows} mode={mode} />
      <p className="lx-note">
        {noBaseline
          ? `No baseline (${comparison.baseline.problem}): instructions and cycles per call need the program to run with free system calls too.`
          : `Baseline: ${comparison.baseline.instructions.toLocaleString('en')} instructions of ${comparison.program}'s own (counted ${comparison.baseline.source === 'the program thread in fault mode' ? 'on its thread in fault mode, where every call is handled in another thread' : 'with free system calls, under the stand-in Linux shim'}); per-call figures are what each call adds. Cycles are modelled.`}
      </p>
      {failed.map((r) => (
        <p key={r.mode} className="lx-note bad">{modeInfo(r.mode).label}: {r.problem ?? `exit status ${r.status ?? '?'}`}</p>
      ))}
      <div className="lx-plot-head">
        <label>
          Plot{' '}
          <select aria-label="What the plot shows" value={shown} disabled={noBaseline} onChange={(e) => setPlotMetric(e.target.value as PlotMetric)}>
            <option value="cycles">cycles per call</option>
            <option value="entries">kernel entries per call</option>
          </select>
        </label>
      </div>
      <CostPlot model={model} />
    </div>
  );
}

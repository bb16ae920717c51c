// Scheduling view: a timeline of which thread held the CPU when (one row per
// thread, virtual time across), the stretches each thread was blocked (lighter,
// with what it waited on), interrupts as ticks, each thread's share of the CPU.
// Click a bar for its times. Redrawn at most once per animation frame. UI layer.
import { useMemo, useState } from 'react';
import { paletteClass } from '../viz/svg.ts';
import { createTimeline } from '../viz/timelineView.ts';
import { buildTimeline, cpuTime, waitText, type Segment, type Wait } from '../viz/model/schedule.ts';
import { DetailPane, DroppedNote, WindowNote, type Detail } from './DetailPane.tsx';
import { rememberLast, useD3View, useKernelRecords } from './hooks.ts';
import './views.css';

/** The timeline of the last records read (built once per read of the log). */
const timelineOf = rememberLast(buildTimeline);

function segmentDetail(s: Segment | Wait): Detail {
  if ('on' in s) {
    return { title: `${s.thread} blocked`, fields: [['waits', waitText(s)], ['on', s.on], ['state', s.state], ['from', String(s.start)], ['to', String(s.end)], ['for', `${s.end - s.start} ticks`]] };
  }
  return { title: `${s.thread ?? 'no thread'} on the CPU`, fields: [['from', String(s.start)], ['to', String(s.end)], ['for', `${s.end - s.start} ticks`]] };
}

export function ScheduleView() {
  const { records, dropped, windowed, pending } = useKernelRecords();
  const [selected, setSelected] = useState<Segment | Wait | null>(null);
  const timeline = timelineOf(records);
  const model = useMemo(() => ({ timeline, selected }), [timeline, selected]);
  const ref = useD3View(createTimeline, { onSelect: setSelected }, model);
  const shares = cpuTime(timeline);
  const span = Math.max(1, timeline.end - timeline.start);
  return (
    <div className="kv-view">
      <div className="kv-bar">
        <span className="kv-count" data-testid="schedule-count">{timeline.segments.length} stretch{timeline.segments.length === 1 ? '' : 'es'} · {timeline.waits.length} blocked · {timeline.irqs.length} IRQ{timeline.irqs.length === 1 ? '' : 's'}</span>
        <span className="kv-legend">
          <span><i className="kv-key kv-waitkey" />blocked</span>
          {timeline.threads.map((t, i) => (
            <span key={t} className={paletteClass(i)}><i className="kv-key kv-swatch" />{t} {Math.round(((shares.get(t) ?? 0) / span) * 100)}%</span>
          ))}
        </span>
        <WindowNote windowed={windowed} size={records.length} />
        <DroppedNote dropped={dropped} />
      </div>
      {timeline.segments.length === 0 && !pending ? <p className="placeholder">Run the program to see which thread runs when.</p> : null}
      <div className="kv-scroll kv-canvas" ref={ref} data-testid="schedule-timeline" />
      <DetailPane detail={selected ? segmentDetail(selected) : null} onClose={() => setSelected(null)} />
    </div>
  );
}

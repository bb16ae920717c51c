// Kernel log: the kernel's latest event records, newest at the bottom: syscalls,
// invocations with their named arguments, errors with seL4's error name and the
// kernel's reason, IPC from -> to with label/length/badge, faults, thread switches.
// Consecutive identical lines fold into one with a count (printf's stream of
// seL4_DebugPutChar). Only the rows in view are rendered, updated in place. While the
// program runs the log is re-read at most five times a second, from the newest
// records backwards until LIVE_ROWS rows are found (never the whole log per frame);
// once it stops, the whole log at the next frame. A click shows every field of a
// record. UI layer; a tab of the inspector.

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { useKernelLogVersion } from '../state/kernelLog.ts';
import { selectKernelLog, selectRegisters, selectRunState } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import { foldNewest as rowsOf, recordFields, type LogRow as Row } from './kernelLogFormat.ts';

const ROW_HEIGHT = 21;
/** While the program runs: rows shown, records read at most, and how often (ms). */
const LIVE_ROWS = 200;
const LIVE_RECORDS = 2_000;
const LIVE_INTERVAL_MS = 200;
const KINDS = ['syscall', 'invoke', 'error', 'ipc', 'block', 'fault', 'switch', 'cap', 'irq', 'debug'] as const;

export function KernelLogView() {
  const log = useLab(selectKernelLog);
  const running = useLab(selectRunState) === 'running';
  const version = useKernelLogVersion(log, running ? LIVE_INTERVAL_MS : 0);
  const maxRows = running ? LIVE_ROWS : Infinity;
  const maxRecords = running ? LIVE_RECORDS : log.capacity;
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [selected, setSelected] = useState<number | null>(null);
  const ready = usePainted();
  // `version` stands for the log's contents, which live outside React.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => (ready ? rowsOf(log, hidden, maxRows, maxRecords) : []), [ready, log, hidden, maxRows, maxRecords, version]);
  const chosen = selected === null ? null : rows.find((r) => r.first.seq <= selected && selected <= r.last.seq) ?? null;
  const toggle = (kind: string) => setHidden((h) => {
    const next = new Set(h);
    if (!next.delete(kind)) next.add(kind);
    return next;
  });
  return (
    <div className="klog">
      <div className="klog-bar">
        <span className="klog-count" data-testid="kernel-log-count">
          {log.total.toLocaleString('en-US')} event{log.total === 1 ? '' : 's'}
          {log.dropped > 0 ? <span className="klog-dropped"> · {log.dropped.toLocaleString('en-US')} dropped</span> : null}
          {running && log.size > rows.length ? <span className="muted"> · newest {rows.length.toLocaleString('en-US')} rows shown while running</span>
            : log.total > log.size ? <span className="muted"> · newest {log.size.toLocaleString('en-US')} kept</span> : null}
        </span>
        <span className="klog-kinds" role="group" aria-label="Show kinds">
          {KINDS.map((k) => (
            <button key={k} type="button" className={`klog-kind tone-${k}`} aria-pressed={!hidden.has(k)} onClick={() => toggle(k)}>{k}</button>
          ))}
        </span>
        <ThreadNote />
      </div>
      {rows.length === 0
        ? <p className="placeholder">{!ready ? 'Reading the kernel log…' : log.total === 0 ? 'Run the program to see what the kernel does.' : 'No events of the kinds shown.'}</p>
        : <Rows rows={rows} selected={chosen} onSelect={(r) => setSelected(r.first.seq)} />}
      {chosen ? <Details row={chosen} onClose={() => setSelected(null)} /> : null}
    </div>
  );
}

/** False for the first frame after mounting: the tab answers a click at once and
 *  decodes the records after that frame is painted. */
function usePainted(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let timer = 0;
    const frame = requestAnimationFrame(() => { timer = window.setTimeout(() => setReady(true)); });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return ready;
}

function ThreadNote() {
  const thread = useLab(selectRegisters)?.thread;
  return thread ? <span className="klog-thread muted" title="The thread on the CPU at the last stop">on CPU: {thread}</span> : null;
}

interface RowsProps {
  rows: Row[];
  selected: Row | null;
  onSelect: (r: Row) => void;
}

/** The rows in view (plus a few either side); the list follows the newest while scrolled to the bottom. */
function Rows({ rows, selected, onSelect }: RowsProps) {
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(300);
  const follow = useRef(true);
  const total = rows.length * ROW_HEIGHT;
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow.current) {
      el.scrollTop = total;
      setTop(el.scrollTop);
    }
  }, [total, height]);
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    setTop(el.scrollTop);
  };
  const from = Math.max(0, Math.floor(top / ROW_HEIGHT) - 4);
  const to = Math.min(rows.length, Math.ceil((top + height) / ROW_HEIGHT) + 4);
  const shown = rows.slice(from, to);
  return (
    <div className="klog-scroll" ref={box} onScroll={onScroll}>
      <div className="klog-list" role="list" aria-label="Kernel events" style={{ height: total }}>
        {/* Keyed by position in view: as records stream past, rows are updated in place. */}
        {shown.map((r, i) => (
          <LogRow key={i} row={r} top={(from + i) * ROW_HEIGHT} selected={r === selected} onSelect={onSelect} />
        ))}
      </div>
    </div>
  );
}

function LogRow({ row, top, selected, onSelect }: { row: Row; top: number; selected: boolean; onSelect: (r: Row) => void }) {
  const { line } = row;
  const full = `#${row.first.seq} ${line.kind} ${line.who} ${line.text}${row.count > 1 ? ` (×${row.count})` : ''}`;
  return (
    <div role="listitem" className={`klog-row tone-${line.tone}${selected ? ' selected' : ''}`} style={{ top, height: ROW_HEIGHT }} data-kind={line.kind}>
      <button type="button" title={full} onClick={() => onSelect(row)}>
        <span className="klog-seq">{row.first.seq}</span>
        <span className="klog-k">{line.kind}</span>
        <span className="klog-who">{line.who}</span>
        <span className="klog-text">{line.text}</span>
        {row.count > 1 ? <span className="klog-times">×{row.count}</span> : null}
      </button>
    </div>
  );
}

function Details({ row, onClose }: { row: Row; onClose: () => void }) {
  const fields = recordFields(row.first);
  return (
    <div className="klog-details" aria-label="Event details">
      <div className="klog-details-head">
        <strong>Event #{row.first.seq}{row.count > 1 ? ` (and ${row.count - 1} like it, to #${row.last.seq})` : ''}</strong>
        <button type="button" onClick={onClose} aria-label="Close details">×</button>
      </div>
      <dl>
        {fields.map(([k, v]) => (
          <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
        ))}
      </dl>
    </div>
  );
}

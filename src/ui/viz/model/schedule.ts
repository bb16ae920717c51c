// View model of the Scheduling view: which thread was on the CPU when, as
// segments [start, end) of virtual time cut at every schedule record, and the
// interrupts as markers. The thread running before the first schedule record is
// the first one a record names. Pure (no DOM). UI layer, viz/model.
import type { StampedEvent } from '../../../shared/kernelView.ts';
import { threadOf } from './syscallRows.ts';

/** thread null: no thread could run. */
export interface Segment { thread: string | null; start: number; end: number }
export interface IrqMark { time: number; irq: number; signalled: boolean }

export interface Timeline {
  /** Threads in order of first appearance. */
  threads: string[];
  segments: Segment[];
  irqs: IrqMark[];
  start: number;
  end: number;
}

function firstThread(records: readonly StampedEvent[]): string | null {
  for (const r of records) {
    if (r.event.kind === 'schedule') return null;
    const t = threadOf(r.event);
    if (t) return t;
  }
  return null;
}

/** `end`: the machine's time now (defaults to the last record's time). */
export function buildTimeline(records: readonly StampedEvent[], end?: number): Timeline {
  const start = records.length ? records[0].time : 0;
  const stop = Math.max(end ?? start, records.length ? records[records.length - 1].time : start);
  const segments: Segment[] = [];
  const irqs: IrqMark[] = [];
  const threads: string[] = [];
  const see = (t: string | null) => { if (t !== null && !threads.includes(t)) threads.push(t); };
  let cur: Segment = { thread: firstThread(records), start, end: start };
  see(cur.thread);
  for (const r of records) {
    const e = r.event;
    if (e.kind === 'irq') irqs.push({ time: r.time, irq: e.irq, signalled: e.signalled });
    if (e.kind !== 'schedule') continue;
    see(e.thread);
    if (r.time > cur.start) { cur.end = r.time; segments.push(cur); cur = { thread: e.thread, start: r.time, end: r.time }; }
    else cur.thread = e.thread;
  }
  if (stop > cur.start) { cur.end = stop; segments.push(cur); }
  return { threads, segments: mergeAdjacent(segments), irqs, start, end: stop };
}

function mergeAdjacent(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && last.thread === s.thread && last.end === s.start) last.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

/** Time on the CPU per thread (for the legend). */
export function cpuTime(t: Timeline): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of t.segments) if (s.thread !== null) m.set(s.thread, (m.get(s.thread) ?? 0) + s.end - s.start);
  return m;
}

/** The segment covering time `at`, if any. */
export function segmentAt(t: Timeline, at: number): Segment | null {
  return t.segments.find((s) => s.start <= at && at < s.end) ?? null;
}

/** For drawing at a resolution: each thread's stretches closer than `gap` joined into
 *  one (a thread switching many times a pixel is one bar, not hundreds). The result
 *  covers every original stretch; only gaps shorter than `gap` are filled. */
export function joinClose(segments: readonly Segment[], gap: number): Segment[] {
  const open = new Map<string | null, Segment>();
  const out: Segment[] = [];
  for (const s of segments) {
    const last = open.get(s.thread);
    if (last && s.start - last.end < gap) { last.end = s.end; continue; }
    const copy = { ...s };
    open.set(s.thread, copy);
    out.push(copy);
  }
  return out;
}

// View model of the Scheduling view: which thread was on the CPU when, as
// segments [start, end) of virtual time cut at every schedule record, and the
// interrupts as markers. The thread running before the first schedule record is
// the first one a record names. Blocked stretches come from `block` records: a wait
// lasts until the thread is scheduled again, receives a message or acts (its next
// record). Pure (no DOM). UI layer, viz/model.
import type { StampedEvent, ThreadStateName } from '../../../shared/kernelView.ts';
import { threadOf } from './syscallRows.ts';

/** thread null: no thread could run. */
export interface Segment { thread: string | null; start: number; end: number }
export interface IrqMark { time: number; irq: number; signalled: boolean }
/** A thread blocked from `start` to `end`: on "endpoint@0x...", "notification@0x..." or "reply". */
export interface Wait { thread: string; start: number; end: number; on: string; state: ThreadStateName }

export interface Timeline {
  /** Threads in order of first appearance. */
  threads: string[];
  segments: Segment[];
  /** Blocked stretches, in order of their start (only those longer than no time). */
  waits: Wait[];
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
  return { threads, segments: mergeAdjacent(segments), waits: buildWaits(records, stop), irqs, start, end: stop };
}

/** The thread a record wakes or shows active: a message's receiver, a scheduled thread, the actor. */
function wokenBy(e: StampedEvent['event']): string[] {
  if (e.kind === 'ipc') return [e.to, e.from];
  if (e.kind === 'block') return [];
  const t = threadOf(e);
  return t ? [t] : [];
}

/** Each block record opens a wait for its thread, closed by the thread's next message,
 *  schedule or record of its own (or the end of the run). */
function buildWaits(records: readonly StampedEvent[], stop: number): Wait[] {
  const open = new Map<string, Wait>();
  const out: Wait[] = [];
  const close = (t: string, at: number) => {
    const w = open.get(t);
    if (!w) return;
    open.delete(t);
    w.end = at;
    if (w.end > w.start) out.push(w);
  };
  for (const r of records) {
    const e = r.event;
    for (const t of wokenBy(e)) close(t, r.time);
    if (e.kind === 'block') { close(e.thread, r.time); open.set(e.thread, { thread: e.thread, start: r.time, end: r.time, on: e.on, state: e.state }); }
  }
  for (const t of [...open.keys()]) close(t, stop);
  return out.sort((a, b) => a.start - b.start);
}

/** What a wait is, in words: "waits for a reply", "waits to send on endpoint@0x...". */
export function waitText(w: Pick<Wait, 'on' | 'state'>): string {
  switch (w.state) {
    case 'BlockedOnReply': return 'waits for a reply';
    case 'BlockedOnSend': return `waits to send on ${w.on}`;
    case 'BlockedOnReceive': return `waits to receive on ${w.on}`;
    case 'BlockedOnNotification': return `waits for a signal on ${w.on}`;
    default: return `blocked (${w.state}) on ${w.on}`;
  }
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

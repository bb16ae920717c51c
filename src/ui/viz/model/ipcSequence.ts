// View model of the IPC view: a sequence diagram with one lifeline per thread and
// one arrow per message the kernel transferred (label, badge, length, caps), in
// order; a message to a thread waiting on a Call (or a fault it raised) is its
// reply. A reply goes "via" the endpoint of the Call it answers (for the endpoint
// filter). Blocking shows on lifelines: from a `block` record to the thread's next
// message or schedule. Pure (no DOM). UI layer, viz/model. Records: src/shared/kernelView.ts.
import type { StampedEvent, ThreadStateName } from '../../../shared/kernelView.ts';

export type MessageKind = 'send' | 'call' | 'reply' | 'fault';

export interface IpcMessage {
  seq: number;
  time: number;
  from: string;
  to: string;
  label: bigint;
  badge: bigint;
  length: number;
  caps: number;
  kind: MessageKind;
  /** The endpoint of the record ("endpoint@0x..."), null for a reply. */
  ep: string | null;
  /** The endpoint the message belongs to: its own, or for a reply the one the Call went through. */
  via: string | null;
  /** The first min(length, 4) message words as delivered. */
  mrs: bigint[];
}

/** A thread blocked from record `from` until record `until` (its next message or
 *  schedule), null while it still waits. */
export interface IpcWait { thread: string; on: string; state: ThreadStateName; from: number; until: number | null }

export interface IpcSequence {
  lifelines: string[];
  messages: IpcMessage[];
  waits: IpcWait[];
  /** Endpoints named by messages, in order of first appearance (for the filter menu). */
  endpoints: string[];
}

/** Threads waiting for a reply: they entered with Call (not a kernel invocation) or faulted. */
class ReplyWatch {
  private calling = new Set<string>();
  private callSent = new Set<string>();

  record(r: StampedEvent): void {
    const e = r.event;
    if (e.kind === 'entry') {
      if (e.syscall === 'Call') this.calling.add(e.thread); else this.calling.delete(e.thread);
      this.callSent.delete(e.thread);
    } else if (e.kind === 'invocation' || e.kind === 'error') this.calling.delete(e.thread);
    else if (e.kind === 'fault' && e.delivered) { this.calling.add(e.thread); this.callSent.add(e.thread); }
  }

  kindOf(from: string, to: string, fault: boolean): MessageKind {
    if (fault) return 'fault';
    if (this.calling.has(to) && this.callSent.has(to) && from !== to) { this.calling.delete(to); this.callSent.delete(to); return 'reply'; }
    if (this.calling.has(from) && !this.callSent.has(from)) { this.callSent.add(from); return 'call'; }
    return 'send';
  }
}

/** Open waits per thread; a message to or from the thread, or its schedule, ends one. */
class WaitWatch {
  readonly waits: IpcWait[] = [];
  private open = new Map<string, IpcWait>();

  end(thread: string | null, seq: number): void {
    if (thread === null) return;
    const w = this.open.get(thread);
    if (w) { w.until = seq; this.open.delete(thread); }
  }

  record(r: StampedEvent): void {
    const e = r.event;
    if (e.kind === 'ipc') { this.end(e.to, r.seq); this.end(e.from, r.seq); } else if (e.kind === 'schedule') this.end(e.thread, r.seq);
    else if (e.kind === 'block') {
      this.end(e.thread, r.seq);
      const w: IpcWait = { thread: e.thread, on: e.on, state: e.state, from: r.seq, until: null };
      this.open.set(e.thread, w);
      this.waits.push(w);
    }
  }
}

/** Messages in record order; lifelines in order of first appearance. */
export function buildIpcSequence(records: readonly StampedEvent[]): IpcSequence {
  const watch = new ReplyWatch();
  const waits = new WaitWatch();
  const lifelines: string[] = [];
  const seen = new Set<string>();
  const see = (t: string) => { if (!seen.has(t)) { seen.add(t); lifelines.push(t); } };
  const endpoints: string[] = [];
  const callVia = new Map<string, string | null>();
  const messages: IpcMessage[] = [];
  for (const r of records) {
    const e = r.event;
    waits.record(r);
    if (e.kind !== 'ipc') { watch.record(r); continue; }
    see(e.from); see(e.to);
    const ep = e.ep ?? null;
    if (ep !== null && !endpoints.includes(ep)) endpoints.push(ep);
    const kind = watch.kindOf(e.from, e.to, e.fault);
    const via = kind === 'reply' ? callVia.get(e.to) ?? ep : ep;
    if (kind === 'call' || kind === 'fault') callVia.set(e.from, ep);
    messages.push({ seq: r.seq, time: r.time, from: e.from, to: e.to, label: e.label, badge: e.badge, length: e.length, caps: e.caps, kind, ep, via, mrs: e.mrs ?? [] });
  }
  for (const w of waits.waits) see(w.thread);
  return { lifelines, messages, waits: waits.waits, endpoints };
}

/** Only the messages a thread sent or received and the messages of one endpoint (a
 *  reply counts as its Call's endpoint); the lifelines kept, for a stable picture. */
export function filterSequence(s: IpcSequence, thread: string | null, ep: string | null = null): IpcSequence {
  if (!thread && !ep) return s;
  const messages = s.messages.filter((m) => (!thread || m.from === thread || m.to === thread) && (!ep || m.via === ep));
  const waits = s.waits.filter((w) => (!thread || w.thread === thread) && (!ep || w.on === ep || w.on === 'reply'));
  return { ...s, messages, waits };
}

/** The most recent `max` messages (the diagram draws a window, the ring keeps more);
 *  waits that end before the window are left out. */
export function lastMessages(s: IpcSequence, max: number): IpcSequence {
  if (s.messages.length <= max) return s;
  const messages = s.messages.slice(-max);
  const first = messages[0].seq;
  return { ...s, messages, waits: s.waits.filter((w) => w.until === null || w.until > first) };
}

/** Where a record falls among the drawn messages: how many of them come before it. */
export function rowOf(messages: readonly IpcMessage[], seq: number): number {
  let lo = 0, hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid].seq < seq) lo = mid + 1; else hi = mid;
  }
  return lo;
}

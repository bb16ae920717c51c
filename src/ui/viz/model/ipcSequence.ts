// View model of the IPC view: a sequence diagram with one lifeline per thread and
// one arrow per message the kernel transferred (label, badge, length, caps), in
// order; a message to a thread waiting on a Call (or a fault it raised) is its
// reply. Pure (no DOM). UI layer, viz/model. Records: src/shared/kernelView.ts.
import type { StampedEvent } from '../../../shared/kernelView.ts';

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
}

export interface IpcSequence { lifelines: string[]; messages: IpcMessage[] }

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

/** Messages in record order; lifelines in order of first appearance. */
export function buildIpcSequence(records: readonly StampedEvent[]): IpcSequence {
  const watch = new ReplyWatch();
  const lifelines: string[] = [];
  const seen = new Set<string>();
  const see = (t: string) => { if (!seen.has(t)) { seen.add(t); lifelines.push(t); } };
  const messages: IpcMessage[] = [];
  for (const r of records) {
    const e = r.event;
    if (e.kind !== 'ipc') { watch.record(r); continue; }
    see(e.from); see(e.to);
    const kind = watch.kindOf(e.from, e.to, e.fault);
    messages.push({ seq: r.seq, time: r.time, from: e.from, to: e.to, label: e.label, badge: e.badge, length: e.length, caps: e.caps, kind });
  }
  return { lifelines, messages };
}

/** Only the messages a thread sent or received (the lifelines kept, for a stable picture). */
export function filterSequence(s: IpcSequence, thread: string | null): IpcSequence {
  if (!thread) return s;
  return { lifelines: s.lifelines, messages: s.messages.filter((m) => m.from === thread || m.to === thread) };
}

/** The most recent `max` messages (the diagram draws a window, the ring keeps more). */
export function lastMessages(s: IpcSequence, max: number): IpcSequence {
  return s.messages.length <= max ? s : { lifelines: s.lifelines, messages: s.messages.slice(-max) };
}

// One kernel event record as a line of the Kernel log: a short kind ("syscall",
// "invoke", "error", "ipc", ...), who did it, and a sentence with seL4's names
// (seL4_Call, seL4_FailedLookup, named invocation arguments). UI layer; the record
// kinds are those of the kernel model (docs/kernel.md, "events"). foldNewest turns
// the newest records of the page's log into the view's rows.

import type { KernelEvent, KernelRecord } from '../../shared/protocol.ts';
import type { KernelEventLog } from '../state/kernelLog.ts';

export type Tone = 'plain' | 'call' | 'invoke' | 'ipc' | 'error' | 'fault' | 'sched' | 'cap' | 'irq';

export interface LogLine {
  kind: string;
  /** The thread that acted (or "from → to" for IPC); '' when no thread is involved. */
  who: string;
  text: string;
  tone: Tone;
}

const hex = (v: bigint | number): string => `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}`;

/** seL4_Call, seL4_DebugPutChar; unknown numbers stay as the kernel wrote them. */
export function syscallName(name: string): string {
  return /^[A-Za-z]+$/.test(name) ? `seL4_${name}` : name;
}

/** seL4_FailedLookup from the kernel's "FailedLookup". */
export function errorName(name: string): string {
  return name.startsWith('seL4_') ? name : `seL4_${name}`;
}

function argList(args: Readonly<Record<string, string>>): string {
  return Object.entries(args).map(([k, v]) => `${k}=${v}`).join(' ');
}

function describeIpc(e: Extract<KernelEvent, { kind: 'ipc' }>): string {
  const what = e.fault ? 'fault message' : 'message';
  const via = e.ep === undefined ? '' : e.ep === null ? ' (reply)' : ` via ${e.ep}`;
  const parts = [`${what}${via} label ${hex(e.label)}`, `${e.length} word${e.length === 1 ? '' : 's'}`];
  if (e.caps > 0) parts.push(`${e.caps} cap${e.caps === 1 ? '' : 's'}`);
  if (e.badge !== 0n) parts.push(`badge ${hex(e.badge)}`);
  if (e.mrs !== undefined && e.mrs.length > 0) parts.push(`MRs ${e.mrs.map(hex).join(' ')}${e.length > e.mrs.length ? ' …' : ''}`);
  return parts.join(', ');
}

/** "BlockedOnSend" → "blocks sending on endpoint@0x..."; a reply wait names no object. */
function describeBlock(e: Extract<KernelEvent, { kind: 'block' }>): string {
  switch (e.state) {
    case 'BlockedOnSend': return `blocks sending on ${e.on}`;
    case 'BlockedOnReceive': return `blocks receiving on ${e.on}`;
    case 'BlockedOnReply': return 'blocks waiting for a reply';
    case 'BlockedOnNotification': return `blocks waiting on ${e.on}`;
    default: return `blocks (${e.state}) on ${e.on}`;
  }
}

export function describeEvent(e: KernelEvent): LogLine {
  switch (e.kind) {
    case 'entry': return { kind: 'syscall', who: e.thread, text: `${syscallName(e.syscall)} at pc ${hex(e.pc)}`, tone: 'call' };
    case 'invocation': {
      const args = argList(e.args);
      return { kind: 'invoke', who: e.thread, text: `${e.label} on ${e.cap}${args ? `: ${args}` : ''}`, tone: 'invoke' };
    }
    case 'error': return { kind: 'error', who: e.thread, text: `${e.label} → ${errorName(e.error)}: ${e.reason}`, tone: 'error' };
    case 'ipc': return { kind: 'ipc', who: `${e.from} → ${e.to}`, text: describeIpc(e), tone: 'ipc' };
    case 'block': return { kind: 'block', who: e.thread, text: describeBlock(e), tone: 'sched' };
    case 'fault': return {
      kind: 'fault', who: e.thread, tone: 'fault',
      text: `${e.fault}${e.delivered ? ' (sent to its fault handler)' : ''}: ${e.detail}`,
    };
    case 'schedule': return e.thread === null
      ? { kind: 'switch', who: '', text: 'no thread can run', tone: 'sched' }
      : { kind: 'switch', who: e.thread, text: `now running ${e.thread}`, tone: 'sched' };
    case 'capChange': return { kind: 'cap', who: '', text: `${e.op} ${e.slot}: ${e.cap}`, tone: 'cap' };
    case 'irq': return { kind: 'irq', who: '', text: `IRQ ${e.irq}${e.signalled ? ' signalled its notification' : ' (no notification bound)'}`, tone: 'irq' };
    case 'debug': return { kind: 'debug', who: e.thread, text: e.what, tone: 'plain' };
    default: return describeUnknown(e);
  }
}

/** A record kind this page does not know yet: its fields as they are. */
function describeUnknown(e: KernelEvent): LogLine {
  const rec = e as unknown as Record<string, unknown>;
  const text = Object.entries(rec).filter(([k]) => k !== 'kind').map(([k, v]) => `${k}=${fieldText(v)}`).join(' ');
  return { kind: String(rec.kind), who: typeof rec.thread === 'string' ? rec.thread : '', text, tone: 'plain' };
}

/** Any field value as text (the details box lists every field this way). */
export function fieldText(v: unknown): string {
  if (typeof v === 'bigint') return hex(v);
  if (Array.isArray(v)) return `[${v.map(fieldText).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{ ${argList(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fieldText(x)])))} }`;
  return String(v);
}

/** Every field of a record, for the details box under the log. */
export function recordFields(r: KernelRecord): [string, string][] {
  const fields: [string, string][] = [['seq', String(r.seq)], ['time', String(r.time)]];
  for (const [k, v] of Object.entries(r.event)) fields.push([k, fieldText(v)]);
  return fields;
}

/** A row of the Kernel log: a run of identical lines folded into one. */
export interface LogRow {
  first: KernelRecord;
  last: KernelRecord;
  count: number;
  line: LogLine;
}

const lines = new WeakMap<KernelRecord, LogLine>();
function lineOf(r: KernelRecord): LogLine {
  let l = lines.get(r);
  if (!l) {
    l = describeEvent(r.event);
    lines.set(r, l);
  }
  return l;
}

const sameLine = (a: LogLine, b: LogLine) => a.kind === b.kind && a.who === b.who && a.text === b.text;

/** The log's newest rows, oldest first: hidden kinds left out, runs of identical lines
 *  folded. Read from the newest record backwards, stopping after `maxRows` rows or
 *  `maxRecords` records, so only what is shown is decoded. */
export function foldNewest(log: KernelEventLog, hidden: ReadonlySet<string>, maxRows: number, maxRecords: number): LogRow[] {
  const rows: LogRow[] = [];
  const stop = Math.max(0, log.size - maxRecords);
  for (let i = log.size - 1; i >= stop; i--) {
    const r = log.at(i);
    const line = lineOf(r);
    if (hidden.has(line.kind)) continue;
    const next = rows[rows.length - 1];
    if (next && sameLine(next.line, line)) {
      next.first = r;
      next.count++;
    } else {
      if (rows.length === maxRows) break;
      rows.push({ first: r, last: r, count: 1, line });
    }
  }
  return rows.reverse();
}

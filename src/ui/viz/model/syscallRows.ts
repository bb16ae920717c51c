// View model of the Syscalls view: the kernel's event records grouped into one row
// per kernel entry (a syscall, a fault, an interrupt), each with its thread, PC,
// decoded invocation, result or seL4 error with its reason, faults, IPC and cap
// changes; the lab extensions' records as rows of their own (an origin-window
// refusal or pin kill, a vCPU-model guest trap with its eret); foreign calls marked
// (foreignCalls.ts); plus the filter and text search the table offers. Pure (no DOM).
// UI layer, viz/model. Records: src/shared/kernelView.ts.
import type { KernelEventRecord, StampedEvent } from '../../../shared/kernelView.ts';
import { linuxCallOf, markForeignRows, marksText, noMarks, type ForeignMarks } from './foreignCalls.ts';

export type RowResult =
  | { kind: 'ok' }
  | { kind: 'error'; error: string; reason: string; label: string }
  | { kind: 'none' };

export interface SyscallRow {
  /** The first record's sequence number: the row's identity. */
  seq: number;
  time: number;
  thread: string;
  pc: bigint | null;
  /** x30 at the svc (a library stub's return address into its caller), when the row is a syscall. */
  lr: bigint | null;
  /** Syscall name, "fault: VMFault", "interrupt 27", "origin window", "guest trap" or "kernel". */
  what: string;
  invocation: { label: string; cap: string; args: Record<string, string> } | null;
  result: RowResult;
  faults: { fault: string; detail: string; delivered: boolean }[];
  /** Every record of the entry, in order. */
  records: StampedEvent[];
  /** Foreign call, lab extension and patched-site marks (foreignCalls.ts). */
  marks: ForeignMarks;
}

export type RowKind = 'all' | 'invocations' | 'errors' | 'faults' | 'ipc' | 'foreign';
export interface RowFilter { thread?: string; kind?: RowKind; text?: string }

function openRow(r: StampedEvent): SyscallRow {
  const e = r.event;
  const row: SyscallRow = { seq: r.seq, time: r.time, thread: threadOf(e) ?? 'kernel', pc: null, lr: null, what: 'kernel', invocation: null, result: { kind: 'none' }, faults: [], records: [], marks: noMarks() };
  if (e.kind === 'entry') { row.what = e.syscall; row.pc = e.pc; row.lr = e.lr; }
  else if (e.kind === 'fault') row.what = `fault: ${e.fault}`;
  else if (e.kind === 'irq') row.what = `interrupt ${e.irq}`;
  else if (e.kind === 'origin') {
    row.pc = e.pc;
    row.what = e.decision === 'outside' ? 'origin window: refused' : 'pinned site: killed';
    row.marks.origin = { decision: e.decision, detail: e.detail };
    row.marks.foreign = e.decision === 'outside';
  } else if (e.kind === 'guest') {
    row.pc = e.pc;
    row.what = e.what === 'trap' ? 'guest trap' : 'guest eret';
    if (e.what === 'trap') { row.marks.guest = { eret: null }; row.marks.linux = linuxCallOf(e.x8); }
    row.marks.foreign = e.what === 'trap';
  }
  return row;
}

/** The thread a record is about, if it names one. */
export function threadOf(e: KernelEventRecord): string | null {
  switch (e.kind) {
    case 'entry': case 'invocation': case 'error': case 'fault': case 'debug': case 'origin': case 'guest': return e.thread;
    case 'ipc': return e.from;
    case 'schedule': return e.thread;
    default: return null;
  }
}

/** Does record r start a new kernel entry after `open`? Records of one entry share its time;
 *  a guest kernel's eret joins its thread's open guest trap (later, no entry between), and
 *  nothing else joins a guest row. */
function startsRow(open: SyscallRow | null, r: StampedEvent): boolean {
  const e = r.event;
  if (!open || e.kind === 'entry' || e.kind === 'irq' || e.kind === 'origin') return true;
  if (e.kind === 'guest') return !(e.what === 'eret' && open.marks.guest?.eret === null && open.thread === e.thread);
  // A guest trap or eret is no kernel entry: what follows it is not part of it.
  if (open.records[0]?.event.kind === 'guest' || r.time !== open.time) return true;
  return e.kind === 'fault' && e.thread !== open.thread;
}

function addToRow(row: SyscallRow, r: StampedEvent): void {
  const e = r.event;
  row.records.push(r);
  if (e.kind === 'invocation') { row.invocation = { label: e.label, cap: e.cap, args: e.args }; row.result = { kind: 'ok' }; }
  else if (e.kind === 'error') row.result = { kind: 'error', error: e.error, reason: e.reason, label: e.label };
  else if (e.kind === 'fault') row.faults.push({ fault: e.fault, detail: e.detail, delivered: e.delivered });
  else if (e.kind === 'guest' && e.what === 'eret' && row.marks.guest) row.marks.guest.eret = e.pc;
}

/** Groups records (oldest first) into rows, one per kernel entry. */
export function buildSyscallRows(records: readonly StampedEvent[]): SyscallRow[] {
  const rows: SyscallRow[] = [];
  let open: SyscallRow | null = null;
  for (const r of records) {
    if (startsRow(open, r)) { open = openRow(r); rows.push(open); }
    addToRow(open!, r);
  }
  markForeignRows(rows);
  return rows;
}

/** One line of text for the row's search and its summary cell. */
export function rowSummary(row: SyscallRow): string {
  const parts = [row.thread, row.what];
  if (row.invocation) parts.push(row.invocation.label, row.invocation.cap, ...Object.entries(row.invocation.args).map(([k, v]) => `${k}=${v}`));
  if (row.result.kind === 'error') parts.push(row.result.label, row.result.error, row.result.reason);
  for (const f of row.faults) parts.push(f.fault, f.detail);
  for (const r of row.records) if (r.event.kind === 'ipc') parts.push(`ipc ${r.event.from} -> ${r.event.to}`);
  parts.push(...marksText(row.marks));
  return parts.join(' ');
}

function kindMatches(row: SyscallRow, kind: RowKind): boolean {
  switch (kind) {
    case 'invocations': return row.invocation !== null || row.result.kind === 'error';
    case 'errors': return row.result.kind === 'error';
    case 'faults': return row.faults.length > 0;
    case 'ipc': return row.records.some((r) => r.event.kind === 'ipc');
    case 'foreign': return row.marks.foreign || row.marks.origin !== null || row.marks.guest !== null || row.marks.suspect !== null;
    default: return true;
  }
}

export function filterRows(rows: readonly SyscallRow[], f: RowFilter): SyscallRow[] {
  const text = f.text?.trim().toLowerCase() ?? '';
  return rows.filter((row) =>
    (!f.thread || row.thread === f.thread)
    && kindMatches(row, f.kind ?? 'all')
    && (!text || rowSummary(row).toLowerCase().includes(text)));
}

/** The threads named by rows, in order of first appearance (for the filter menu). */
export function rowThreads(rows: readonly SyscallRow[]): string[] {
  return [...new Set(rows.map((r) => r.thread))];
}

/** A record as one readable line (the detail pane lists them). */
export function describeRecord(e: KernelEventRecord): string {
  const hex = (v: bigint) => `0x${v.toString(16)}`;
  switch (e.kind) {
    case 'entry': return `${e.thread} enters the kernel: ${e.syscall} at pc ${hex(e.pc)}${e.x8 === undefined ? '' : ` (x8 = ${e.x8})`}`;
    case 'invocation': return `${e.label} on ${e.cap} (${Object.entries(e.args).map(([k, v]) => `${k}=${v}`).join(', ')})`;
    case 'error': return `${e.label} failed: seL4_${e.error}: ${e.reason}`;
    case 'capChange': return `cap ${e.op}: ${e.slot} ← ${e.cap}`;
    case 'fault': return `${e.thread} faults: ${e.fault} (${e.detail})${e.delivered ? ', delivered' : ', no handler'}`;
    case 'ipc': return `${e.fault ? 'fault message' : 'message'} ${e.from} → ${e.to}${e.ep ? ` via ${e.ep}` : e.ep === null ? ' (reply)' : ''}: label ${e.label}, badge ${e.badge}, ${e.length} words, ${e.caps} caps${e.mrs?.length ? `, MRs ${e.mrs.map(hex).join(' ')}` : ''}`;
    case 'block': return `${e.thread} blocks (${e.state}) on ${e.on}`;
    case 'irq': return `interrupt ${e.irq}${e.signalled ? ' signalled its notification' : ' (no handler)'}`;
    case 'schedule': return `switch to ${e.thread ?? 'no thread'}`;
    case 'debug': return `${e.thread}: ${e.what}`;
    case 'origin': return `${e.decision === 'outside' ? 'origin window' : 'pinned syscall sites'} (lab extension): ${e.detail}`;
    case 'guest': return e.what === 'trap'
      ? `${e.thread}: svc at ${hex(e.pc)} goes to its guest kernel (vCPU model, no seL4 entry)`
      : `${e.thread}: guest kernel returns (eret at ${hex(e.pc)})`;
  }
}

// The four ways as the Linux panel names and explains them (one line each), the cost
// table's rows, and number formatting. Plain data and functions, no React. UI layer.

import type { CompatCostRow, LinuxMode } from '../../../shared/protocol.ts';

export interface ModeInfo {
  mode: LinuxMode;
  label: string;
  /** Short name for the table's and plot's columns. */
  short: string;
  /** What it is, when it is not plain seL4 (shown as a tag). */
  tag?: string;
  line: string;
}

export const MODE_INFO: readonly ModeInfo[] = [
  { mode: 'fault', label: 'Fault handler', short: 'fault',
    line: 'Each Linux call is an UnknownSyscall fault that the kernel sends to linux-compat, which emulates the call and replies.' },
  { mode: 'window', label: 'Origin window', short: 'window', tag: 'lab kernel extension, not seL4',
    line: 'An svc from outside the thread\'s syscall window always faults, whatever x7 holds. Cost: one compare on every syscall.' },
  { mode: 'patch', label: 'Trap and patch', short: 'patch',
    line: 'After the first fault at a call site, linux-compat rewrites that svc into a branch to a gate into its in-process library: later calls skip the kernel.' },
  { mode: 'vcpu', label: 'Virtual CPU', short: 'vCPU', tag: 'a model',
    line: 'The program runs as a guest: its svc goes to a guest kernel vector in its own address space, with no seL4 entry.' },
];

export const modeInfo = (m: LinuxMode): ModeInfo => MODE_INFO.find((i) => i.mode === m)!;

/** A figure as the table shows it: whole numbers as they are, others from 100 up
 *  rounded to whole numbers, below 100 with two decimals. */
export function figure(v: number | null): string {
  if (v === null) return '–';
  if (Number.isInteger(v) || Math.abs(v) >= 100) return Math.round(v).toLocaleString('en');
  return v.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export interface CostMetric {
  key: string;
  label: string;
  help: string;
  value(r: CompatCostRow): number | null;
}

export const COST_METRICS: readonly CostMetric[] = [
  { key: 'calls', label: 'Linux calls', help: 'Linux system calls that reached linux-compat or its library', value: (r) => r.linuxCalls },
  { key: 'entries', label: 'kernel entries / call', help: 'kernel entries (svc, faults, replies) per Linux call', value: (r) => r.perCall.kernelEntries },
  { key: 'faults', label: 'faults / call', help: 'UnknownSyscall faults per Linux call', value: (r) => r.perCall.faults },
  { key: 'ipc', label: 'IPC messages / call', help: 'IPC messages (fault messages, replies, forwards) per Linux call', value: (r) => r.perCall.ipcMessages },
  { key: 'guest', label: 'guest traps / call', help: 'traps into the modelled guest kernel per Linux call (vCPU)', value: (r) => r.perCall.guestTraps },
  { key: 'instructions', label: 'instructions / call', help: 'instructions each Linux call adds over the program with free system calls', value: (r) => r.instructionsPerCall },
  { key: 'cycles', label: 'cycles / call (modelled)', help: 'modelled cycles (a cost model, not a measurement) each Linux call adds: instructions, kernel entries, context switches, guest traps, origin compares', value: (r) => r.cyclesPerCall },
  { key: 'misrouted', label: 'misrouted calls', help: 'Linux calls the kernel ran as seL4 calls (x7 held an seL4 number)', value: (r) => r.misrouted },
  { key: 'sites', label: 'patched sites', help: 'svc sites rewritten into branches to gates', value: (r) => r.patchedSites },
];

export const hex = (v: bigint): string => `0x${v.toString(16)}`;

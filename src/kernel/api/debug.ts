// seL4_DebugDumpScheduler: the table a seL4 debug build prints on the console,
// one line per TCB (name, state, restart PC, priority), newest thread first and
// the idle thread before the root task, as seL4 keeps its debug TCB list.
// Kernel API layer. Facts: reference/sel4.md 2.1 (debug calls), seL4 api/debug.h.
import type { KernelState } from '../state.ts';
import { sel4Name, type Tcb, type ThreadState } from '../object/tcb.ts';

const STATE_TEXT: Record<ThreadState, string> = {
  Inactive: 'inactive', Running: 'running', Restart: 'restart', BlockedOnReceive: 'blocked on recv',
  BlockedOnSend: 'blocked on send', BlockedOnReply: 'blocked on reply', BlockedOnNotification: 'blocked on ntfn', Idle: 'idle',
};

/** seL4's printf %p: "(nil)" for 0, else 0x and lower-case hex. */
const pointer = (v: bigint): string => (v === 0n ? '(nil)' : `0x${v.toString(16)}`);

function row(name: string, state: string, ip: bigint, prio: number): string {
  return `${name.padEnd(40)}   ${state.padEnd(16)}   ${pointer(ip).padEnd(18)}   ${String(prio).padStart(4)}\n`;
}

/** The text of one seL4_DebugDumpScheduler call (non-MCS, one core, one domain). */
export function dumpScheduler(k: KernelState): string {
  const head = `Dumping all tcbs!\n${'Name'.padEnd(40)}   ${'State'.padEnd(16)}   ${'IP'.padEnd(18)}   ${'Prio'.padEnd(4)}\n${'-'.repeat(88)}\n`;
  const threads = [...k.tcbs.values()].reverse();
  const lines = threads.map((t: Tcb) => row(sel4Name(t), STATE_TEXT[t.state], t.faultIp, t.priority));
  lines.splice(Math.max(0, lines.length - 1), 0, row('idle_thread', 'idle', 0n, 0));
  return head + lines.join('');
}

/** The syscall: the table goes to the debug console byte by byte, like seL4's kernel printf. */
export function debugDumpScheduler(k: KernelState, putChar: (byte: number) => void): void {
  for (const ch of dumpScheduler(k)) putChar(ch.charCodeAt(0) & 0xff);
}

// Lab extension, not seL4: the syscall origin window and per-syscall pins
// (docs/linux-compat.md). Before an svc is dispatched, a thread with a window set
// by seL4_TCB_SetSyscallRange has its svc address compared with [start, end)
// (one unsigned compare, as Linux's Syscall User Dispatch does); outside, the svc
// is not dispatched whatever x7 holds and raises UnknownSyscall. A thread with pins
// (seL4_TCB_PinSyscall, in the spirit of OpenBSD's pinsyscalls) may make each seL4
// syscall only from its pinned site; a mismatch or an unpinned number kills it.
// Kernel API layer. Facts: reference/syscall-origin.md 1, 2 and "Anchors" 1.
import { SYSCALL_NAME } from '../../shared/abi/index.ts';
import type { KernelState } from '../state.ts';
import { suspend } from '../core/thread.ts';
import { PIN_ANY_SITE, type Tcb } from '../object/tcb.ts';

export type OriginDecision = 'dispatch' | 'outside' | 'killed';

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** The decision for an svc at `pc` with seL4 number `nr` (x7); records and counts refusals.
 *  'killed' has already stopped the thread (state Inactive, stoppedBy names site and number). */
export function checkOrigin(k: KernelState, t: Tcb, pc: bigint, nr: number): OriginDecision {
  const w = t.syscallWindow;
  if (w) {
    k.counters.originChecks++;
    if (pc < w.start || pc >= w.end) {
      k.counters.originFaults++;
      k.events.push({ kind: 'origin', thread: t.name, pc, syscall: syscallName(nr), decision: 'outside', detail: `svc at ${hex(pc)} is outside the window ${hex(w.start)}-${hex(w.end)}: raised as UnknownSyscall` });
      return 'outside';
    }
  }
  const pins = t.syscallPins;
  if (!pins) return 'dispatch';
  const site = pins.get(nr);
  if (site === PIN_ANY_SITE || site === pc) return 'dispatch';
  const why = site === undefined ? 'no site is pinned for that number' : `the pinned site for that number is ${hex(site)}`;
  const report = `pinsyscalls: thread "${t.name}" made ${syscallName(nr)} (${nr}) from ${hex(pc)}; ${why}. The kernel killed the thread.`;
  k.counters.pinKills++;
  k.events.push({ kind: 'origin', thread: t.name, pc, syscall: syscallName(nr), decision: 'pin', detail: report });
  suspend(k, t);
  t.stoppedBy = report;
  return 'killed';
}

function syscallName(nr: number): string {
  return SYSCALL_NAME.get(nr) ?? `syscall ${nr}`;
}

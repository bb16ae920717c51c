// Thread operations the invocations share: suspend, restart (resume), priority
// changes with their ready-queue moves. Kernel core layer.
// Facts: reference/sel4.md 2.10 (Suspend/Resume, priorities); seL4 src/kernel/thread.c.
import type { Tcb } from '../object/tcb.ts';
import { CpuState } from '../../emulator/cpu/state.ts';
import { leaveEndpoint } from '../object/endpoint.ts';
import { deleteSlot } from './delete.ts';
import type { KernelState } from '../state.ts';

/** Stopped = not running and not about to (Inactive or blocked). */
export function isStopped(t: Tcb): boolean {
  return t.state !== 'Running' && t.state !== 'Restart' && t.state !== 'Idle';
}

/** cancelIPC: take the thread out of whatever it waits on; a pending reply's cap goes. */
export function cancelIPC(k: KernelState, t: Tcb): void {
  const b = t.blocking;
  t.blocking = null;
  if (!b) return;
  if (b.kind === 'send' || b.kind === 'recv') {
    const ep = k.endpoints.get(b.ep);
    if (ep) leaveEndpoint(ep, t);
  } else if (b.kind === 'ntfn') {
    const n = k.notifications.get(b.ntfn);
    if (n) n.waiting = n.waiting.filter((x) => x !== t);
  } else {
    t.fault = null;
    for (const s of [...k.allSlots()]) if (s.cap.type === 'reply' && s.cap.tcb === t.paddr) deleteSlot(k, s);
  }
}

/** suspend: cancel IPC, Inactive, out of the ready queue. A Running thread
 *  (not the invoker, which seL4 holds in Restart) gets its restart point moved to
 *  its current pc (updateRestartPC), so Resume continues where it was. */
export function suspend(k: KernelState, t: Tcb): void {
  cancelIPC(k, t);
  if (t.state === 'Running' && t !== k.current && t.regs) {
    const s = new CpuState();
    s.restore(t.regs);
    t.faultIp = s.pc;
  }
  t.state = 'Inactive';
  k.scheduler.dequeue(t);
  k.events.push({ kind: 'debug', thread: t.name, what: 'suspended' });
}

/** restart: a stopped thread leaves whatever it waits on (seL4 restart calls
 *  cancelIPC), becomes runnable (state Restart) and is queued. */
export function restart(k: KernelState, t: Tcb): void {
  if (!isStopped(t)) return;
  cancelIPC(k, t);
  t.state = 'Restart';
  t.stoppedBy = undefined;
  if (t !== k.current) k.scheduler.enqueue(t);
  k.events.push({ kind: 'debug', thread: t.name, what: 'resumed' });
}

/** setPriority: a queued thread moves to the tail of its new priority's queue. */
export function setPriority(k: KernelState, t: Tcb, prio: number): void {
  const queued = k.scheduler.queued(t);
  if (queued) k.scheduler.dequeue(t);
  t.priority = prio;
  if (queued) k.scheduler.enqueue(t);
}

// Notifications: a word of signal bits ORed with the sender's badge; Wait takes
// and clears it or blocks (FIFO); a bound TCB blocked in Recv on an endpoint is
// woken by a signal with the badge; Poll returns badge 0 when nothing is pending.
// Kernel object layer. Facts: reference/sel4.md 2.10 (binding), 2.11 (notifications).
import { blockThread, setBadge, type IpcEnv } from '../core/ipc.ts';
import type { KernelState, NotificationObj } from '../state.ts';
import { wake, leaveEndpoint } from './endpoint.ts';
import type { Tcb } from './tcb.ts';

/** completeSignal: hand the pending word to `t` and go idle. */
export function completeSignal(env: IpcEnv, n: NotificationObj, t: Tcb): void {
  setBadge(env, t, n.word);
  n.word = 0n;
  n.active = false;
}

export function sendSignal(env: IpcEnv, n: NotificationObj, badge: bigint): void {
  const k = env.k;
  const waiter = n.waiting.shift();
  if (waiter) { setBadge(env, waiter, badge); wake(k, waiter); return; }
  const bound = n.boundTcb !== null ? k.tcbs.get(n.boundTcb) : undefined;
  if (!n.active && bound && bound.state === 'BlockedOnReceive' && bound.blocking?.kind === 'recv') {
    const ep = k.endpoints.get(bound.blocking.ep);
    if (ep) leaveEndpoint(ep, bound);
    setBadge(env, bound, badge);
    wake(k, bound);
    return;
  }
  n.word |= badge;
  n.active = true;
}

export function receiveSignal(env: IpcEnv, t: Tcb, n: NotificationObj, blocking: boolean): void {
  if (n.active) { completeSignal(env, n, t); return; }
  if (!blocking) { setBadge(env, t, 0n); return; }
  blockThread(env.k, t, 'BlockedOnNotification', { kind: 'ntfn', ntfn: n.paddr });
  n.waiting.push(t);
}

/** cancelAllSignals (notification deleted): waiters restart. */
export function cancelAllSignals(k: KernelState, n: NotificationObj): void {
  for (const t of n.waiting) { t.state = 'Restart'; t.blocking = null; k.scheduler.enqueue(t); }
  n.waiting = [];
  const bound = n.boundTcb !== null ? k.tcbs.get(n.boundTcb) : undefined;
  if (bound) bound.boundNotification = null;
  n.boundTcb = null;
}

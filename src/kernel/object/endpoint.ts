// Endpoints: synchronous rendezvous IPC with FIFO queues (non-MCS). Send blocks
// (or drops, for NBSend) until a receiver waits; Call also sets up a one-shot
// reply cap in the receiver's caller slot (when the sender's cap has Grant or
// GrantReply); Recv first takes a pending signal of a bound notification.
// Kernel object layer. Facts: reference/sel4.md 2.1, 2.4, 2.10 (FIFO), 2.11.
import type { Cap } from '../core/cap.ts';
import { describeCap } from '../core/cap.ts';
import { insertRoot, removeNode, type Slot } from '../core/cdt.ts';
import { deleteSlot } from '../core/delete.ts';
import { blockThread as block, doIPCTransfer, faultReply, setBadge, type IpcEnv } from '../core/ipc.ts';
import type { EndpointObj, KernelState } from '../state.ts';
import { completeSignal } from './notification.ts';
import { TCB_SLOT, type Tcb } from './tcb.ts';

type EndpointCap = Extract<Cap, { type: 'endpoint' }>;

/** A woken thread: Running and queued (the scheduler decides when it runs). */
export function wake(k: KernelState, t: Tcb): void {
  t.state = 'Running';
  t.blocking = null;
  if (t !== k.current) k.scheduler.enqueue(t);
}

/** Deletes a reply cap (or does nothing to an empty slot). A reply cap's
 *  finalisation does nothing, so unlike deleteSlot this skips the search for other
 *  caps to the same object (isFinal scans every slot); the event is the same. */
export function deleteReplyCap(k: KernelState, slot: Slot): void {
  const cap = slot.cap;
  if (cap.type === 'null') return;
  if (cap.type !== 'reply') { deleteSlot(k, slot); return; }
  k.events.push({ kind: 'capChange', op: 'delete', slot: k.slotName(slot), cap: describeCap(cap) });
  removeNode(slot);
}

/** setupCallerCap: the caller waits for a reply; the receiver holds the reply cap. */
function setupCaller(env: IpcEnv, caller: Tcb, receiver: Tcb, canGrant: boolean): void {
  block(env.k, caller, 'BlockedOnReply', { kind: 'reply' });
  const slot = receiver.slots[TCB_SLOT.Caller];
  deleteReplyCap(env.k, slot);
  insertRoot(slot, { type: 'reply', tcb: caller.paddr, master: false, grant: canGrant }, false);
}

/** After a Call's send phase: wait for the reply, or (without Grant/GrantReply) stop. */
function afterCall(env: IpcEnv, sender: Tcb, receiver: Tcb, s: { canGrant: boolean; canGrantReply: boolean }, replyGrant: boolean): void {
  if (s.canGrant || s.canGrantReply) setupCaller(env, sender, receiver, replyGrant);
  else { sender.state = 'Inactive'; sender.blocking = null; }
}

export function sendIPC(env: IpcEnv, blocking: boolean, isCall: boolean, cap: EndpointCap, t: Tcb): void {
  const ep = env.k.endpoints.get(cap.paddr)!;
  const s = { canGrant: cap.rights.grant, canGrantReply: cap.rights.grantReply };
  const head = ep.queue[0];
  if (!head || head.blocking?.kind !== 'recv') {
    if (blocking) {
      block(env.k, t, 'BlockedOnSend', { kind: 'send', ep: ep.paddr, badge: cap.badge, ...s, isCall });
      ep.queue.push(t);
    }
    return;
  }
  ep.queue.shift();
  const replyGrant = head.blocking.canGrant;
  doIPCTransfer(env, t, ep.paddr, cap.badge, s.canGrant, head);
  wake(env.k, head);
  if (isCall || t.fault) afterCall(env, t, head, s, replyGrant);
}

export function receiveIPC(env: IpcEnv, t: Tcb, cap: EndpointCap, blocking: boolean): void {
  const k = env.k;
  deleteReplyCap(k, t.slots[TCB_SLOT.Caller]);
  const bound = t.boundNotification !== null ? k.notifications.get(t.boundNotification) : undefined;
  if (bound?.active) { completeSignal(env, bound, t); return; }
  const ep = k.endpoints.get(cap.paddr)!;
  const head = ep.queue[0];
  if (!head || head.blocking?.kind !== 'send') {
    if (blocking) {
      block(k, t, 'BlockedOnReceive', { kind: 'recv', ep: ep.paddr, canGrant: cap.rights.grant });
      ep.queue.push(t);
    } else {
      setBadge(env, t, 0n);
    }
    return;
  }
  ep.queue.shift();
  const b = head.blocking;
  doIPCTransfer(env, head, ep.paddr, b.badge, b.canGrant, t);
  if (b.isCall || head.fault) afterCall(env, head, t, b, cap.rights.grant);
  else wake(k, head);
}

/** doReplyTransfer: answer the caller named by a reply cap, then delete the cap. */
export function doReply(env: IpcEnv, replier: Tcb, slot: Slot, grant: boolean): void {
  const k = env.k;
  const cap = slot.cap;
  if (cap.type !== 'reply') return;
  const caller = k.tcbs.get(cap.tcb);
  deleteReplyCap(k, slot);
  if (!caller || caller.state !== 'BlockedOnReply') return;
  if (!caller.fault) {
    doIPCTransfer(env, replier, null, 0n, grant, caller);
    wake(k, caller);
    return;
  }
  const restart = faultReply(env, replier, caller);
  caller.fault = null;
  caller.blocking = null;
  if (restart) { caller.state = 'Restart'; if (caller !== k.current) k.scheduler.enqueue(caller); } else caller.state = 'Inactive';
}

/** cancelIPC for an endpoint wait: leave the queue. */
export function leaveEndpoint(ep: EndpointObj, t: Tcb): void {
  ep.queue = ep.queue.filter((x) => x !== t);
}

/** cancelAllIPC (endpoint deleted): every waiter restarts its syscall. */
export function cancelAll(k: KernelState, ep: EndpointObj): void {
  for (const t of ep.queue) { t.state = 'Restart'; t.blocking = null; k.scheduler.enqueue(t); }
  ep.queue = [];
}

/** cancelBadgedSends: queued senders with this badge restart (and then hit whatever the cap now is). */
export function cancelBadgedSends(k: KernelState, ep: EndpointObj, badge: bigint): void {
  const keep: Tcb[] = [];
  for (const t of ep.queue) {
    if (t.blocking?.kind === 'send' && t.blocking.badge === badge) { t.state = 'Restart'; t.blocking = null; k.scheduler.enqueue(t); } else keep.push(t);
  }
  ep.queue = keep;
}

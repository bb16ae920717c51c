// Interrupts: IRQControl hands out one IRQHandler cap per interrupt line
// (Get/GetTrigger), an IRQHandler binds a notification (SetNotification/Clear)
// and unmasks the line (Ack). A delivered interrupt signals the bound
// notification with that cap's badge and stays masked until Ack. The timer PPI
// is the kernel's own. Kernel object layer. Facts: reference/sel4.md 2.15.
import { GIC_NUM_IRQS } from '../../emulator/devices/gic.ts';
import { TIMER_PPI } from '../../emulator/devices/timer.ts';
import { LABEL_NAME } from '../../shared/abi/index.ts';
import type { InvocationContext, Operation } from '../api/invocation.ts';
import { describeCap, type Cap } from '../core/cap.ts';
import { insertDerived } from '../core/cdt.ts';
import { decoded, refused, sysErr, type Decoded } from '../core/lookup.ts';
import type { KernelState } from '../state.ts';
import { lookupForOp } from './cnode.ts';

type Op = Decoded<Operation>;
const op = (name: string, args: Record<string, string>, invoke: () => void): Op => decoded({ name, args, invoke: () => { invoke(); return []; } });

/** What the kernel needs of the interrupt controller. */
export interface IrqLines { enable(irq: number): void; disable(irq: number): void }

export function decodeIrqControlInvocation(ctx: InvocationContext): Op {
  const name = LABEL_NAME(ctx.label);
  const trigger = name === 'ARMIRQIssueIRQHandlerTrigger';
  if (name !== 'IRQIssueIRQHandler' && !trigger) return refused(sysErr.illegalOperation(`label ${ctx.label} is not an IRQ control invocation`));
  const need = trigger ? 4 : 3;
  if (ctx.length < need || ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage(`${name} needs ${need} message words and the root CNode as extra cap 0`));
  const irq = ctx.mr(0);
  const [index, depth] = trigger ? [ctx.mr(2), ctx.mr(3)] : [ctx.mr(1), ctx.mr(2)];
  if (irq > BigInt(GIC_NUM_IRQS - 1)) return refused(sysErr.rangeError(0, GIC_NUM_IRQS - 1, `IRQ ${irq} is outside 0..${GIC_NUM_IRQS - 1}`));
  const n = Number(irq);
  if (n === TIMER_PPI || ctx.k.irqs.has(n)) return refused(sysErr.revokeFirst(`IRQ ${n} already has a handler${n === TIMER_PPI ? ' (the kernel timer)' : ''}`));
  const dest = lookupForOp(ctx.k, ctx.extraCaps[0].cap, index, depth, false, 'destination');
  if (!dest.ok) return refused(dest.error);
  if (dest.slot.cap.type !== 'null') return refused(sysErr.deleteFirst('destination slot is not empty'));
  const control = ctx.slot;
  return op(name, { irq: String(n) }, () => {
    ctx.k.irqs.set(n, { notification: null });
    insertDerived(control, dest.slot, { type: 'irqHandler', irq: n }, true);
  });
}

export function decodeIrqHandlerInvocation(ctx: InvocationContext, cap: Extract<Cap, { type: 'irqHandler' }>): Op {
  const name = LABEL_NAME(ctx.label);
  const state = ctx.k.irqs.get(cap.irq)!;
  switch (name) {
    case 'IRQAckIRQ': return op(name, { irq: String(cap.irq) }, () => ctx.k.irqLines.enable(cap.irq));
    case 'IRQClearIRQHandler': return op(name, { irq: String(cap.irq) }, () => { state.notification = null; });
    case 'IRQSetIRQHandler': {
      if (ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('IRQSetIRQHandler needs the notification as extra cap 0'));
      const n = ctx.extraCaps[0].cap;
      if (n.type !== 'notification' || !n.rights.write) return refused(sysErr.invalidCapability(0, `not a notification cap that may signal (${describeCap(n)})`));
      return op(name, { irq: String(cap.irq), notification: describeCap(n) }, () => { state.notification = n; });
    }
    default: return refused(sysErr.illegalOperation(`label ${ctx.label} is not an IRQ handler invocation`));
  }
}

/** The last IRQHandler cap went: the line is inactive and masked again. */
export function releaseIrq(k: KernelState, irq: number): void {
  k.irqs.delete(irq);
  k.irqLines.disable(irq);
}

// Invocation dispatch: an invoked cap plus its message goes to the decode step of
// the cap's object type, which checks everything in seL4's order and changes
// nothing; it returns an error value or an Operation whose invoke cannot fail.
// Kernel API layer. Facts: reference/sel4.md 2.1 (null cap), 2.7, 2.8, 2.9.
import { LABEL_NAME } from '../../shared/abi/index.ts';
import type { Cap } from '../core/cap.ts';
import type { Slot } from '../core/cdt.ts';
import { decoded, refused, sysErr, type Decoded } from '../core/lookup.ts';
import type { Tcb } from '../object/tcb.ts';
import type { KernelState } from '../state.ts';
import { decodeCNodeInvocation } from '../object/cnode.ts';
import { decodeUntypedInvocation } from '../object/untyped.ts';
import { decodeTcbInvocation } from '../object/tcbInvocation.ts';
import { decodeIrqControlInvocation, decodeIrqHandlerInvocation } from '../object/irq.ts';
import { decodeDomainInvocation } from '../object/domain.ts';
import { decodeAsidControlInvocation, decodeAsidPoolInvocation, decodeFrameInvocation, decodePageTableInvocation } from '../object/frame.ts';
import type { CpuRegisters } from '../../emulator/types.ts';

/** What a decode step sees: the message, the invoked cap and the looked-up extra caps. */
export interface InvocationContext {
  k: KernelState;
  thread: Tcb;
  label: number;
  /** Message length (already clamped). */
  length: number;
  mr(i: number): bigint;
  /** Slots of the extra caps the sender named (lookup already succeeded). */
  extraCaps: Slot[];
  /** The invoked cap's slot and the cap. */
  slot: Slot;
  cap: Cap;
  cptr: bigint;
  /** The CPU (the running thread's registers). */
  cpu: CpuRegisters;
}

/** A fully checked operation: its name and arguments (for events) and an effect that cannot fail. */
export interface Operation {
  name: string;
  args: Record<string, string>;
  /** Performs the effect; returns the MRs of a successful reply. */
  invoke(): bigint[];
}

export function operation(name: string, args: Record<string, string>, invoke: () => bigint[] | void): Operation {
  return { name, args, invoke: () => invoke() ?? [] };
}

/** decodeInvocation: by the type of the invoked cap. */
export function decodeInvocation(ctx: InvocationContext): Decoded<Operation> {
  const cap = ctx.cap;
  switch (cap.type) {
    case 'null':
      return refused(sysErr.invalidCapability(0, `attempted to invoke a null cap #${ctx.cptr}`));
    case 'cnode': return decodeCNodeInvocation(ctx, cap);
    case 'untyped': return decodeUntypedInvocation(ctx, cap);
    case 'tcb': return decodeTcbInvocation(ctx, cap);
    case 'frame': return decodeFrameInvocation(ctx, cap);
    case 'pageTable': return decodePageTableInvocation(ctx, cap);
    case 'asidControl': return decodeAsidControlInvocation(ctx);
    case 'asidPool': return decodeAsidPoolInvocation(ctx, cap);
    case 'irqControl': return decodeIrqControlInvocation(ctx);
    case 'irqHandler': return decodeIrqHandlerInvocation(ctx, cap);
    case 'domain': return decodeDomainInvocation(ctx);
    case 'vspace': case 'reply': case 'endpoint': case 'notification':
      return refused(sysErr.illegalOperation(
        `${LABEL_NAME(ctx.label)} on a ${cap.type} cap: invocations of ${cap.type} objects are not modelled yet by the CapLab kernel`));
  }
}

export { decoded };

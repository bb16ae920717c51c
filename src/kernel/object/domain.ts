// The Domain cap: DomainSet_Set moves a thread to a scheduling domain. The lab
// has one domain (CONFIG_NUM_DOMAINS = 1), so only domain 0 is valid.
// Kernel object layer. Facts: reference/sel4.md 2.7 (DomainSetSet); seL4 src/object/domain.c.
import { LABEL_NAME } from '../../shared/abi/index.ts';
import type { InvocationContext, Operation } from '../api/invocation.ts';
import { describeCap } from '../core/cap.ts';
import { decoded, refused, sysErr, type Decoded } from '../core/lookup.ts';

export const NUM_DOMAINS = 1;

export function decodeDomainInvocation(ctx: InvocationContext): Decoded<Operation> {
  if (LABEL_NAME(ctx.label) !== 'DomainSetSet') return refused(sysErr.illegalOperation(`label ${ctx.label} is not a domain invocation`));
  if (ctx.length === 0) return refused(sysErr.truncatedMessage('DomainSetSet needs the domain in MR0'));
  const domain = ctx.mr(0) & 0xffn;
  if (domain >= BigInt(NUM_DOMAINS)) return refused(sysErr.invalidArgument(0, `domain ${domain} is outside 0..${NUM_DOMAINS - 1}`));
  if (ctx.extraCaps.length < 1) return refused(sysErr.truncatedMessage('DomainSetSet needs the thread as extra cap 0'));
  const t = ctx.extraCaps[0].cap;
  if (t.type !== 'tcb') return refused(sysErr.invalidArgument(1, `not a TCB cap (${describeCap(t)})`));
  return decoded({ name: 'DomainSetSet', args: { domain: String(domain) }, invoke: () => [] });
}

// Interrupts on the CapLab seL4 kernel: IRQControl/IRQHandler rules and a UART
// receive interrupt delivered to a notification, with the UART's registers mapped
// from a device untyped (reference/sel4.md 2.15; sel4test INTERRUPT*).
import { describe, expect, it } from 'vitest';
import { runRootTask } from './rootTaskRun.ts';

const program = `
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
#define VS seL4_CapInitThreadVSpace
static seL4_Word freeSlot, ut, dev;
static seL4_Word slot(void) { return freeSlot++; }
static seL4_Word retype(seL4_Word from, int type) { seL4_Word s = slot(); seL4_Untyped_Retype(from, type, 0, R, 0, 0, s, 1); return s; }
int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  freeSlot = bi->empty.start;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++) {
    seL4_UntypedDesc *u = &bi->untypedList[i - bi->untyped.start];
    if (!u->isDevice && u->sizeBits >= 20 && !ut) ut = i;
    if (u->isDevice && u->paddr == 0x9000000) dev = i;
  }
  seL4_Word h = slot();
  int e = seL4_IRQControl_Get(seL4_CapIRQControl, 200, R, h, D);
  CHECK("IRQ0001 an IRQ number past the controller is RangeError [0, 127]", e == seL4_RangeError && seL4_GetMR(0) == 0 && seL4_GetMR(1) == 127);
  e = seL4_IRQControl_Get(seL4_CapIRQControl, 27, R, h, D);
  CHECK("IRQ0002 the kernel's timer interrupt is taken (RevokeFirst)", e == seL4_RevokeFirst);
  e = seL4_IRQControl_Get(seL4_CapIRQControl, 33, R, seL4_CapInitThreadTCB, D);
  CHECK("IRQ0003 an occupied destination slot is DeleteFirst", e == seL4_DeleteFirst);
  e = seL4_IRQControl_Get(seL4_CapIRQControl, 33, R, h, D);
  CHECK("IRQ0004 IRQControl_Get issues a handler for the UART's SPI 33", e == seL4_NoError);
  e = seL4_IRQControl_Get(seL4_CapIRQControl, 33, R, slot(), D);
  CHECK("IRQ0005 a second handler for the same IRQ is RevokeFirst", e == seL4_RevokeFirst);
  seL4_Word ep = retype(ut, seL4_EndpointObject);
  e = seL4_IRQHandler_SetNotification(h, ep);
  CHECK("IRQ0006 SetNotification with an endpoint cap is InvalidCapability 0", e == seL4_InvalidCapability && seL4_GetMR(0) == 0);
  seL4_Word n = retype(ut, seL4_NotificationObject), nb = slot();
  seL4_CNode_Mint(R, nb, D, R, n, D, seL4_AllRights, 4);
  e = seL4_IRQHandler_SetNotification(h, nb);
  CHECK("IRQ0007 SetNotification with a badged notification", e == seL4_NoError);

  seL4_Word frame = retype(dev, seL4_ARM_SmallPageObject), pt = retype(ut, seL4_ARM_PageTableObject);
  seL4_ARM_PageTable_Map(pt, VS, 0x20000000, seL4_ARM_Default_VMAttributes);
  e = seL4_ARM_Page_Map(frame, VS, 0x20000000, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("IRQ0008 the UART's device frame maps into the root VSpace", e == seL4_NoError);
  volatile unsigned int *uart = (unsigned int *)0x20000000;
  uart[0x38 / 4] = 1 << 4;
  e = seL4_IRQHandler_Ack(h);
  seL4_Word badge = 0;
  seL4_Wait(n, &badge);
  unsigned int c = uart[0];
  CHECK("IRQ0009 a UART receive interrupt signals the notification with the handler's badge", e == seL4_NoError && badge == 4 && c == 'K');
  printf("received %c\\n", c);
  seL4_Poll(n, &badge);
  CHECK("IRQ0010 the line stays masked until Ack: no second signal", badge == 0);
  e = seL4_IRQHandler_Clear(h);
  CHECK("IRQ0011 Clear unbinds the notification", e == seL4_NoError);
  e = seL4_CNode_Delete(R, h, D);
  seL4_Word h2 = slot();
  int e2 = seL4_IRQControl_Get(seL4_CapIRQControl, 33, R, h2, D);
  CHECK("IRQ0012 deleting the handler cap frees the IRQ for a new handler", e == seL4_NoError && e2 == seL4_NoError);
  return 0;
}
`;

describe('interrupts (C root task)', () => {
  const r = runRootTask(program, 200_000_000, [0x4b]);
  const names = [...program.matchAll(/CHECK\("([^"]+)"/g)].map((m) => m[1]);

  it.each(names)('%s', (name) => {
    expect(r.lines).toContain(`ok ${name}`);
  });

  it('IRQ0013 the byte read in the handler path is printed and the run ends normally', () => {
    expect(r.stdout).toContain('received K\n');
    expect(r.status).toBe(0);
    const irqs = r.booted.kernel.state.events.peek().map((e) => e.event).filter((e) => e.kind === 'irq');
    expect(irqs).toEqual([{ kind: 'irq', irq: 33, signalled: true }]);
  });
});

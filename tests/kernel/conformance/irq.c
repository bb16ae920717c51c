/* Interrupt capabilities: IRQControl_Get/GetTrigger, IRQHandler SetNotification/
   Ack/Clear, and issuing rules. Not a sel4test group of reference 4.1-4.6 (the
   INTERRUPT tests need MCS and a timer); rules from reference 2.15 and seL4's
   decodeIRQControlInvocation order (range, already issued, destination slot). */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define D seL4_WordBits
#define IRQ_A 40 /* SPIs of the QEMU virt GIC (ARM numbering: SPI n = IRQ n + 32) */
#define IRQ_B 41

static void IRQ_ISSUE(void) {
  seL4_CPtr h = conf_slot(), h2 = conf_slot();
  CHECK_EQ(seL4_IRQControl_Get(seL4_CapIRQControl, IRQ_A, ROOT, h, D), seL4_NoError);
  CHECK_EQ(seL4_IRQControl_Get(seL4_CapIRQControl, IRQ_A, ROOT, h2, D), seL4_RevokeFirst); /* already issued */
  CHECK_EQ(seL4_IRQControl_Get(seL4_CapIRQControl, IRQ_B, ROOT, h, D), seL4_DeleteFirst);  /* slot occupied */
  CHECK_EQ(seL4_IRQControl_Get(seL4_CapIRQControl, 100000, ROOT, h2, D), seL4_RangeError);
  CHECK_EQ(seL4_GetMR(0), 0);
  /* deleting the handler cap frees the line: it can be issued again */
  CHECK_EQ(seL4_CNode_Delete(ROOT, h, D), seL4_NoError);
  CHECK_EQ(seL4_IRQControl_Get(seL4_CapIRQControl, IRQ_A, ROOT, h2, D), seL4_NoError);
  CHECK_EQ(seL4_CNode_Delete(ROOT, h2, D), seL4_NoError);
}

static void IRQ_TRIGGER(void) { /* ARM GetTrigger: edge (1) or level (0) */
  seL4_CPtr h = conf_slot();
  CHECK_EQ(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, IRQ_B, 1, ROOT, h, D), seL4_NoError);
  CHECK_EQ(seL4_IRQControl_GetTrigger(seL4_CapIRQControl, IRQ_B, 0, ROOT, conf_slot(), D), seL4_RevokeFirst);
  CHECK_EQ(seL4_CNode_Delete(ROOT, h, D), seL4_NoError);
}

static void IRQ_HANDLER(void) { /* SetNotification needs a notification cap that can signal */
  seL4_CPtr h = conf_slot(), n = conf_alloc_ntfn();
  REQUIRE(n != 0);
  seL4_CPtr ro = conf_mint(n, seL4_CanRead, 0);
  REQUIRE(ro != 0);
  REQUIRE_EQ(seL4_IRQControl_Get(seL4_CapIRQControl, IRQ_A, ROOT, h, D), seL4_NoError);
  CHECK_EQ(seL4_IRQHandler_SetNotification(h, ro), seL4_InvalidCapability);
  CHECK_EQ(seL4_IRQHandler_SetNotification(h, seL4_CapInitThreadTCB), seL4_InvalidCapability);
  CHECK_EQ(seL4_IRQHandler_SetNotification(h, n), seL4_NoError);
  CHECK_EQ(seL4_IRQHandler_Ack(h), seL4_NoError);
  CHECK_EQ(seL4_IRQHandler_Clear(h), seL4_NoError);
  CHECK_EQ(seL4_IRQHandler_Ack(h), seL4_NoError);
  /* 2.8: IRQControl itself cannot be copied; a handler cap can */
  CHECK_EQ(seL4_CNode_Copy(ROOT, conf_slot(), D, ROOT, seL4_CapIRQControl, D, seL4_AllRights), seL4_IllegalOperation);
  CHECK_EQ(seL4_CNode_Copy(ROOT, conf_slot(), D, ROOT, h, D, seL4_AllRights), seL4_NoError);
}

static const conf_test_t tests[] = {
  CONF_TEST(IRQ_ISSUE), CONF_TEST(IRQ_TRIGGER), CONF_TEST(IRQ_HANDLER),
};
CONF_MAIN(tests)

/* libmicrokit for CapLab (--target microkit): the entry into a protection
   domain (init, then the event loop), the channel calls with Microkit's
   user-space checks of channel ids, and the debug output helpers.
   Non-MCS mapping (docs/microkit.md): the loop waits with seL4_Recv on the
   INPUT cap and answers a protected call with seL4_ReplyRecv (the reply goes
   to the TCB's caller slot); a deferred notify or IRQ ack is done just before
   the next wait (seL4_NBSendRecv is MCS-only). Facts: reference/sel4.md 3.3, 3.4. */
#include <microkit.h>
#include <stdio.h>

char microkit_name[64];
seL4_Word microkit_notifications;
seL4_Word microkit_pps;
seL4_Word microkit_irqs;

/* One deferred operation per entry point, as in libmicrokit. */
static seL4_CPtr deferred_irq_ack;
static seL4_CPtr deferred_signal;

void microkit_dbg_putc(int c) { seL4_DebugPutChar((char)c); }

void microkit_dbg_puts(const char *s) {
  while (*s) seL4_DebugPutChar(*s++);
}

void microkit_dbg_put32(uint32_t x) {
  char buf[11];
  int i = 10;
  buf[i] = 0;
  do { buf[--i] = (char)('0' + x % 10); x /= 10; } while (x);
  microkit_dbg_puts(&buf[i]);
}

void microkit_dbg_put8(uint8_t x) { microkit_dbg_put32(x); }

static bool valid(seL4_Word mask, microkit_channel ch, const char *call) {
  if (ch <= MICROKIT_MAX_CHANNEL_ID && (mask & (1UL << ch))) return true;
  fflush(stdout);
  microkit_dbg_puts(microkit_name);
  microkit_dbg_puts(" ");
  microkit_dbg_puts(call);
  microkit_dbg_puts(": invalid channel given '");
  microkit_dbg_put32(ch);
  microkit_dbg_puts("'\n");
  return false;
}

void microkit_notify(microkit_channel ch) {
  if (valid(microkit_notifications, ch, "microkit_notify")) seL4_Signal(MICROKIT_BASE_OUTPUT_NOTIFICATION_CAP + ch);
}

void microkit_irq_ack(microkit_channel ch) {
  if (valid(microkit_irqs, ch, "microkit_irq_ack")) seL4_IRQHandler_Ack(MICROKIT_BASE_IRQ_CAP + ch);
}

microkit_msginfo microkit_ppcall(microkit_channel ch, microkit_msginfo msginfo) {
  if (!valid(microkit_pps, ch, "microkit_ppcall")) return seL4_MessageInfo_new(0, 0, 0, 0);
  return seL4_Call(MICROKIT_BASE_ENDPOINT_CAP + ch, msginfo);
}

void microkit_deferred_notify(microkit_channel ch) {
  if (valid(microkit_notifications, ch, "microkit_deferred_notify")) { deferred_signal = MICROKIT_BASE_OUTPUT_NOTIFICATION_CAP + ch; deferred_irq_ack = 0; }
}

void microkit_deferred_irq_ack(microkit_channel ch) {
  if (valid(microkit_irqs, ch, "microkit_deferred_irq_ack")) { deferred_irq_ack = MICROKIT_BASE_IRQ_CAP + ch; deferred_signal = 0; }
}

/* The default for PDs that are never called: Microkit's protected() is optional. */
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo) {
  (void)msginfo;
  fflush(stdout);
  microkit_dbg_puts(microkit_name);
  microkit_dbg_puts(" protected: no protected() entry point for channel '");
  microkit_dbg_put32(ch);
  microkit_dbg_puts("'\n");
  return seL4_MessageInfo_new(0, 0, 0, 0);
}

static void flush_deferred(void) {
  if (deferred_signal) seL4_Signal(deferred_signal);
  if (deferred_irq_ack) seL4_IRQHandler_Ack(deferred_irq_ack);
  deferred_signal = 0;
  deferred_irq_ack = 0;
}

static void dispatch_notifications(seL4_Word badge) {
  for (unsigned int ch = 0; badge != 0; ch++, badge >>= 1) {
    if (badge & 1) notified(ch);
  }
}

static _Noreturn void handler_loop(void) {
  bool have_reply = false;
  seL4_MessageInfo_t reply_tag = seL4_MessageInfo_new(0, 0, 0, 0);
  for (;;) {
    seL4_Word badge = 0;
    seL4_MessageInfo_t tag;
    flush_deferred();
    if (have_reply) tag = seL4_ReplyRecv(MICROKIT_INPUT_CAP, reply_tag, &badge);
    else tag = seL4_Recv(MICROKIT_INPUT_CAP, &badge);
    have_reply = false;
    if (badge & MICROKIT_PPC_BADGE) {
      reply_tag = protected((microkit_channel)(badge & 0x3f), tag);
      have_reply = true;
    } else {
      dispatch_notifications(badge);
    }
    fflush(stdout);
  }
}

/* As in Microkit, libmicrokit owns main(): init(), then every IRQ of the PD
   acknowledged once (its line is masked until then), then the event loop. */
int main(void) {
  init();
  fflush(stdout);
  for (unsigned int ch = 0; ch <= MICROKIT_MAX_CHANNEL_ID; ch++) {
    if (microkit_irqs & (1UL << ch)) seL4_IRQHandler_Ack(MICROKIT_BASE_IRQ_CAP + ch);
  }
  handler_loop();
}

_Noreturn void __caplab_start(int argc, char **argv, char **envp);

/* Called by crt0: libc's start (environ, then main) with the PD's name as argv[0]. */
_Noreturn void __caplab_microkit_start(void) {
  static char *argv[] = { microkit_name, 0 };
  static char *envp[] = { 0 };
  __caplab_start(1, argv, envp);
}

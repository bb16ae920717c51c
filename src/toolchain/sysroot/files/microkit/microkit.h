/* <microkit.h>: the CapLab libmicrokit (seL4 Microkit's libmicrokit API on the
   lab's non-MCS seL4 model). A protection domain defines init() and notified(),
   and protected() if other PDs may call it; the library runs init() once, then
   an event loop that dispatches notifications, IRQs and protected procedure
   calls. CSpace slots and badges follow Microkit (docs/microkit.md). */
#ifndef _MICROKIT_H
#define _MICROKIT_H
#include <stdint.h>
#include <stdbool.h>
#include <sel4/sel4.h>

typedef unsigned int microkit_channel;
typedef seL4_MessageInfo_t microkit_msginfo;

/* CSpace slots of every PD (Microkit's layout; the loader fills them). */
#define MICROKIT_INPUT_CAP 1
#define MICROKIT_MONITOR_EP 5
#define MICROKIT_BASE_OUTPUT_NOTIFICATION_CAP 10
#define MICROKIT_BASE_ENDPOINT_CAP 74
#define MICROKIT_BASE_IRQ_CAP 138
#define MICROKIT_MAX_CHANNELS 62
#define MICROKIT_MAX_CHANNEL_ID (MICROKIT_MAX_CHANNELS - 1)
#define MICROKIT_PPC_BADGE (1UL << 63)

/* Entry points the PD provides. protected() is needed only by PPC servers. */
void init(void);
void notified(microkit_channel ch);
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo);

/* Written by the loader (as Microkit's tool patches them): the PD's name and
   bit masks of the channel ids it may notify, ppcall and ack as IRQs. */
extern char microkit_name[64];
extern seL4_Word microkit_notifications;
extern seL4_Word microkit_pps;
extern seL4_Word microkit_irqs;

void microkit_dbg_putc(int c);
void microkit_dbg_puts(const char *s);
void microkit_dbg_put8(uint8_t x);
void microkit_dbg_put32(uint32_t x);

void microkit_notify(microkit_channel ch);
void microkit_irq_ack(microkit_channel ch);
microkit_msginfo microkit_ppcall(microkit_channel ch, microkit_msginfo msginfo);
void microkit_deferred_notify(microkit_channel ch);
void microkit_deferred_irq_ack(microkit_channel ch);

static inline microkit_msginfo microkit_msginfo_new(seL4_Word label, uint16_t count) {
  return seL4_MessageInfo_new(label, 0, 0, count);
}
static inline seL4_Word microkit_msginfo_get_label(microkit_msginfo msginfo) { return seL4_MessageInfo_get_label(msginfo); }
static inline seL4_Word microkit_msginfo_get_count(microkit_msginfo msginfo) { return seL4_MessageInfo_get_length(msginfo); }
static inline void microkit_mr_set(seL4_Uint8 mr, seL4_Word value) { seL4_SetMR(mr, value); }
static inline seL4_Word microkit_mr_get(seL4_Uint8 mr) { return seL4_GetMR(mr); }
static inline seL4_CPtr microkit_cspace_root_slot_to_cptr(seL4_Word slot) { return (seL4_CPtr)slot; }
#endif

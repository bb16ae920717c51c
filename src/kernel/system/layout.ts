// Where a Microkit system's pieces go: the CSpace slots of every protection domain
// (Microkit's numbering, which libmicrokit's <microkit.h> repeats), the badges of
// channel and IRQ caps, and the lab's fixed virtual addresses for the stack.
// Kernel layer (system loader). Facts: reference/sel4.md 3.4; docs/microkit.md.

/** PD CSpace slots (Microkit tool/libmicrokit). Slot 4 (MCS reply object) and 6/7 are unused here. */
export const PD_SLOT = {
  Input: 1,
  MonitorEndpoint: 5,
  BaseOutputNotification: 10,
  BaseEndpoint: 74,
  BaseIrq: 138,
} as const;

/** Radix of each PD's CNode: 256 slots hold every slot above (the last is 138 + 61). */
export const PD_CNODE_BITS = 8;

/** Badge bit 63 marks a protected procedure call; the low 6 bits are the callee's channel id. */
export const PPC_BADGE = 1n << 63n;

/** Badge of a notification or IRQ on channel/IRQ id `id`: one bit per id. */
export const channelBadge = (id: number): bigint => 1n << BigInt(id);

/** The stack's top (it grows down from here for stack_size bytes). Microkit's tool
 *  chooses its own address; the lab's is fixed and documented. */
export const PD_STACK_TOP = 0x1_0000_0000n;

/** Symbols libmicrokit defines and the loader writes (as Microkit's tool patches them). */
export const MICROKIT_SYMBOLS = {
  name: 'microkit_name',
  notifications: 'microkit_notifications',
  pps: 'microkit_pps',
  irqs: 'microkit_irqs',
} as const;

/** microkit_name is char[64]: names are cut to 63 bytes and a NUL. */
export const NAME_BYTES = 64;

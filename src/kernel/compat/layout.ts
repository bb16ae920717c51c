// The Linux-compatibility component's address layout, slots and state offsets, as
// src/services/linux/lx_layout.h defines them for the C side (tests/compat/layout.test.ts
// compares the two). Kernel layer (compat loader). Design: docs/linux-compat.md.

import type { LinuxMode } from '../../shared/protocol.ts';

export const LAYOUT = {
  GATES_VA: 0x0200_0000n, GATES_SIZE: 0x4000n,
  LIB_VA: 0x0300_0000n,
  STATE_VA: 0x0400_0000n, STATE_SIZE: 0x1_0000n,
  FILES_VA: 0x0500_0000n, FILES_SIZE: 0x10_0000n,
  VCPU_VA: 0x0600_0000n, GUEST_STACK_TOP: 0x0600_9000n,
  UART_VA: 0x0700_0000n,
  MMAP_VA: 0x1000_0000n, MMAP_SIZE: 0x40_0000n,
  BRK_SIZE: 0x10_0000n,
  STACK_TOP: 0x8000_0000n, STACK_SIZE: 0x4_0000n,
  WINDOW: 0x10_0000_0000n,
  PATCH_VA: 0x0800_0000n,
} as const;

export const SLOT = { EP: 1, CHILD_TCB: 2, SELF_VSPACE: 3, UART_IRQ: 4, UART_NTFN: 5, CODE0: 16 } as const;
export const CHILD_SLOT = { FAULT: 1, FORWARD: 2 } as const;
export const BADGE = { FAULT: 1n, FORWARD: 2n } as const;

/** The four ways (lx_layout.h LX_MODE_*). */
export type CompatMode = LinuxMode;
export const MODES: readonly CompatMode[] = ['fault', 'window', 'patch', 'vcpu'];

export const LIMITS = { FILES: 16, NAME: 48, SITES: 1024, ENOSYS: 32, CODE_PAGES: 256 } as const;

/** Byte offsets of struct lx_state's leading statistics. */
export const STATE_OFF = {
  magic: 0, calls: 8, callsBy: 16, misrouted: 48, nsites: 56, nenosys: 64, exited: 72, enosys: 80, sites: 336,
} as const;
export const STATE_MAGIC = 0x4c69_6e75_7843_6f6dn;

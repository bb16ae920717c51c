// seL4 system call numbers and the AArch64 register convention of the syscall
// ABI (non-MCS, seL4 16.0.0-dev numbering). Shared layer: part of the ONE ABI
// table that libsel4's generator (toolchain/sysroot) and the kernel model both
// read. Facts: reference/sel4.md 2.1, 2.2.

/** 2.1: API calls, then debug calls on the same counter. */
export const SYSCALLS: ReadonlyArray<readonly [name: string, number: number]> = [
  ['Call', -1], ['ReplyRecv', -2], ['Send', -3], ['NBSend', -4], ['Recv', -5], ['Reply', -6], ['Yield', -7], ['NBRecv', -8],
  ['DebugPutChar', -9], ['DebugDumpScheduler', -10], ['DebugHalt', -11], ['DebugCapIdentify', -12], ['DebugSnapshot', -13],
  ['DebugNameThread', -14],
];

/** 2.2: AArch64 registers of the syscall ABI. */
export const REGISTERS = {
  /** Trap instruction. */
  trap: 'svc #0',
  syscallNumber: 'x7',
  /** Invoked cap on entry, badge on return. */
  capOrBadge: 'x0',
  msgInfo: 'x1',
  /** MR0..MR3; MR4.. live in the IPC buffer. */
  messageRegisters: ['x2', 'x3', 'x4', 'x5'],
  /** The IPC buffer address, written by the kernel, readable at EL0 (seL4_GetIPCBuffer). */
  ipcBufferRegister: 'tpidrro_el0',
} as const;


// Linux AArch64 system call numbers for the stand-in kernel's shim. The names
// table lives in src/shared/linuxSyscalls.ts (the page names foreign calls with
// it too); its functions are re-exported here for the kernel's users. Kernel
// layer, stand-in kernel.

export { linuxSyscallName, linuxSyscallTable } from '../../shared/linuxSyscalls.ts';

/** The syscalls the shim implements, by name, so the handlers read as the ABI does. */
export const LINUX_NR = {
  write: 64,
  exit: 93,
  exit_group: 94,
} as const;

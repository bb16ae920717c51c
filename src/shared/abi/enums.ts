// Numeric views of the ABI tables for the kernel: name -> number maps derived
// from the rows in syscalls.ts, errors.ts, objects.ts and invocations.ts (no
// number is written twice). Shared layer. Facts: reference/sel4.md 2.1-2.13.
import { ERRORS, FAULTS, LOOKUP_FAILURES } from './errors.ts';
import { EXTENSION_LABEL_BASE, EXTENSION_LABELS, INVOCATION_LABELS } from './invocations.ts';
import { CONSTANTS, INITIAL_CAPS, OBJECT_TYPES } from './objects.ts';
import { SYSCALLS } from './syscalls.ts';

function table<K extends string>(rows: ReadonlyArray<readonly [string, number, ...unknown[]]>, strip: string): Record<K, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of rows) out[name.startsWith(strip) ? name.slice(strip.length) : name] = n;
  return out as Record<K, number>;
}

export type SyscallName = 'Call' | 'ReplyRecv' | 'Send' | 'NBSend' | 'Recv' | 'Reply' | 'Yield' | 'NBRecv'
  | 'DebugPutChar' | 'DebugDumpScheduler' | 'DebugHalt' | 'DebugCapIdentify' | 'DebugSnapshot' | 'DebugNameThread';
/** Syscall numbers by name: SYS.Call = -1. */
export const SYS = table<SyscallName>(SYSCALLS, '');
/** Syscall names by number. */
export const SYSCALL_NAME: ReadonlyMap<number, string> = new Map(SYSCALLS.map(([n, v]) => [v, n]));

export type ErrorName = 'NoError' | 'InvalidArgument' | 'InvalidCapability' | 'IllegalOperation' | 'RangeError'
  | 'AlignmentError' | 'FailedLookup' | 'TruncatedMessage' | 'DeleteFirst' | 'RevokeFirst' | 'NotEnoughMemory';
/** seL4_Error values: ERR.DeleteFirst = 8. */
export const ERR = table<ErrorName>(ERRORS, 'seL4_');
export const ERROR_NAME: ReadonlyMap<number, string> = new Map(ERRORS.map(([n, v]) => [v, n]));

export type FaultName = 'NullFault' | 'CapFault' | 'UnknownSyscall' | 'UserException' | 'DebugException' | 'VMFault';
export const FAULT = table<FaultName>(FAULTS, 'seL4_Fault_');

export type LookupFailureName = 'NoFailure' | 'InvalidRoot' | 'MissingCapability' | 'DepthMismatch' | 'GuardMismatch';
export const LOOKUP_FAILURE = table<LookupFailureName>(LOOKUP_FAILURES, 'seL4_');

export type ObjectTypeName = 'UntypedObject' | 'TCBObject' | 'EndpointObject' | 'NotificationObject' | 'CapTableObject'
  | 'ARM_HugePageObject' | 'ARM_VSpaceObject' | 'ARM_SmallPageObject' | 'ARM_LargePageObject' | 'ARM_PageTableObject';
/** Object type values (non-MCS): OBJ.TCBObject = 1. */
export const OBJ = table<ObjectTypeName>(OBJECT_TYPES, 'seL4_');
/** Fixed object size in bits by type value (0: size given by size_bits). */
export const OBJECT_SIZE_BITS: ReadonlyMap<number, number> = new Map(OBJECT_TYPES.map(([, v, bits]) => [v, bits]));
export const OBJECT_TYPE_NAME: ReadonlyMap<number, string> = new Map(OBJECT_TYPES.map(([n, v]) => [v, n]));

/** Initial cap slots: INIT_CAP.CapInitThreadCNode = 2. */
export const INIT_CAP = table<string>(INITIAL_CAPS, 'seL4_');

/** Invocation labels: LABEL.CNodeCopy = 20. */
export const LABEL: Readonly<Record<string, number>> = Object.fromEntries([
  ...INVOCATION_LABELS.map((n, i) => [n, i + 1]),
  ...EXTENSION_LABELS.map((n, i) => [n, EXTENSION_LABEL_BASE + i]),
]);
export const LABEL_NAME = (label: number): string =>
  INVOCATION_LABELS[label - 1] ?? EXTENSION_LABELS[label - EXTENSION_LABEL_BASE] ?? `label ${label}`;

/** A numeric libsel4 constant (CONSTANTS row) as a number: constant('seL4_SlotBits') = 5. */
export function constant(name: string): number {
  const row = CONSTANTS.find(([n]) => n === name);
  if (!row) throw new Error(`abi: no constant ${name}`);
  return Number(BigInt(row[1].replace(/UL$/, '')));
}

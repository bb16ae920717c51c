// seL4 error codes, fault labels and lookup-failure types (non-MCS, AArch64).
// Shared layer, part of the ONE ABI table. Facts: reference/sel4.md 2.12, 2.13.

/** 2.13: seL4_Error. */
export const ERRORS: ReadonlyArray<readonly [string, number]> = [
  ['seL4_NoError', 0], ['seL4_InvalidArgument', 1], ['seL4_InvalidCapability', 2], ['seL4_IllegalOperation', 3],
  ['seL4_RangeError', 4], ['seL4_AlignmentError', 5], ['seL4_FailedLookup', 6], ['seL4_TruncatedMessage', 7],
  ['seL4_DeleteFirst', 8], ['seL4_RevokeFirst', 9], ['seL4_NotEnoughMemory', 10],
];

/** 2.12: fault labels (non-MCS). */
export const FAULTS: ReadonlyArray<readonly [string, number]> = [
  ['seL4_Fault_NullFault', 0], ['seL4_Fault_CapFault', 1], ['seL4_Fault_UnknownSyscall', 2],
  ['seL4_Fault_UserException', 3], ['seL4_Fault_DebugException', 4], ['seL4_Fault_VMFault', 5],
];

/** 2.12: lookup failure types. */
export const LOOKUP_FAILURES: ReadonlyArray<readonly [string, number]> = [
  ['seL4_NoFailure', 0], ['seL4_InvalidRoot', 1], ['seL4_MissingCapability', 2], ['seL4_DepthMismatch', 3], ['seL4_GuardMismatch', 4],
];


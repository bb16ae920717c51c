// Lookup failures (seL4 lookup_fault_t) and syscall errors as values: an seL4
// error code, the message registers seL4 sets for it, and a reason naming the
// argument and the check. Kernel core layer.
// Facts: reference/sel4.md 2.12 (lookup failure types), 2.13 (error payloads).
import { ERR, LOOKUP_FAILURE, type ErrorName } from '../../shared/abi/index.ts';

export type LookupFault =
  | { kind: 'InvalidRoot' }
  | { kind: 'MissingCapability'; bitsLeft: number }
  | { kind: 'DepthMismatch'; bitsLeft: number; bitsFound: number }
  | { kind: 'GuardMismatch'; bitsLeft: number; guardFound: bigint; guardSize: number };

/** The words seL4 writes for a lookup failure: type (libsel4 numbering) then details. */
export function lookupFaultWords(f: LookupFault): bigint[] {
  const t = BigInt(LOOKUP_FAILURE[f.kind]);
  switch (f.kind) {
    case 'InvalidRoot': return [t];
    case 'MissingCapability': return [t, BigInt(f.bitsLeft)];
    case 'DepthMismatch': return [t, BigInt(f.bitsLeft), BigInt(f.bitsFound)];
    case 'GuardMismatch': return [t, BigInt(f.bitsLeft), f.guardFound, BigInt(f.guardSize)];
  }
}

export function describeLookupFault(f: LookupFault): string {
  switch (f.kind) {
    case 'InvalidRoot': return 'the root is not a CNode cap';
    case 'MissingCapability': return `no CNode to continue with ${f.bitsLeft} bits left`;
    case 'DepthMismatch': return `depth mismatch: ${f.bitsLeft} bits left, the CNode needs ${f.bitsFound}`;
    case 'GuardMismatch': return `guard mismatch: ${f.bitsLeft} bits left, the CNode's guard is ${f.guardFound} (${f.guardSize} bits)`;
  }
}

/** A decode failure: what the caller gets back (label = code, MRs) plus why. */
export interface SyscallError {
  code: number;
  name: ErrorName;
  mrs: bigint[];
  reason: string;
}

function mk(name: ErrorName, mrs: bigint[], reason: string): SyscallError {
  return { code: ERR[name], name, mrs, reason };
}

export const sysErr = {
  invalidArgument: (index: number, reason: string) => mk('InvalidArgument', [BigInt(index)], reason),
  invalidCapability: (index: number, reason: string) => mk('InvalidCapability', [BigInt(index)], reason),
  illegalOperation: (reason: string) => mk('IllegalOperation', [], reason),
  rangeError: (min: bigint | number, max: bigint | number, reason: string) => mk('RangeError', [BigInt(min), BigInt(max)], reason),
  alignmentError: (reason: string) => mk('AlignmentError', [], reason),
  failedLookup: (source: boolean, fault: LookupFault, reason: string) =>
    mk('FailedLookup', [source ? 1n : 0n, ...lookupFaultWords(fault)], `${reason}: ${describeLookupFault(fault)}`),
  truncatedMessage: (reason: string) => mk('TruncatedMessage', [], reason),
  deleteFirst: (reason: string) => mk('DeleteFirst', [], reason),
  revokeFirst: (reason: string) => mk('RevokeFirst', [], reason),
  notEnoughMemory: (bytes: bigint, reason: string) => mk('NotEnoughMemory', [bytes], reason),
};

/** Decode outcome: a checked operation, or an error value. Nothing has changed yet. */
export type Decoded<Op> = { ok: true; op: Op } | { ok: false; error: SyscallError };

export const decoded = <Op>(op: Op): Decoded<Op> => ({ ok: true, op });
export const refused = (error: SyscallError): Decoded<never> => ({ ok: false, error });

// The operations of the kernel property test and soak: plain data records (so
// fast-check can shrink a failing sequence and print it by name), their text
// form, and nothing that touches a kernel. A cap argument is a CapRef, resolved
// against the running kernel when the op runs ("the 2nd endpoint cap in the
// root CNode", "the 3rd empty work slot", or a raw word). Kernel test support
// (core code, no DOM). Facts: reference/sel4.md 2.1-2.13; design: docs/kernel.md.
import type { CapType } from '../core/cap.ts';

/** A capability address as the op names it; the driver turns it into a CPtr. */
export type CapRef =
  /** A fixed slot index of the root CNode (0..4095 is a valid CPtr there). */
  | { slot: number }
  /** The i-th (mod count) slot of the root CNode's scanned area holding a cap of this type. */
  | { live: CapType; i: number }
  /** The i-th (mod count) empty slot of the work area. */
  | { free: number }
  /** Any 64-bit word: out of range, guard mismatch, depth mismatch... */
  | { raw: bigint };

/** A message word: a plain value, or a slot index taken from a CapRef (CNode indexes, fault EP). */
export type Word = bigint | CapRef;

export type SyscallKind = 'Call' | 'Send' | 'NBSend' | 'Recv' | 'NBRecv' | 'Reply' | 'ReplyRecv' | 'Yield';

export type Op =
  /** An invocation of a kernel object (seL4 method) with its arguments by name. */
  | { op: 'invoke'; sys: 'Call' | 'Send' | 'NBSend'; method: string; cap: CapRef; args: Record<string, Word>; caps: CapRef[];
      /** Words appended after the packed arguments (WriteRegisters' register values). */
      tail: bigint[]; /** Overrides the message length (truncated or too long messages). */ length?: number;
      /** Overrides the label (an invocation the cap does not implement). */ label?: number }
  /** An IPC or scheduling system call on an endpoint, notification or reply cap. */
  | { op: 'ipc'; sys: SyscallKind; cap: CapRef; label: number; mrs: bigint[]; caps: CapRef[];
      /** Receive slot written to the caller's IPC buffer first (receiveCNode, receiveIndex, receiveDepth). */
      recvSlot?: [CapRef, CapRef, number] }
  /** A syscall number the kernel does not implement. */
  | { op: 'unknownSyscall'; nr: bigint }
  /** A synchronous exception at the current pc, as the CPU would raise it. */
  | { op: 'exception'; kind: 'undefined' | 'dataAbort' | 'instructionAbort' | 'brk'; addr: bigint }
  /** Let the emulated CPU run the current threads for a while (their own svc loops, timer ticks). */
  | { op: 'run'; ticks: number }
  /** A byte arrives at the UART (its receive interrupt, when enabled, is taken by the next run). */
  | { op: 'uartRx'; byte: number };

const hex = (v: bigint): string => (v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);

export function refText(r: CapRef): string {
  if ('slot' in r) return `#${r.slot}`;
  if ('live' in r) return `${r.live}[${r.i}]`;
  if ('free' in r) return `free[${r.free}]`;
  return hex(r.raw);
}

function wordText(w: Word): string {
  return typeof w === 'bigint' ? (w < 1000n ? String(w) : hex(w)) : refText(w);
}

/** One line per op, e.g. `Call CNodeMint(cnode #2; dest_index=free[3], ..., caps=[#2])`. */
export function opText(o: Op): string {
  switch (o.op) {
    case 'invoke': {
      const args = Object.entries(o.args).map(([k, v]) => `${k}=${wordText(v)}`);
      if (o.caps.length) args.push(`caps=[${o.caps.map(refText).join(', ')}]`);
      if (o.tail.length) args.push(`tail=[${o.tail.map(wordText).join(', ')}]`);
      if (o.length !== undefined) args.push(`length=${o.length}`);
      if (o.label !== undefined) args.push(`label=${o.label}`);
      return `${o.sys} ${o.method}(${refText(o.cap)}; ${args.join(', ')})`;
    }
    case 'ipc': {
      const parts = [`label=${o.label}`, `mrs=[${o.mrs.map(wordText).join(', ')}]`];
      if (o.caps.length) parts.push(`caps=[${o.caps.map(refText).join(', ')}]`);
      if (o.recvSlot) parts.push(`recvSlot=${refText(o.recvSlot[0])}/${refText(o.recvSlot[1])}/${o.recvSlot[2]}`);
      return `${o.sys}(${refText(o.cap)}; ${parts.join(', ')})`;
    }
    case 'unknownSyscall': return `syscall ${o.nr}`;
    case 'exception': return `exception ${o.kind} at 0x${o.addr.toString(16)}`;
    case 'run': return `run ${o.ticks} ticks`;
    case 'uartRx': return `uart receives ${o.byte}`;
  }
}

/** The op's kind for the soak histogram: the method or syscall name. */
export function opKind(o: Op): string {
  switch (o.op) {
    case 'invoke': return o.label !== undefined ? 'invoke(bad label)' : o.method;
    case 'ipc': return o.sys;
    default: return o.op;
  }
}

// Messages: the MessageInfo word and the message registers of the running
// thread (MR0-MR3 in x2-x5, MR4.. in the IPC buffer's msg[]), extra-cap CPtrs
// from caps_or_badges[], and the kernel's reply to a Call (label = error code).
// Kernel core layer. Facts: reference/sel4.md 2.2, 2.3, 2.13.
import type { PhysMem } from '../../emulator/memory/physmem.ts';
import type { CpuRegisters } from '../../emulator/types.ts';
import { constant, IPC_BUFFER, offsets } from '../../shared/abi/index.ts';
import type { Tcb } from '../object/tcb.ts';

export const MSG_MAX_LENGTH = constant('seL4_MsgMaxLength');
export const MSG_MAX_EXTRA_CAPS = constant('seL4_MsgMaxExtraCaps');
export const FAST_MRS = constant('seL4_FastMessageRegisters');
const IPC = offsets(IPC_BUFFER);

export interface MessageInfo { label: bigint; capsUnwrapped: number; extraCaps: number; length: number }

export function decodeInfo(w: bigint): MessageInfo {
  return {
    label: w >> 12n, capsUnwrapped: Number((w >> 9n) & 7n), extraCaps: Number((w >> 7n) & 3n), length: Number(w & 0x7fn),
  };
}

export function encodeInfo(m: MessageInfo): bigint {
  return BigInt.asUintN(64, (m.label << 12n) | (BigInt(m.capsUnwrapped & 7) << 9n) | (BigInt(m.extraCaps & 3) << 7n) | BigInt(m.length & 0x7f));
}

/** The message registers and IPC buffer of the thread on the CPU. */
export class ThreadMessage {
  constructor(private readonly cpu: CpuRegisters, private readonly mem: PhysMem, private readonly thread: Tcb) {}

  get hasBuffer(): boolean {
    return this.thread.ipcBufferPaddr !== null;
  }

  /** The length a sender may use: clamped to 120, and to 4 without an IPC buffer. */
  clampLength(length: number): number {
    const n = Math.min(length, MSG_MAX_LENGTH);
    return this.hasBuffer ? n : Math.min(n, FAST_MRS);
  }

  private bufferWord(byteOffset: number): bigint {
    const pa = this.thread.ipcBufferPaddr;
    if (pa === null) return 0n;
    const v = this.mem.read64(Number(pa) + byteOffset);
    return typeof v === 'bigint' ? v : 0n;
  }

  mr(i: number): bigint {
    return i < FAST_MRS ? this.cpu.getX(2 + i) : this.bufferWord(IPC.msg + 8 * i);
  }

  setMr(i: number, v: bigint): void {
    if (i < FAST_MRS) { this.cpu.setX(2 + i, BigInt.asUintN(64, v)); return; }
    const pa = this.thread.ipcBufferPaddr;
    if (pa !== null) this.mem.write64(Number(pa) + IPC.msg + 8 * i, BigInt.asUintN(64, v));
  }

  /** caps_or_badges[i] of the sender: the CPtr of extra cap i. */
  extraCapPtr(i: number): bigint {
    return this.bufferWord(IPC.caps_or_badges + 8 * i);
  }

  /** The kernel's reply to a Call on a kernel object (replyFromKernel): badge 0,
   *  label = error code (0 = success), the MRs, length = their number. */
  reply(label: number, mrs: readonly bigint[]): void {
    const n = this.hasBuffer ? mrs.length : Math.min(mrs.length, FAST_MRS);
    for (let i = 0; i < n; i++) this.setMr(i, mrs[i]);
    this.cpu.setX(0, 0n);
    this.cpu.setX(1, encodeInfo({ label: BigInt(label), capsUnwrapped: 0, extraCaps: 0, length: n }));
  }
}

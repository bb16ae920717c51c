// The kernel's objects. Every object sits at a real guest physical address carved
// from untyped memory (object sizes per the ABI table); the kernel's bookkeeping
// for it lives in TS maps keyed by that address: CNode slots, TCBs, endpoint and
// notification records, ASIDs. Page tables and frames are the guest memory itself.
// Kernel layer. Facts: reference/sel4.md 2.5, 2.6.
import type { PhysMem } from '../emulator/memory/physmem.ts';
import { objectKey, type Cap } from './core/cap.ts';
import { newSlot, type Slot } from './core/cdt.ts';
import type { CNodeStore } from './core/cspace.ts';
import { Scheduler } from './core/scheduler.ts';
import { EventRing, type Clock } from './events.ts';
import { newTcb, sel4Name, type Tcb } from './object/tcb.ts';

export interface EndpointObj { paddr: bigint; /** Threads blocked on it (all senders or all receivers), FIFO. */ queue: Tcb[] }
export interface NotificationObj { paddr: bigint; word: bigint; active: boolean; /** Bound TCB address. */ boundTcb: bigint | null; waiting: Tcb[] }

/** What the kernel asks of the MMU when it changes a live translation. */
export interface Tlb {
  invalidateVa(va: bigint, asid: number): void;
  invalidateAsid(asid: number): void;
}

/** Kernel config switches the student sees (docs/linux-compat.md "Kernel config"). */
export interface KernelConfig {
  /** Lab extension: per-thread syscall origin windows and pins (seL4_TCB_SetSyscallRange,
   *  seL4_TCB_PinSyscall). Off: those invocations fail with seL4_IllegalOperation. */
  syscallOrigin: boolean;
}

export class KernelState implements CNodeStore {
  readonly cnodes = new Map<bigint, Slot[]>();
  readonly tcbs = new Map<bigint, Tcb>();
  readonly endpoints = new Map<bigint, EndpointObj>();
  readonly notifications = new Map<bigint, NotificationObj>();
  /** ASID -> VSpace root table address. */
  readonly asids = new Map<number, bigint>();
  /** ASID pools by address: first ASID of the pool. */
  readonly asidPools = new Map<bigint, number>();
  current: Tcb | null = null;
  readonly scheduler = new Scheduler();
  readonly events: EventRing;
  tlb: Tlb = { invalidateVa: () => {}, invalidateAsid: () => {} };
  /** Interrupt lines with an IRQHandler cap issued, and their bound notification caps. */
  readonly irqs = new Map<number, { notification: Cap | null }>();
  irqLines: { enable(irq: number): void; disable(irq: number): void } = { enable: () => {}, disable: () => {} };
  /** The kernel config's lab extensions (off by default, as seL4 has none of them). */
  readonly config: KernelConfig = { syscallOrigin: false };
  /** Counters for the cost tables: origin-window checks made, guest traps of the vCPU model. */
  readonly counters = { originChecks: 0, originFaults: 0, pinKills: 0, guestTraps: 0 };

  constructor(readonly mem: PhysMem, clock?: Clock) {
    this.events = new EventRing(4096, clock);
  }

  slotsOf(cnode: bigint): Slot[] | undefined {
    return this.cnodes.get(cnode);
  }

  createCNode(paddr: bigint, radix: number): Slot[] {
    const slots = Array.from({ length: 1 << radix }, (_, i) => newSlot(paddr, i));
    this.cnodes.set(paddr, slots);
    return slots;
  }

  createTcb(paddr: bigint): Tcb {
    const t = newTcb(paddr);
    t.createdBy = this.current ? sel4Name(this.current) : '';
    this.tcbs.set(paddr, t);
    return t;
  }

  /** Every slot of every CNode and TCB. */
  *allSlots(): Generator<Slot> {
    for (const slots of this.cnodes.values()) yield* slots;
    for (const t of this.tcbs.values()) yield* t.slots;
  }

  /** isFinalCapability: no other slot holds a cap to the same object. */
  isFinal(slot: Slot): boolean {
    const key = objectKey(slot.cap);
    if (key === undefined) return false;
    for (const s of this.allSlots()) if (s !== slot && objectKey(s.cap) === key) return false;
    return true;
  }

  /** "cnode 0x40000000[5]" or "tcb 0x40020000[CTable]". */
  slotName(slot: Slot): string {
    const where = this.tcbs.has(slot.cnode) && !this.cnodes.has(slot.cnode) ? 'tcb' : 'cnode';
    return `${where} 0x${slot.cnode.toString(16)}[${slot.index}]`;
  }

  threadName(t: Tcb | null): string {
    return t ? t.name : 'idle';
  }

  /** The cap at the root of the current thread's CSpace. */
  cspaceRoot(t: Tcb): Cap {
    return t.slots[0].cap;
  }
}

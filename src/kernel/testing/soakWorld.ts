// The driver of the kernel property test and soak: boots a root task whose code
// is an `svc #0` loop under the CapLab seL4 kernel with the invariant checker on,
// builds a small world through the kernel's own invocations (threads, endpoints,
// notifications, frames, a CNode, a UART IRQ handler, a low-priority keeper that
// restarts stuck threads), then performs each op as the running thread: it writes
// that thread's registers and IPC buffer and enters the kernel exactly as the CPU
// does (handleException with an svc, a fault, or by running the CPU).
// Kernel test support (core code, no DOM). Design: docs/kernel.md "Property tests and soak".
import { bootRootTask, type BootInfoFacts } from '../boot.ts';
import type { Machine } from '../../emulator/machine.ts';
import type { CpuException } from '../../emulator/types.ts';
import { IPC_BUFFER, LABEL, METHODS, OBJ, SYS, offsets, packParams, ARG_TYPES, type Method } from '../../shared/abi/index.ts';
import { buildProgram } from '../../toolchain/build.ts';
import { INT_RT, INT_RX, UART_REG, UART_SPI } from '../../emulator/devices/pl011.ts';
import type { Slot } from '../core/cdt.ts';
import { encodeInfo } from '../core/message.ts';
import { threadRegisters } from '../core/registers.ts';
import type { Sel4Kernel } from '../kernel.ts';
import type { KernelEvent } from '../events.ts';
import { isRunnable, type Tcb } from '../object/tcb.ts';
import type { SoakLayout } from './soakGen.ts';
import { opKind, type CapRef, type Op } from './soakOps.ts';
import { postChecks, preState, type PreState } from './soakChecks.ts';

const IPC = offsets(IPC_BUFFER);
const WORK_SIZE = 64;
/** RAM of the soak machine: room for every object type but a 1 GiB page (a smaller machine boots faster). */
const RAM_BYTES = 8 * 1024 * 1024;

const ROOT_TASK = `
  .text
  .global _start
_start:
  svc #0
  b _start
`;

let cachedElf: Uint8Array | null = null;

/** The root task: an `svc #0` loop (the driver sets the registers of each call). */
export function soakRootTask(): Uint8Array {
  if (cachedElf) return cachedElf;
  const r = buildProgram([{ name: 'soak-root.s', text: ROOT_TASK }]);
  if (!r.ok || !r.elf) throw new Error(`soak root task does not build: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  cachedElf = r.elf;
  return cachedElf;
}

/** Counts kept across ops and worlds for the soak summary. */
export class SoakStats {
  ops = 0;
  readonly kinds = new Map<string, number>();
  readonly errors = new Map<string, number>();
  readonly faults = new Map<string, number>();
  /** Invocations the kernel decoded and performed, by label (how deep the mix reaches). */
  readonly performed = new Map<string, number>();
  /** Kernel entries the Call/ReplyRecv fastpath took (differential runs). */
  fastpathTaken = 0;
  /** Why a world ended and a fresh one was booted (every thread blocked, DebugHalt...). */
  readonly restarts = new Map<string, number>();
  worlds = 0;

  static bump(m: Map<string, number>, key: string, n = 1): void {
    m.set(key, (m.get(key) ?? 0) + n);
  }
}

const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

/** The message words of a method's non-cap arguments, packed as libsel4's stubs do. */
export function packArgs(method: Method, args: Record<string, bigint>): bigint[] {
  const words: bigint[] = [];
  for (const s of packParams(method.params)) {
    const bits = ARG_TYPES[s.param.type].bits;
    words[s.word] = (words[s.word] ?? 0n) | ((BigInt.asUintN(64, args[s.param.name] ?? 0n) & mask(bits)) << BigInt(s.shift));
  }
  return Array.from(words, (w) => w ?? 0n);
}

export function methodByLabel(label: string): Method {
  const m = METHODS.find((x) => x.label === label);
  if (!m) throw new Error(`soak: no method ${label}`);
  return m;
}

/** One booted kernel with its world; a new one is booted when every thread has stopped. */
export class SoakWorld {
  readonly kernel: Sel4Kernel;
  readonly machine: Machine;
  readonly facts: BootInfoFacts;
  readonly layout: SoakLayout;
  private readonly rootCNode: bigint;
  private keeper: Tcb | null = null;
  private rescues = 0;
  /** Set by the driver when it gives up on this world (why). */
  retired: string | null = null;

  constructor(elf: Uint8Array = soakRootTask()) {
    const b = bootRootTask({ elf, checkInvariants: true, ramBytes: RAM_BYTES });
    if (!b.ok) throw new Error(`soak: boot failed: ${b.error}`);
    ({ kernel: this.kernel, machine: this.machine, facts: this.facts } = b.value);
    this.layout = soakLayout(this.facts);
    const root = this.kernel.state.current!.slots[0].cap;
    this.rootCNode = root.type === 'cnode' ? root.paddr : 0n;
  }

  get running(): boolean {
    return this.retired === null && this.kernel.outcome.kind === 'running' && !this.machine.halted && this.kernel.state.current !== null;
  }

  /** Why the world ended (for the restart histogram). */
  endReason(): string {
    if (this.retired !== null) return this.retired;
    const o = this.kernel.outcome;
    if (o.kind === 'exited') return 'DebugHalt';
    if (o.kind === 'stopped') return o.report.replace(/:.*$/s, '');
    if (o.kind === 'running' && this.kernel.state.current === null) return 'kernel idle (a driver waits for UART input)';
    return `machine halted: ${this.machine.halted?.message ?? ''}`.slice(0, 60);
  }

  private rootSlots(): Slot[] | undefined {
    return this.kernel.state.cnodes.get(this.rootCNode);
  }

  /** A CapRef as a slot index / CPtr of the root CNode, looked up in the current state. */
  resolve(r: CapRef): bigint {
    if ('slot' in r) return BigInt(r.slot);
    if ('raw' in r) return r.raw;
    const slots = this.rootSlots();
    const { workStart: w, workSize: n } = this.layout;
    if ('free' in r) {
      const empty: number[] = [];
      for (let i = w; i < w + n; i++) if (!slots || slots[i].cap.type === 'null') empty.push(i);
      return BigInt(empty.length ? empty[r.free % empty.length] : w + (r.free % n));
    }
    const found: number[] = [];
    for (let i = 0; slots && i < w + n; i++) if (slots[i].cap.type === r.live) found.push(i);
    return BigInt(found.length ? found[r.i % found.length] : w + (r.i % n));
  }

  private writeBuffer(t: Tcb, byteOffset: number, v: bigint): void {
    if (t.ipcBufferPaddr !== null) this.machine.mem.write64(Number(t.ipcBufferPaddr) + byteOffset, BigInt.asUintN(64, v));
  }

  /** Enters the kernel with `svc #0` as the current thread: x7, x0, x1, MRs, extra caps. */
  syscall(sys: number | bigint, cptr: bigint, info: bigint, mrs: readonly bigint[], caps: readonly bigint[]): void {
    const t = this.kernel.state.current!, cpu = this.machine.cpu;
    // Back from the loop's svc, the thread's next instruction is `b _start`: take it.
    if (cpu.pc === this.layout.entry + 4n) cpu.pc = this.layout.entry;
    cpu.setX(7, BigInt.asUintN(64, BigInt(sys)));
    cpu.setX(0, BigInt.asUintN(64, cptr));
    cpu.setX(1, info);
    for (let i = 0; i < 4; i++) cpu.setX(2 + i, BigInt.asUintN(64, mrs[i] ?? 0n));
    for (let i = 4; i < mrs.length; i++) this.writeBuffer(t, IPC.msg + 8 * i, mrs[i]);
    caps.forEach((c, i) => this.writeBuffer(t, IPC.caps_or_badges + 8 * i, c));
    this.enter({ kind: 'svc', imm: 0, pc: cpu.pc, esr: 0x5600_0000 });
  }

  private enter(ex: CpuException): void {
    this.kernel.handleException(ex);
  }

  /** An invocation as the current thread: returns the reply label (error code) if it came back. */
  invoke(label: string, cptr: bigint, args: Record<string, bigint>, caps: bigint[] = [], tail: bigint[] = []): number | null {
    const method = methodByLabel(label);
    const words = [...packArgs(method, args), ...tail];
    const info = encodeInfo({ label: BigInt(LABEL[label]), capsUnwrapped: 0, extraCaps: caps.length, length: words.length });
    const t = this.kernel.state.current!;
    this.syscall(SYS.Call, cptr, info, words, caps);
    return this.kernel.state.current === t && t.state === 'Running' ? Number(this.machine.cpu.getX(1) >> 12n) : null;
  }

  /** Performs one op as the running thread and checks what can be checked; returns a failure or null. */
  perform(op: Op): string | null {
    const pre = preState(this, op);
    try {
      this.run(op, pre);
    } catch (e) {
      return `a JS exception escaped the kernel: ${(e as Error).stack ?? String(e)}`;
    }
    return this.violation() ?? postChecks(this, op, pre);
  }

  private run(op: Op, pre: PreState): void {
    const cpu = this.machine.cpu;
    switch (op.op) {
      case 'invoke': {
        const method = methodByLabel(op.method);
        const words = [...packArgs(method, pre.args), ...op.tail];
        const label = op.label ?? LABEL[op.method];
        const info = encodeInfo({ label: BigInt(label), capsUnwrapped: 0, extraCaps: pre.caps.length, length: op.length ?? words.length });
        return this.syscall(SYS[op.sys], pre.cptr, info, words, pre.caps);
      }
      case 'ipc': {
        const t = this.kernel.state.current!;
        if (op.recvSlot) {
          this.writeBuffer(t, IPC.receiveCNode, this.resolve(op.recvSlot[0]));
          this.writeBuffer(t, IPC.receiveIndex, this.resolve(op.recvSlot[1]));
          this.writeBuffer(t, IPC.receiveDepth, BigInt(op.recvSlot[2]));
        }
        const info = encodeInfo({ label: BigInt(op.label), capsUnwrapped: 0, extraCaps: pre.caps.length, length: op.mrs.length });
        return this.syscall(SYS[op.sys], pre.cptr, info, op.mrs, pre.caps);
      }
      case 'unknownSyscall': return this.syscall(op.nr, 0n, 0n, [], []);
      case 'exception': return this.enter(exceptionAt(op.kind, cpu.pc, op.addr));
      case 'run': this.machine.run(op.ticks); return;
      case 'uartRx': this.machine.uart.receive(op.byte); return;
    }
  }

  /** New kernel events since the last call, counted into `stats`. */
  collect(stats: SoakStats): KernelEvent[] {
    const evs = this.kernel.state.events.drain().map((s) => s.event);
    for (const e of evs) {
      if (e.kind === 'error') SoakStats.bump(stats.errors, e.error);
      if (e.kind === 'fault') SoakStats.bump(stats.faults, e.fault);
      if (e.kind === 'invocation') SoakStats.bump(stats.performed, e.label);
      if (e.kind === 'irq') SoakStats.bump(stats.faults, e.signalled ? 'interrupt (signalled)' : 'interrupt (no notification)');
    }
    return evs;
  }

  /** The keeper: a priority-1 thread that runs only when every other thread is
   *  blocked or stopped; the driver then restarts one of them through it (Suspend,
   *  then WriteRegisters pc = the svc loop with resume), so a world lasts longer
   *  than its first deadlock. */
  private makeKeeper(ut: bigint, expectOk: (what: string, r: number | null) => void): void {
    const { entry, mapBase } = this.layout;
    const slot = BigInt(KEEPER_SLOT), frame = BigInt(KEEPER_SLOT + 1), buffer = mapBase + 0x1f000n;
    const retype = (type: number, at: bigint) =>
      this.invoke('UntypedRetype', ut, { type: BigInt(type), size_bits: 0n, node_index: 0n, node_depth: 0n, node_offset: at, num_objects: 1n }, [2n]);
    expectOk('keeper', retype(OBJ.TCBObject, slot));
    expectOk('keeper frame', retype(OBJ.ARM_SmallPageObject, frame));
    expectOk('keeper map', this.invoke('ARMPageMap', frame, { vaddr: buffer, rights: 3n, attr: 0n }, [3n]));
    expectOk('keeper configure', this.invoke('TCBConfigure', slot, { fault_ep: 0n, cspace_root_data: 0n, vspace_root_data: 0n, buffer }, [2n, 3n, frame]));
    expectOk('keeper priority', this.invoke('TCBSetPriority', slot, { priority: 1n }, [1n]));
    // pc = the svc loop and x7 = Yield (UserContext: pc, sp, spsr, x0..x7): when the CPU runs it, it yields.
    const regs = [entry, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, BigInt.asUintN(64, BigInt(SYS.Yield))];
    expectOk('keeper registers', this.invoke('TCBWriteRegisters', slot, { resume_target: 1n, arch_flags: 0n, count: BigInt(regs.length) }, [], regs));
    const c = this.rootSlots()![KEEPER_SLOT].cap;
    this.keeper = c.type === 'tcb' ? this.kernel.state.tcbs.get(c.paddr) ?? null : null;
  }

  /** The UART's receive interrupt, enabled in the device (as a user-level driver
   *  with its registers mapped would) and handled by the kernel: an IRQHandler cap
   *  for SPI 33 bound to the second notification, so UART input signals it. */
  private uartInterrupts(expectOk: (what: string, r: number | null) => void): void {
    const w = this.layout.workStart, handler = BigInt(w + 16);
    this.machine.uart.write(UART_REG.CR, 4, 0x301);
    this.machine.uart.write(UART_REG.IMSC, 4, INT_RX | INT_RT);
    expectOk('IRQ handler', this.invoke('IRQIssueIRQHandler', 4n, { irq: BigInt(UART_SPI), index: handler, depth: 64n }, [2n]));
    expectOk('IRQ notification', this.invoke('IRQSetIRQHandler', handler, {}, [BigInt(w + 7)]));
  }

  /** Moves the caps of the root task's page tables and code frames out of the
   *  area CapRefs scan: unmapping the code under the keeper would stop it. */
  private hideImageCaps(expectOk: (what: string, r: number | null) => void): void {
    const f = this.facts;
    for (let s = f.userImagePaging[0]; s < f.userImageFrames[1]; s++) {
      const to = BigInt(HIDDEN_SLOTS + s);
      expectOk('hide image caps', this.invoke('CNodeMove', 2n, { dest_index: to, dest_depth: 64n, src_index: BigInt(s), src_depth: 64n }, [2n]));
    }
  }

  /** The invariant report if the kernel stopped on one. */
  violation(): string | null {
    const o = this.kernel.outcome;
    return o.kind === 'stopped' && o.report.includes('invariant') ? o.report : null;
  }

  /** A thread whose pc is not at the root task's svc loop (a pc written by
   *  WriteRegisters or a fault reply) runs on the real CPU until it is there or
   *  the kernel has taken it off (a fault): the driver never pretends an svc
   *  sits where there is none. */
  settle(): string | null {
    const { entry } = this.layout;
    for (let i = 0; i < 3 && this.running; i++) {
      const pc = this.machine.cpu.pc;
      if (pc === entry || pc === entry + 4n) break;
      this.machine.run(1);
    }
    return this.violation();
  }

  /** The keeper's own code is a Yield loop: after the driver made calls as the
   *  keeper, its x7 says Yield again (x0 = 0), on the CPU or in its saved registers. */
  calmKeeper(): void {
    const kp = this.keeper, k = this.kernel.state;
    if (!kp || !k.tcbs.has(kp.paddr) || !this.running) return;
    const tr = threadRegisters(kp, k.current, this.machine.cpu);
    tr.regs.setX(7, BigInt.asUintN(64, BigInt(SYS.Yield)));
    tr.regs.setX(0, 0n);
    tr.commit();
  }

  /** Before an op: the keeper's rescue, the CPU for a thread off the loop, and
   *  retirement when only the keeper can run; an invariant report if one broke. */
  prepare(): string | null {
    const failure = this.rescue();
    this.calmKeeper();
    const f = failure ?? this.settle();
    if (this.keeperOnCpu()) this.retired = 'only the keeper could run';
    return f;
  }

  /** One op in this world (prepare, then the op if the world still runs). */
  step(op: Op): string | null {
    const f = this.prepare();
    if (f || !this.running) return f;
    const g = this.perform(op);
    this.calmKeeper();
    return g;
  }

  keeperOnCpu(): boolean {
    return this.keeper !== null && this.kernel.state.current === this.keeper;
  }

  /** While the keeper runs: restart a stopped or blocked thread through it at the svc loop. */
  rescue(): string | null {
    const k = this.kernel.state, slots = this.rootSlots();
    for (let tries = 0; tries < 4 && this.running && this.keeper && k.current === this.keeper && slots; tries++) {
      const stuck = [...k.tcbs.values()].filter((t) => t !== this.keeper && !isRunnable(t));
      if (!stuck.length) return null;
      const t = stuck[this.rescues++ % stuck.length];
      const at = slots.findIndex((s) => s.cap.type === 'tcb' && s.cap.paddr === t.paddr);
      if (at < 0) continue;
      this.invoke('TCBSuspend', BigInt(at), {});
      // Back to the svc loop and resumed (WriteRegisters with resume_target).
      const pc = [this.layout.entry];
      if (this.running && k.current === this.keeper) this.invoke('TCBWriteRegisters', BigInt(at), { resume_target: 1n, arch_flags: 0n, count: 1n }, [], pc);
      const v = this.violation();
      if (v) return `while the keeper restarted ${t.name}: ${v}`;
    }
    return null;
  }

  /** Builds the starting world as the root thread, through the kernel's own invocations. */
  prelude(): void {
    const { workStart: w, entry, mapBase } = this.layout;
    const ut = BigInt(biggestUntyped(this.facts));
    const expectOk = (what: string, r: number | null) => {
      if (r !== 0) throw new Error(`soak prelude: ${what} failed (reply ${r}): ${this.kernel.lastError?.reason ?? ''}`);
    };
    const retype = (type: number, bits: number, at: number, n: number) =>
      expectOk(`retype type ${type}`, this.invoke('UntypedRetype', ut, { type: BigInt(type), size_bits: BigInt(bits), node_index: 0n, node_depth: 0n, node_offset: BigInt(at), num_objects: BigInt(n) }, [2n]));
    retype(OBJ.TCBObject, 0, w, 3);
    retype(OBJ.EndpointObject, 0, w + 3, 3);
    retype(OBJ.NotificationObject, 0, w + 6, 2);
    retype(OBJ.ARM_SmallPageObject, 0, w + 8, 4);
    retype(OBJ.CapTableObject, 4, w + 12, 1);
    retype(OBJ.ARM_PageTableObject, 0, w + 13, 2);
    expectOk('mint', this.invoke('CNodeMint', 2n, { dest_index: BigInt(w + 15), dest_depth: 64n, src_index: BigInt(w + 3), src_depth: 64n, rights: 15n, badge: 7n }, [2n]));
    for (let i = 0; i < 3; i++) {
      const frame = BigInt(w + 8 + i), tcb = BigInt(w + i), buffer = mapBase + BigInt(i) * 0x1000n;
      expectOk('map', this.invoke('ARMPageMap', frame, { vaddr: buffer, rights: 3n, attr: 0n }, [3n]));
      expectOk('configure', this.invoke('TCBConfigure', tcb, { fault_ep: BigInt(w + 3), cspace_root_data: 0n, vspace_root_data: 0n, buffer }, [2n, 3n, frame]));
      expectOk('priority', this.invoke('TCBSetPriority', tcb, { priority: BigInt(254 - 40 * i) }, [1n]));
      expectOk('registers', this.invoke('TCBWriteRegisters', tcb, { resume_target: 1n, arch_flags: 0n, count: 1n }, [], [entry]));
    }
    this.uartInterrupts(expectOk);
    this.makeKeeper(ut, expectOk);
    this.hideImageCaps(expectOk);
    expectOk('root fault endpoint', this.invoke('TCBSetSpace', 1n, { fault_ep: BigInt(w + 4), cspace_root_data: 0n, vspace_root_data: 0n }, [2n, 3n]));
  }
}

/** The root task's paging and code-frame caps move to HIDDEN_SLOTS + their boot slot. */
const HIDDEN_SLOTS = 400;

/** Slot of the keeper's TCB cap: outside the area CapRefs scan, so ops seldom touch it. */
const KEEPER_SLOT = 200;

function biggestUntyped(f: BootInfoFacts): number {
  let best = -1, bits = 0;
  f.untypedList.forEach((u, i) => { if (!u.isDevice && u.sizeBits > bits) { best = i; bits = u.sizeBits; } });
  return f.untyped[0] + best;
}

export function soakLayout(f: BootInfoFacts): SoakLayout {
  return { untyped: f.untyped, workStart: f.empty[0], workSize: WORK_SIZE, entry: f.entry, mapBase: 0x48_0000n, tableBase: 0x4000_0000n };
}

function exceptionAt(kind: 'undefined' | 'dataAbort' | 'instructionAbort' | 'brk', pc: bigint, addr: bigint): CpuException {
  switch (kind) {
    case 'undefined': return { kind, word: 0, pc, esr: 0x0200_0000 };
    case 'brk': return { kind, imm: 0, pc, esr: 0xf200_0000 };
    case 'dataAbort': return { kind, pc, address: addr, write: true, fault: 'translation', level: 3, esr: 0x9200_0047 };
    case 'instructionAbort': return { kind, pc: addr, address: addr, fault: 'translation', level: 3, esr: 0x8200_0007 };
  }
}

/** Runs ops on fresh worlds (a new one whenever the last ended): the first failure, with its op index. */
export function runOps(ops: readonly Op[], stats = new SoakStats(), elf?: Uint8Array): { index: number; message: string } | null {
  let world: SoakWorld | null = null;
  for (let i = 0; i < ops.length; i++) {
    let failure: string | null;
    try {
      world = fresh(world, stats, elf);
      failure = world.prepare();
      if (!failure) world = fresh(world, stats, elf);
      if (!failure) failure = world.perform(ops[i]);
      world.calmKeeper();
      world.collect(stats);
      SoakStats.bump(stats.kinds, opKind(ops[i]));
    } catch (e) {
      failure = `a JS exception outside the op (boot, prelude or keeper): ${(e as Error).stack ?? String(e)}`;
    }
    stats.ops++;
    if (failure) return { index: i, message: failure };
  }
  return null;
}

/** The world to run the next op in: `w`, or a new one when it has ended (counted by reason). */
function fresh(w: SoakWorld | null, stats: SoakStats, elf?: Uint8Array): SoakWorld {
  if (w && w.running) return w;
  if (w) SoakStats.bump(stats.restarts, w.endReason());
  return newWorld(stats, elf);
}

function newWorld(stats: SoakStats, elf?: Uint8Array): SoakWorld {
  const w = new SoakWorld(elf);
  w.prelude();
  w.collect(new SoakStats());
  stats.worlds++;
  return w;
}

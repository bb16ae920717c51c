// The emulated machine: one EL0 AArch64 core (JIT-translated blocks), stage-1 MMU,
// physical RAM, PL011 UART, generic timer and GIC, with EL1 played by a KernelHook.
// Emulator layer. Virtual time = retired instructions (+ idle time skipped while
// waiting for an interrupt); run/step are deterministic. See docs/emulator.md.

import type { CpuException, KernelHook, StopReason, FaultKind } from './types.ts';
import { PhysMem, DEFAULT_RAM_BYTES, PAGE_SIZE } from './memory/physmem.ts';
import { Mmu, ACC_EXEC, type Privilege } from './mmu/mmu.ts';
import { CpuState } from './cpu/state.ts';
import { Runtime, X_NONE, X_SVC, X_BRK, X_UNDEF, X_DABT, X_SPALIGN } from './cpu/runtime.ts';
import { Jit } from './cpu/jit.ts';
import { EC, esrOf, dataAbortEsr, instructionAbortEsr } from './cpu/esr.ts';
import { Gic } from './devices/gic.ts';
import { GenericTimer } from './devices/timer.ts';
import { Pl011, UART_BASE, UART_SIZE } from './devices/pl011.ts';

export interface MachineOptions {
  ramBytes?: number;
  kernel?: KernelHook;
  /** Where UART output bytes go (default: collected in machine.uartOutput). */
  onUartByte?: (byte: number) => void;
}

export interface VirtualFault {
  fault: { kind: FaultKind; level: number; address: bigint };
}

export interface AccessOptions {
  /** 'el0' (default): user permissions; 'el1': kernel permissions; 'debug': ignore permissions. */
  privilege?: Privilege;
}

/** Consecutive exceptions/IRQs without a retired instruction before the machine gives up. */
const STORM_LIMIT = 100_000;

/** The CPU as EL1 sees it: registers plus TTBR0_EL1 and the current ASID. */
export class MachineCpu extends CpuState {
  constructor(private readonly mmu: Mmu) {
    super();
  }
  get ttbr0(): bigint { return this.mmu.ttbr0; }
  set ttbr0(v: bigint) { this.mmu.ttbr0 = v; }
  /** TTBR0's table address as a number: a context switch compares it without a bigint. */
  get ttbr0Address(): number { return this.mmu.rootAddress; }
  get asid(): number { return this.mmu.asid; }
  set asid(v: number) { this.mmu.asid = v; }
}

export class Machine {
  readonly mem: PhysMem;
  readonly mmu: Mmu;
  readonly cpu: MachineCpu;
  readonly gic = new Gic();
  readonly timer: GenericTimer;
  readonly uart: Pl011;
  kernel: KernelHook | null;
  /** UART output when no onUartByte callback was given. */
  readonly uartOutput: number[] = [];

  private readonly rt: Runtime;
  private readonly jit: Jit;
  private retired = 0;
  private haltInfo: { exitCode: number; message?: string } | null = null;
  private pauseFlag = false;
  private waiting = false;
  private nextEvent = Infinity;
  private seenGic = -1;
  private readonly breakpoints = new Set<number>();
  private resumeKey = -1;
  private storm = 0;

  constructor(opts: MachineOptions = {}) {
    this.mem = new PhysMem(opts.ramBytes ?? DEFAULT_RAM_BYTES);
    this.mmu = new Mmu(this.mem);
    this.cpu = new MachineCpu(this.mmu);
    this.rt = new Runtime(this.mem, this.mmu, this.cpu);
    this.jit = new Jit(this.mem, this.mmu, this.rt, this.cpu);
    this.jit.stops = this.breakpoints;
    this.kernel = opts.kernel ?? null;
    this.timer = new GenericTimer(this.gic, () => this.rt.time);
    const out = opts.onUartByte ?? ((b: number) => { this.uartOutput.push(b); });
    this.uart = new Pl011(this.gic, out);
    this.mem.addMmio({ base: UART_BASE, size: UART_SIZE, name: 'pl011', device: this.uart });
  }

  /** Retired instructions since reset. */
  get instret(): number { return this.retired; }
  /** Virtual time in timer ticks (CNTVCT): instret plus idle time skipped in wait. */
  get time(): number { return this.rt.time; }
  get halted(): { exitCode: number; message?: string } | null { return this.haltInfo; }
  /** Translated blocks currently cached (for --stats). */
  get blocksCached(): number { return this.jit.size; }
  get blocksCompiled(): number { return this.jit.compiled; }

  /** Called by the kernel (from a hook) to stop the machine for good. */
  halt(exitCode: number, message?: string): void {
    this.haltInfo = message === undefined ? { exitCode } : { exitCode, message };
  }

  private wallDeadline = Infinity;
  private outerIterations = 0;
  /** fastRun saw the wall-clock deadline pass: the outer loop ends the run at once. */
  private pastDeadline = false;

  /** Ask a running run() to return { kind: 'paused' } at the next block boundary. */
  requestPause(): void { this.pauseFlag = true; }

  /** The kernel has nothing to run: sleep until an interrupt (virtual time skips to the timer). */
  waitForInterrupt(): void { this.waiting = true; }
  get isWaiting(): boolean { return this.waiting; }

  addBreakpoint(va: bigint): void { this.breakpoints.add(vaKey(va)); this.jit.flush(); }
  removeBreakpoint(va: bigint): void { if (this.breakpoints.delete(vaKey(va))) this.jit.flush(); }
  clearBreakpoints(): void { if (this.breakpoints.size) { this.breakpoints.clear(); this.jit.flush(); } }
  get breakpointList(): bigint[] { return [...this.breakpoints].map((k) => BigInt(k)); }

  /** Run until `budget` ticks of virtual time have passed, or halt/breakpoint/pause/idle.
   *  `wallDeadline` (a performance.now() time) ends the run early with { kind: 'budget' }
   *  at a block boundary: while cold code is being translated a budget sized on the
   *  warm speed can take far longer than the caller's time slice. Virtual time and
   *  results do not depend on where a run is cut. */
  run(budget: number, wallDeadline = Infinity): StopReason {
    this.wallDeadline = wallDeadline;
    this.pastDeadline = false;
    return this.loop(budget, false);
  }

  /** Execute exactly one instruction (taking a pending interrupt first); ignores a breakpoint at pc. */
  step(): StopReason {
    this.wallDeadline = Infinity;
    this.pastDeadline = false;
    return this.loop(1, true);
  }

  private loop(budget: number, single: boolean): StopReason {
    const rt = this.rt, cpu = this.cpu;
    const end = single ? Infinity : rt.time + budget;
    this.timer.sync();
    this.nextEvent = this.timer.deadline();
    let skipKey = single ? vaKey(this.cpu.pc) : this.resumeKey;
    this.resumeKey = -1;
    for (;;) {
      const stop = this.between(end);
      if (stop) return stop;
      if (this.waiting) continue;
      if (this.pastDeadline || ((++this.outerIterations & 15) === 0 && performance.now() > this.wallDeadline)) {
        this.pastDeadline = false;
        return { kind: 'budget' };
      }
      // Read each time: a kernel entry may have made another register array live.
      const r = cpu.r;
      const lo = r[64], hi = r[65];
      if ((lo & 3) !== 0) { this.deliver({ kind: 'pcAlignment', pc: this.cpu.pc, esr: esrOf(EC.PC_ALIGN, 0) }); continue; }
      const pa = this.fetch(lo, hi);
      if (pa < 0) continue;
      if (this.breakpoints.size !== 0) {
        const key = hi * 4294967296 + (lo >>> 0);
        if (key !== skipKey && this.breakpoints.has(key)) { this.resumeKey = key; return { kind: 'breakpoint', pc: this.cpu.pc }; }
      }
      skipKey = -1;
      const limit = single ? 1 : Math.min(end, this.nextEvent) - rt.time;
      let blk = single ? this.jit.get(pa, lo, hi, 'single') : this.jit.get(pa, lo, hi, 'block');
      if (blk.n > limit) blk = this.jit.get(pa, lo, hi, 'counted');
      const clean = this.account(blk.fn(single ? 1 : limit));
      if (single) {
        const h = this.halted;
        return h ? { kind: 'halted', ...h } : { kind: 'budget' };
      }
      if (clean && this.breakpoints.size === 0) this.fastRun(Math.min(end, this.nextEvent));
    }
  }

  /** The hot loop: chains cached blocks while nothing needs the outer loop's attention
   *  (no device access, no TLB/cache miss, no breakpoints, within `stopAt`). An
   *  exception (a syscall) goes to the kernel here, and the loop goes on when the
   *  kernel left nothing for the outer loop: no halt, pause, wait or interrupt
   *  pending, and the next timer event still ahead (what `between` checks). */
  private fastRun(stopAt: number): void {
    const rt = this.rt, cpu = this.cpu, mmu = this.mmu, dm = this.jit.dm;
    const xTag = mmu.xTag, xHi = mmu.xHi, xOff = mmu.xOff;
    let time = rt.time, retired = this.retired;
    while (time < stopAt) {
      const r = cpu.r;
      const lo = r[64], hi = r[65];
      const i = (lo >>> 12) & 4095;
      if (xTag[i] !== (lo & -4093) || xHi[i] !== hi) break;
      // Offsets into RAM, not physical addresses: small integers (see Block.off).
      const off = xOff[i] + (lo & 4095);
      const b = dm[(off >>> 2) & 16383];
      if (b === null || b.off !== off || b.vaLo !== lo || b.vaHi !== hi || b.n > stopAt - time) break;
      if (!b.region && b.hits++ >= 16) break;
      rt.time = time;
      const n = b.fn(stopAt - time);
      time += n;
      retired += n;
      if (n !== 0) this.storm = 0;
      if (rt.touchedIo) break;
      if (rt.exc === 0) continue;
      rt.time = time;
      this.retired = retired;
      if (this.deliverPending()) {
        // Only registers and kernel memory changed: on, checking the wall clock as often as below.
        if (this.wallDeadline === Infinity || (++this.outerIterations & 15) !== 0 || performance.now() <= this.wallDeadline) continue;
        this.pastDeadline = true;
        return;
      }
      if (!this.quietAfterException()) return;
      time = rt.time;
      stopAt = Math.min(stopAt, this.nextEvent);
    }
    rt.time = time;
    this.retired = retired;
    if (rt.exc !== 0) this.deliverPending();
    if (rt.touchedIo) { rt.touchedIo = false; this.nextEvent = this.timer.deadline(); }
  }

  /** After an exception handled inside fastRun: true when the outer loop has nothing
   *  to do before the next block (the wall-clock deadline is checked as often as there). */
  private quietAfterException(): boolean {
    if (this.haltInfo !== null || this.pauseFlag || this.waiting || this.rt.touchedIo) return false;
    if (this.gic.version !== this.seenGic || this.rt.time >= this.nextEvent) return false;
    if (this.wallDeadline === Infinity) return true;
    if ((++this.outerIterations & 15) !== 0 || performance.now() <= this.wallDeadline) return true;
    this.pastDeadline = true;
    return false;
  }

  /** Bookkeeping after a block ran in the outer loop; true when nothing happened that
   *  the outer loop must look at (no exception delivered, no device touched). */
  private account(n: number): boolean {
    const rt = this.rt;
    rt.time += n;
    this.retired += n;
    if (n > 0) this.storm = 0;
    let clean = true;
    if (rt.exc !== 0) { this.deliverPending(); clean = false; }
    if (rt.touchedIo) { rt.touchedIo = false; this.nextEvent = this.timer.deadline(); clean = false; }
    return clean;
  }

  /** Everything checked between blocks: halt, pause, timer, interrupts, idle, budget. */
  private between(end: number): StopReason | null {
    const rt = this.rt;
    for (;;) {
      const h = this.halted;
      if (h) return { kind: 'halted', ...h };
      if (this.pauseFlag) { this.pauseFlag = false; return { kind: 'paused' }; }
      if (rt.time >= this.nextEvent) { this.timer.sync(); this.nextEvent = this.timer.deadline(); }
      if (this.gic.version !== this.seenGic && this.takeIrq()) continue;
      if (this.waiting) return this.idle(end);
      if (rt.time >= end) return { kind: 'budget' };
      return null;
    }
  }

  /** Instruction fetch translation: the RAM physical address of pc, or -1 after delivering an abort. */
  private fetch(lo: number, hi: number): number {
    const mmu = this.mmu;
    const i = (lo >>> 12) & 4095;
    if (mmu.xTag[i] === (lo & -PAGE_SIZE) && mmu.xHi[i] === hi) return this.mem.ramBase + mmu.xOff[i] + (lo & 4095);
    return this.fetchSlow(lo, hi);
  }

  /** Deliver the highest pending IRQ to the kernel; true if one was taken. */
  private takeIrq(): boolean {
    const irq = this.gic.highestPending();
    if (irq < 0) { this.seenGic = this.gic.version; return false; }
    this.waiting = false;
    this.deliver({ kind: 'irq', pc: this.cpu.pc, irq, esr: 0 });
    return true;
  }

  /** Waiting for an interrupt: skip virtual time to the timer, or report idle. */
  private idle(end: number): StopReason | null {
    if (this.nextEvent === Infinity) return { kind: 'idle' };
    if (end <= this.rt.time) return { kind: 'budget' };
    this.rt.time = Math.min(this.nextEvent, end);
    return null;
  }

  private fetchSlow(lo: number, hi: number): number {
    const pa = this.mmu.lookup(lo, hi, ACC_EXEC);
    let kind: FaultKind | null = pa < 0 ? this.mmu.faultKind : null;
    let level = this.mmu.faultLevel;
    if (pa >= 0 && !this.mem.isRam(pa, 4)) { kind = 'external'; level = -1; }
    if (kind === null) return pa;
    const pc = this.cpu.pc;
    this.deliver({ kind: 'instructionAbort', pc, address: pc, fault: kind, level, esr: instructionAbortEsr(kind, level) });
    return -1;
  }

  private pending(): CpuException {
    const rt = this.rt;
    const kind = rt.exc;
    rt.exc = X_NONE;
    const pc = this.cpu.pc;
    switch (kind) {
      case X_SVC: return { kind: 'svc', imm: rt.excImm, pc, esr: esrOf(EC.SVC64, rt.excImm) };
      case X_BRK: return { kind: 'brk', imm: rt.excImm, pc, esr: esrOf(EC.BRK64, rt.excImm) };
      case X_UNDEF: return { kind: 'undefined', word: rt.excWord >>> 0, pc, esr: esrOf(EC.UNKNOWN, 0) };
      case X_SPALIGN: return { kind: 'spAlignment', pc, esr: esrOf(EC.SP_ALIGN, 0) };
      case X_DABT: {
        const address = (BigInt(rt.faultHi >>> 0) << 32n) | BigInt(rt.faultLo >>> 0);
        return { kind: 'dataAbort', pc, address, write: rt.faultWrite, fault: rt.faultKind, level: rt.faultLevel,
          esr: dataAbortEsr(rt.faultKind, rt.faultLevel, rt.faultWrite) };
      }
      default: throw new Error(`machine invariant broken: unknown pending exception code ${kind}`);
    }
  }

  /** Hands the exception a block recorded to EL1. An svc goes to the kernel's
   *  handleSvc when it has one: no CpuException record and no bigint pc per system call. */
  /** Returns true when the kernel's handleSvc reported that only registers, the address
   *  space and kernel memory changed: nothing the outer loop or the timer must look at. */
  private deliverPending(): boolean {
    const rt = this.rt, kernel = this.kernel;
    if (rt.exc !== X_SVC || kernel === null || kernel.handleSvc === undefined) {
      this.deliver(this.pending());
      return false;
    }
    rt.exc = X_NONE;
    rt.clrex();
    if (++this.storm > STORM_LIMIT) { this.stormHalt('svc'); return false; }
    if (kernel.handleSvc(rt.excImm, esrOf(EC.SVC64, rt.excImm))) return true;
    this.nextEvent = this.timer.deadline();
    return false;
  }

  private stormHalt(kind: CpuException['kind']): void {
    this.halt(-1, `exception storm: ${STORM_LIMIT} exceptions without retiring an instruction (last: ${kind} at pc 0x${this.cpu.pc.toString(16)})`);
  }

  /** Hand an exception to EL1. Taking an exception clears the local exclusive monitor. */
  private deliver(ex: CpuException): void {
    this.rt.clrex();
    if (++this.storm > STORM_LIMIT) { this.stormHalt(ex.kind); return; }
    if (!this.kernel) {
      this.halt(-1, `unhandled ${describeException(ex)}`);
      return;
    }
    this.kernel.handleException(ex);
    this.nextEvent = this.timer.deadline();
  }

  /** Read guest virtual memory through the current tables (RAM only; no TLB fill). */
  readVirtual(va: bigint, len: number, opts: AccessOptions = {}): Uint8Array | VirtualFault {
    const out = new Uint8Array(len);
    for (let done = 0; done < len;) {
      const cur = va + BigInt(done);
      const chunk = Math.min(len - done, PAGE_SIZE - Number(cur & 0xfffn));
      const t = this.mmu.translate(cur, 'read', opts.privilege ?? 'el0');
      if (!t.ok) return { fault: { kind: t.fault, level: t.level, address: cur } };
      const bytes = this.mem.readBytes(t.pa, chunk);
      if (!(bytes instanceof Uint8Array)) return { fault: { kind: 'external', level: -1, address: cur } };
      out.set(bytes, done);
      done += chunk;
    }
    return out;
  }

  /** Write guest virtual memory (RAM only). Returns null or the first fault; earlier pages stay written. */
  writeVirtual(va: bigint, bytes: Uint8Array, opts: AccessOptions = {}): VirtualFault | null {
    for (let done = 0; done < bytes.length;) {
      const cur = va + BigInt(done);
      const chunk = Math.min(bytes.length - done, PAGE_SIZE - Number(cur & 0xfffn));
      const t = this.mmu.translate(cur, 'write', opts.privilege ?? 'el0');
      if (!t.ok) return { fault: { kind: t.fault, level: t.level, address: cur } };
      if (this.mem.writeBytes(t.pa, bytes.subarray(done, done + chunk))) {
        return { fault: { kind: 'external', level: -1, address: cur } };
      }
      done += chunk;
    }
    return null;
  }
}

function vaKey(va: bigint): number {
  return Number(BigInt.asUintN(64, va));
}

/** One line naming an exception, for halts without a kernel and for fault reports. */
export function describeException(ex: CpuException): string {
  const pc = `pc 0x${ex.pc.toString(16)}`;
  switch (ex.kind) {
    case 'svc': return `svc #${ex.imm} at ${pc}`;
    case 'brk': return `brk #${ex.imm} at ${pc}`;
    case 'undefined': return `undefined instruction 0x${ex.word.toString(16).padStart(8, '0')} at ${pc}`;
    case 'dataAbort':
      return `data abort (${ex.fault}${ex.level >= 0 ? ` level ${ex.level}` : ''}, ${ex.write ? 'write' : 'read'}) at address 0x${ex.address.toString(16)}, ${pc}`;
    case 'instructionAbort':
      return `instruction abort (${ex.fault}${ex.level >= 0 ? ` level ${ex.level}` : ''}) at ${pc}`;
    case 'pcAlignment': return `PC alignment fault at ${pc}`;
    case 'spAlignment': return `SP alignment fault at ${pc}`;
    case 'irq': return `irq ${ex.irq} at ${pc}`;
  }
}

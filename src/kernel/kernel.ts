// The CapLab seL4 kernel: plays EL1 for the machine (KernelHook). Every exception
// from EL0 is a kernel entry: `svc` goes to the syscall path, aborts and other
// synchronous exceptions become seL4 faults; then the scheduler picks the thread
// to return to (switching register files and TTBR0/ASID). Kernel layer.
// Facts: reference/sel4.md 2.1, 2.2, 2.12. Design: docs/kernel.md.
import type { Machine, MachineCpu } from '../emulator/machine.ts';
import type { CpuException, KernelHook } from '../emulator/types.ts';
import type { SyscallError } from './core/lookup.ts';
import { handleFault, spsrOf, type Fault } from './api/fault.ts';
import { handleSyscall } from './api/syscall.ts';
import { fastpath } from './api/fastpath.ts';
import { guestEret, guestTrap } from './api/vcpuModel.ts';
import { TCB_SLOT, TIME_SLICE_TICKS, type Tcb } from './object/tcb.ts';
import { CpuState } from '../emulator/cpu/state.ts';
import { CNTFRQ_HZ, TIMER_PPI } from '../emulator/devices/timer.ts';
import { UART_SPI } from '../emulator/devices/pl011.ts';
import { isRunnable } from './object/tcb.ts';
import { KernelState } from './state.ts';
import { checkInvariants } from './invariants.ts';
import { sendSignal } from './object/notification.ts';
import type { IpcEnv } from './core/ipc.ts';

export type KernelOutcome =
  | { kind: 'running' }
  /** The root task called seL4_DebugHalt (lab convention: status in x0). */
  | { kind: 'exited'; status: number }
  /** The kernel stopped the machine: no thread can run, or a call it does not model. */
  | { kind: 'stopped'; report: string };

/** TIMER_TICK_MS = 2: one kernel tick in generic-timer counts. */
export const TICK_COUNTS = (CNTFRQ_HZ / 1000) * 2;

/** Exit status of a run the kernel stopped (no runnable thread, unmodelled call). */
export const STOPPED_STATUS = 1;

export class Sel4Kernel implements KernelHook {
  outcome: KernelOutcome = { kind: 'running' };
  /** The last error a decode step returned (for tests and the debugger). */
  lastError: SyscallError | null = null;
  /** Set by Yield: this thread goes behind its peers at the next schedule. */
  yieldFrom: Tcb | null = null;
  /** Test mode: run the invariant checker after every kernel entry; a violation stops the run. */
  checkInvariants = false;
  /** Use the Call/ReplyRecv fastpath (api/fastpath.ts) when its conditions hold. */
  fastpath = true;
  /** Kernel entries (exceptions from EL0) since boot, and how many the fastpath took. */
  entries = 0;
  fastpathTaken = 0;
  /** Idling until a device interrupt (schedule found no thread but a driver waits). */
  private idling = false;
  private m: Machine | null = null;
  private st: KernelState | null = null;

  attach(machine: Machine): void {
    this.m = machine;
    this.st = new KernelState(machine.mem, machine);
    this.st.irqLines = { enable: (irq) => machine.gic.enable(irq), disable: (irq) => machine.gic.disable(irq) };
    this.st.tlb = {
      invalidateVa: (va, asid) => machine.mmu.invalidateVa(va, asid),
      invalidateAsid: (asid) => machine.mmu.invalidateAsid(asid),
    };
  }

  get machine(): Machine {
    if (!this.m) throw new Error('Sel4Kernel: not attached to a machine');
    return this.m;
  }

  get state(): KernelState {
    if (!this.st) throw new Error('Sel4Kernel: not attached to a machine');
    return this.st;
  }

  /** What IPC and fault code needs: the state and the CPU. */
  get env(): IpcEnv {
    return { k: this.state, cpu: this.machine.cpu };
  }

  get cpu(): MachineCpu {
    return this.machine.cpu;
  }

  /** Root thread entry (seL4 boot.c): pc = ELF entry, x0 = BootInfo, TPIDRRO_EL0 = IPC buffer. */
  startRootThread(t: Tcb, vspace: bigint, asid: number, entry: bigint, bootInfo: bigint): void {
    const cpu = this.machine.cpu;
    for (let n = 0; n < 31; n++) cpu.setX(n, 0n);
    cpu.setX(0, bootInfo);
    cpu.pc = entry;
    t.faultIp = entry;
    cpu.sp = 0n;
    cpu.nzcv = 0;
    cpu.tpidr = 0n;
    cpu.tpidrro = t.ipcBuffer;
    this.setAddressSpace(vspace, asid);
    this.state.current = t;
    this.armTimer();
  }

  /** The kernel tick: the virtual timer's PPI fires every TICK_COUNTS. */
  private armTimer(): void {
    const m = this.machine;
    m.gic.enable(TIMER_PPI);
    m.timer.cval = m.timer.count + BigInt(TICK_COUNTS);
    m.timer.ctl = 1;
  }

  /** An interrupt: the timer tick charges the running thread's timeslice (seL4 timerTick). */
  private interrupt(): void {
    const m = this.machine;
    const irq = m.gic.acknowledge();
    if (irq >= 1020) return;
    if (irq !== TIMER_PPI) { this.deviceInterrupt(irq); return; }
    m.timer.cval = m.timer.count + BigInt(TICK_COUNTS);
    m.gic.eoi(irq);
    const t = this.state.current;
    if (!t || !isRunnable(t)) return;
    if (--t.timeslice > 0) return;
    t.timeslice = TIME_SLICE_TICKS;
    this.state.scheduler.enqueue(t);
    this.yieldFrom = t;
  }

  /** Loads TTBR0/ASID; an unchanged value is not written again (each write rebuilds the
   *  MMU's fast view). Table addresses are below 2^53, so the number compares exactly. */
  private setAddressSpace(root: bigint, asid: number, rootNumber = Number(root)): void {
    const cpu = this.m!.cpu;
    if (cpu.ttbr0Address !== rootNumber) cpu.ttbr0 = root;
    if (cpu.asid !== asid) cpu.asid = asid;
  }

  handleException(ex: CpuException): void {
    const cur = this.st?.current;
    if (cur?.vcpu && this.outcome.kind === 'running' && this.guestException(cur, ex)) return;
    this.entries++;
    if (this.outcome.kind !== 'running') {
      this.machine.halt(this.exitStatus(), 'exception after the kernel stopped');
      return;
    }
    if (ex.kind === 'svc') {
      if (this.fastpath && cur?.syscallWindow === null && cur.syscallPins === null && ex.pc === this.cpu.pc && fastpath(this, this.state, this.cpu.r)) {
        this.fastpathTaken++;
        if (this.checkInvariants) this.verify();
        return;
      }
      handleSyscall(this, ex);
    } else if (ex.kind === 'irq') this.interrupt();
    else this.userFault(ex);
    if (this.outcome.kind === 'running') this.schedule();
    if (this.checkInvariants) this.verify();
  }

  /** The machine's entry for `svc` (KernelHook.handleSvc): the fastpath straight from
   *  the register file when the thread is an ordinary one (no vCPU model, no syscall
   *  window or pins) and the kernel runs; anything else is handleException's. True
   *  after a fastpath IPC (it changes no device, timer or interrupt state). */
  handleSvc(imm: number, esr: number): boolean {
    const st = this.st;
    const cur = st !== null ? st.current : null;
    if (cur !== null && cur.vcpu === null && cur.syscallWindow === null && cur.syscallPins === null
      && this.fastpath && this.outcome.kind === 'running' && fastpath(this, st!, this.m!.cpu.r)) {
      this.entries++;
      this.fastpathTaken++;
      if (!this.checkInvariants) return true;
      this.verify();
      return this.outcome.kind === 'running';
    }
    this.handleException({ kind: 'svc', imm, pc: this.cpu.pc, esr });
    return false;
  }

  /** The vCPU model (api/vcpuModel.ts): a guest svc or eret handled without a kernel entry. */
  private guestException(t: Tcb, ex: CpuException): boolean {
    if (ex.kind === 'svc') return guestTrap(this.state, this.cpu, t, ex.pc, ex.esr);
    if (ex.kind === 'undefined') return guestEret(this.state, this.cpu, t, ex.pc, ex.word);
    return false;
  }

  private verify(): void {
    const bad = checkInvariants(this.state);
    if (bad.length) this.stop(`kernel invariant violated: ${bad.join('; ')}`);
  }

  private userFault(ex: Exclude<CpuException, { kind: 'svc' | 'irq' }>): void {
    const t = this.state.current!;
    const cpu = this.cpu;
    cpu.pc = ex.pc;
    t.faultIp = ex.pc;
    const f: Fault = ex.kind === 'dataAbort' || ex.kind === 'instructionAbort'
      ? { kind: 'VMFault', ip: ex.pc, addr: ex.address, prefetch: ex.kind === 'instructionAbort', fsr: ex.esr }
      : { kind: 'UserException', faultIp: ex.pc, sp: cpu.sp, spsr: spsrOf(cpu), number: ex.esr, code: 0 };
    handleFault(this.env, t, f);
  }

  /** handleInterrupt for a device line: mask it until Ack, signal the bound notification. */
  private deviceInterrupt(irq: number): void {
    const m = this.machine, k = this.state;
    m.gic.disable(irq);
    m.gic.eoi(irq);
    const n = k.irqs.get(irq)?.notification;
    k.events.push({ kind: 'irq', irq, signalled: n !== null && n !== undefined });
    if (n && n.type === 'notification') {
      const obj = k.notifications.get(n.paddr);
      if (obj) sendSignal(this.env, obj, n.badge);
    }
  }

  /** Picks the thread to return to and switches to it; with none the run ends. */
  private schedule(): void {
    const k = this.state;
    const cur = k.current;
    const yielded = this.yieldFrom;
    this.yieldFrom = null;
    let next = yielded ? k.scheduler.choose(null) : k.scheduler.choose(cur);
    while (next && next !== cur && this.vspaceOf(next) === null) {
      next.state = 'Inactive';
      next.stoppedBy = 'no valid VSpace to run in (its VTable slot holds no VSpace with an ASID)';
      next = k.scheduler.choose(null);
    }
    if (next !== cur) k.events.push({ kind: 'schedule', thread: next ? next.name : null });
    if (next === null) {
      k.current = null;
      if (this.deviceWaiter()) { this.idleUntilInterrupt(cur); return; }
      this.stop(`no runnable thread left: ${this.stoppedThreads()}`);
      return;
    }
    if (this.idling) { this.idling = false; this.armTimer(); }
    if (next !== cur) this.switchThread(cur, next);
    if (next.state === 'Restart') {
      next.state = 'Running';
      this.machine.cpu.pc = next.faultIp;
    }
  }

  /** A thread waits on a notification signalled by the UART's interrupt and the UART would
   *  interrupt on input (a driver waiting for typed input): then the kernel idles instead
   *  of ending the run. The lab's other interrupt sources cannot be fed from outside. */
  private deviceWaiter(): boolean {
    const k = this.state;
    if (!this.machine.uart.inputInterruptEnabled) return false;
    for (const [irq, h] of k.irqs) {
      const n = h.notification;
      if (irq !== UART_SPI) continue;
      if (n && n.type === 'notification' && (k.notifications.get(n.paddr)?.waiting.length ?? 0) > 0) return true;
    }
    return false;
  }

  /** seL4's idle thread, tickless: no thread to run until a device interrupt; the tick
   *  timer is stopped so a host sees the machine idle (StopReason 'idle'). */
  private idleUntilInterrupt(last: Tcb | null): void {
    // The CPU's register array is the last thread's own (see switchRegisters).
    if (last) last.regs = this.machine.cpu.r;
    this.idling = true;
    this.machine.timer.ctl = 0;
    this.machine.waitForInterrupt();
  }

  private vspaceOf(t: Tcb): { root: bigint; asid: number } | null {
    const vs = t.slots[TCB_SLOT.VTable].cap;
    return vs.type === 'vspace' && vs.asid !== undefined ? { root: vs.paddr, asid: vs.asid } : null;
  }

  /** Context switch: saves the CPU into `from`'s register file (in place), loads `to`'s, its VSpace and ASID. */
  switchThread(from: Tcb | null, to: Tcb): void {
    const vs = to.slots[TCB_SLOT.VTable].cap;
    if (vs.type !== 'vspace' || vs.asid === undefined) throw new Error(`kernel invariant broken: switch to ${to.name}, which has no VSpace with an ASID`);
    this.switchRegisters(from, to, Number(vs.paddr), vs.paddr, vs.asid);
  }

  /** The switch itself, with `to`'s VSpace root (also as a number) and ASID already
   *  checked. Each thread has its own register array and the CPU runs on the running
   *  thread's: the switch makes `to`'s array live and leaves `from` the one it ran on,
   *  so nothing is copied (a thread never run gets a zeroed array). */
  switchRegisters(from: Tcb | null, to: Tcb, rootNumber: number, root: bigint, asid: number): void {
    const cpu = this.m!.cpu;
    const regs = to.regs ?? (to.regs = new CpuState().save());
    const old = cpu.use(regs);
    if (from !== null) from.regs = old;
    this.setAddressSpace(root, asid, rootNumber);
    this.st!.current = to;
  }

  private stoppedThreads(): string {
    const stopped = [...this.state.tcbs.values()].filter((t) => t.stoppedBy);
    return stopped.length ? stopped.map((t) => `${t.name}: ${t.stoppedBy}`).join('; ') : 'every thread is inactive or blocked';
  }

  putChar(byte: number): void {
    this.machine.uart.transmit(byte);
  }

  exit(status: number): void {
    this.outcome = { kind: 'exited', status: status & 0xff };
    this.machine.halt(status & 0xff);
  }

  stop(report: string): void {
    this.outcome = { kind: 'stopped', report };
    this.machine.halt(STOPPED_STATUS, report);
  }

  exitStatus(): number {
    return this.outcome.kind === 'exited' ? this.outcome.status : STOPPED_STATUS;
  }
}

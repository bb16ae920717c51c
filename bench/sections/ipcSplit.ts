// Figure group "ipc", second part: where a round trip's time goes. The kernel alone:
// the client's Call and the server's ReplyRecv replayed from their register states
// at the svc, straight into the kernel (no guest code). The guest code and the
// machine's dispatcher alone: the same program with a stand-in EL1 that only moves
// the registers a fastpath IPC moves (no checks, no records). Bench helper of ipc.ts.
import { bootRootTask } from '../../src/kernel/boot.ts';
import type { Sel4Kernel } from '../../src/kernel/kernel.ts';
import type { Machine } from '../../src/emulator/machine.ts';
import type { CpuException, KernelHook } from '../../src/emulator/types.ts';
import { buildC } from '../../src/toolchain/ccdriver.ts';
import { ipcProgram } from './ipc.ts';

/** x7 (syscall number) and x1 (MessageInfo) in the int32-pair register file; PC at 64. */
const X1 = 2, X2 = 4, X7 = 14, PC = 64;
const CALL = -1, REPLY_RECV = -2;
/** The svc's ESR (EC 0x15, IL, imm 0). */
const SVC_ESR = 0x5600_0000;

interface Paused { machine: Machine; kernel: Sel4Kernel; call: Int32Array; replyRecv: Int32Array }

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Boots the benchmark program and runs it on the real kernel until the client is at
 *  its svc for the `warm`-th Call (not yet taken); keeps a copy of the registers there
 *  and at one of the server's ReplyRecv svcs. */
function pausedAtCall(mrs: number, warm: number): Paused {
  const built = buildC([{ name: 'ipcbench.c', text: ipcProgram(mrs, 1_000_000_000) }], { target: 'sel4' });
  if (!built.ok || !built.elf) throw new Error('ipc bench does not build');
  const b = bootRootTask({ elf: built.elf, output: () => {} });
  if (!b.ok) throw new Error(b.error);
  const { machine, kernel } = b.value;
  let calls = 0, call: Int32Array | null = null, replyRecv: Int32Array | null = null;
  const watch: KernelHook = {
    handleException: (ex: CpuException) => kernel.handleException(ex),
    handleSvc: (imm, esr) => {
      // The live register array changes with every context switch.
      const r = machine.cpu.r;
      if (r[X7 + 1] === -1 && r[X7] === CALL && ++calls === warm) { call = r.slice(); machine.requestPause(); return false; }
      if (r[X7 + 1] === -1 && r[X7] === REPLY_RECV && replyRecv === null && calls > warm / 2) replyRecv = r.slice();
      return kernel.handleSvc(imm, esr);
    },
  };
  machine.kernel = watch;
  while (call === null && !machine.halted) machine.run(10_000_000);
  machine.kernel = kernel;
  if (call === null || replyRecv === null) throw new Error('ipc split: the program did not reach its Call loop');
  return { machine, kernel, call, replyRecv };
}

/** Nanoseconds of CPU time per round trip in the kernel alone (both entries). */
export function kernelOnly(mrs: number, n: number): number {
  const { machine, kernel, call, replyRecv } = pausedAtCall(mrs, 5_000);
  const cpu = machine.cpu;
  const trips = (count: number): void => {
    for (let i = 0; i < count; i++) {
      cpu.r.set(call);
      kernel.handleSvc(0, SVC_ESR);
      cpu.r.set(replyRecv);
      kernel.handleSvc(0, SVC_ESR);
    }
  };
  const taken = kernel.fastpathTaken;
  trips(n / 5);
  const t0 = cpuNow();
  trips(n);
  const ns = ((cpuNow() - t0) / n) * 1e9;
  if (kernel.fastpathTaken - taken !== 2 * (n + n / 5)) throw new Error('ipc split: a replayed entry left the fastpath');
  return Math.round(ns);
}

/** Nanoseconds of CPU time per round trip in guest code and the dispatcher alone. */
export function userOnly(mrs: number, n: number): number {
  const { machine, kernel } = pausedAtCall(mrs, 5_000);
  const r = machine.cpu.r;
  const server = [...kernel.state.tcbs.values()].find((t) => t !== kernel.state.current && t.state === 'BlockedOnReceive');
  if (!server?.regs) throw new Error('ipc split: no server waiting');
  const client = new Int32Array(r.length), srv = server.regs.slice(), mrsCopy = new Int32Array(8);
  let trips = 0, stopAt = 0;
  const next = (): void => {
    const lo = (r[PC] + 4) | 0;
    if (lo >>> 0 < 4) r[PC + 1] = (r[PC + 1] + 1) | 0;
    r[PC] = lo;
  };
  /** What the fastpath does to the partner's registers: badge 0, MessageInfo, MR0-MR3. */
  const deliver = (to: Int32Array): void => {
    const infoLo = (r[X1] & ~0xfff) | mrs, infoHi = r[X1 + 1];
    for (let i = 0; i < 2 * mrs; i++) mrsCopy[i] = r[X2 + i];
    r.set(to);
    r[0] = 0; r[1] = 0; r[X1] = infoLo; r[X1 + 1] = infoHi;
    for (let i = 0; i < 2 * mrs; i++) r[X2 + i] = mrsCopy[i];
  };
  machine.kernel = {
    handleException: (ex) => { throw new Error(`ipc split: unexpected ${ex.kind} under the stand-in EL1`); },
    handleSvc: () => {
      next();
      if (r[X7] === CALL) { client.set(r); deliver(srv); return true; }
      srv.set(r);
      deliver(client);
      if (++trips !== stopAt) return true;
      machine.requestPause();
      return false;
    },
  };
  machine.timer.ctl = 0;
  const run = (count: number): void => {
    stopAt = trips + count;
    while (trips < stopAt && !machine.halted) machine.run(100_000_000);
    if (machine.halted) throw new Error(`ipc split: the program stopped: ${machine.halted.message ?? machine.halted.exitCode}`);
  };
  run(n / 5);
  const t0 = cpuNow();
  run(n);
  return Math.round(((cpuNow() - t0) / n) * 1e9);
}

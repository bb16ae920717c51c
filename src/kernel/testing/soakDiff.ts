// Differential soak: the same ops run in lockstep on two worlds, one kernel with
// the Call/ReplyRecv fastpath (api/fastpath.ts) and one without; after every op
// the two states (threads, registers, IPC buffers, queues, every cap and its CDT
// parent, ready queues) must be the same. The slowpath is the reference the
// fastpath must agree with. Kernel test support (core code, no DOM).
import { describeCap } from '../core/cap.ts';
import { threadRegisters } from '../core/registers.ts';
import { SoakStats, SoakWorld, soakRootTask } from './soakWorld.ts';
import type { Op } from './soakOps.ts';

const hex = (v: bigint) => v.toString(16);
/** The IPC buffer words compared: the tag and MR0-MR15 (the generators send at most 8 MRs). */
const DIGEST_BUFFER_WORDS = 17;

/** A thread's IPC buffer words as one hex line (MR4.. and the rest travel there). */
function bufferText(w: SoakWorld, pa: bigint | null): string {
  if (pa === null) return '-';
  const out: string[] = [];
  for (let i = 0; i < DIGEST_BUFFER_WORDS; i++) {
    const v = w.machine.mem.read64(Number(pa) + 8 * i);
    out.push(typeof v === 'bigint' ? hex(v) : '?');
  }
  return out.join(',');
}

/** The state both kernels must agree on, one line per thread, queue, slot. */
export function digest(w: SoakWorld): string[] {
  const k = w.kernel.state, cpu = w.machine.cpu;
  const lines = [`current ${k.current?.name ?? '-'}`, `outcome ${w.kernel.outcome.kind}`, `ready ${[...k.scheduler.all()].map((t) => t.name).join(' ')}`];
  for (const t of [...k.tcbs.values()].sort((a, b) => (a.paddr < b.paddr ? -1 : 1))) {
    const r = threadRegisters(t, k.current, cpu).regs;
    const xs = Array.from({ length: 31 }, (_, i) => hex(r.getX(i))).join(',');
    lines.push(`${t.name} ${t.state} prio ${t.priority}/${t.mcp} faultIp ${hex(t.faultIp)} pc ${hex(r.pc)} sp ${hex(r.sp)} nzcv ${r.nzcv} `
      + `tpidr ${hex(r.tpidr)}/${hex(r.tpidrro)} x ${xs} blocking ${JSON.stringify(t.blocking, (_, v) => (typeof v === 'bigint' ? hex(v) : v))} `
      + `fault ${t.fault?.kind ?? '-'} bound ${t.boundNotification ?? '-'}`);
    lines.push(`${t.name} buffer ${bufferText(w, t.ipcBufferPaddr)}`);
  }
  for (const ep of k.endpoints.values()) lines.push(`ep ${hex(ep.paddr)} [${ep.queue.map((t) => t.name).join(' ')}]`);
  for (const n of k.notifications.values()) lines.push(`ntfn ${hex(n.paddr)} ${hex(n.word)} ${n.active} ${n.boundTcb ?? '-'} [${n.waiting.map((t) => t.name).join(' ')}]`);
  for (const s of k.allSlots()) {
    if (s.cap.type !== 'null') lines.push(`${k.slotName(s)} ${describeCap(s.cap)} ${s.revocable ? 'R' : '-'} parent ${s.parent ? k.slotName(s.parent) : '-'}`);
  }
  return lines;
}

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `with the fastpath: ${a[i] ?? '(nothing)'}\n  slowpath only:    ${b[i] ?? '(nothing)'}`;
  }
  return '(no difference)';
}

function newPair(elf: Uint8Array): [SoakWorld, SoakWorld] {
  const fast = new SoakWorld(elf), slow = new SoakWorld(elf);
  slow.kernel.fastpath = false;
  fast.prelude();
  slow.prelude();
  fast.collect(new SoakStats());
  slow.collect(new SoakStats());
  return [fast, slow];
}

/** Runs the ops on a fastpath world and a slowpath world in lockstep; the first
 *  op after which they differ (or either fails a check) is the failure. */
export function runOpsDifferential(ops: readonly Op[], stats = new SoakStats(), elf = soakRootTask()): { index: number; message: string } | null {
  let pair: [SoakWorld, SoakWorld] | null = null;
  for (let i = 0; i < ops.length; i++) {
    try {
      if (!pair || !pair[0].running) {
        if (pair) { SoakStats.bump(stats.restarts, pair[0].endReason()); stats.fastpathTaken += pair[0].kernel.fastpathTaken; }
        pair = newPair(elf);
        stats.worlds++;
      }
      const [fast, slow] = pair;
      const failure = fast.step(ops[i]) ?? slow.step(ops[i]);
      fast.collect(stats);
      slow.collect(new SoakStats());
      stats.ops++;
      if (failure) return { index: i, message: failure };
      const a = digest(fast), b = digest(slow);
      if (a.join('\n') !== b.join('\n')) return { index: i, message: `the fastpath and the slowpath kernels differ after this op:\n  ${firstDifference(a, b)}` };
    } catch (e) {
      return { index: i, message: `a JS exception escaped: ${(e as Error).stack ?? String(e)}` };
    }
  }
  if (pair) stats.fastpathTaken += pair[0].kernel.fastpathTaken;
  return null;
}

// Figure group "compat": what one Linux call costs under the Linux-compatibility
// component in each of its four modes, and the machine benchmark run through it.
// Per-call cost: bench/workloads/syscalls.c (getpid from eight sites) run at two
// sizes; the difference divided by the extra calls gives instructions, modelled
// cycles, kernel entries and wall (CPU) time per call without start-up or the
// program's own loop in the figure. MIPS: bench/workloads/intmix.c (the linuxRun
// group's workload) in patch mode, against the same binary under qemu-aarch64.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { TOOLS } from '../../tests/diff/tools.ts';
import { buildWorkload } from '../workload.ts';
import { runCompat } from '../../src/kernel/compat/run.ts';
import { MODES, type CompatMode } from '../../src/kernel/compat/layout.ts';

const SMALL = 100, LARGE = Number(process.env.CAPLAB_BENCH_COMPAT_ROUNDS ?? 2600);
const ROUNDS = Number(process.env.CAPLAB_BENCH_ROUNDS ?? 500);

function timed(program: Uint8Array, mode: CompatMode, rounds: number) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const r = runCompat({ program, mode, name: 'bench', argv: ['bench', String(rounds)] });
  const cu = process.cpuUsage(c0);
  if (!r.ok) throw new Error(r.error);
  if (r.value.status !== 0) throw new Error(`${mode}: status ${r.value.status}: ${r.value.report}`);
  return { run: r.value, wall: (performance.now() - t0) / 1000, cpu: (cu.user + cu.system) / 1e6 };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

function perCall(program: Uint8Array, mode: CompatMode): Record<string, number> {
  timed(program, mode, SMALL); // warm the JIT for this mode's code paths
  const a = timed(program, mode, SMALL), b = timed(program, mode, LARGE);
  const calls = b.run.stats.linuxCalls - a.run.stats.linuxCalls;
  const d = (f: (s: typeof a.run.stats) => number) => (f(b.run.stats) - f(a.run.stats)) / calls;
  return {
    instructionsPerCall: r1(d((s) => s.instructions)),
    cyclesPerCall: r1(d((s) => s.cycles)),
    kernelEntriesPerCall: r2(d((s) => s.kernelEntries)),
    faultsPerCall: r2(d((s) => s.faults)),
    ipcPerCall: r2(d((s) => s.ipcMessages)),
    guestTrapsPerCall: r2(d((s) => s.guestTraps)),
    wallMicrosecondsPerCall: r2(((b.wall - a.wall) / calls) * 1e6),
    cpuMicrosecondsPerCall: r2(((b.cpu - a.cpu) / calls) * 1e6),
  };
}

export async function compatFigures(): Promise<Record<string, unknown>> {
  const calls = buildWorkload('syscalls');
  const intmix = buildWorkload('intmix');
  try {
    const program = readFileSync(calls.path);
    const modes: Record<string, unknown> = {};
    for (const mode of MODES) modes[mode] = perCall(program, mode);
    const big = readFileSync(intmix.path);
    const ours = timed(big, 'patch', ROUNDS);
    const t0 = performance.now();
    const q = spawnSync(TOOLS.qemu.cmd, [intmix.path, String(ROUNDS)], { encoding: 'utf8' });
    const qemuSeconds = (performance.now() - t0) / 1000;
    if (q.stdout !== ours.run.console) throw new Error(`intmix output differs: qemu ${q.stdout.trim()} / linux-compat ${ours.run.console.trim()}`);
    const instr = ours.run.stats.instructions;
    return {
      workload: `bench/workloads/syscalls.c, ${SMALL * 8} vs ${LARGE * 8} getpid calls from 8 sites (gcc -O2)`,
      perCall: modes,
      intmixPatchMode: {
        rounds: ROUNDS, instructions: instr, linuxCalls: ours.run.stats.linuxCalls,
        seconds: Math.round(ours.wall * 1000) / 1000, mips: r1(instr / ours.wall / 1e6), mipsByCpuTime: r1(instr / ours.cpu / 1e6),
        qemuSeconds: Math.round(qemuSeconds * 1000) / 1000, qemuMips: r1(instr / qemuSeconds / 1e6), outputsMatch: true,
      },
    };
  } finally {
    calls.remove();
    intmix.remove();
  }
}

// Figure group "linuxRun": the speed of `caplab run --linux` on a CPU-bound
// integer workload (bench/workloads/intmix.c, gcc -O2), and the same binary's
// wall time under qemu-aarch64-static. The instruction count is our instret
// (the program is deterministic, so qemu retires the same instructions).
// The workload size is fixed (CAPLAB_BENCH_ROUNDS overrides it).
import { spawnSync } from 'node:child_process';
import { caplab } from '../../tests/cli/capture.ts';
import { TOOLS } from '../../tests/diff/tools.ts';
import { buildWorkload } from '../workload.ts';

/** A fixed size, so figures compare across commits: 500 rounds are about 1.09
 *  billion instructions (5 s at 200 MIPS). JIT warm-up costs about a second, so
 *  much shorter runs measure warm-up rather than speed. */
const ROUNDS = Number(process.env.CAPLAB_BENCH_ROUNDS ?? 500);

interface Stats { instructions: number; seconds: number; mips: number }

async function runOurs(exe: string, rounds: number): Promise<{ stats: Stats; stdout: string; cpuSeconds: number }> {
  const c0 = process.cpuUsage();
  const r = await caplab(['run', '--linux', '--stats', exe, '--', String(rounds)]);
  const cu = process.cpuUsage(c0);
  if (r.status !== 0) throw new Error(`caplab run --linux exited ${r.status}: ${r.stderr}`);
  const stats = JSON.parse(r.stderr.trimEnd().split('\n').at(-1)!) as Stats;
  return { stats, stdout: r.stdout, cpuSeconds: (cu.user + cu.system) / 1e6 };
}

function runQemu(exe: string, rounds: number): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(TOOLS.qemu.cmd, [exe, String(rounds)], { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`qemu exited ${r.status}: ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

export async function linuxRun(): Promise<Record<string, unknown>> {
  const w = buildWorkload('intmix');
  try {
    const rounds = ROUNDS;
    const ours = await runOurs(w.path, rounds);
    const qemu = runQemu(w.path, rounds);
    if (qemu.stdout !== ours.stdout) throw new Error(`output differs: qemu ${qemu.stdout.trim()} / ours ${ours.stdout.trim()}`);
    const qemuMips = ours.stats.instructions / qemu.seconds / 1e6;
    return {
      workload: 'bench/workloads/intmix.c (gcc -O2 -mgeneral-regs-only -static -nostdlib)',
      rounds,
      instructions: ours.stats.instructions,
      caplabSeconds: ours.stats.seconds,
      caplabMips: round1(ours.stats.mips),
      caplabCpuSeconds: round3(ours.cpuSeconds),
      caplabMipsByCpuTime: round1(ours.stats.instructions / ours.cpuSeconds / 1e6),
      qemuSeconds: round3(qemu.seconds),
      qemuMips: round1(qemuMips),
      qemuOverCaplab: round1(qemuMips / ours.stats.mips),
      outputsMatch: true,
    };
  } finally {
    w.remove();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

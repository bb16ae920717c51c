// Figure group "linuxRun": the speed of `caplab run --linux` on a CPU-bound
// integer workload (bench/workloads/intmix.c, gcc -O2), and the same binary's
// wall time under qemu-aarch64-static. The instruction count is our instret
// (the program is deterministic, so qemu retires the same instructions).
// The workload size is calibrated to run about TARGET_SECONDS under CapLab.
import { spawnSync } from 'node:child_process';
import { caplab } from '../../tests/cli/capture.ts';
import { TOOLS } from '../../tests/diff/tools.ts';
import { buildWorkload } from '../workload.ts';

const TARGET_SECONDS = Number(process.env.CAPLAB_BENCH_SECONDS ?? 10);
const FIRST_ROUNDS = 8;
const CALIBRATION_SECONDS = 2.5;
/** About 2.2 million instructions per round: 2000 rounds is 4.3 billion. */
const MAX_ROUNDS = 2000;

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
    // Calibration: each run is sized from the previous one (whose per-round time
    // includes JIT warm-up, so it overestimates) until a run lasts CALIBRATION_SECONDS.
    let calRounds = FIRST_ROUNDS;
    let cal = await runOurs(w.path, calRounds);
    while (cal.stats.seconds < CALIBRATION_SECONDS && calRounds < MAX_ROUNDS) {
      calRounds = Math.min(MAX_ROUNDS, Math.max(calRounds * 2, Math.round((CALIBRATION_SECONDS * 1.2 * calRounds) / cal.stats.seconds)));
      cal = await runOurs(w.path, calRounds);
    }
    const rounds = Math.max(FIRST_ROUNDS, Math.min(MAX_ROUNDS, Math.round((TARGET_SECONDS * calRounds) / cal.stats.seconds)));
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

// Runs a static Linux ELF on our machine in-process, through the stand-in
// kernel's Linux shim (no CLI process), for the differential tests. Test helper.
import { bootStandin } from '../../src/kernel/standin/boot.ts';
import type { RunResult } from './build.ts';

const SLICE = 50_000_000;

export interface OurRun extends RunResult {
  instructions: number;
  /** The kernel's report when it stopped the program. */
  report?: string;
}

export function runOurs(elf: Uint8Array, argv: string[], maxInstructions = 2_000_000_000): OurRun {
  const out: string[] = [];
  const err: string[] = [];
  const dec = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const booted = bootStandin({ elf, personality: 'linux', argv, output: (fd, b) => (fd === 1 ? out : err).push(dec(b)) });
  if (!booted.ok) throw new Error(`cannot boot: ${booted.error}`);
  const { machine, kernel } = booted.value;
  for (;;) {
    const stop = machine.run(SLICE);
    if (stop.kind === 'halted') break;
    if (stop.kind !== 'budget') throw new Error(`machine stopped unexpectedly: ${stop.kind}`);
    if (machine.instret > maxInstructions) throw new Error(`no exit after ${maxInstructions} instructions (pc 0x${machine.cpu.pc.toString(16)})`);
  }
  const o = kernel.outcome;
  return {
    stdout: out.join(''), stderr: err.join(''), status: kernel.exitCode(), instructions: machine.instret,
    ...(o.kind === 'killed' ? { report: o.report } : {}),
  };
}

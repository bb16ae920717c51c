// Test helper: builds C with our toolchain (buildC: our compiler, assembler,
// linker and sysroot) and runs it in-process on the emulated Machine under the
// stand-in kernel (Linux shim or seL4 debug personality).
import { bootStandin, type PersonalityName } from '../../src/kernel/standin/boot.ts';
import { formatDiagnostic } from '../../src/shared/diagnostic.ts';
import { buildC } from '../../src/toolchain/ccdriver.ts';
import type { CcOptions, SourceFile } from '../../src/toolchain/build.ts';

export interface MachineRun {
  stdout: string;
  stderr: string;
  status: number;
  instructions: number;
  report?: string;
}

export function buildOurs(files: SourceFile[], cc: CcOptions = {}): Uint8Array {
  const r = buildC(files, cc);
  if (!r.ok || !r.elf) throw new Error(`build failed:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  return r.elf;
}

/** `singleStep` runs instruction by instruction (Machine.step) instead of JIT blocks. */
export function runOnMachine(elf: Uint8Array, personality: PersonalityName = 'linux', argv: string[] = ['prog'], maxInstructions = 500_000_000, singleStep = false): MachineRun {
  const out: string[] = [];
  const err: string[] = [];
  const dec = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  const booted = bootStandin({ elf, personality, argv, output: (fd, b) => (fd === 1 ? out : err).push(dec(b)) });
  if (!booted.ok) throw new Error(`cannot boot: ${booted.error}`);
  const { machine, kernel } = booted.value;
  for (;;) {
    const stop = singleStep ? machine.step() : machine.run(20_000_000);
    if (stop.kind === 'halted') break;
    if (stop.kind !== 'budget' && !(singleStep && stop.kind !== 'breakpoint' && stop.kind !== 'idle')) throw new Error(`machine stopped unexpectedly: ${stop.kind}`);
    if (machine.instret > maxInstructions) throw new Error(`no exit after ${maxInstructions} instructions (pc 0x${machine.cpu.pc.toString(16)})`);
  }
  const o = kernel.outcome;
  return { stdout: out.join(''), stderr: err.join(''), status: kernel.exitCode(), instructions: machine.instret, ...(o.kind === 'killed' ? { report: o.report } : {}) };
}

// Boots a program on a fresh Machine under the stand-in kernel: parses the ELF,
// builds the machine with the kernel as its EL1 hook, loads the program and
// leaves the CPU at the entry point. Kernel layer; used by the CLI, the worker
// target, the differential tests and the benchmark.
import { Machine } from '../../emulator/machine.ts';
import { parseElf, type ElfImage } from '../../toolchain/elf/read.ts';
import { disassemble } from '../../toolchain/disasm/disasm.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { StandinKernel, type Personality, type StandinHost } from './kernel.ts';
import { LinuxShim, type OutputSink } from './linuxShim.ts';
import { programHeaders, type Process } from './loader.ts';
import { sel4Debug } from './sel4Debug.ts';

export type PersonalityName = 'sel4' | 'linux';

export interface BootOptions {
  /** The executable's bytes (static AArch64 ELF64). */
  elf: Uint8Array;
  personality: PersonalityName;
  argv: readonly string[];
  envp?: readonly string[];
  ramBytes?: number;
  /** Program output: Linux write(1/2), or (fd 1) the UART for the seL4 personality. */
  output: OutputSink;
}

export interface Booted {
  machine: Machine;
  kernel: StandinKernel;
  image: ElfImage;
  process: Process;
}

/** The instruction text for fault reports: "str x1, [x0]". */
export function disassembleForReport(word: number, pc: bigint): string {
  const d = disassemble(word, pc);
  return d.operands ? `${d.mnemonic} ${d.operands}` : d.mnemonic;
}

/** Fits a Machine to what the stand-in kernel needs of it. Debug-console bytes go
 *  out through the UART unless the caller takes them itself (the page's worker). */
export function machineHost(m: Machine, putChar: (b: number) => void = (b) => m.uart.transmit(b)): StandinHost {
  return {
    mem: m.mem,
    cpu: m.cpu,
    setAddressSpace(root, asid) {
      m.cpu.ttbr0 = root;
      m.cpu.asid = asid;
      m.mmu.invalidateAll();
    },
    halt: (code, message) => m.halt(code, message),
    putChar,
  };
}

function personalityFor(name: PersonalityName, output: OutputSink): Personality {
  return name === 'linux' ? new LinuxShim(output) : sel4Debug;
}

export function bootStandin(opts: BootOptions): Result<Booted, string> {
  const parsed = parseElf(opts.elf);
  if (!parsed.ok) return parsed;
  const image = parsed.value;
  if (image.type !== 'exec') return err('relocatable object (ET_REL), not an executable: link it first');
  const kernel = new StandinKernel(personalityFor(opts.personality, opts.output), disassembleForReport);
  const one = new Uint8Array(1);
  const machine = new Machine({ ramBytes: opts.ramBytes, kernel, onUartByte: (b) => { one[0] = b; opts.output(1, one.slice()); } });
  kernel.attach(machineHost(machine));
  const loadImage = { entry: image.entry, segments: image.segments, phdr: programHeaders(opts.elf, image.segments) };
  const p = kernel.load(loadImage, { argv: opts.argv, envp: opts.envp });
  if (!p.ok) return err(`cannot load the program: ${p.error}`);
  return ok({ machine, kernel, image, process: p.value });
}

// `caplab run`: runs one program headless on the emulated machine under the
// stand-in kernel. `--linux` picks the Linux shim (static Linux ELF); without
// it the seL4 stand-in runs the program (a .s file is assembled and linked
// first). Output streams as the program runs; the exit status is the
// program's, or 128 + signal when the kernel stopped it. CLI layer.
import type { Machine } from '../emulator/machine.ts';
import { bootStandin, type Booted, type PersonalityName } from '../kernel/standin/boot.ts';
import { formatDiagnostic } from '../shared/diagnostic.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { buildProgram } from '../toolchain/build.ts';
import type { ParsedArgs } from './args.ts';
import { EXIT, type CliIo, type Command } from './command.ts';
import { RunLoop, type LoopResult } from './runLoop.ts';

/** The CLI's slices are longer than the page's (10 ms): nothing waits on them but
 *  Ctrl-C, and each slice boundary costs the JIT a partial block. */
export const CLI_SLICE_MS = 50;

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const ASM_EXTENSIONS = /\.(s|S|asm)$/;

function isElf(bytes: Uint8Array): boolean {
  return ELF_MAGIC.every((b, i) => bytes[i] === b);
}

function readProgram(path: string, io: CliIo): Result<Uint8Array, string> {
  try {
    return ok(io.readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return err(`${path}: no such file`);
    if (code === 'EISDIR') return err(`${path}: is a directory`);
    return err(`${path}: cannot read (${(e as Error).message})`);
  }
}

/** The executable to run: the file itself if it is ELF, else assembled and linked. */
function executable(path: string, bytes: Uint8Array, io: CliIo): Result<Uint8Array, string> {
  if (isElf(bytes)) return ok(bytes);
  if (!ASM_EXTENSIONS.test(path)) return err(`${path}: not an ELF file (no \\x7fELF magic) and not assembly source (.s)`);
  const built = buildProgram([{ name: path, text: new TextDecoder().decode(bytes) }]);
  for (const d of built.diagnostics) io.stderr(formatDiagnostic(d) + '\n');
  if (!built.ok || !built.elf) return err(`${path}: build failed`);
  return ok(built.elf);
}

function boot(path: string, args: ParsedArgs, io: CliIo): Result<Booted, string> {
  const bytes = readProgram(path, io);
  if (!bytes.ok) return bytes;
  const exe = executable(path, bytes.value, io);
  if (!exe.ok) return exe;
  const personality: PersonalityName = args.flags.has('linux') ? 'linux' : 'sel4';
  const booted = bootStandin({
    elf: exe.value, personality, argv: [path, ...args.positional.slice(1)], envp: [],
    output: (fd, b) => (fd === 1 ? io.stdout(b) : io.stderr(b)),
  });
  return booted.ok ? booted : err(`${path}: ${booted.error}`);
}

function statsLine(r: LoopResult): string {
  const mips = r.seconds > 0 ? r.instructions / r.seconds / 1e6 : 0;
  return JSON.stringify({ instructions: r.instructions, seconds: Number(r.seconds.toFixed(3)), mips: Number(mips.toFixed(1)) });
}

function finish(r: LoopResult, b: Booted, io: CliIo): number {
  const m: Machine = b.machine;
  const at = `pc 0x${m.cpu.pc.toString(16)} after ${r.instructions} instructions`;
  switch (r.stop.kind) {
    case 'halted': {
      const o = b.kernel.outcome;
      if (o.kind === 'killed') io.stderr(`caplab: program stopped: ${o.report}\n`);
      else if (o.kind === 'running') io.stderr(`caplab: machine halted: ${r.stop.message ?? 'no reason given'}\n`);
      return o.kind === 'running' ? 1 : b.kernel.exitCode();
    }
    case 'limit':
      io.stderr(`caplab: instruction limit reached (${at})\n`);
      return EXIT.limit;
    case 'paused':
      io.stderr(`caplab: interrupted (${at})\n`);
      return EXIT.interrupted;
    case 'idle':
      io.stderr(`caplab: the program is waiting for an interrupt that can never come (${at})\n`);
      return 1;
    case 'breakpoint':
    case 'budget':
      io.stderr(`caplab: run loop stopped unexpectedly (${r.stop.kind}, ${at})\n`);
      return 1;
  }
}

async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const path = args.positional[0];
  if (!path) {
    io.stderr('caplab run: missing FILE (see caplab help run)\n');
    return EXIT.cannotStart;
  }
  const booted = boot(path, args, io);
  if (!booted.ok) {
    io.stderr(`caplab: ${booted.error}\n`);
    return EXIT.cannotStart;
  }
  const loop = new RunLoop(booted.value.machine, { maxInstructions: Number(args.values.get('max-instructions') ?? 0), sliceMs: CLI_SLICE_MS });
  const unhook = io.onInterrupt(() => loop.requestPause());
  const result = await loop.run();
  unhook();
  const status = finish(result, booted.value, io);
  if (args.flags.has('stats')) io.stderr(statsLine(result) + '\n');
  return status;
}

export const runCmd: Command = {
  name: 'run',
  summary: 'run a program headless (static Linux ELF with --linux; seL4 stand-in otherwise)',
  usage: 'run [--linux] [--stats] [--max-instructions N] FILE [-- ARGS...]',
  help: [
    'FILE is a static AArch64 ELF executable, or (without --linux too) GNU as source (.s),',
    'which is assembled and linked first.',
    '',
    'With --linux the stand-in kernel speaks the Linux syscall ABI: write(2) to fd 1/2,',
    'exit and exit_group; any other syscall stops the run and names it. Without --linux',
    'it is the seL4 stand-in: seL4_DebugPutChar (svc #0, x7 = -9, x0 = char) prints.',
    '',
    'Exit status: the program\'s own; 128 + signal when the kernel stopped it (139 data/',
    'instruction abort, 132 undefined instruction, 135 alignment, 133 brk, 159 unsupported',
    'syscall); 124 when --max-instructions was reached; 130 on Ctrl-C; 2 when the file',
    'cannot be run (missing, not ELF, wrong machine, dynamic, assembly errors).',
  ].join('\n'),
  options: [
    { name: 'linux', help: 'use the Linux syscall shim (write, exit, exit_group)' },
    { name: 'stats', help: 'print {"instructions","seconds","mips"} as JSON on stderr at the end' },
    { name: 'max-instructions', value: 'number', help: 'stop after N instructions (exit status 124)' },
  ],
  run: runCommand,
};

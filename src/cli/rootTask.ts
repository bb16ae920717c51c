// `caplab run --root-task FILE`: boots the CapLab seL4 kernel with FILE as the
// root task (an ELF built with --target sel4, or C source compiled for it first)
// and runs it headless: serial output to stdout, exit status = the root task's
// seL4_DebugHalt status, or 1 with the kernel's report when it stopped the run.
// CLI layer. Wraps the `run` command so other `run` modes are unchanged.
import { bootRootTask } from '../kernel/boot.ts';
import { formatDiagnostic } from '../shared/diagnostic.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { buildC } from '../toolchain/ccdriver.ts';
import type { ParsedArgs } from './args.ts';
import { EXIT, type CliIo, type Command } from './command.ts';
import { RunLoop } from './runLoop.ts';
import { CLI_SLICE_MS } from './run.ts';

function rootTaskElf(path: string, io: CliIo): Result<Uint8Array, string> {
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(path);
  } catch (e) {
    return err(`${path}: cannot read (${(e as Error).message})`);
  }
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return ok(bytes);
  if (!/\.c$/.test(path)) return err(`${path}: not an ELF file and not C source (.c)`);
  const built = buildC([{ name: path, text: new TextDecoder().decode(bytes) }], { target: 'sel4' });
  for (const d of built.diagnostics) io.stderr(formatDiagnostic(d) + '\n');
  return built.ok && built.elf ? ok(built.elf) : err(`${path}: build failed`);
}

export async function runRootTask(args: ParsedArgs, io: CliIo): Promise<number> {
  const path = args.positional[0];
  if (!path) { io.stderr('caplab run --root-task: missing FILE\n'); return EXIT.cannotStart; }
  const elf = rootTaskElf(path, io);
  if (!elf.ok) { io.stderr(`caplab: ${elf.error}\n`); return EXIT.cannotStart; }
  const one = new Uint8Array(1);
  const booted = bootRootTask({ elf: elf.value, output: (b) => { one[0] = b; io.stdout(one.slice()); } });
  if (!booted.ok) { io.stderr(`caplab: ${path}: ${booted.error}\n`); return EXIT.cannotStart; }
  const { machine, kernel } = booted.value;
  const loop = new RunLoop(machine, { maxInstructions: Number(args.values.get('max-instructions') ?? 0), sliceMs: CLI_SLICE_MS });
  const unhook = io.onInterrupt(() => loop.requestPause());
  const r = await loop.run();
  unhook();
  if (r.stop.kind === 'limit') { io.stderr('caplab: instruction limit reached\n'); return EXIT.limit; }
  if (r.stop.kind === 'paused') { io.stderr('caplab: interrupted\n'); return EXIT.interrupted; }
  const o = kernel.outcome;
  if (o.kind === 'stopped') io.stderr(`caplab: kernel stopped the run: ${o.report}\n`);
  if (o.kind === 'running') { io.stderr(`caplab: machine stopped (${r.stop.kind})\n`); return 1; }
  return kernel.exitStatus();
}

/** The `run` command with `--root-task` added; without the flag it is `base` unchanged. */
export function withRootTask(base: Command): Command {
  return {
    ...base,
    usage: `${base.usage}\n       run --root-task [--max-instructions N] FILE`,
    help: `${base.help}\n\nWith --root-task FILE (an ELF built with cc --target sel4, or a .c file compiled\nfor it) runs on the CapLab seL4 kernel as the root task: BootInfo in x0, its CSpace,\nVSpace and untyped memory as seL4 gives them. Serial output goes to stdout; the exit\nstatus is the root task's (seL4_DebugHalt), or 1 when the kernel stopped the run.`,
    options: [...base.options, { name: 'root-task', help: 'run FILE as the root task on the seL4 kernel model' }],
    run: (args, io) => (args.flags.has('root-task') ? runRootTask(args, io) : base.run(args, io)),
  };
}

// `caplab run --compat MODE FILE` runs a static Linux AArch64 program under the
// Linux-compatibility component on the seL4 kernel model (console to stdout);
// `caplab run --compare FILE` runs it in all four modes and prints the cost table.
// `--fs DIR` gives the program DIR's files as its in-memory file system.
// CLI layer. docs/linux-compat.md, docs/cli.md.
import { basename, join } from 'node:path';
import type { ParsedArgs } from './args.ts';
import { EXIT, type CliIo, type Command } from './command.ts';
import { MODES, type CompatMode } from '../kernel/compat/layout.ts';
import { runCompat } from '../kernel/compat/run.ts';
import { compareModes, formatComparison } from '../kernel/compat/compare.ts';
import type { CompatFile } from '../kernel/compat/loader.ts';

function readFs(dir: string | undefined, io: CliIo): CompatFile[] {
  if (!dir) return [];
  return io.listDir(dir).filter((e) => !e.isDir).map((e) => ({ name: e.name, data: io.readFile(join(dir, e.name)) }));
}

const bigintJson = (_k: string, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v);

async function runCompatCli(args: ParsedArgs, io: CliIo): Promise<number> {
  const path = args.positional[0];
  if (!path) { io.stderr('caplab run: missing FILE (see caplab help run)\n'); return EXIT.cannotStart; }
  const modeArg = args.values.get('compat');
  const compare = args.flags.has('compare');
  if (!compare && !MODES.includes(modeArg as CompatMode)) {
    io.stderr(`caplab run: --compat takes one of ${MODES.join(', ')} (got "${String(modeArg)}")\n`);
    return EXIT.cannotStart;
  }
  let program: Uint8Array, files: CompatFile[];
  try {
    program = io.readFile(path);
    files = readFs(args.values.get('fs') as string | undefined, io);
  } catch (e) {
    io.stderr(`caplab: ${(e as Error).message}\n`);
    return EXIT.cannotStart;
  }
  const name = basename(path);
  const common = { program, name, argv: [path, ...args.positional.slice(1)], files, maxInstructions: Number(args.values.get('max-instructions') ?? 0) || undefined };
  if (compare) {
    io.stdout(formatComparison(compareModes(common)));
    return 0;
  }
  const r = runCompat({ ...common, mode: modeArg as CompatMode, output: (b) => io.stdout(Uint8Array.of(b)) });
  if (!r.ok) { io.stderr(`caplab: ${path}: ${r.error}\n`); return EXIT.cannotStart; }
  const run = r.value;
  if (args.flags.has('stats')) io.stderr(JSON.stringify(run.stats, bigintJson) + '\n');
  if (run.report) io.stderr(`caplab: ${run.report}\n`);
  if (run.stop === 'limit') return EXIT.limit;
  return run.status ?? 1;
}

/** The `run` command with `--compat MODE` / `--compare` added. */
export function withCompat(base: Command): Command {
  return {
    ...base,
    usage: `${base.usage}\n       run --compat fault|window|patch|vcpu [--fs DIR] [--stats] FILE [-- ARGS...]\n       run --compare [--fs DIR] FILE [-- ARGS...]`,
    help: `${base.help}\n\nWith --compat MODE runs a static Linux AArch64 program under the Linux-compatibility\ncomponent on the seL4 kernel model: fault (every call traps to the fault handler),\nwindow (the same with the syscall origin window on), patch (trap-and-patch: each svc\nbecomes a branch to an in-process gate after its first call), vcpu (the vCPU model).\nThe console (stdout and stderr) goes to stdout; --stats prints the run's costs as\nJSON on stderr. --compare runs all four and prints the cost per Linux call.\nSee docs/linux-compat.md.`,
    options: [...base.options,
      { name: 'compat', value: 'string', help: 'run FILE (a static Linux ELF) under the Linux-compatibility component in this mode' },
      { name: 'compare', help: 'run FILE in all four modes and print the cost per Linux call' },
      { name: 'fs', value: 'string', help: 'with --compat/--compare: the files of DIR form the in-memory file system' }],
    run: (args, io) => (args.values.has('compat') || args.flags.has('compare') ? runCompatCli(args, io) : base.run(args, io)),
  };
}

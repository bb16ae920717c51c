// `caplab cc`: the lab's C compiler, assembler and linker as one gcc-like command.
// CLI layer: a thin registration of src/toolchain/ccdriver.ts, which does the work
// (the same driver the page's worker uses).
import type { Command } from './command.ts';
import { CC_HELP, CC_USAGE, runCc } from '../toolchain/ccdriver.ts';

export const ccCmd: Command = {
  name: 'cc',
  summary: 'compile C and assembly into a static AArch64 ELF (gcc-style options)',
  usage: CC_USAGE,
  help: CC_HELP,
  options: [],
  rawArgs: true,
  run: (args, io) => runCc(args.positional, {
    stdout: (t) => io.stdout(t),
    stderr: (t) => io.stderr(t),
    readFile: (p) => io.readFile(p),
    writeFile: (p, b) => io.writeFile(p, b),
  }),
};

// `caplab` entry point: dispatches argv to a registered command, prints help,
// and maps everything to an exit status. CLI layer, Node only. `main` takes its
// I/O as a parameter so tests run the real command path in-process.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { formatOptions, parseArgs, type ParsedArgs } from './args.ts';
import { EXIT, type CliIo, type Command } from './command.ts';
import { COMMANDS, findCommand } from './commands.ts';

export function nodeIo(): CliIo {
  return {
    stdout: (b) => { process.stdout.write(b); },
    stderr: (b) => { process.stderr.write(b); },
    readFile: (p) => readFileSync(p),
    writeFile: (p, b) => { writeFileSync(p, b); },
    listDir: (p) => readdirSync(p, { withFileTypes: true }).map((d) => ({ name: d.name, isDir: d.isDirectory() })),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => { process.off('SIGINT', handler); };
    },
  };
}

export function overview(): string {
  const w = Math.max(4, ...COMMANDS.map((c) => c.name.length));
  return [
    'caplab: the CapLab AArch64 machine on the command line',
    '',
    'usage: caplab COMMAND [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    `  ${'help'.padEnd(w)}  show help for a command (caplab help COMMAND)`,
    '',
    'docs/cli.md has the details.',
  ].join('\n') + '\n';
}

export function commandHelp(c: Command): string {
  return [`usage: caplab ${c.usage}`, '', c.summary, '', 'options:', formatOptions(c.options), '', c.help].join('\n') + '\n';
}

function rawArgs(argv: readonly string[]): { ok: true; value: ParsedArgs } {
  return { ok: true, value: { flags: new Set(), values: new Map(), positional: [...argv] } };
}

export async function main(argv: readonly string[], io: CliIo = nodeIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.stdout(overview());
    return name ? 0 : EXIT.cannotStart;
  }
  if (name === 'help' || rest.includes('--help') || rest.includes('-h')) {
    const c = findCommand(name === 'help' ? rest[0] : name);
    if (!c) { io.stderr(`caplab: unknown command '${name === 'help' ? rest[0] : name}'\n`); return EXIT.cannotStart; }
    io.stdout(commandHelp(c));
    return 0;
  }
  const cmd = findCommand(name);
  if (!cmd) {
    io.stderr(`caplab: unknown command '${name}' (try caplab --help)\n`);
    return EXIT.cannotStart;
  }
  const args = cmd.rawArgs ? rawArgs(rest) : parseArgs(rest, cmd.options);
  if (!args.ok) {
    io.stderr(`caplab ${cmd.name}: ${args.error} (see caplab help ${cmd.name})\n`);
    return EXIT.cannotStart;
  }
  return cmd.run(args.value, io);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}

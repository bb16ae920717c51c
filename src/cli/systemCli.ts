// `caplab run --system FILE.system`: builds every protection domain of a Microkit
// system description from the .c/.s/.h files in the description's folder
// (program_image "client.elf" from client.c), boots it on the seL4 kernel model
// with the monitor and runs it headless: serial output to stdout. Exit status 0
// when the system ends idle (every thread waits) with no PD faulted, 1 when a PD
// faulted or the kernel stopped otherwise, a PD's exit() status as it is.
// CLI layer. Wraps the `run` command as rootTask.ts does. docs/microkit.md.
import { bootSystem } from '../kernel/system/loader.ts';
import { buildImages, monitorImage, type SourceFile } from '../kernel/system/programs.ts';
import { describeSdfError, parseSystem } from '../kernel/system/sdf.ts';
import { formatDiagnostic } from '../shared/diagnostic.ts';
import type { ParsedArgs } from './args.ts';
import { EXIT, type CliIo, type Command } from './command.ts';
import { CLI_SLICE_MS } from './run.ts';
import { RunLoop } from './runLoop.ts';

const SOURCE = /\.(c|s|S|h)$/;

function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i) || '/';
}

function readSources(dir: string, io: CliIo): SourceFile[] {
  const names = io.listDir(dir).filter((e) => !e.isDir && SOURCE.test(e.name)).map((e) => e.name).sort();
  return names.map((name) => ({ name, text: new TextDecoder().decode(io.readFile(`${dir}/${name}`)) }));
}

export async function runSystem(args: ParsedArgs, io: CliIo): Promise<number> {
  const path = args.positional[0];
  if (!path) { io.stderr('caplab run --system: missing FILE.system\n'); return EXIT.cannotStart; }
  let text: string;
  try {
    text = new TextDecoder().decode(io.readFile(path));
  } catch (e) {
    io.stderr(`caplab: ${path}: cannot read (${(e as Error).message})\n`);
    return EXIT.cannotStart;
  }
  const desc = parseSystem(text);
  if (!desc.ok) { io.stderr(`caplab: ${path}: ${describeSdfError(desc.error)}\n`); return EXIT.cannotStart; }
  const images = buildImages(desc.value, readSources(folderOf(path), io));
  for (const d of images.diagnostics) if (d.severity !== 'note') io.stderr(formatDiagnostic(d) + '\n');
  if (!images.ok) { io.stderr(`caplab: ${images.problem}\n`); return EXIT.cannotStart; }
  const one = new Uint8Array(1);
  const booted = bootSystem({ system: desc.value, images: images.images, monitor: monitorImage(), output: (b) => { one[0] = b; io.stdout(one.slice()); } });
  if (!booted.ok) { io.stderr(`caplab: ${path}: ${booted.error}\n`); return EXIT.cannotStart; }
  const { machine, kernel, pds } = booted.value;
  const loop = new RunLoop(machine, { maxInstructions: Number(args.values.get('max-instructions') ?? 0), sliceMs: CLI_SLICE_MS });
  const unhook = io.onInterrupt(() => loop.requestPause());
  const r = await loop.run();
  unhook();
  if (r.stop.kind === 'limit') { io.stderr('caplab: instruction limit reached\n'); return EXIT.limit; }
  if (r.stop.kind === 'paused') { io.stderr('caplab: interrupted\n'); return EXIT.interrupted; }
  const o = kernel.outcome;
  if (o.kind === 'exited') return o.status;
  const faulted = pds.filter((p) => p.tcb.fault !== null || p.tcb.stoppedBy);
  if (faulted.length) { io.stderr(`caplab: protection domain${faulted.length > 1 ? 's' : ''} faulted: ${faulted.map((p) => p.name).join(', ')}\n`); return 1; }
  if (o.kind === 'stopped' && o.report === 'no runnable thread left: every thread is inactive or blocked') return 0;
  if (r.stop.kind === 'idle') return 0; // every PD waits, a driver for input that may still come
  io.stderr(`caplab: ${o.kind === 'stopped' ? `kernel stopped the run: ${o.report}` : `machine stopped (${r.stop.kind})`}\n`);
  return 1;
}

/** The `run` command with `--system` added; without the flag it is `base` unchanged. */
export function withSystem(base: Command): Command {
  return {
    ...base,
    usage: `${base.usage}\n       run --system [--max-instructions N] FILE.system`,
    help: `${base.help}\n\nWith --system FILE.system (a Microkit system description) builds each protection\ndomain from the .c/.s/.h files next to FILE (program_image "client.elf" from client.c,\nlinked with libmicrokit), boots the system on the CapLab seL4 kernel model and runs it.\nSerial output goes to stdout. Exit status 0 when every protection domain ends waiting\nfor events and none faulted, 1 when one faulted (the monitor prints MON|ERROR) or the\nkernel stopped the run, a PD's exit() status when one calls exit. See docs/microkit.md.`,
    options: [...base.options, { name: 'system', help: 'run FILE as a Microkit system description (protection domains from the .c files beside it)' }],
    run: (args, io) => (args.flags.has('system') ? runSystem(args, io) : base.run(args, io)),
  };
}

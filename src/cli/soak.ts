// `caplab soak [--ops N] [--seed S]`: the kernel property test at length. Runs N
// random syscalls and invocations (src/kernel/testing/) against the CapLab seL4
// kernel with its invariant checker after every kernel entry, prints progress
// to stderr and a summary to stdout, and exits 1 with the shrunk failing op
// sequence if anything breaks. CLI layer. The driver (and fast-check, a dev
// dependency) is loaded only when the command runs.
import type { ParsedArgs } from './args.ts';
import type { CliIo, Command } from './command.ts';

export const DEFAULT_SOAK_OPS = 1_000_000;

async function runSoakCmd(args: ParsedArgs, io: CliIo): Promise<number> {
  const { runSoak, formatFailure, formatSummary, DEFAULT_RUN_LENGTH } = await import('../kernel/testing/soakRun.ts');
  const ops = Number(args.values.get('ops') ?? DEFAULT_SOAK_OPS);
  const seed = Number(args.values.get('seed') ?? Date.now() % 2_147_483_647);
  const runLength = Number(args.values.get('run-length') ?? DEFAULT_RUN_LENGTH);
  if (ops < 1 || runLength < 1) {
    io.stderr('caplab soak: --ops and --run-length must be at least 1\n');
    return 2;
  }
  io.stderr(`caplab soak: ${ops} ops, seed ${seed}, ${runLength} ops per run\n`);
  const start = performance.now();
  const step = Math.max(runLength, Math.ceil(ops / 20));
  let next = step;
  const differential = args.flags.has('differential');
  const result = runSoak({
    ops, seed, runLength, differential,
    onProgress: (s) => {
      if (s.ops < next) return;
      next += step;
      const secs = (performance.now() - start) / 1000;
      io.stderr(`  ${s.ops} ops, ${secs.toFixed(1)} s, ${Math.round(s.ops / secs)} ops/s\n`);
    },
  });
  const seconds = (performance.now() - start) / 1000;
  io.stdout(`${formatSummary(result, seconds)}\n`);
  if (!result.failure) {
    io.stdout(`no invariant broke, no exception escaped the kernel, every reference check held (seed ${seed})\n`);
    return 0;
  }
  const again = `${runLength !== DEFAULT_RUN_LENGTH ? ` --run-length ${runLength}` : ''}${differential ? ' --differential' : ''}`;
  io.stderr(`${formatFailure(result.failure)}\n(rerun: caplab soak --ops ${ops} --seed ${seed}${again})\n`);
  return 1;
}

export const soakCmd: Command = {
  name: 'soak',
  summary: 'run N random syscalls against the seL4 kernel model, checking its invariants after every entry',
  usage: 'soak [--ops N] [--seed S] [--run-length N] [--differential]',
  help: [
    'Boots the CapLab seL4 kernel with a tiny root task again and again and drives it with random',
    'system calls and invocations (every method of the ABI table with good and bad arguments, IPC,',
    'faults, CPU runs) from several threads, as the property test in tests/kernel/property does.',
    'Progress goes to stderr; the summary (ops, ops/s, op kinds, errors by seL4 error code, faults',
    'by kind) to stdout. Exit status 1 with the shrunk failing op sequence when an invariant breaks,',
    'a JS exception escapes the kernel or a reference check fails; the same --ops and --seed repeat it.',
  ].join('\n'),
  options: [
    { name: 'ops', value: 'number', help: `operations to run (default ${DEFAULT_SOAK_OPS.toLocaleString('en')})` },
    { name: 'seed', value: 'number', help: 'fast-check seed (default: from the clock, printed)' },
    { name: 'run-length', value: 'number', help: 'operations per run, each on a freshly booted kernel (default 300)' },
    { name: 'differential', help: 'run every op on a kernel with the IPC fastpath and one without, in lockstep, and require the same state' },
  ],
  run: runSoakCmd,
};

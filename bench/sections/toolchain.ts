// Figure group "toolchain": how fast the in-browser C toolchain builds a program.
// Compiles, assembles and builds (compile + assemble + link with libc) the
// generated ~3,000-line C program of ccdriver.benchProgram, each best of 5 as
// process CPU time (the machine is shared); also assembles ~5,000 lines that are all
// different (random words of every table form, as tests/isa does), where the
// assembler cannot reuse encodings. Run alone: `npm run bench -- toolchain`.
import { assemble } from '../../src/toolchain/asm/assemble.ts';
import { benchProgram, buildC, compileCToAsm } from '../../src/toolchain/ccdriver.ts';
import { formatDiagnostic } from '../../src/shared/diagnostic.ts';
import { asmText, tableSamples } from '../../tests/isa/gen.ts';
import { prng } from '../../tests/isa/oracle.ts';

const RUNS = 5;
const WARMUP = 2;

/** Best-of-RUNS process CPU time of `fn` in ms, after WARMUP untimed calls. */
function bestCpuMs(fn: () => void): number {
  for (let i = 0; i < WARMUP; i++) fn();
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** One line per random sample of every form and alias: no two lines alike. */
function uniqueAsm(): string {
  const samples = tableSamples(prng(20261121), 24, 12);
  const lines = samples.map((s, i) => (s.formId === 'ADRP' ? 'nop' : asmText(s.word, BigInt(i * 4))));
  return lines.map((l) => `\t${l}\n`).join('');
}

export async function toolchainFigures(): Promise<Record<string, number>> {
  const text = benchProgram(3000);
  const file = { name: 'bench.c', text };
  const c = compileCToAsm(file);
  if (!c.asm) throw new Error(c.diagnostics.map(formatDiagnostic).join('\n'));
  const asm = c.asm;
  const asmLines = asm.split('\n').length;
  const compileMs = bestCpuMs(() => { compileCToAsm(file); });
  const assembleMs = bestCpuMs(() => {
    const a = assemble('bench.s', asm);
    if (a.diagnostics.some((d) => d.severity === 'error')) throw new Error('bench program does not assemble');
  });
  const buildMs = bestCpuMs(() => {
    const b = buildC([file]);
    if (!b.ok) throw new Error(b.diagnostics.map(formatDiagnostic).join('\n'));
  });
  const unique = uniqueAsm();
  const uniqueLines = unique.split('\n').length - 1;
  const uniqueMs = bestCpuMs(() => {
    const a = assemble('unique.s', unique);
    if (a.diagnostics.some((d) => d.severity === 'error')) throw new Error('unique lines do not assemble');
  });
  return {
    cLines: text.split('\n').length,
    asmLines,
    compileMs: round1(compileMs),
    assembleMs: round1(assembleMs),
    buildLinkMs: round1(buildMs),
    asmLinesPerSecond: Math.round(asmLines / (assembleMs / 1000)),
    uniqueAsmLines: uniqueLines,
    uniqueAsmLinesPerSecond: Math.round(uniqueLines / (uniqueMs / 1000)),
  };
}

// Builds whole differential test programs: a batch of independent cases, each
// resetting the data buffer, loading random registers and NZCV, running random
// straight-line code with forward branches, loops and calls, then dumping
// x0-x30, NZCV and the buffer in hex through the Linux write syscall.
// Test helper; the output is GNU as source for aarch64-linux-gnu-as.
import { Prng } from './prng.ts';
import { ALU, FLAG_SETTERS, MEMORY, flagReader, type GenContext } from './insns.ts';
import { CONDS_ALL, RESERVED, interestingValue, loadConstant, name, reg, resetDestinations } from './operands.ts';

export const BUF_BYTES = 1024;
/** Lines each case prints: marker, 31 registers, NZCV, then the buffer as dwords. */
export const LINES_PER_CASE = 1 + 32 + BUF_BYTES / 8;

export type Profile = 'flags' | 'memory' | 'mixed' | 'branches';

export interface ProgramSpec {
  seed: number;
  cases: number;
  /** Body items per case. */
  items: number;
  profile: Profile;
}

export interface GeneratedProgram {
  source: string;
  /** Source text of each case's body, to show on a mismatch. */
  caseBodies: string[];
}

class Labels implements GenContext {
  private n = 0;
  constructor(private readonly prefix: string) {}
  label(): string {
    return `.L${this.prefix}_${this.n++}`;
  }
}

const WEIGHTS: Record<Profile, { flags: number; alu: number; mem: number; branch: number }> = {
  flags: { flags: 6, alu: 2, mem: 1, branch: 1 },
  memory: { flags: 1, alu: 2, mem: 6, branch: 1 },
  mixed: { flags: 3, alu: 3, mem: 3, branch: 2 },
  branches: { flags: 3, alu: 2, mem: 2, branch: 4 },
};

function flagItem(r: Prng, ctx: GenContext): string[] {
  const lines = r.pick(FLAG_SETTERS)(r, ctx);
  if (r.chance(0.85)) lines.push(...flagReader(r, ctx));
  return lines;
}

function simpleItem(r: Prng, ctx: GenContext, p: Profile): string[] {
  const w = WEIGHTS[p];
  const k = r.int(1, w.flags + w.alu + w.mem);
  if (k <= w.flags) return flagItem(r, ctx);
  if (k <= w.flags + w.alu) return r.pick(ALU)(r, ctx);
  return r.pick(MEMORY)(r, ctx);
}

function forwardBranch(r: Prng, ctx: GenContext, p: Profile): string[] {
  const target = ctx.label();
  const test = reg(r, r.chance(0.5) ? 64 : 32);
  const head = r.pick([
    () => [...flagItem(r, ctx), `b.${r.pick(CONDS_ALL)} ${target}`],
    () => [`${r.pick(['cbz', 'cbnz'])} ${test}, ${target}`],
    () => [`${r.pick(['tbz', 'tbnz'])} ${test}, #${r.int(0, test.startsWith('x') ? 63 : 31)}, ${target}`],
  ])();
  const skipped = Array.from({ length: r.int(1, 3) }, () => simpleItem(r, ctx, p)).flat();
  return [...head, ...skipped, `${target}:`];
}

function loop(r: Prng, ctx: GenContext, p: Profile): string[] {
  const top = ctx.label();
  const counter = name(RESERVED.loop, 64);
  const body = Array.from({ length: r.int(2, 5) }, () => simpleItem(r, ctx, p)).flat();
  const tail = r.chance(0.5)
    ? [`subs ${counter}, ${counter}, #1`, `b.ne ${top}`]
    : [`sub ${counter}, ${counter}, #1`, `cbnz ${counter}, ${top}`];
  return [`mov ${counter}, #${r.int(1, 9)}`, `${top}:`, ...body, ...tail];
}

/** A call to a small leaf routine (bl/ret) or an indirect jump (adr + br/blr). */
function call(r: Prng, ctx: GenContext, p: Profile): string[] {
  const fn = ctx.label();
  const after = ctx.label();
  let body: string[];
  do body = Array.from({ length: r.int(1, 3) }, () => simpleItem(r, ctx, p)).flat();
  while (body.some((l) => /\b[xw]30\b/.test(l)));
  const scratch = name(RESERVED.index, 64);
  const entry = r.pick([
    [`bl ${fn}`],
    [`adr ${scratch}, ${fn}`, `blr ${scratch}`],
  ]);
  return [...entry, `b ${after}`, `${fn}:`, ...body, 'ret', `${after}:`];
}

function branchItem(r: Prng, ctx: GenContext, p: Profile): string[] {
  const k = r.int(0, 9);
  if (k < 5) return forwardBranch(r, ctx, p);
  if (k < 8) return loop(r, ctx, p);
  return call(r, ctx, p);
}

function caseBody(r: Prng, spec: ProgramSpec, ctx: GenContext): string[] {
  const w = WEIGHTS[spec.profile];
  const out: string[] = [];
  for (let i = 0; i < spec.items; i++) {
    const isBranch = r.int(1, w.flags + w.alu + w.mem + w.branch) > w.flags + w.alu + w.mem;
    out.push(...(isBranch ? branchItem(r, ctx, spec.profile) : simpleItem(r, ctx, spec.profile)));
  }
  return out;
}

function caseSetup(r: Prng): string[] {
  const lines = ['bl reset_buf', ...loadConstant(0, BigInt(r.int(0, 15)) << 28n), 'msr nzcv, x0'];
  for (let n = 0; n <= 30; n++) {
    if (n === RESERVED.buf) continue;
    lines.push(...loadConstant(n, interestingValue(r)));
  }
  lines.push('adrp x28, buf', 'add x28, x28, :lo12:buf', `add x28, x28, #${BUF_BYTES / 2}`);
  return lines;
}

function caseSave(index: number): string[] {
  const lines: string[] = [];
  for (let n = 0; n < 30; n += 2) lines.push(`stp x${n}, x${n + 1}, [sp, #${n * 8}]`);
  lines.push('str x30, [sp, #240]', 'mrs x0, nzcv', 'str x0, [sp, #248]', `mov x0, #${index}`, 'bl dump_case');
  return lines;
}

function templateData(r: Prng): string[] {
  const lines: string[] = [];
  for (let i = 0; i < BUF_BYTES / 8; i++) lines.push(`.quad 0x${r.u64().toString(16)}`);
  return lines;
}

/** The fixed harness: buffer reset, hex dump of one case, exit. */
const RUNTIME = `
reset_buf:
  adrp x0, template
  add x0, x0, :lo12:template
  adrp x1, buf
  add x1, x1, :lo12:buf
  mov x2, #${BUF_BYTES / 8}
1: ldr x3, [x0], #8
  str x3, [x1], #8
  subs x2, x2, #1
  b.ne 1b
  ret

// x0 = case index; registers saved at [sp]. Prints marker, 32 words, buffer.
dump_case:
  mov x10, x30
  adrp x3, out
  add x3, x3, :lo12:out
  str x0, [sp, #256]
  add x1, sp, #256
  mov x2, #1
  bl hexwords
  mov x1, sp
  mov x2, #32
  bl hexwords
  adrp x1, buf
  add x1, x1, :lo12:buf
  mov x2, #${BUF_BYTES / 8}
  bl hexwords
  adrp x1, out
  add x1, x1, :lo12:out
  sub x2, x3, x1
  mov x0, #1
  mov x8, #64
  svc #0
  mov x30, x10
  ret

// x1 = source, x2 = word count, x3 = output cursor (advanced).
hexwords:
1: ldr x4, [x1], #8
  mov x5, #60
2: lsr x6, x4, x5
  and x6, x6, #15
  add x7, x6, #48
  add x9, x6, #87
  cmp x6, #10
  csel x6, x7, x9, lo
  strb w6, [x3], #1
  subs x5, x5, #4
  b.ge 2b
  mov x6, #10
  strb w6, [x3], #1
  subs x2, x2, #1
  b.ne 1b
  ret
`;

export function generateProgram(spec: ProgramSpec): GeneratedProgram {
  const r = new Prng(spec.seed);
  resetDestinations();
  const text: string[] = ['.text', '.global _start', '_start:', 'adrp x0, save', 'add x0, x0, :lo12:save', 'mov sp, x0'];
  const caseBodies: string[] = [];
  for (let c = 0; c < spec.cases; c++) {
    const body = caseBody(r, spec, new Labels(`c${c}`));
    caseBodies.push(body.join('\n'));
    text.push(`// case ${c}`, ...caseSetup(r), ...body, ...caseSave(c));
  }
  text.push('mov x0, #0', 'mov x8, #93', 'svc #0', RUNTIME);
  const data = ['.data', '.balign 16', 'template:', ...templateData(r)];
  // The middle of the buffer (x28) sits on a page boundary, so unaligned and
  // pair accesses near it cross pages (the MMU's slow path).
  const bss = ['.bss', '.balign 4096', `.skip ${4096 - BUF_BYTES / 2}`, 'buf: .skip ' + BUF_BYTES, '.balign 16', 'save: .skip 272', 'out: .skip 4096'];
  const src = [...text, ...data, ...bss].map((l) => (l.endsWith(':') || l.startsWith('.') || l.startsWith('//') ? l : `  ${l}`));
  return { source: src.join('\n') + '\n', caseBodies };
}

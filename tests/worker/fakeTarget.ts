// A test double for LabTarget: a toy machine whose "instructions" are source lines
// (`out C` prints C, `jmp N` jumps to line N, `halt` exits, `error` fails the build,
// anything else does nothing). It lets the host's protocol logic (slices, pause,
// breakpoints, batching) be tested on its own; the real machine is tested in
// machineHost.test.ts.

import type { StopReason } from '../../src/emulator/types.ts';
import type { Diagnostic } from '../../src/shared/diagnostic.ts';
import type { LineEntry, RegisterSnapshot, SourceFile } from '../../src/shared/protocol.ts';
import type { LabTarget, TargetBuild, TargetInstruction } from '../../src/worker/target.ts';

export const BASE = 0x400000n;

interface Insn { op: string; arg: string; line: number }

export class FakeTarget implements LabTarget {
  loaded = false;
  private program: Insn[] = [];
  private pcIndex = 0;
  private count = 0;
  private x0 = 0n;
  private out: number[] = [];
  private bps = new Set<bigint>();
  private resumeFrom: bigint | null = null;
  /** Simulated cost of one instruction in busy-wait iterations (to make slices take time). */
  constructor(private readonly spin = 0) {}

  build(files: SourceFile[]): TargetBuild {
    const f = files[0];
    const insns: Insn[] = [];
    const lines: LineEntry[] = [];
    const errors = f.text.split('\n').flatMap((text, i) => {
      const [op, arg = ''] = text.trim().split(/\s+/);
      if (op === 'error') return [{ file: f.name, line: i + 1, column: 1, severity: 'error' as const, message: 'bad line' }];
      if (op) {
        lines.push({ file: f.name, line: i + 1, addr: BASE + BigInt(insns.length * 4) });
        insns.push({ op, arg, line: i + 1 });
      }
      return [];
    });
    if (errors.length > 0) return { ok: false, diagnostics: errors, lines: [], symbols: [], entry: null, elf: null };
    this.program = insns;
    this.reset();
    return { ok: true, diagnostics: [], lines, symbols: [{ name: '_start', addr: BASE }], entry: BASE, elf: new Uint8Array([0x7f, 0x45, 0x4c, 0x46]) };
  }

  /** `error` lines are the fake's compile errors. */
  check(files: SourceFile[]): Diagnostic[] {
    return files.flatMap((f) => f.text.split('\n').flatMap((text, i) => (text.trim() === 'error'
      ? [{ file: f.name, line: i + 1, column: 1, severity: 'error' as const, message: 'bad line' }]
      : [])));
  }

  apiHeaders(): Record<string, string> {
    return { 'fake.h': 'int fake_put(int c);\n' };
  }

  reset(): boolean {
    if (this.program.length === 0) return false;
    this.loaded = true;
    this.pcIndex = 0;
    this.count = 0;
    this.x0 = 0n;
    this.out = [];
    this.resumeFrom = null;
    return true;
  }

  run(budget: number): StopReason {
    for (let i = 0; i < budget; i++) {
      const pc = this.pc();
      if (this.bps.has(pc) && this.resumeFrom !== pc) {
        this.resumeFrom = pc;
        return { kind: 'breakpoint', pc };
      }
      this.resumeFrom = null;
      const stop = this.step();
      if (stop.kind !== 'budget') return stop;
    }
    return { kind: 'budget' };
  }

  step(): StopReason {
    const insn = this.program[this.pcIndex];
    if (!insn) return { kind: 'halted', exitCode: 1, message: 'ran off the end' };
    for (let s = 0; s < this.spin; s++) this.x0 ^= 0n;
    this.count++;
    this.x0++;
    this.pcIndex++;
    if (insn.op === 'out') this.out.push(insn.arg.charCodeAt(0));
    if (insn.op === 'jmp') this.pcIndex = Number(insn.arg) - 1;
    if (insn.op === 'halt') {
      this.pcIndex--;
      return { kind: 'halted', exitCode: 0 };
    }
    return { kind: 'budget' };
  }

  private pc(): bigint {
    return BASE + BigInt(this.pcIndex * 4);
  }

  registers(): RegisterSnapshot {
    const x = Array.from({ length: 31 }, (_, i) => (i === 0 ? this.x0 : BigInt(i)));
    return { x, sp: 0x7fff0000n, pc: this.pc(), nzcv: 0 };
  }

  instret(): number {
    return this.count;
  }

  setBreakpoints(addresses: readonly bigint[]): void {
    this.bps = new Set(addresses);
  }

  readMemory(address: bigint, length: number): Uint8Array | string {
    if (address < BASE) return `address 0x${address.toString(16)} is not mapped`;
    return new Uint8Array(length).fill(0xaa);
  }

  disassemble(address: bigint, before: number, after: number): TargetInstruction[] {
    const at = Number((address - BASE) / 4n);
    const out: TargetInstruction[] = [];
    for (let i = Math.max(0, at - before); i <= Math.min(this.program.length - 1, at + after); i++) {
      out.push({ addr: BASE + BigInt(i * 4), word: i, text: `${this.program[i].op} ${this.program[i].arg}`.trim() });
    }
    return out;
  }

  takeOutput(): Uint8Array | null {
    if (this.out.length === 0) return null;
    const bytes = Uint8Array.from(this.out);
    this.out = [];
    return bytes;
  }

  input(bytes: Uint8Array): void {
    for (const b of bytes) this.out.push(b);
  }
}

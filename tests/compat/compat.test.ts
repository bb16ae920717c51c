// The Linux-compatibility component without the oracles: its layout header and the
// loader agree, the embedded sources are fresh, bad programs get clear messages,
// lab-built Linux programs run the same in every mode, a patched site and its gate
// are real instructions in memory, and the x7 ambiguity shows with the lab's own compiler.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildC } from '../../src/toolchain/ccdriver.ts';
import { bootCompat, validateLinuxProgram, MAX_PROGRAM_BYTES } from '../../src/kernel/compat/loader.ts';
import { runCompat } from '../../src/kernel/compat/run.ts';
import { compareModes, formatComparison } from '../../src/kernel/compat/compare.ts';
import { BADGE, CHILD_SLOT, LAYOUT, LIMITS, MODES, SLOT } from '../../src/kernel/compat/layout.ts';
import { SERVICES_GENERATED, servicesText } from '../../src/services/embed.ts';
import { disassemble } from '../../src/toolchain/disasm/disasm.ts';

const HEADER = readFileSync(resolve(import.meta.dirname, '../../src/services/linux/lx_layout.h'), 'utf8');

function define(name: string): bigint {
  const m = new RegExp(`#define ${name}\\s+(0x[0-9a-fA-F]+|\\d+)UL?`).exec(HEADER) ?? new RegExp(`#define ${name}\\s+(0x[0-9a-fA-F]+|\\d+)`).exec(HEADER);
  if (!m) throw new Error(`lx_layout.h has no #define ${name}`);
  return BigInt(m[1]);
}

function labProgram(source: string): Uint8Array {
  const r = buildC([{ name: 'prog.c', text: source }], { target: 'linux' });
  if (!r.ok || !r.elf) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return r.elf;
}

const HELLO = `#include <stdio.h>
int main(int argc, char **argv) {
  for (int i = 0; i < argc; i++) printf("arg %d: %s\\n", i, argv[i]);
  fprintf(stderr, "to stderr\\n");
  return 7;
}
`;

describe('linux-compat layout', () => {
  it('lx_layout.h and layout.ts name the same addresses, slots, badges and limits', () => {
    const pairs: Array<[string, bigint | number]> = [
      ['LX_GATES_VA', LAYOUT.GATES_VA], ['LX_GATES_SIZE', LAYOUT.GATES_SIZE], ['LX_LIB_VA', LAYOUT.LIB_VA],
      ['LX_STATE_VA', LAYOUT.STATE_VA], ['LX_STATE_SIZE', LAYOUT.STATE_SIZE], ['LX_FILES_VA', LAYOUT.FILES_VA],
      ['LX_FILES_SIZE', LAYOUT.FILES_SIZE], ['LX_VCPU_VA', LAYOUT.VCPU_VA], ['LX_GUEST_STACK_TOP', LAYOUT.GUEST_STACK_TOP],
      ['LX_UART_VA', LAYOUT.UART_VA], ['LX_MMAP_VA', LAYOUT.MMAP_VA], ['LX_MMAP_SIZE', LAYOUT.MMAP_SIZE],
      ['LX_BRK_SIZE', LAYOUT.BRK_SIZE], ['LX_STACK_TOP', LAYOUT.STACK_TOP], ['LX_STACK_SIZE', LAYOUT.STACK_SIZE],
      ['LX_WINDOW', LAYOUT.WINDOW], ['LX_PATCH_VA', LAYOUT.PATCH_VA],
      ['LX_SLOT_EP', SLOT.EP], ['LX_SLOT_CHILD_TCB', SLOT.CHILD_TCB], ['LX_SLOT_SELF_VSPACE', SLOT.SELF_VSPACE],
      ['LX_SLOT_UART_IRQ', SLOT.UART_IRQ], ['LX_SLOT_UART_NTFN', SLOT.UART_NTFN], ['LX_SLOT_CODE0', SLOT.CODE0],
      ['LX_CHILD_SLOT_FAULT', CHILD_SLOT.FAULT], ['LX_CHILD_SLOT_FORWARD', CHILD_SLOT.FORWARD],
      ['LX_BADGE_FAULT', BADGE.FAULT], ['LX_BADGE_FORWARD', BADGE.FORWARD],
      ['LX_MAX_FILES', LIMITS.FILES], ['LX_NAME_MAX', LIMITS.NAME], ['LX_MAX_SITES', LIMITS.SITES], ['LX_MAX_ENOSYS', LIMITS.ENOSYS],
    ];
    for (const [name, value] of pairs) expect(define(name), name).toBe(BigInt(value));
    MODES.forEach((m, i) => expect(define(`LX_MODE_${m === 'fault' ? 'FAULT' : m.toUpperCase()}`)).toBe(BigInt(i)));
  });

  it('the embedded component sources are fresh (run npx tsx src/services/embed.ts)', () => {
    expect(readFileSync(SERVICES_GENERATED, 'utf8')).toBe(servicesText());
  });
});

describe('loading Linux programs', () => {
  const elf = labProgram(HELLO);

  it('refuses what it cannot run with a clear message', () => {
    expect(validateLinuxProgram(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toMatchObject({ ok: false });
    const notElf = validateLinuxProgram(new TextEncoder().encode('#!/bin/sh\necho hi\n'));
    expect(!notElf.ok && notElf.error).toMatch(/ELF/);
    const x86 = elf.slice();
    x86[18] = 62; x86[19] = 0;
    const wrong = validateLinuxProgram(x86);
    expect(!wrong.ok && wrong.error).toMatch(/x86-64/);
    const big = validateLinuxProgram(new Uint8Array(MAX_PROGRAM_BYTES + 1));
    expect(!big.ok && big.error).toMatch(/too large/);
    const truncated = validateLinuxProgram(elf.subarray(0, 100));
    expect(truncated.ok).toBe(false);
    expect(bootCompat({ program: elf, mode: 'nope' as never })).toMatchObject({ ok: false });
  });

  it('a lab-built Linux program runs the same in every mode: arguments, stdout and stderr, exit status', () => {
    for (const mode of MODES) {
      const r = runCompat({ program: elf, mode, name: 'hello', argv: ['hello', 'a b', 'c'] });
      expect(r.ok, mode).toBe(true);
      if (!r.ok) continue;
      expect(r.value.console, mode).toBe('arg 0: hello\narg 1: a b\narg 2: c\nto stderr\n');
      expect(r.value.status, mode).toBe(7);
      expect(r.value.report, mode).toBeNull();
    }
  });

  it('patch mode rewrites the trapping svc into b to a gate, and the gate is stp; bl lx_gate_common; ldp; b back', () => {
    const booted = bootCompat({ program: elf, mode: 'patch', name: 'hello' });
    if (!booted.ok) throw new Error(booted.error);
    const { machine, kernel, programFrames, statePaddr } = booted.value;
    for (let i = 0; i < 400 && kernel.outcome.kind === 'running'; i++) machine.run(50_000);
    expect(kernel.outcome.kind).toBe('exited');
    const site = kernel.state.mem.read64(Number(statePaddr) + 336) as bigint;
    const text = (va: bigint) => {
      const page = va & ~0xfffn;
      const w = kernel.state.mem.read32(Number(programFrames.get(page)! + (va - page)));
      return typeof w === 'number' ? disassemble(w >>> 0, va).text.replace(/\s+/g, ' ') : '?';
    };
    expect(site > 0n).toBe(true);
    expect(text(site)).toBe(`b ${LAYOUT.GATES_VA.toString(16)}`);
    expect(text(LAYOUT.GATES_VA)).toBe('stp x29, x30, [sp, #-16]!');
    expect(text(LAYOUT.GATES_VA + 4n)).toBe(`bl ${booted.value.library.gate.toString(16)}`);
    expect(text(LAYOUT.GATES_VA + 8n)).toBe('ldp x29, x30, [sp], #16');
    expect(text(LAYOUT.GATES_VA + 12n)).toBe(`b ${(site + 4n).toString(16)}`);
  });

  it("the same x7 = -3 program built by the lab compiler is misrouted without the window and handled with it", () => {
    const source = readFileSync(resolve(import.meta.dirname, '../fixtures/compat/ambiguous.c'), 'utf8');
    const r = buildC([{ name: 'ambiguous.c', text: source }], { target: 'none' });
    if (!r.ok || !r.elf) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
    const wrong = runCompat({ program: r.elf, mode: 'fault' });
    const right = runCompat({ program: r.elf, mode: 'window' });
    if (!wrong.ok || !right.ok) throw new Error('boot failed');
    expect(wrong.value.console).toBe('before: an ordinary write\nafter: an ordinary write\nthe ambiguous write returned !\n');
    expect(wrong.value.stats.misrouted).toBe(1);
    expect(right.value.console).toBe('before: an ordinary write\nambiguous: this write has x7 = -3 (seL4_Send)\nafter: an ordinary write\nthe ambiguous write returned n\n');
    expect(right.value.stats.misrouted).toBe(0);
    expect(right.value.stats.originChecks).toBeGreaterThanOrEqual(5);
  });

  it('reads the console: input typed on the UART reaches read(0), the component waiting on the UART interrupt in between', () => {
    const prog = labProgram('#include <unistd.h>\nint main(void) { char b[64]; long n; while ((n = read(0, b, sizeof b)) > 0) { write(1, "[", 1); write(1, b, n); write(1, "]", 1); } return 0; }\n');
    for (const mode of MODES) {
      const r = runCompat({ program: prog, mode, input: 'one\ntwo three\n' });
      if (!r.ok) throw new Error(r.error);
      expect(r.value.console.replace(/[[\]]/g, ''), mode).toBe('one\ntwo three\n');
      expect(r.value.stop, mode).toBe('idle');
      expect(r.value.report, mode).toMatch(/waits for console input/);
    }
  });

  it('the comparison gives each mode its costs per call, with a baseline from the stand-in', () => {
    const prog = labProgram('#include <unistd.h>\nint main(void) { for (int i = 0; i < 200; i++) write(1, "", 0); return 0; }\n');
    const c = compareModes({ program: prog, name: 'loop' });
    expect(c.baseline.problem).toBeNull();
    const by = Object.fromEntries(c.rows.map((r) => [r.mode, r]));
    for (const r of c.rows) expect(r.status, r.mode).toBe(0);
    expect(by.fault.perCall.faults).toBeCloseTo(1, 2);
    expect(by.window.perCall.originChecks).toBeCloseTo(1, 2);
    expect(by.patch.perCall.faults).toBeLessThan(0.05);
    expect(by.vcpu.perCall.guestTraps).toBeCloseTo(1, 2);
    expect(by.vcpu.perCall.kernelEntries).toBeLessThan(0.05);
    expect(by.patch.cyclesPerCall!).toBeLessThan(by.fault.cyclesPerCall!);
    expect(by.vcpu.cyclesPerCall!).toBeLessThan(by.window.cyclesPerCall!);
    expect(formatComparison(c)).toMatch(/^mode\s+status\s+calls/);
  });

  it('without a shim baseline (getpid), the program thread\'s own instructions in fault mode are the baseline', () => {
    const getpid = 'static long pid(void) { register long x0 __asm__("x0"); register long x8 __asm__("x8") = 172; __asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory"); return x0; }\n';
    const prog = labProgram(`${getpid}int main(void) { long s = 0; for (int i = 0; i < 300; i++) s += pid(); return s == 30000 ? 0 : 1; }\n`);
    const c = compareModes({ program: prog, name: 'pids' });
    expect(c.baseline.source).toBe('the program thread in fault mode');
    const fault = c.rows.find((r) => r.mode === 'fault')!;
    expect(fault.status).toBe(0);
    // Fault mode: all the handling runs in the component's thread, so its per-call figure is the whole handler path.
    expect(fault.instructionsPerCall!).toBeGreaterThan(500);
    for (const r of c.rows) expect(r.instructionsPerCall, r.mode).not.toBeNull();
  });
});

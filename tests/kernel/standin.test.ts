// The stand-in kernel on a bare host (PhysMem + CpuState + Mmu, no CPU):
// loading builds page tables the MMU walks with the right permissions, the
// initial registers follow the ABI, and each exception kind gets its answer.
import { describe, expect, it } from 'vitest';
import { PhysMem } from '../../src/emulator/memory/physmem.ts';
import { Mmu } from '../../src/emulator/mmu/mmu.ts';
import { CpuState } from '../../src/emulator/cpu/state.ts';
import { dataAbortEsr } from '../../src/emulator/cpu/esr.ts';
import { StandinKernel, type StandinHost } from '../../src/kernel/standin/kernel.ts';
import { LinuxShim } from '../../src/kernel/standin/linuxShim.ts';
import { sel4Debug } from '../../src/kernel/standin/sel4Debug.ts';
import { STACK_TOP, type LoadImage } from '../../src/kernel/standin/loader.ts';
import type { CpuException } from '../../src/emulator/types.ts';
import { isFpSimd } from '../../src/kernel/standin/faultReport.ts';

class FakeHost implements StandinHost {
  readonly mem = new PhysMem(4 << 20);
  readonly cpu = new CpuState();
  readonly mmu = new Mmu(this.mem);
  halted: { code: number; message?: string } | null = null;
  chars: number[] = [];
  setAddressSpace(root: bigint, asid: number): void { this.mmu.ttbr0 = root; this.mmu.asid = asid; this.mmu.invalidateAll(); }
  halt(code: number, message?: string): void { this.halted = { code, message }; }
  putChar(b: number): void { this.chars.push(b); }
}

const words = (...ws: number[]) => new Uint8Array(new Uint32Array(ws).buffer);
const text = { vaddr: 0x400000n, memsz: 8n, data: words(0xd4000001, 0xf900001f), flags: { r: true, w: false, x: true } };
const data = { vaddr: 0x410ff8n, memsz: 0x2010n, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), flags: { r: true, w: true, x: false } };
const image: LoadImage = { entry: 0x400000n, segments: [text, data] };

function boot(kernel: StandinKernel): FakeHost {
  const host = new FakeHost();
  kernel.attach(host);
  const p = kernel.load(image, { argv: ['prog'] });
  if (!p.ok) throw new Error(p.error);
  return host;
}

function svc(pc: bigint): CpuException {
  return { kind: 'svc', imm: 0, pc, esr: 0x56000000 };
}

describe('stand-in kernel: loading', () => {
  const host = boot(new StandinKernel(sel4Debug));

  it('maps text read+exec, data read+write, with real tables the MMU walks', () => {
    const t = host.mmu.translate(0x400004n, 'exec');
    expect(t.ok).toBe(true);
    expect(host.mmu.translate(0x400004n, 'write').ok).toBe(false);
    expect(host.mmu.translate(0x411000n, 'write').ok).toBe(true);
    expect(host.mmu.translate(0x411000n, 'exec').ok).toBe(false);
    const miss = host.mmu.translate(0x500000n, 'read');
    expect(miss.ok).toBe(false);
    if (!miss.ok) expect(miss.fault).toBe('translation');
  });

  it('copies file bytes and zeroes .bss across the page boundary', () => {
    const pa = (va: bigint) => { const t = host.mmu.translate(va, 'read'); if (!t.ok) throw new Error('unmapped'); return t.pa; };
    expect(host.mem.u8[pa(0x410ff8n) - host.mem.ramBase]).toBe(1);
    expect(host.mem.u8[pa(0x411000n) - host.mem.ramBase]).toBe(9);
    expect(host.mem.u8[pa(0x411001n) - host.mem.ramBase]).toBe(0);
    expect(host.mmu.translate(0x413000n, 'read').ok).toBe(true);
    expect(host.mmu.translate(0x414000n, 'read').ok).toBe(false);
  });

  it('starts at the entry with sp on argc below STACK_TOP', () => {
    expect(host.cpu.pc).toBe(0x400000n);
    expect(host.cpu.sp % 16n).toBe(0n);
    expect(host.cpu.sp < STACK_TOP && host.cpu.sp > STACK_TOP - 4096n).toBe(true);
    const t = host.mmu.translate(host.cpu.sp, 'write');
    expect(t.ok).toBe(true);
    if (t.ok) expect(host.mem.dv.getBigUint64(t.pa - host.mem.ramBase, true)).toBe(1n);
  });
});

describe('stand-in kernel: seL4 personality', () => {
  it('seL4_DebugPutChar writes x0 to the UART and returns after the svc', () => {
    const k = new StandinKernel(sel4Debug);
    const host = boot(k);
    host.cpu.setX(7, -9n);
    host.cpu.setX(0, 0x141n);
    k.handleException(svc(0x400000n));
    expect(host.chars).toEqual([0x41]);
    expect(host.cpu.pc).toBe(0x400004n);
    expect(host.halted).toBeNull();
  });

  it('any other seL4 call stops with a report naming it', () => {
    const k = new StandinKernel(sel4Debug);
    const host = boot(k);
    host.cpu.setX(7, -1n);
    k.handleException(svc(0x400000n));
    expect(host.halted?.code).toBe(128 + 31);
    expect(host.halted?.message).toMatch(/seL4_Call \(-1\) is not implemented.*pc 0x400000/);
  });

  it('a data abort stops with the decoded fault, the address and the instruction', () => {
    const k = new StandinKernel(sel4Debug, (w) => (w === 0xf900001f ? 'str xzr, [x0]' : '?'));
    const host = boot(k);
    k.handleException({ kind: 'dataAbort', pc: 0x400004n, address: 0n, write: true, fault: 'translation', level: 0, esr: dataAbortEsr('translation', 0, true) });
    expect(host.halted?.code).toBe(128 + 11);
    expect(host.halted?.message).toContain('data abort: translation fault at level 0 writing 0x0 (pc 0x400004: str xzr, [x0])');
    expect(host.halted?.message).toContain('EC 0x24 (data abort from EL0)');
    expect(host.halted?.message).toContain('WnR=1');
    expect(k.outcome).toMatchObject({ kind: 'killed', signal: 11 });
  });

  it('undefined instructions and brk are reported with their signal', () => {
    const k1 = new StandinKernel(sel4Debug);
    const h1 = boot(k1);
    k1.handleException({ kind: 'undefined', word: 0, pc: 0x400000n, esr: 0x02000000 });
    expect(h1.halted?.message).toMatch(/^undefined instruction 0x00000000 \(pc 0x400000: \.inst 0xd4000001\)/);
    expect(h1.halted?.code).toBe(132);
    const k2 = new StandinKernel(sel4Debug);
    const h2 = boot(k2);
    k2.handleException({ kind: 'brk', imm: 0x3e8, pc: 0x400000n, esr: 0xf20003e8 });
    expect(h2.halted?.message).toMatch(/^breakpoint: brk #0x3e8/);
    expect(h2.halted?.code).toBe(133);
  });
});

describe('stand-in kernel: Linux personality', () => {
  function linux() {
    const out: Array<[number, string]> = [];
    const shim = new LinuxShim((fd, b) => out.push([fd, new TextDecoder().decode(b)]));
    const k = new StandinKernel(shim);
    const host = boot(k);
    return { k, host, out, shim };
  }

  it('write(1/2) copies user bytes to the sinks and returns the count', () => {
    const { k, host, out } = linux();
    host.cpu.setX(8, 64n); host.cpu.setX(0, 2n); host.cpu.setX(1, 0x410ff8n); host.cpu.setX(2, 9n);
    k.handleException(svc(0x400000n));
    expect(out).toEqual([[2, '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t']]);
    expect(host.cpu.getX(0)).toBe(9n);
    expect(host.cpu.pc).toBe(0x400004n);
  });

  it('write to an unmapped buffer returns -EFAULT, to another fd -EBADF', () => {
    const { k, host, out } = linux();
    host.cpu.setX(8, 64n); host.cpu.setX(0, 1n); host.cpu.setX(1, 0x900000n); host.cpu.setX(2, 4n);
    k.handleException(svc(0x400000n));
    expect(host.cpu.getX(0)).toBe(BigInt.asUintN(64, -14n));
    host.cpu.setX(0, 5n);
    k.handleException(svc(0x400000n));
    expect(host.cpu.getX(0)).toBe(BigInt.asUintN(64, -9n));
    expect(out).toEqual([]);
  });

  it('exit_group halts with the status', () => {
    const { k, host } = linux();
    host.cpu.setX(8, 94n); host.cpu.setX(0, 0x12an);
    k.handleException(svc(0x400000n));
    expect(host.halted).toEqual({ code: 0x2a, message: undefined });
    expect(k.outcome).toEqual({ kind: 'exited', status: 0x2a });
  });

  it('an unsupported syscall stops the run naming it', () => {
    const { k, host } = linux();
    host.cpu.setX(8, 214n);
    k.handleException(svc(0x400000n));
    expect(host.halted?.message).toBe('unsupported Linux syscall 214 (brk) at pc 0x400000: .inst 0xd4000001');
    expect(host.halted?.code).toBe(159);
  });
});

describe('stand-in kernel: seL4_DebugHalt', () => {
  it('ends the run with x0 low byte as status (lab convention)', () => {
    const k7 = new StandinKernel(sel4Debug);
    const h7 = boot(k7);
    h7.cpu.setX(7, -11n);
    h7.cpu.setX(0, 0x107n);
    k7.handleException(svc(0x400000n));
    expect(h7.halted).toEqual({ code: 7, message: undefined });
  });

  it('ends the run with status 0 when x0 is 0', () => {
    const k = new StandinKernel(sel4Debug);
    const host = boot(k);
    host.cpu.setX(7, -11n);
    host.cpu.setX(0, 0n);
    k.handleException(svc(0x400000n));
    expect(host.halted).toEqual({ code: 0, message: undefined });
    expect(k.outcome).toEqual({ kind: 'exited', status: 0 });
  });
});

describe('fault report hints', () => {
  it('names FP/SIMD encodings the CPU does not implement', () => {
    const k = new StandinKernel(sel4Debug);
    const host = boot(k);
    // fmov d0, x0 ; cnt v0.8b, v0.8b ; ldr q0, [x0]
    for (const word of [0x9e670000, 0x0e205800, 0x3dc00000]) {
      k.outcome = { kind: 'running' };
      k.handleException({ kind: 'undefined', word, pc: 0x400000n, esr: 0x02000000 });
      expect(host.halted?.message).toContain('FP/SIMD is not implemented: compile with -mgeneral-regs-only');
    }
    k.outcome = { kind: 'running' };
    k.handleException({ kind: 'undefined', word: 0, pc: 0x400000n, esr: 0x02000000 });
    expect(host.halted?.message).not.toContain('FP/SIMD');
  });

  it('does not flag integer encodings', () => {
    // svc #0, ldr x0, [x1], add x0, x1, x2, stp x29, x30, [sp, #-16]!, b.ne, madd
    for (const w of [0xd4000001, 0xf9400020, 0x8b020020, 0xa9bf7bfd, 0x54000001, 0x9b020c20]) expect(isFpSimd(w), w.toString(16)).toBe(false);
  });
});

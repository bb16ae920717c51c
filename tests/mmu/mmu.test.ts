// Stage-1 MMU: walks at every level (blocks and pages), translation/access-flag/
// permission faults with the level, AP/UXN/APTable/UXNTable, device memory, the
// software TLB (staleness without invalidation, by VA, by ASID, global entries)
// and the page-table builder.

import { describe, it, expect } from 'vitest';
import { Machine } from '../../src/emulator/machine.ts';
import { mapPage, unmapPage, readPageDescriptor, writePageDescriptor, pageDescriptor } from '../../src/emulator/mmu/pagetable.ts';
import { PTE } from '../../src/emulator/types.ts';
import { UART_BASE, FR_RXFE } from '../../src/emulator/devices/pl011.ts';
import { assemble, machineWith, X, DATA_VA, type Policy } from '../cpu/harness.ts';

function fresh(): { m: Machine; root: bigint; alloc: () => bigint } {
  const m = new Machine({ ramBytes: 8 << 20 });
  let next = 0x4070_0000n;
  const alloc = (): bigint => { const p = next; next += 0x1000n; return p; };
  const root = alloc();
  m.mem.zero(Number(root), 4096);
  m.cpu.ttbr0 = root;
  return { m, root, alloc };
}
const RW = { read: true, write: true, exec: false };

describe('translation walk', () => {
  it('maps a 4 KiB page at level 3 with the page offset preserved', () => {
    const { m, root, alloc } = fresh();
    expect(mapPage(m.mem, root, 0x1234_5000n, 0x4010_0000n, RW, alloc)).toEqual({ ok: true, value: undefined });
    expect(m.mmu.translate(0x1234_5abcn, 'read')).toEqual({ ok: true, pa: 0x4010_0abc, device: false, level: 3 });
  });

  it('1 GiB blocks at level 1 and 2 MiB blocks at level 2', () => {
    const { m, root, alloc } = fresh();
    const l1 = alloc(); m.mem.zero(Number(l1), 4096);
    m.mem.write64(Number(root), l1 | 3n);
    const attrs = PTE.VALID | PTE.AF | PTE.AP_EL0_RW | PTE.ATTR_NORMAL;
    m.mem.write64(Number(l1) + 8 * 1, 0x4000_0000n | attrs); // VA 1 GiB -> PA 1 GiB block
    expect(m.mmu.translate(0x4012_3456n, 'read')).toMatchObject({ ok: true, pa: 0x4012_3456, level: 1 });
    const l2 = alloc(); m.mem.zero(Number(l2), 4096);
    m.mem.write64(Number(l1), l2 | 3n);
    m.mem.write64(Number(l2) + 8 * 3, 0x4060_0000n | attrs); // VA 6 MiB -> PA 0x4060_0000 (2 MiB block)
    expect(m.mmu.translate(0x61_2345n, 'write')).toMatchObject({ ok: true, pa: 0x4061_2345, level: 2 });
  });

  it('reports translation faults at the level where the walk stopped', () => {
    const { m, root, alloc } = fresh();
    mapPage(m.mem, root, 0x40_0000n, 0x4010_0000n, RW, alloc);
    expect(m.mmu.translate(0x8000_0000_0000n, 'read')).toEqual({ ok: false, fault: 'translation', level: 0 });
    expect(m.mmu.translate(0x1_0000_0000_0000n, 'read')).toEqual({ ok: false, fault: 'translation', level: 0 });
    expect(m.mmu.translate(0x8000_0000n, 'read')).toEqual({ ok: false, fault: 'translation', level: 1 });
    expect(m.mmu.translate(0x20_0000n, 'read')).toEqual({ ok: false, fault: 'translation', level: 2 });
    expect(m.mmu.translate(0x40_1000n, 'read')).toEqual({ ok: false, fault: 'translation', level: 3 });
    // A level-3 descriptor with bits 1:0 = 01 is reserved (invalid), and level-0 blocks do not exist.
    writePageDescriptor(m.mem, root, 0x40_0000n, 0x4010_0000n | 1n | PTE.AF);
    expect(m.mmu.translate(0x40_0000n, 'read')).toEqual({ ok: false, fault: 'translation', level: 3 });
    m.mem.write64(Number(root) + 8, 0x4000_0000n | 1n | PTE.AF);
    expect(m.mmu.translate(0x80_0000_0000n, 'read')).toEqual({ ok: false, fault: 'translation', level: 0 });
  });

  it('access flag clear gives an access-flag fault at the leaf level', () => {
    const { m, root, alloc } = fresh();
    mapPage(m.mem, root, 0x40_0000n, 0x4010_0000n, RW, alloc);
    const d = readPageDescriptor(m.mem, root, 0x40_0000n);
    writePageDescriptor(m.mem, root, 0x40_0000n, d & ~PTE.AF);
    expect(m.mmu.translate(0x40_0000n, 'read')).toEqual({ ok: false, fault: 'accessFlag', level: 3 });
  });
});

describe('permissions', () => {
  it('AP: RW, read-only, EL1-only; UXN; execute-only', () => {
    const { m, root, alloc } = fresh();
    mapPage(m.mem, root, 0x1000n, 0x4010_0000n, { read: true, write: false, exec: false }, alloc);
    expect(m.mmu.translate(0x1000n, 'read')).toMatchObject({ ok: true });
    expect(m.mmu.translate(0x1000n, 'write')).toEqual({ ok: false, fault: 'permission', level: 3 });
    expect(m.mmu.translate(0x1000n, 'exec')).toEqual({ ok: false, fault: 'permission', level: 3 });
    expect(m.mmu.translate(0x1000n, 'write', 'el1')).toEqual({ ok: false, fault: 'permission', level: 3 });
    expect(m.mmu.translate(0x1000n, 'write', 'debug')).toMatchObject({ ok: true });
    mapPage(m.mem, root, 0x2000n, 0x4010_1000n, { read: false, write: false, exec: true }, alloc);
    expect(m.mmu.translate(0x2000n, 'exec')).toMatchObject({ ok: true });
    expect(m.mmu.translate(0x2000n, 'read')).toEqual({ ok: false, fault: 'permission', level: 3 });
    // AP = 00: EL1 read/write only.
    const d = readPageDescriptor(m.mem, root, 0x1000n);
    writePageDescriptor(m.mem, root, 0x1000n, d & ~(PTE.AP_EL0_RW | PTE.AP_RO));
    m.mmu.invalidateAll();
    expect(m.mmu.translate(0x1000n, 'read')).toEqual({ ok: false, fault: 'permission', level: 3 });
    expect(m.mmu.translate(0x1000n, 'write', 'el1')).toMatchObject({ ok: true });
  });

  it('hierarchical APTable and UXNTable in table descriptors', () => {
    const { m, root, alloc } = fresh();
    mapPage(m.mem, root, 0x1000n, 0x4010_0000n, { read: true, write: true, exec: true }, alloc);
    const l0 = m.mem.read64(Number(root)) as bigint;
    m.mem.write64(Number(root), l0 | (1n << 60n)); // UXNTable
    m.mmu.invalidateAll();
    expect(m.mmu.translate(0x1000n, 'exec')).toEqual({ ok: false, fault: 'permission', level: 3 });
    expect(m.mmu.translate(0x1000n, 'write')).toMatchObject({ ok: true });
    m.mem.write64(Number(root), l0 | (1n << 62n)); // APTable[1]: no writes
    m.mmu.invalidateAll();
    expect(m.mmu.translate(0x1000n, 'write')).toEqual({ ok: false, fault: 'permission', level: 3 });
    m.mem.write64(Number(root), l0 | (1n << 61n)); // APTable[0]: no EL0 access
    m.mmu.invalidateAll();
    expect(m.mmu.translate(0x1000n, 'read')).toEqual({ ok: false, fault: 'permission', level: 3 });
    expect(m.mmu.translate(0x1000n, 'read', 'el1')).toMatchObject({ ok: true });
  });

  it('guest accesses: EL0 store to an EL1-only page faults with the level and WnR', () => {
    const t = machineWith(assemble(`ldr x1, =${DATA_VA}\nstr x0, [x1, #16]\nsvc #0\n.ltorg`));
    const d = readPageDescriptor(t.m.mem, t.root, DATA_VA);
    writePageDescriptor(t.m.mem, t.root, DATA_VA, d & ~PTE.AP_EL0_RW);
    t.m.run(100);
    expect(t.exceptions[0]).toMatchObject({ kind: 'dataAbort', address: DATA_VA + 16n, write: true, fault: 'permission', level: 3 });
  });
});

describe('device memory', () => {
  it('user-mapped PL011 registers: aligned reads reach the device, unaligned accesses fault', () => {
    const uartVa = 0x5000_0000n;
    const src = `ldr x1, =${uartVa}\nldr w0, [x1, #0x18]\nmov x5, x0\nldr w2, [x1, #0x19]\nsvc #0\n.ltorg`;
    const t = machineWith(assemble(src));
    t.map(uartVa, BigInt(UART_BASE), { read: true, write: true, exec: false, device: true });
    t.m.run(100);
    expect(Number(X(t, 5)) & FR_RXFE).toBe(FR_RXFE);
    expect(t.exceptions[0]).toMatchObject({ kind: 'dataAbort', fault: 'alignment', address: uartVa + 0x19n, esr: 0x9200_0021 });
    expect(t.m.instret).toBe(3);
  });

  it('Normal memory allows unaligned and page-crossing accesses', () => {
    const t = machineWith(assemble(`ldr x1, =${DATA_VA + 0xffdn}\nmov x2, #-1\nstr x2, [x1]\nldr x0, [x1]\nsvc #0\n.ltorg`));
    t.m.run(100);
    expect(t.m.halted).toEqual({ exitCode: 0xff });
    expect(X(t, 0)).toBe(0xffff_ffff_ffff_ffffn);
  });

  it('a page-crossing store that faults on the second page writes nothing', () => {
    const t = machineWith(assemble(`ldr x1, =${DATA_VA + 0xfffcn}\nmov x2, #-1\nstr x2, [x1]\nsvc #0\n.ltorg`));
    t.m.run(100);
    expect(t.exceptions[0]).toMatchObject({ kind: 'dataAbort', fault: 'translation', write: true, address: DATA_VA + 0x1_0000n });
    expect(t.m.readVirtual(DATA_VA + 0xfffcn, 4)).toEqual(new Uint8Array(4));
  });
});

describe('software TLB', () => {
  const prog = `ldr x1, =0x30000000\nldr x0, [x1]\nsvc #1\nldr x0, [x1]\nsvc #0\n.ltorg`;

  function run(between: (t: ReturnType<typeof machineWith>) => void): bigint[] {
    const seen: bigint[] = [];
    const policy: Policy = (ex, t) => {
      seen.push(t.m.cpu.getX(0));
      if (ex.kind === 'svc' && ex.imm === 1) { between(t); t.m.cpu.pc = ex.pc + 4n; } else t.m.halt(0);
    };
    const t = machineWith(assemble(prog), policy);
    t.map(0x3000_0000n, 0x4050_0000n, RW);
    t.m.mem.write64(0x4050_0000, 111n);
    t.m.mem.write64(0x4050_1000, 222n);
    t.m.run(100);
    return seen;
  }
  const remap = (t: ReturnType<typeof machineWith>): void => t.map(0x3000_0000n, 0x4050_1000n, RW);

  it('keeps the stale translation when the table changes without invalidation (like hardware)', () => {
    expect(run((t) => remap(t))).toEqual([111n, 111n]);
  });

  it('invalidateVa, invalidateAll and invalidateAsid(current) make the new mapping visible', () => {
    expect(run((t) => { remap(t); t.m.mmu.invalidateVa(0x3000_0000n); })).toEqual([111n, 222n]);
    expect(run((t) => { remap(t); t.m.mmu.invalidateAll(); })).toEqual([111n, 222n]);
    expect(run((t) => { remap(t); t.m.mmu.invalidateAsid(1); })).toEqual([111n, 222n]);
  });

  it('invalidating another ASID or another VA keeps the entry', () => {
    expect(run((t) => { remap(t); t.m.mmu.invalidateAsid(7); })).toEqual([111n, 111n]);
    expect(run((t) => { remap(t); t.m.mmu.invalidateVa(0x3000_1000n); })).toEqual([111n, 111n]);
  });

  it('entries are tagged by ASID: the same VA in another address space walks its own tables', () => {
    const { m, root, alloc } = fresh();
    const root2 = alloc(); m.mem.zero(Number(root2), 4096);
    mapPage(m.mem, root, 0x1000n, 0x4010_0000n, RW, alloc);
    mapPage(m.mem, root2, 0x1000n, 0x4010_1000n, RW, alloc);
    m.cpu.asid = 1;
    expect(m.mmu.lookup(0x1000, 0, 0)).toBe(0x4010_0000);
    m.cpu.ttbr0 = root2; m.cpu.asid = 2;
    expect(m.mmu.lookup(0x1000, 0, 0)).toBe(0x4010_1000);
    m.cpu.ttbr0 = root; m.cpu.asid = 1;
    expect(m.mmu.lookup(0x1000, 0, 0)).toBe(0x4010_0000);
  });

  it('global entries match in every ASID and survive invalidateAsid', () => {
    const { m, root, alloc } = fresh();
    mapPage(m.mem, root, 0x1000n, 0x4010_0000n, { ...RW, global: true }, alloc);
    m.cpu.asid = 1;
    expect(m.mmu.lookup(0x1000, 0, 0)).toBe(0x4010_0000);
    unmapPage(m.mem, root, 0x1000n);
    m.cpu.asid = 2;
    expect(m.mmu.lookup(0x1000, 0, 0)).toBe(0x4010_0000);
    m.mmu.invalidateAsid(2);
    expect(m.mmu.lookup(0x1000, 0, 0)).toBe(0x4010_0000);
    m.mmu.invalidateVa(0x1000n);
    expect(m.mmu.lookup(0x1000, 0, 0)).toBe(-1);
    expect([m.mmu.faultKind, m.mmu.faultLevel]).toEqual(['translation', 3]);
  });

  it('a block entry is dropped by invalidating any VA inside the block', () => {
    const { m, root, alloc } = fresh();
    const l1 = alloc(); m.mem.zero(Number(l1), 4096);
    m.mem.write64(Number(root), l1 | 3n);
    m.mem.write64(Number(l1) + 8, 0x4000_0000n | PTE.VALID | PTE.AF | PTE.AP_EL0_RW | PTE.ATTR_NORMAL);
    expect(m.mmu.lookup(0x4000_5000, 0, 0)).toBe(0x4000_5000);
    m.mem.write64(Number(l1) + 8, 0n);
    expect(m.mmu.lookup(0x4000_5000, 0, 0)).toBe(0x4000_5000);
    m.mmu.invalidateVa(0x4123_0000n);
    expect(m.mmu.lookup(0x4000_5000, 0, 0)).toBe(-1);
  });
});

describe('page-table builder', () => {
  it('refuses bad requests with a reason', () => {
    const { m, root, alloc } = fresh();
    expect(mapPage(m.mem, root, 0x1001n, 0x4010_0000n, RW, alloc)).toMatchObject({ ok: false, error: expect.stringContaining('aligned') });
    expect(mapPage(m.mem, root, 1n << 48n, 0x4010_0000n, RW, alloc)).toMatchObject({ ok: false, error: expect.stringContaining('48-bit') });
    expect(mapPage(m.mem, root, 0x1000n, 0x4010_0000n, { read: false, write: true, exec: false }, alloc)).toMatchObject({ ok: false });
    expect(unmapPage(m.mem, root, 0x5000n)).toMatchObject({ ok: false });
  });

  it('writes real descriptors: AF, SH, AP, UXN/PXN, AttrIndx, nG', () => {
    const d = pageDescriptor(0x4010_0000n, { read: true, write: true, exec: false, device: true });
    expect(d.ok && d.value).toBe(0x4010_0000n | 3n | PTE.AF | PTE.SH_INNER | PTE.AP_EL0_RW | PTE.UXN | PTE.PXN | PTE.NG | PTE.ATTR_DEVICE);
    const { m, root, alloc } = fresh();
    mapPage(m.mem, root, 0x7000n, 0x4010_3000n, RW, alloc);
    expect(unmapPage(m.mem, root, 0x7000n)).toEqual({ ok: true, value: 0x4010_3000n });
    m.mmu.invalidateVa(0x7000n);
    expect(m.mmu.translate(0x7000n, 'read')).toEqual({ ok: false, fault: 'translation', level: 3 });
  });

  it('readVirtual/writeVirtual cross pages and report the faulting address', () => {
    const { m, root, alloc } = fresh();
    mapPage(m.mem, root, 0x1000n, 0x4010_0000n, RW, alloc);
    mapPage(m.mem, root, 0x2000n, 0x4010_5000n, { read: true, write: false, exec: false }, alloc);
    expect(m.writeVirtual(0xffen, new Uint8Array([1, 2, 3, 4]))).toEqual({ fault: { kind: 'translation', level: 3, address: 0xffen } });
    expect(m.writeVirtual(0x1ffen, new Uint8Array([1, 2, 3, 4]))).toEqual({ fault: { kind: 'permission', level: 3, address: 0x2000n } });
    expect(m.writeVirtual(0x1ffen, new Uint8Array([1, 2, 3, 4]), { privilege: 'debug' })).toBeNull();
    expect(m.readVirtual(0x1ffen, 4)).toEqual(new Uint8Array([1, 2, 3, 4]));
  });
});

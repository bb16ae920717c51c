// ELF reader/writer tests: round trips of relocatable objects and executables,
// reading GNU-produced files, and every rejection message of parseElf.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseElf, readObject } from '../../src/toolchain/elf/read.ts';
import { writeRelocatable } from '../../src/toolchain/elf/write.ts';
import { decodeLines, encodeLines, lineAt } from '../../src/toolchain/elf/lines.ts';
import { assemble } from '../../src/toolchain/asm/assemble.ts';
import { buildProgram } from '../../src/toolchain/build.ts';
import { gnuAs, requireTool, tempDir } from '../asm/oracle.ts';

const prog = '.global _start\n_start:\n  adrp x0, msg\n  add x0, x0, :lo12:msg\n  bl f\n  mov x8, #93\n  svc #0\nf: ret\n .data\nmsg: .asciz "hi"\n .bss\nbuf: .space 100\n';

function built(): Uint8Array {
  const r = buildProgram([{ name: 'p.s', text: prog }]);
  expect(r.ok).toBe(true);
  return r.elf!;
}

describe('ELF round trips', () => {
  it('relocatable: our writer -> our reader gives the same object', () => {
    const o = assemble('p.s', prog).object;
    const back = readObject(writeRelocatable(o), 'p.s');
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.sections.map((s) => [s.name, s.type, s.flags, s.size, Buffer.from(s.data).toString('hex')]))
      .toEqual(o.sections.map((s) => [s.name, s.type, s.flags, s.size, Buffer.from(s.data).toString('hex')]));
    const symKey = (s: (typeof o.symbols)[number]): string => `${s.name}/${s.bind}/${s.type}/${String(s.section)}/${s.value}`;
    expect(back.value.symbols.map(symKey).sort()).toEqual(o.symbols.map(symKey).sort());
    const rel = (x: typeof o): string[] => x.sections.flatMap((s) => s.relocs.map((r) => `${s.name}+${r.offset} ${r.type} ${x.symbols[r.sym].name} ${r.addend}`));
    expect(rel(back.value)).toEqual(rel(o));
    expect(back.value.lines).toEqual(o.lines);
  });

  it('GNU readelf and objdump accept our object and executable', () => {
    const readelf = requireTool('aarch64-linux-gnu-readelf');
    const objdump = requireTool('aarch64-linux-gnu-objdump');
    const dir = tempDir();
    const obj = join(dir, 'p.o');
    const exe = join(dir, 'p.elf');
    writeFileSync(obj, writeRelocatable(assemble('p.s', prog).object));
    writeFileSync(exe, built());
    const rel = execFileSync(readelf, ['-W', '-r', obj], { encoding: 'utf8' });
    expect(rel).toMatch(/R_AARCH64_ADR_PREL_PG_HI21\s+0+\s+\.data \+ 0/);
    expect(rel).toMatch(/R_AARCH64_ADD_ABS_LO12_NC\s+0+\s+\.data \+ 0/);
    const syms = execFileSync(objdump, ['-t', exe], { encoding: 'utf8' });
    expect(syms).toMatch(/00000000004000b0 g\s+\.text\s+0000000000000000 _start/);
    const dis = execFileSync(objdump, ['-d', exe], { encoding: 'utf8' });
    expect(dis).toMatch(/bl\s+4000c4 <f>/);
    const hdr = execFileSync(readelf, ['-W', '-h', '-l', exe], { encoding: 'utf8' });
    expect(hdr).toMatch(/Entry point address:\s+0x4000b0/);
    expect(hdr).not.toMatch(/[Ww]arning/);
  });

  it('executable: parseElf reads segments, symbols, sections and lines', () => {
    const img = parseElf(built());
    expect(img.ok).toBe(true);
    if (!img.ok) return;
    expect(img.value.type).toBe('exec');
    expect(img.value.entry).toBe(0x4000b0n);
    expect(img.value.segments.length).toBe(2);
    expect(img.value.segments[1].memsz - img.value.segments[1].filesz).toBeGreaterThanOrEqual(100n);
    expect(img.value.symbols.find((s) => s.name === 'f')).toMatchObject({ value: 0x4000c4n, bind: 'local', section: '.text' });
    expect(img.value.sections.map((s) => s.name)).toEqual(['.text', '.rodata', '.data', '.bss', '.caplab.lines', '.symtab', '.strtab', '.shstrtab']);
    expect(lineAt(img.value.lines!, 0x4000bbn)).toEqual({ addr: 0x4000b8n, file: 'p.s', line: 5, column: 3 });
  });

  it('reads a GNU ld executable and a GNU as object', () => {
    const ld = requireTool('aarch64-linux-gnu-ld');
    const dir = tempDir();
    const o = join(dir, 'g.o');
    writeFileSync(o, gnuAs(prog, dir));
    const exe = join(dir, 'g.elf');
    execFileSync(ld, ['-static', '-o', exe, o]);
    const img = parseElf(new Uint8Array(readFileSync(exe)));
    expect(img.ok).toBe(true);
    if (!img.ok) return;
    const start = img.value.symbols.find((s) => s.name === '_start')!;
    expect(img.value.entry).toBe(start.value);
    expect(img.value.lines).toBeUndefined();
    const obj = readObject(new Uint8Array(readFileSync(o)), 'g.o');
    expect(obj.ok).toBe(true);
  });

  it('line table encode/decode', () => {
    const rows = [{ addr: 0x400000n, shndx: 0, file: 'a.s', line: 1, column: 2 }, { addr: 0x400004n, shndx: 0, file: 'dir/b.c', line: 300, column: 9 }];
    expect(decodeLines(encodeLines(rows))).toEqual({ ok: true, value: rows });
    expect(decodeLines(new Uint8Array(8))).toEqual({ ok: false, error: '.caplab.lines: bad magic' });
  });
});

describe('parseElf rejections', () => {
  const good = (): Uint8Array => built().slice();
  const set16 = (b: Uint8Array, at: number, v: number): Uint8Array => { new DataView(b.buffer).setUint16(at, v, true); return b; };

  it('not ELF', () => {
    expect(parseElf(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toEqual({ ok: false, error: 'not an ELF file (bad magic number)' });
    expect(parseElf(new Uint8Array(0))).toEqual({ ok: false, error: 'not an ELF file (bad magic number)' });
  });

  it('32-bit', () => {
    const b = good();
    b[4] = 1;
    expect(parseElf(b)).toEqual({ ok: false, error: '32-bit ELF (ELFCLASS32) is not supported: need a 64-bit AArch64 ELF' });
  });

  it('big-endian', () => {
    const b = good();
    b[5] = 2;
    expect(parseElf(b)).toEqual({ ok: false, error: 'big-endian ELF (ELFDATA2MSB) is not supported: need little-endian AArch64' });
  });

  it('wrong machine', () => {
    expect(parseElf(set16(good(), 18, 62))).toEqual({ ok: false, error: 'wrong machine: e_machine = 62 (x86-64), expected 183 (AArch64)' });
  });

  it('ET_DYN and dynamic segments', () => {
    expect(parseElf(set16(good(), 16, 3))).toEqual({ ok: false, error: 'position-independent executable or shared object (ET_DYN) is not supported: link with -static -no-pie' });
    const interp = good();
    new DataView(interp.buffer).setUint32(64, 3, true);
    expect(parseElf(interp)).toEqual({ ok: false, error: 'dynamically linked executable (has PT_INTERP) is not supported: link with -static' });
    const dyn = good();
    new DataView(dyn.buffer).setUint32(64 + 56, 2, true);
    expect(parseElf(dyn)).toEqual({ ok: false, error: 'dynamically linked executable (has PT_DYNAMIC) is not supported: link with -static' });
  });

  it('truncated', () => {
    const b = good();
    expect(parseElf(b.slice(0, 40))).toEqual({ ok: false, error: 'truncated ELF file: 40 bytes, the ELF header alone needs 64' });
    expect(parseElf(b.slice(0, 100))).toEqual({ ok: false, error: 'truncated ELF file: 2 program headers at offset 64 extend past the end (100 bytes)' });
    const seg = good();
    new DataView(seg.buffer).setBigUint64(64 + 56 + 32, 0x100000n, true);
    new DataView(seg.buffer).setBigUint64(64 + 56 + 40, 0x100000n, true);
    expect(parseElf(seg)).toEqual({ ok: false, error: `truncated ELF file: segment 1 (offset 200, filesz 1048576) extends past the end (${seg.length} bytes)` });
    const sh = good();
    expect(parseElf(sh.slice(0, sh.length - 10)).ok).toBe(false);
    expect(parseElf(sh.slice(0, sh.length - 10))).toMatchObject({ error: expect.stringMatching(/^truncated ELF file: 9 section headers at offset \d+ extend past the end/) });
  });

  it('accepts a .bss-only segment whose offset lies past the end of the file (GNU ld writes these)', () => {
    const b = good();
    const dv = new DataView(b.buffer);
    dv.setBigUint64(64 + 56 + 8, BigInt(b.length + 4096), true); // p_offset past EOF
    dv.setBigUint64(64 + 56 + 32, 0n, true); // p_filesz 0
    const r = parseElf(b);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.segments[1].data.length).toBe(0);
  });

  it('bad segment sizes', () => {
    const b = good();
    new DataView(b.buffer).setBigUint64(64 + 40, 4n, true);
    expect(parseElf(b)).toMatchObject({ ok: false, error: expect.stringMatching(/^bad segment 0: filesz \d+ is larger than memsz 4$/) });
  });

  it('readObject refuses executables', () => {
    expect(readObject(good(), 'x.elf')).toEqual({ ok: false, error: 'x.elf: not a relocatable object (e_type 2)' });
  });
});

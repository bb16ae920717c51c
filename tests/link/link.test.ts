// Link differential tests: our objects linked by our linker and by GNU ld
// (-static) must behave the same under qemu-aarch64-static (stdout + exit code);
// GNU as objects and a gcc -O2 object link with our linker; linker diagnostics,
// COMMON/weak resolution and the line table.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../src/toolchain/asm/assemble.ts';
import { writeRelocatable } from '../../src/toolchain/elf/write.ts';
import { readObject, parseElf } from '../../src/toolchain/elf/read.ts';
import { link } from '../../src/toolchain/link/linker.ts';
import { buildProgram } from '../../src/toolchain/build.ts';
import type { ObjectFile } from '../../src/toolchain/elf/object.ts';
import { gnuAs, requireTool, tempDir } from '../asm/oracle.ts';

const progDir = join(__dirname, 'programs');
const src = (f: string): string => readFileSync(join(progDir, f), 'utf8');

function ourObject(name: string): ObjectFile {
  const r = assemble(name, src(name));
  expect(r.diagnostics).toEqual([]);
  return r.object;
}

function run(elf: Uint8Array | string, dir: string, name: string): { stdout: string; status: number | null } {
  const qemu = requireTool('qemu-aarch64-static');
  let path = elf as string;
  if (typeof elf !== 'string') {
    path = join(dir, name);
    writeFileSync(path, elf);
  }
  chmodSync(path, 0o755);
  const r = spawnSync(qemu, [path], { encoding: 'utf8', timeout: 20_000 });
  return { stdout: r.stdout, status: r.status };
}

function gnuLd(objs: { name: string; bytes: Uint8Array }[], dir: string): string {
  const ld = requireTool('aarch64-linux-gnu-ld');
  const paths = objs.map((o) => {
    const p = join(dir, o.name);
    writeFileSync(p, o.bytes);
    return p;
  });
  const out = join(dir, 'gnu.elf');
  execFileSync(ld, ['-static', '-o', out, ...paths]);
  return out;
}

const programs: Record<string, { files: string[]; stdout: string; status: number }> = {
  hello: { files: ['hello_main.s', 'hello_lib.s'], stdout: 'Hello from CapLab\n', status: 40 },
  sort: { files: ['sort_main.s', 'sort_lib.s'], stdout: '0123456789\n', status: (1 * 0 + 2 * 1 + 3 * 2 + 4 * 3 + 5 * 4 + 6 * 5 + 7 * 6 + 8 * 7 + 9 * 8 + 10 * 9) & 0xff },
};

describe('our linker vs GNU ld under qemu', () => {
  for (const [name, p] of Object.entries(programs)) {
    it(`${name}: our objects, our linker == GNU ld`, () => {
      const dir = tempDir();
      const objs = p.files.map(ourObject);
      const ours = link(objs);
      expect(ours.diagnostics).toEqual([]);
      const gnu = gnuLd(objs.map((o) => ({ name: o.name.replace(/\.s$/, '.o'), bytes: writeRelocatable(o) })), dir);
      const a = run(ours.elf!, dir, 'ours.elf');
      const b = run(gnu, dir, 'gnu.elf');
      expect(a).toEqual(b);
      expect(a).toEqual({ stdout: p.stdout, status: p.status });
    });

    it(`${name}: GNU as objects, our linker`, () => {
      const dir = tempDir();
      const objs = p.files.map((f) => {
        const r = readObject(gnuAs(src(f), tempDir()), f.replace(/\.s$/, '.o'));
        if (!r.ok) throw new Error(r.error);
        return r.value;
      });
      const out = link(objs);
      expect(out.diagnostics).toEqual([]);
      expect(run(out.elf!, dir, 'ours.elf')).toEqual({ stdout: p.stdout, status: p.status });
    });
  }

  it('gcc -O2 object + our _start, linked by our linker', () => {
    const gcc = requireTool('aarch64-linux-gnu-gcc');
    const dir = tempDir();
    const c = join(dir, 'prog.c');
    const o = join(dir, 'prog.o');
    writeFileSync(c, src('prog.c'));
    execFileSync(gcc, ['-O2', '-c', '-ffreestanding', '-fno-pic', '-fno-pie', '-mgeneral-regs-only', '-fcommon', '-o', o, c]);
    const gccObj = new Uint8Array(readFileSync(o));
    const r = buildProgram([{ name: 'start.s', text: src('start.s') }], { objects: [{ name: 'prog.o', bytes: gccObj }] });
    expect(r.diagnostics).toEqual([]);
    const ours = run(r.elf!, dir, 'ours.elf');
    const gnu = run(gnuLd([{ name: 'start.o', bytes: writeRelocatable(ourObject('start.s')) }, { name: 'prog.o', bytes: gccObj }], dir), dir, 'gnu.elf');
    expect(ours).toEqual(gnu);
    expect(ours).toEqual({ stdout: 'sq=45805824\ndbl=21898\n', status: 22 });
    // The COMMON symbol from -fcommon landed in .bss.
    const common = r.symbols.find((s) => s.name === 'common_thing');
    expect(common?.section).toBe('.bss');
  });
});

describe('linker diagnostics and resolution', () => {
  const obj = (name: string, text: string): ObjectFile => {
    const r = assemble(name, text);
    expect(r.diagnostics).toEqual([]);
    return r.object;
  };

  it('reports a duplicate global definition at the second definition', () => {
    const a = obj('a.s', '.global _start, f\n_start: bl f\nf: ret\n');
    const b = obj('b.s', '.global f\n  nop\nf: ret\n');
    const r = link([a, b]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([{ file: 'b.s', line: 3, column: 1, endColumn: 1, severity: 'error', message: "multiple definition of `f'; first defined at a.s:3:1" }]);
  });

  it('names object, section and offset for undefined symbols in ELF objects', () => {
    const r = readObject(writeRelocatable(obj('c.s', '.global _start\n_start: nop\n bl nowhere\n')), 'c.o');
    expect(r.ok).toBe(true);
    const out = link([r.ok ? r.value : (undefined as never)]);
    expect(out.diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual(["c.o: undefined reference to `nowhere' at c.o:(.text+0x4)"]);
  });

  it('strong beats weak, weak undefined is zero, COMMONs merge', () => {
    const a = obj('a.s', '.global _start\n.weak w, wu\n_start: adrp x0, w\n .data\nw: .quad 1\n .quad wu\n .comm cm, 8, 8\n');
    const b = obj('b.s', '.global w\n .data\n .quad 0\nw: .quad 2\n .comm cm, 32, 16\n');
    const r = link([a, b]);
    expect(r.diagnostics).toEqual([]);
    const img = parseElf(r.elf!);
    expect(img.ok).toBe(true);
    const w = r.symbols.find((s) => s.name === 'w' && s.bind === 'global')!;
    const bData = r.symbols.filter((s) => s.section === '.data');
    expect(bData.length).toBeGreaterThan(0);
    // b.s's w is the second quad of b's .data, which follows a's 16 bytes.
    const data = r.symbols.find((s) => s.name === 'w')!;
    expect(w.addr).toBe(data.addr);
    const cm = r.symbols.find((s) => s.name === 'cm')!;
    expect(cm).toMatchObject({ section: '.bss', size: 32n });
    expect(cm.addr % 16n).toBe(0n);
    const seg = img.ok ? img.value.segments[1] : undefined;
    const off = Number(w.addr - seg!.vaddr);
    expect(new DataView(seg!.data.buffer).getBigUint64(off, true)).toBe(2n);
    // a.s: .quad wu (weak undefined) is 0.
    expect(new DataView(seg!.data.buffer).getBigUint64(8, true)).toBe(0n);
  });

  it('returns and stores the line table', () => {
    const text = '.global _start\n_start:\n  mov x0, #1\n  mov x8, #93\n  svc #0\n';
    const r = buildProgram([{ name: 'l.s', text }]);
    expect(r.ok).toBe(true);
    expect(r.lines.map((l) => [l.file, l.line, l.column])).toEqual([['l.s', 3, 3], ['l.s', 4, 3], ['l.s', 5, 3]]);
    const start = r.symbols.find((s) => s.name === '_start')!.addr;
    expect(r.lines.map((l) => l.addr)).toEqual([start, start + 4n, start + 8n]);
    expect(r.image!.lines).toEqual(r.lines);
    expect(r.image!.entry).toBe(start);
  });

  it('.loc feeds the line table', () => {
    const text = '.file 1 "prog.c"\n.global _start\n_start:\n .loc 1 10 5\n  mov x0, #1\n  mov x8, #93\n .loc 1 12\n  svc #0\n';
    const r = buildProgram([{ name: 'l.s', text }]);
    expect(r.lines.map((l) => `${l.file}:${l.line}:${l.column}`)).toEqual(['prog.c:10:5', 'prog.c:10:5', 'prog.c:12:1']);
  });

  it('lays out like GNU ld: base 0x400000, R+X text, RW data on its own page, bss as memsz', () => {
    const r = buildProgram([{ name: 'hello_main.s', text: src('hello_main.s') }, { name: 'hello_lib.s', text: src('hello_lib.s') }]);
    expect(r.ok).toBe(true);
    const [text, data] = r.image!.segments;
    expect(text).toMatchObject({ vaddr: 0x400000n, offset: 0n, flags: { r: true, w: false, x: true } });
    expect(data.flags).toEqual({ r: true, w: true, x: false });
    expect(data.vaddr % 0x1000n).toBe(data.offset % 0x1000n);
    expect(data.vaddr >= ((text.vaddr + text.memsz + 0xfffn) & ~0xfffn)).toBe(true);
    expect(data.memsz).toBeGreaterThan(data.filesz);
    const other = buildProgram([{ name: 'hello_main.s', text: src('hello_main.s') }, { name: 'hello_lib.s', text: src('hello_lib.s') }], { base: 0x10000000n });
    expect(other.image!.segments[0].vaddr).toBe(0x10000000n);
  });
});

// `caplab` on the command line: help, errors for files it cannot run, the seL4
// stand-in on assembly source, fault reports and exit statuses, --stats,
// --max-instructions, interruption, and the real binary through bin/caplab.mjs.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { caplab } from './capture.ts';
import { tempDir } from '../diff/build.ts';
import { oraclesOptedOut, requireTools, runTool } from '../diff/tools.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = tempDir('cli');
afterAll(() => dir.remove());

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir.path, name);
  writeFileSync(p, content);
  return p;
}

const HELLO = `
  .text
  .global _start
_start:
  adr x1, msg
1: ldrb w0, [x1], #1
  cbz w0, 2f
  mov x7, #-9
  svc #0
  b 1b
2: mov x7, #-11
  svc #0
  .data
msg: .asciz "hello, seL4 stand-in\\n"
`;

const LINUX_EXIT = (body: string) => `
  .text
  .global _start
_start:
${body}
`;

/** A 64-byte ELF header for x86-64 (enough for the machine check). */
function x86Header(): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  b[16] = 2; b[18] = 62; b[20] = 1;
  return b;
}

describe('caplab: help and usage', () => {
  it('--help lists the commands', async () => {
    const r = await caplab(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}run {2}/m);
    expect(r.stdout).toMatch(/^ {2}help/m);
  });

  it('help run shows the options and exit statuses', async () => {
    const r = await caplab(['help', 'run']);
    expect(r.status).toBe(0);
    for (const o of ['--linux', '--stats', '--max-instructions N']) expect(r.stdout).toContain(o);
    expect(r.stdout).toContain('128 + signal');
  });

  it('unknown commands and options are usage errors (status 2)', async () => {
    expect((await caplab(['frobnicate'])).status).toBe(2);
    const r = await caplab(['run', '--fast', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --fast');
    expect((await caplab(['run'])).stderr).toContain('missing FILE');
    expect((await caplab(['run', '--max-instructions', 'lots', 'x'])).stderr).toContain('not a non-negative integer');
  });
});

describe('caplab run: files it cannot run', () => {
  it('missing file', async () => {
    const r = await caplab(['run', '--linux', join(dir.path, 'absent')]);
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toContain('absent: no such file');
  });

  it('not an ELF file', async () => {
    const r = await caplab(['run', '--linux', file('notes.txt', 'just text\n')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not an ELF file');
  });

  it('an ELF file for another machine', async () => {
    const r = await caplab(['run', '--linux', file('x86.elf', x86Header())]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/wrong machine.*x86-64.*AArch64/);
  });

  it.skipIf(oraclesOptedOut)('dynamically linked executables (PIE and non-PIE)', async () => {
    requireTools('gcc');
    const src = file('dyn.c', 'int main(void) { return 0; }\n');
    runTool('gcc', ['-o', join(dir.path, 'dyn-pie'), src]);
    runTool('gcc', ['-no-pie', '-o', join(dir.path, 'dyn-nopie'), src]);
    const pie = await caplab(['run', '--linux', join(dir.path, 'dyn-pie')]);
    expect(pie.status).toBe(2);
    expect(pie.stderr).toContain('ET_DYN');
    const nopie = await caplab(['run', '--linux', join(dir.path, 'dyn-nopie')]);
    expect(nopie.status).toBe(2);
    expect(nopie.stderr).toMatch(/dynamically linked/);
  });

  it('assembly errors are printed as diagnostics', async () => {
    const r = await caplab(['run', file('bad.s', '  .text\n  frob x0, x1\n')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.s:2:\d+: error:/);
  });
});

describe('caplab run: the seL4 stand-in', () => {
  it('assembles a .s file, prints through seL4_DebugPutChar, ends on seL4_DebugHalt', async () => {
    const r = await caplab(['run', file('hello.s', HELLO)]);
    expect(r).toEqual({ status: 0, stdout: 'hello, seL4 stand-in\n', stderr: '' });
  });

  it('reports a data abort with the instruction and ESR, status 139', async () => {
    const r = await caplab(['run', file('crash.s', LINUX_EXIT('  mov x0, #0x10\n  mov x1, #7\n  str x1, [x0]'))]);
    expect(r.status).toBe(139);
    expect(r.stderr).toMatch(/data abort: translation fault at level \d writing 0x10 \(pc 0x[0-9a-f]+: str x1, \[x0\]\)/);
    expect(r.stderr).toContain('EC 0x24 (data abort from EL0)');
  });

  it('reports an undefined instruction, status 132', async () => {
    const r = await caplab(['run', file('udf.s', LINUX_EXIT('  .inst 0x00000000'))]);
    expect(r.status).toBe(132);
    expect(r.stderr).toContain('undefined instruction 0x00000000');
  });

  it('reports a write to read-only text as a permission fault, status 139', async () => {
    const r = await caplab(['run', file('rotext.s', LINUX_EXIT('  adr x0, _start\n  str x0, [x0]'))]);
    expect(r.status).toBe(139);
    expect(r.stderr).toMatch(/data abort: permission fault at level 3 writing 0x[0-9a-f]+ \(pc 0x[0-9a-f]+: str x0, \[x0\]\)/);
  });

  it('reports a jump to unmapped memory as an instruction abort, status 139', async () => {
    const r = await caplab(['run', file('jump.s', LINUX_EXIT('  mov x0, #0x10000\n  br x0'))]);
    expect(r.status).toBe(139);
    expect(r.stderr).toMatch(/instruction abort: translation fault at level \d fetching 0x10000/);
    expect(r.stderr).toContain('EC 0x20 (instruction abort from EL0)');
  });

  it('reports a misaligned branch target as a PC alignment fault, status 135', async () => {
    const r = await caplab(['run', file('pcalign.s', LINUX_EXIT('  adr x0, _start\n  add x0, x0, #2\n  br x0'))]);
    expect(r.status).toBe(135);
    expect(r.stderr).toMatch(/PC alignment fault: pc 0x[0-9a-f]*[26ae] is not a multiple of 4/);
  });

  it('reports a misaligned sp as an SP alignment fault, status 135', async () => {
    const r = await caplab(['run', file('spalign.s', LINUX_EXIT('  sub sp, sp, #8\n  ldr x0, [sp]'))]);
    expect(r.status).toBe(135);
    expect(r.stderr).toMatch(/SP alignment fault: sp not 16-byte aligned \(pc 0x[0-9a-f]+: ldr x0, \[sp\]\)/);
  });

  it('reports brk with its immediate, status 133', async () => {
    const r = await caplab(['run', file('brk.s', LINUX_EXIT('  brk #0x3e8'))]);
    expect(r.status).toBe(133);
    expect(r.stderr).toMatch(/breakpoint: brk #0x3e8 \(pc 0x[0-9a-f]+: brk #0x3e8\)/);
  });

  it('reports an unsupported seL4 call, status 159', async () => {
    const r = await caplab(['run', file('call.s', LINUX_EXIT('  mov x7, #-1\n  svc #0'))]);
    expect(r.status).toBe(159);
    expect(r.stderr).toContain('seL4_Call (-1) is not implemented');
  });
});

describe('caplab run --linux', () => {
  it('passes the exit status through and prints --stats as JSON last', async () => {
    const r = await caplab(['run', '--linux', '--stats', file('exit.s', LINUX_EXIT('  mov x0, #42\n  mov x8, #93\n  svc #0'))]);
    expect(r.status).toBe(42);
    const last = r.stderr.trimEnd().split('\n').at(-1)!;
    const stats = JSON.parse(last);
    expect(Object.keys(stats)).toEqual(['instructions', 'seconds', 'mips']);
    expect(stats.instructions).toBe(3);
  });

  it('names an unsupported Linux syscall', async () => {
    const r = await caplab(['run', '--linux', file('brk.s', LINUX_EXIT('  mov x0, #0\n  mov x8, #214\n  svc #0'))]);
    expect(r.status).toBe(159);
    expect(r.stderr).toMatch(/unsupported Linux syscall 214 \(brk\) at pc 0x[0-9a-f]+: svc #0x0/);
  });

  it('stops at --max-instructions with status 124', async () => {
    const r = await caplab(['run', '--linux', '--max-instructions', '5000', file('spin.s', LINUX_EXIT('1: add x0, x0, #1\n  b 1b'))]);
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/instruction limit reached \(pc 0x[0-9a-f]+ after 5000 instructions\)/);
  });

  it('stops on Ctrl-C between slices with status 130', async () => {
    const r = await caplab(['run', '--linux', file('forever.s', LINUX_EXIT('1: add x0, x0, #1\n  b 1b'))], 200);
    expect(r.status).toBe(130);
    expect(r.stderr).toContain('interrupted');
  });
});

describe('bin/caplab.mjs', () => {
  it('is what `npx caplab` runs from the repository', () => {
    const r = spawnSync('npx', ['--no-install', 'caplab', '--help'], { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: caplab COMMAND');
  });

  it('runs as a process with output, status and stats', () => {
    const p = file('proc.s', LINUX_EXIT(`  mov x0, #1\n  adr x1, m\n  mov x2, #3\n  mov x8, #64\n  svc #0\n  mov x0, #7\n  mov x8, #94\n  svc #0\nm: .ascii "ok\\n"`));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/caplab.mjs'), 'run', '--linux', '--stats', p], { encoding: 'utf8', cwd: ROOT });
    expect(r.stdout).toBe('ok\n');
    expect(r.status).toBe(7);
    expect(r.stderr).toMatch(/^\{"instructions":8,"seconds":[\d.]+,"mips":[\d.]+\}\n$/);
  });
});

// The Linux initial stack image: argc/argv/envp/auxv layout and alignment.
import { describe, expect, it } from 'vitest';
import { AT, buildInitialStack } from '../../src/kernel/standin/userStack.ts';

function reader(img: { sp: bigint; bytes: Uint8Array }) {
  const view = new DataView(img.bytes.buffer);
  const word = (addr: bigint) => view.getBigUint64(Number(addr - img.sp), true);
  const cstr = (addr: bigint) => {
    let s = '';
    for (let i = Number(addr - img.sp); img.bytes[i] !== 0; i++) s += String.fromCharCode(img.bytes[i]);
    return s;
  };
  return { word, cstr };
}

describe('buildInitialStack', () => {
  const top = 0x7fff_ffff_f000n;
  const random = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
  const img = buildInitialStack({ top, argv: ['prog', 'a1'], envp: ['K=V'], auxv: [[AT.PAGESZ, 4096n], [AT.ENTRY, 0x400000n]], random });
  const { word, cstr } = reader(img);

  it('aligns sp to 16 and stays below top', () => {
    expect(img.sp % 16n).toBe(0n);
    expect(img.sp + BigInt(img.bytes.length)).toBe(top);
  });

  it('lays out argc, argv, envp', () => {
    expect(word(img.sp)).toBe(2n);
    expect(cstr(word(img.sp + 8n))).toBe('prog');
    expect(cstr(word(img.sp + 16n))).toBe('a1');
    expect(word(img.sp + 24n)).toBe(0n);
    expect(cstr(word(img.sp + 32n))).toBe('K=V');
    expect(word(img.sp + 40n)).toBe(0n);
  });

  it('ends auxv with AT_NULL and points AT_RANDOM at the 16 bytes', () => {
    const aux = new Map<number, bigint>();
    let p = img.sp + 48n;
    for (;;) {
      const k = Number(word(p));
      aux.set(k, word(p + 8n));
      p += 16n;
      if (k === AT.NULL) break;
    }
    expect(aux.get(AT.PAGESZ)).toBe(4096n);
    expect(aux.get(AT.ENTRY)).toBe(0x400000n);
    const r = aux.get(AT.RANDOM)!;
    expect(Array.from(img.bytes.slice(Number(r - img.sp), Number(r - img.sp) + 16))).toEqual(Array.from(random));
    expect(cstr(aux.get(AT.EXECFN)!)).toBe('prog');
    expect(cstr(aux.get(AT.PLATFORM)!)).toBe('aarch64');
    expect(p).toBeLessThanOrEqual(r);
  });
});

// parseAddress: numbers, registers, symbols and offsets, and the reasons it gives.

import { describe, expect, it } from 'vitest';
import { parseAddress } from './addressExpr.ts';

const regs = { x: Array.from({ length: 31 }, (_, i) => BigInt(i * 0x100)), sp: 0x7ffff000n, pc: 0x400078n, nzcv: 0 };
const symbols = [{ name: 'message', addr: 0x400098n }, { name: '_start', addr: 0x400078n }];
const value = (t: string) => {
  const r = parseAddress(t, regs, symbols);
  return r.ok ? r.value : r.error;
};

describe('parseAddress', () => {
  it('reads numbers, registers and symbols', () => {
    expect(value('0x400078')).toBe(0x400078n);
    expect(value('4096')).toBe(4096n);
    expect(value('sp')).toBe(0x7ffff000n);
    expect(value('X19')).toBe(0x1300n);
    expect(value('pc')).toBe(0x400078n);
    expect(value('message')).toBe(0x400098n);
  });

  it('adds and subtracts offsets', () => {
    expect(value('sp + 16')).toBe(0x7ffff010n);
    expect(value('message+0x4')).toBe(0x40009cn);
    expect(value('x1-0x200')).toBe(BigInt.asUintN(64, -0x100n));
  });

  it('says why it cannot', () => {
    expect(value('')).toMatch(/type an address/);
    expect(value('nowhere')).toMatch(/don't know 'nowhere'/);
    const r = parseAddress('sp', null, symbols);
    expect(r.ok ? r.value : r.error).toMatch(/build the program/);
  });
});

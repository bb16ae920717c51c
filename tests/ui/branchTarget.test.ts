// The Disassembly view's branch targets against the lab's disassembler: for any
// instruction word, branchTarget finds a target exactly when the disassembler prints
// a direct branch (b, bl, b.cond, cbz/cbnz, tbz/tbnz), and the same address.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../src/toolchain/disasm/disasm.ts';
import { branchTarget } from '../../src/ui/viz/model/branchTarget.ts';

const BRANCH = /^(b|bl|b\.\w+|cbz|cbnz|tbz|tbnz)\t(?:.*, )?([0-9a-f]+)(?:\s+\/\/.*)?$/;

describe('branchTarget', () => {
  it('agrees with the disassembler on random words at random addresses', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.bigInt({ min: 0x1000n, max: 0xffff_fff0n }), (word, a) => {
      const addr = a & ~3n;
      const m = BRANCH.exec(disassemble(word, addr).text);
      const got = branchTarget(word, addr);
      expect(got?.target ?? null).toBe(m ? BigInt(`0x${m[2]}`) : null);
    }), { numRuns: 20000 });
  });

  it('follows a patched site to its gate and the gate back past the site', () => {
    // b 0x2000010 at 0x4001a8 (the patcher's branch), and the gate's last b back to 0x4001ac.
    const site = 0x4001a8n, gate = 0x2000010n;
    const toGate = 0x14000000 | (Number(((gate - site) / 4n) & 0x3ffffffn));
    const back = 0x14000000 | (Number(((site + 4n - (gate + 12n)) / 4n) & 0x3ffffffn));
    expect(branchTarget(toGate, site)).toEqual({ kind: 'b', target: gate });
    expect(branchTarget(back, gate + 12n)).toEqual({ kind: 'b', target: site + 4n });
    expect(disassemble(toGate, site).text).toBe('b\t2000010');
    expect(branchTarget(0xd4000001, site)).toBeNull(); // svc #0
  });

  it('finds the branches the random words hit (the property is not vacuous)', () => {
    expect(branchTarget(0x94000001, 0x1000n)).toEqual({ kind: 'bl', target: 0x1004n });
    expect(branchTarget(0x54ffffe1, 0x1000n)).toEqual({ kind: 'conditional', target: 0xffcn });
    expect(branchTarget(0xb4000040, 0x1000n)).toEqual({ kind: 'conditional', target: 0x1008n });
    expect(branchTarget(0x37080020, 0x1000n)).toEqual({ kind: 'conditional', target: 0x1004n });
  });
});

// Whole-file differential tests: every corpus file assembled by us and by GNU as
// (aarch64-linux-gnu-as) must give the same section bytes and the same
// relocation list (offset, type, symbol, addend), both from our in-memory object
// and from our ELF writer's output read back.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../src/toolchain/asm/assemble.ts';
import { writeRelocatable } from '../../src/toolchain/elf/write.ts';
import { gnuAs, viewElfObject, viewObject } from './oracle.ts';

const dir = join(__dirname, 'corpus');
const files = readdirSync(dir).filter((f) => f.endsWith('.s')).sort();

describe('assembler vs GNU as', () => {
  it('has a corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      const ours = assemble(f, text);
      expect(ours.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const gnu = viewElfObject(gnuAs(text), 'gnu');
      const mem = viewObject(ours.object);
      const written = viewElfObject(writeRelocatable(ours.object), 'ours');
      expect(written).toEqual(mem);
      for (const g of gnu) {
        const o = mem.find((s) => s.name === g.name);
        expect(o, `section ${g.name}`).toBeDefined();
        expect({ name: o!.name, size: o!.size, bytes: o!.bytes }).toEqual({ name: g.name, size: g.size, bytes: g.bytes });
        expect({ name: o!.name, relocs: o!.relocs }).toEqual({ name: g.name, relocs: g.relocs });
      }
      expect(mem.map((s) => s.name).sort()).toEqual(gnu.map((s) => s.name).sort());
    });
  }
});

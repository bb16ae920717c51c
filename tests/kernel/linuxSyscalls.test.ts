// The Linux syscall name table against the cross toolchain's <asm/unistd.h>.
import { describe, expect, it } from 'vitest';
import { linuxSyscallName, linuxSyscallTable } from '../../src/kernel/standin/linuxSyscalls.ts';
import { oraclesOptedOut, requireTools, runTool } from '../diff/tools.ts';

function headerTable(): Map<string, number> {
  const text = runTool('gcc', ['-E', '-dM', '-x', 'c', '-'], { input: '#include <asm/unistd.h>\n' });
  const raw = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^#define (__NR3264_\w+|__NR_\w+) (\S+)$/.exec(line);
    if (m) raw.set(m[1], m[2]);
  }
  const resolved = new Map<string, number>();
  for (const [k, v] of raw) {
    if (!k.startsWith('__NR_')) continue;
    const target = /^\d+$/.test(v) ? v : raw.get(v);
    if (k === '__NR_syscalls' || k.startsWith('__NR_arch_specific')) continue;
    if (target !== undefined && /^\d+$/.test(target)) resolved.set(k.slice(5), Number(target));
  }
  return resolved;
}

describe('Linux syscall table', () => {
  it('names the common calls', () => {
    expect(linuxSyscallName(64)).toBe('write');
    expect(linuxSyscallName(214)).toBe('brk');
    expect(linuxSyscallName(250)).toBeUndefined();
    expect(linuxSyscallName(-1)).toBeUndefined();
  });

  it.skipIf(oraclesOptedOut)('matches <asm/unistd.h> of aarch64-linux-gnu', () => {
    requireTools('gcc');
    const header = headerTable();
    expect(header.size).toBeGreaterThan(250);
    const ours = new Map(linuxSyscallTable().map(([nr, name]) => [name, nr]));
    for (const [name, nr] of header) {
      // Aliases the header defines next to the real name (fcntl via __NR3264_).
      if (!ours.has(name)) {
        expect.soft(linuxSyscallName(nr), `header __NR_${name} = ${nr}`).toBeDefined();
        continue;
      }
      expect.soft(ours.get(name), `__NR_${name}`).toBe(nr);
    }
    for (const [name, nr] of ours) {
      if (header.has(name)) continue;
      // Numbers newer than this header are allowed, older ones must be present.
      expect.soft(nr > Math.max(...header.values()), `${name} (${nr}) missing from the header`).toBe(true);
    }
  });
});

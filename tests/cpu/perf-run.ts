// Manual speed probe for the CPU (not a test): `npx tsx tests/cpu/perf-run.ts [ELF rounds]`.
// Prints MIPS by CPU time (robust on a shared machine) and by wall time for a tight
// loop, a dispatch-bound two-page ping-pong and, given a static Linux ELF built from
// bench/workloads/intmix.c, a realistic gcc -O2 run through the stand-in kernel.
import { readFileSync } from 'node:fs';
import { assemble, machineWith } from './harness.ts';
import { bootStandin } from '../../src/kernel/standin/boot.ts';
import type { Machine } from '../../src/emulator/machine.ts';

const LOOP = `movz x1, #0x100, lsl #16\nmov x2, #3\nldr x4, =0x10000000
1: add x0, x0, x2\neor x3, x0, x1\nlsl x5, x3, #3\nand x5, x5, #0xfff0\nadd x0, x0, x5
str x0, [x4]\nldr x6, [x4, #8]\nadd x0, x0, x6\nsub x1, x1, #1\ncbnz x1, 1b\nsvc #0\n.ltorg`;
const PINGPONG = `movz x1, #0x80, lsl #16\nA: add x0, x0, #1\nb B\n.skip 4096\nB: subs x1, x1, #1\nb.ne A\nsvc #0`;

function measure(name: string, m: Machine, limit = Infinity): void {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  let s;
  do { s = m.run(3_000_000); } while (s.kind === 'budget' && m.instret < limit);
  const cu = process.cpuUsage(c0);
  const cpuMs = (cu.user + cu.system) / 1000, wallMs = performance.now() - w0;
  console.log(`${name}: ${m.instret} instructions, ${(m.instret / cpuMs / 1000).toFixed(1)} MIPS (cpu), ` +
    `${(m.instret / wallMs / 1000).toFixed(1)} MIPS (wall), ${m.blocksCompiled} blocks compiled, stop ${s.kind}`);
}

measure('tight loop', machineWith(assemble(LOOP)).m);
measure('page ping-pong (dispatch-bound)', machineWith(assemble(PINGPONG)).m);
const [elfPath, rounds] = process.argv.slice(2);
if (elfPath) {
  const elf = new Uint8Array(readFileSync(elfPath));
  const b = bootStandin({ elf, personality: 'linux', argv: [elfPath, rounds ?? '40'], output: (_fd, d) => process.stdout.write(d) });
  if (!b.ok) throw new Error(b.error);
  measure(`${elfPath} ${rounds ?? 40}`, b.value.machine);
}

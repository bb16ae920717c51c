// seL4_DebugDumpScheduler prints seL4's table: header, 88 dashes, one row per TCB
// (name padded to 40, state to 16, restart PC as %p padded to 18, priority in 4),
// newest thread first, the idle thread before the root task; unnamed threads are
// "child of: '<creator>'" as a seL4 debug build names them.
import { describe, expect, it } from 'vitest';
import { dumpScheduler } from '../../src/kernel/api/debug.ts';
import { runRootTask } from './rootTaskRun.ts';

const program = `
#define R seL4_CapInitThreadCNode
int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  seL4_Word s = bi->empty.start, ut = 0;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++)
    if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 20) { ut = i; break; }
  seL4_Untyped_Retype(ut, seL4_TCBObject, 0, R, 0, 0, s, 2);
  seL4_TCB_SetPriority(s + 1, seL4_CapInitThreadTCB, 42);
  seL4_DebugNameThread(s + 1, "worker");
  printf("<<\\n");
  seL4_DebugDumpScheduler();
  printf(">>\\n");
  return 0;
}
`;

describe('seL4_DebugDumpScheduler', () => {
  const run = runRootTask(program);
  const table = run.stdout.slice(run.stdout.indexOf('<<\n') + 3, run.stdout.indexOf('>>\n'));
  const lines = table.split('\n');

  it("prints seL4's header and one row per thread in seL4's order", () => {
    expect(run.status).toBe(0);
    expect(lines[0]).toBe('Dumping all tcbs!');
    expect(lines[1]).toBe(`${'Name'.padEnd(40)}   ${'State'.padEnd(16)}   ${'IP'.padEnd(18)}   Prio`);
    expect(lines[2]).toBe('-'.repeat(88));
    const names = lines.slice(3, -1).map((l) => l.slice(0, 40).trimEnd());
    expect(names).toEqual(['worker', "child of: 'rootserver'", 'idle_thread', 'rootserver']);
  });

  it('shows state, restart PC and priority in their columns', () => {
    const cols = (l: string) => [l.slice(0, 40).trimEnd(), l.slice(43, 59).trimEnd(), l.slice(62, 80).trimEnd(), l.slice(83)];
    expect(cols(lines[3])).toEqual(['worker', 'inactive', '(nil)', '  42']);
    expect(cols(lines[5])).toEqual(['idle_thread', 'idle', '(nil)', '   0']);
    const root = cols(lines[6]);
    expect(root[1]).toBe('running');
    expect(root[2]).toMatch(/^0x[0-9a-f]+$/);
    expect(root[3]).toBe(' 255');
  });

  it('matches what the kernel state holds afterwards', () => {
    const now = dumpScheduler(run.booted.kernel.state);
    expect(now.split('\n').slice(0, 3)).toEqual(lines.slice(0, 3));
  });
});

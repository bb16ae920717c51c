// Boot of a root task on the CapLab seL4 kernel: initial caps, BootInfo,
// entry registers, debug syscalls and faults without a handler (reference/sel4.md 2.2, 2.6, 2.12).
import { describe, expect, it } from 'vitest';
import { readPageDescriptor } from '../../src/emulator/mmu/pagetable.ts';
import { untypedBlocks } from '../../src/kernel/boot.ts';
import { runRootTask } from './rootTaskRun.ts';

const bootProgram = `
int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  CHECK("BOOT0001 x0 at entry is the BootInfo frame, mapped after the IPC buffer", (seL4_Word)bi == (seL4_Word)bi->ipcBuffer + 4096);
  CHECK("BOOT0002 TPIDRRO_EL0 holds the IPC buffer address", seL4_GetIPCBuffer() == bi->ipcBuffer);
  CHECK("BOOT0003 root CNode is 2^12 slots", bi->initThreadCNodeSizeBits == 12);
  CHECK("BOOT0004 one node, no IOPT levels, no extra pages", bi->nodeID == 0 && bi->numNodes == 1 && bi->numIOPTLevels == 0 && bi->extraLen == 0);
  CHECK("BOOT0005 regions follow the initial caps in seL4 order", bi->userImagePaging.start == seL4_NumInitialCaps
        && bi->userImageFrames.start == bi->userImagePaging.end && bi->untyped.start == bi->userImageFrames.end
        && bi->empty.start == bi->untyped.end && bi->empty.end == 4096);
  CHECK("BOOT0006 the first untyped is the device page of the UART", bi->untypedList[0].isDevice == 1 && bi->untypedList[0].paddr == 0x9000000);
  int aligned = 1;
  for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
    seL4_UntypedDesc *u = &bi->untypedList[i];
    if (u->paddr & ((1ul << u->sizeBits) - 1)) aligned = 0;
  }
  CHECK("BOOT0007 every untyped is aligned to its size", aligned);
  seL4_BootInfo copy = *bi;
  CHECK("BOOT0008 BootInfo frame is writable by the root task", copy.numNodes == 1);
  seL4_DebugNameThread(seL4_CapInitThreadTCB, "my-root");
  printf("done\\n");
  return 42;
}
`;

describe('root task boot', () => {
  const r = runRootTask(bootProgram);

  it.each([
    'BOOT0001 x0 at entry is the BootInfo frame, mapped after the IPC buffer',
    'BOOT0002 TPIDRRO_EL0 holds the IPC buffer address',
    'BOOT0003 root CNode is 2^12 slots',
    'BOOT0004 one node, no IOPT levels, no extra pages',
    'BOOT0005 regions follow the initial caps in seL4 order',
    'BOOT0006 the first untyped is the device page of the UART',
    'BOOT0007 every untyped is aligned to its size',
    'BOOT0008 BootInfo frame is writable by the root task',
  ])('%s', (name) => {
    expect(r.lines).toContain(`ok ${name}`);
  });

  it('BOOT0010 exit status is x0 at seL4_DebugHalt (main returned 42)', () => {
    expect(r.stdout).toContain('done\n');
    expect(r.status).toBe(42);
    expect(r.booted.kernel.outcome).toEqual({ kind: 'exited', status: 42 });
  });

  it('BOOT0011 initial caps sit in slots 0-15 as seL4 numbers them', () => {
    const k = r.booted.kernel.state;
    const slots = [...k.cnodes.values()][0];
    const types = slots.slice(0, 16).map((s) => s.cap.type);
    expect(types).toEqual(['null', 'tcb', 'cnode', 'vspace', 'irqControl', 'asidControl', 'asidPool', 'null', 'null',
      'frame', 'frame', 'domain', 'null', 'null', 'null', 'null']);
    const cn = slots[2].cap;
    expect(cn).toMatchObject({ type: 'cnode', radix: 12, guardSize: 52, guard: 0n });
  });

  it('BOOT0012 image frames and page tables are real mappings in the root VSpace', () => {
    const { kernel, machine, facts } = r.booted;
    const slots = [...kernel.state.cnodes.values()][0];
    const root = (slots[3].cap as { paddr: bigint }).paddr;
    for (let i = facts.userImageFrames[0]; i < facts.userImageFrames[1]; i++) {
      const c = slots[i].cap;
      if (c.type !== 'frame' || !c.mapped) throw new Error(`slot ${i} is not a mapped frame`);
      const d = readPageDescriptor(machine.mem, root, c.mapped.vaddr);
      expect(d & 0x0000_ffff_ffff_f000n).toBe(c.paddr);
    }
    expect(facts.userImagePaging[1] - facts.userImagePaging[0]).toBeGreaterThanOrEqual(3);
  });

  it('BOOT0013 seL4_DebugNameThread names the thread', () => {
    const t = [...r.booted.kernel.state.tcbs.values()][0];
    expect(t.name).toBe('my-root');
    expect(t.priority).toBe(255);
    expect(t.mcp).toBe(255);
  });

  it('BOOT0014 untyped blocks are maximal naturally aligned powers of two', () => {
    expect(untypedBlocks(0x1000n, 0x8000n, false).map((u) => [u.paddr, u.sizeBits])).toEqual([[0x1000n, 12], [0x2000n, 13], [0x4000n, 14]]);
  });
});

describe('faults without a handler stop the thread (reference/sel4.md 2.12)', () => {
  it('FAULT0001 an unknown syscall number raises UnknownSyscall; with no fault endpoint the run stops', () => {
    const r = runRootTask(`int main(void) {
      register seL4_Word x7 __asm__("x7") = (seL4_Word)-77;
      printf("before\\n");
      __asm__ volatile("svc #0" : : "r"(x7) : "memory");
      printf("after\\n");
      return 0;
    }`);
    expect(r.stdout).toBe('before\n');
    expect(r.status).toBe(1);
    const o = r.booted.kernel.outcome;
    expect(o.kind).toBe('stopped');
    expect(o.kind === 'stopped' && o.report).toMatch(/UnknownSyscall -77 .*no valid fault handler/);
  });

  it('FAULT0002 a data abort raises a VMFault naming the address', () => {
    const r = runRootTask(`int main(void) { volatile int *p = (int *)0x10; printf("x\\n"); return *p; }`);
    const o = r.booted.kernel.outcome;
    expect(o.kind === 'stopped' && o.report).toMatch(/VMFault at pc 0x[0-9a-f]+: data access at 0x10 /);
  });

  it('FAULT0003 seL4_Call on a CPtr whose guard does not match raises a CapFault (guard mismatch)', () => {
    const r = runRootTask(`int main(void) {
      seL4_SetMR(0, 0); seL4_SetMR(1, 64);
      seL4_Call(0x123456789abcdef0ul, seL4_MessageInfo_new(1, 0, 0, 2));
      return 0;
    }`);
    const o = r.booted.kernel.outcome;
    expect(o.kind === 'stopped' && o.report).toMatch(/CapFault .*cptr 0x123456789abcdef0: guard mismatch: 64 bits left, the CNode's guard is 0 \(52 bits\)/);
  });
});

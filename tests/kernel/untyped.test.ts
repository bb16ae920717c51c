// seL4_Untyped_Retype on the CapLab seL4 kernel: every rule of reference/sel4.md
// 2.9 in seL4's decode order, with the error MRs sel4test checks (RETYPE0000...).
import { describe, expect, it } from 'vitest';
import { runRootTask } from './rootTaskRun.ts';

const program = `
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static seL4_Word freeSlot;
static seL4_Word slot(void) { return freeSlot++; }
static seL4_Word findUntyped(seL4_BootInfo *bi, int bits, int device) {
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++) {
    seL4_UntypedDesc *u = &bi->untypedList[i - bi->untyped.start];
    if (u->isDevice == device && u->sizeBits == bits) return i;
  }
  return 0;
}
int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  freeSlot = bi->empty.start;
  seL4_Word big = findUntyped(bi, 20, 0);
  seL4_Word dev = findUntyped(bi, 12, 1);
  int e;
  e = seL4_Untyped_Retype(big, 10, 0, R, 0, 0, slot(), 1);
  CHECK("RETYPE0001 an object type past the last is InvalidArgument 0", e == seL4_InvalidArgument && seL4_GetMR(0) == 0);
  e = seL4_Untyped_Retype(big, seL4_UntypedObject, 64, R, 0, 0, slot(), 1);
  CHECK("RETYPE0002 size_bits 64 is RangeError [0, 47]", e == seL4_RangeError && seL4_GetMR(0) == 0 && seL4_GetMR(1) == 47);
  e = seL4_Untyped_Retype(big, seL4_CapTableObject, 43, R, 0, 0, slot(), 1);
  CHECK("RETYPE0003 a CNode of 2^43 slots (2^48 bytes) is RangeError [0, 47]", e == seL4_RangeError && seL4_GetMR(1) == 47);
  e = seL4_Untyped_Retype(big, seL4_CapTableObject, 0, R, 0, 0, slot(), 1);
  CHECK("RETYPE0004 a CNode with size_bits 0 is InvalidArgument 1", e == seL4_InvalidArgument && seL4_GetMR(0) == 1);
  e = seL4_Untyped_Retype(big, seL4_UntypedObject, 3, R, 0, 0, slot(), 1);
  CHECK("RETYPE0005 an untyped below 2^4 is InvalidArgument 1", e == seL4_InvalidArgument && seL4_GetMR(0) == 1);
  e = seL4_Untyped_Retype(big, seL4_EndpointObject, 0, R, seL4_CapInitThreadTCB, D, 0, 1);
  CHECK("RETYPE0006 a destination that is not a CNode is FailedLookup", e == seL4_FailedLookup && seL4_GetMR(0) == 0);
  e = seL4_Untyped_Retype(big, seL4_EndpointObject, 0, R, 0, 0, 4096, 1);
  CHECK("RETYPE0007 node_offset past the CNode is RangeError [0, 4095]", e == seL4_RangeError && seL4_GetMR(0) == 0 && seL4_GetMR(1) == 4095);
  e = seL4_Untyped_Retype(big, seL4_EndpointObject, 0, R, 0, 0, slot(), 0);
  CHECK("RETYPE0008 zero objects is RangeError [1, 256]", e == seL4_RangeError && seL4_GetMR(0) == 1 && seL4_GetMR(1) == 256);
  e = seL4_Untyped_Retype(big, seL4_EndpointObject, 0, R, 0, 0, slot(), 257);
  CHECK("RETYPE0009 257 objects is RangeError [1, 256]", e == seL4_RangeError && seL4_GetMR(1) == 256);
  e = seL4_Untyped_Retype(big, seL4_EndpointObject, 0, R, 0, 0, 4090, 10);
  CHECK("RETYPE0010 a window overrunning the CNode is RangeError [1, slots - offset]", e == seL4_RangeError && seL4_GetMR(0) == 1 && seL4_GetMR(1) == 6);
  e = seL4_Untyped_Retype(big, seL4_EndpointObject, 0, R, 0, 0, seL4_CapInitThreadTCB, 1);
  CHECK("RETYPE0011 an occupied destination slot is DeleteFirst", e == seL4_DeleteFirst);
  e = seL4_Untyped_Retype(dev, seL4_EndpointObject, 0, R, 0, 0, slot(), 1);
  CHECK("RETYPE0012 device untyped cannot become an endpoint (InvalidArgument 1)", e == seL4_InvalidArgument && seL4_GetMR(0) == 1);
  e = seL4_Untyped_Retype(dev, seL4_ARM_SmallPageObject, 0, R, 0, 0, slot(), 1);
  CHECK("RETYPE0013 device untyped can become a frame", e == seL4_NoError);
  e = seL4_Untyped_Retype(dev, seL4_ARM_SmallPageObject, 0, R, 0, 0, slot(), 1);
  CHECK("RETYPE0014 a full untyped is NotEnoughMemory with MR0 = 0 bytes left", e == seL4_NotEnoughMemory && seL4_GetMR(0) == 0);

  /* Split the 2^20 untyped: two 2^13 untypeds to watch the watermark. */
  seL4_Word small = slot(); slot();
  e = seL4_Untyped_Retype(big, seL4_UntypedObject, 13, R, 0, 0, small, 2);
  CHECK("RETYPE0015 retype two 2^13 untypeds", e == seL4_NoError);
  seL4_Word ep = slot();
  e = seL4_Untyped_Retype(small, seL4_EndpointObject, 0, R, 0, 0, ep, 1);
  CHECK("RETYPE0016 retype an endpoint (16 bytes)", e == seL4_NoError);
  e = seL4_Untyped_Retype(small, seL4_ARM_SmallPageObject, 0, R, 0, 0, slot(), 2);
  CHECK("RETYPE0017 two frames do not fit after an endpoint (NotEnoughMemory, bytes left)", e == seL4_NotEnoughMemory && seL4_GetMR(0) == 8192 - 16);
  seL4_Word frame = slot();
  e = seL4_Untyped_Retype(small, seL4_ARM_SmallPageObject, 0, R, 0, 0, frame, 1);
  CHECK("RETYPE0018 one frame fits, aligned up past the endpoint", e == seL4_NoError);
  e = seL4_Untyped_Retype(small, seL4_EndpointObject, 0, R, 0, 0, slot(), 1);
  CHECK("RETYPE0019 alignment waste is not reused: nothing fits after the frame", e == seL4_NotEnoughMemory && seL4_GetMR(0) == 0);
  e = seL4_CNode_Revoke(R, small, D);
  CHECK("RETYPE0020 revoke the untyped", e == seL4_NoError);
  e = seL4_Untyped_Retype(small, seL4_ARM_SmallPageObject, 0, R, 0, 0, ep, 2);
  CHECK("RETYPE0021 with no children left the untyped resets: two frames fit again", e == seL4_NoError);

  seL4_Word cn = slot();
  e = seL4_Untyped_Retype(big, seL4_CapTableObject, 4, R, 0, 0, cn, 1);
  CHECK("RETYPE0022 retype a CNode of 16 slots", e == seL4_NoError);
  e = seL4_Untyped_Retype(big, seL4_EndpointObject, 0, R, cn, D, 3, 2);
  CHECK("RETYPE0023 retype into a CNode named by node_index/node_depth", e == seL4_NoError);
  e = seL4_CNode_Copy(R, slot(), D, cn, 4, 4, seL4_AllRights);
  CHECK("RETYPE0024 the objects landed in slots 3 and 4 of that CNode", e == seL4_NoError);
  e = seL4_Untyped_Retype(big, seL4_EndpointObject, 0, R, cn, D, 15, 2);
  CHECK("RETYPE0025 the window is checked against the destination CNode (RangeError [1, 1])", e == seL4_RangeError && seL4_GetMR(1) == 1);
  e = seL4_Untyped_Retype(big, seL4_TCBObject, 0, R, 0, 0, slot(), 1);
  CHECK("RETYPE0026 retype a TCB", e == seL4_NoError);
  printf("frame-slot %lu\\n", ep);
  return 0;
}
`;

describe('Untyped_Retype (C root task)', () => {
  const r = runRootTask(program);
  const names = [...program.matchAll(/CHECK\("([^"]+)"/g)].map((m) => m[1]);

  it.each(names)('%s', (name) => {
    expect(r.lines).toContain(`ok ${name}`);
  });

  it('RETYPE0027 after the reset the frames start at the base of the untyped again (kernel state)', () => {
    expect(r.status).toBe(0);
    const k = r.booted.kernel.state;
    const frameSlot = Number(/frame-slot (\d+)/.exec(r.stdout)![1]);
    const slots = [...k.cnodes.values()][0];
    const f = slots[frameSlot].cap;
    expect(f.type).toBe('frame');
    const parent = slots[frameSlot].parent;
    expect(parent?.cap.type).toBe('untyped');
    const u = parent!.cap as { paddr: bigint };
    expect(f.type === 'frame' && f.paddr).toBe(u.paddr);
    expect(slots[frameSlot + 1].cap).toMatchObject({ type: 'frame', paddr: u.paddr + 4096n });
    expect([...k.tcbs.values()].length).toBe(2);
  });
});

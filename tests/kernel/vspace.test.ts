// VSpace invocations on the CapLab seL4 kernel: page tables and frames mapped into
// real translation tables, their errors, ASID pools (reference/sel4.md 2.14; sel4test VSPACE*, FRAMEEXPORTS*).
import { describe, expect, it } from 'vitest';
import { runRootTask } from './rootTaskRun.ts';

const program = `
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
#define VS seL4_CapInitThreadVSpace
static seL4_Word freeSlot, ut, ut12, ut23;
static seL4_Word slot(void) { return freeSlot++; }
static seL4_Word retype(seL4_Word from, int type) { seL4_Word s = slot(); seL4_Untyped_Retype(from, type, 0, R, 0, 0, s, 1); return s; }
int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  freeSlot = bi->empty.start;
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++) {
    seL4_UntypedDesc *u = &bi->untypedList[i - bi->untyped.start];
    if (!u->isDevice && u->sizeBits >= 20 && !ut) ut = i;
    if (!u->isDevice && u->sizeBits == 12 && !ut12) ut12 = i;
    if (!u->isDevice && u->sizeBits >= 23 && !ut23) ut23 = i;
  }
  seL4_Word frame = retype(ut, seL4_ARM_SmallPageObject), pt = retype(ut, seL4_ARM_PageTableObject), pt2 = retype(ut, seL4_ARM_PageTableObject);
  seL4_Word va = 0x10000000;
  int e = seL4_ARM_Page_Map(frame, VS, va, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0001 mapping a frame without its page table is FailedLookup with 21 bits left",
        e == seL4_FailedLookup && seL4_GetMR(0) == 0 && seL4_GetMR(1) == seL4_MissingCapability && seL4_GetMR(2) == 21);
  e = seL4_ARM_PageTable_Map(pt, VS, va, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0002 map a page table", e == seL4_NoError);
  e = seL4_ARM_PageTable_Map(pt, VS, va + 0x40000000, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0003 mapping a mapped page table again is InvalidCapability 0", e == seL4_InvalidCapability && seL4_GetMR(0) == 0);
  e = seL4_ARM_PageTable_Map(pt2, VS, va, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0004 a second table where every level exists is DeleteFirst", e == seL4_DeleteFirst);
  e = seL4_ARM_Page_Map(frame, VS, va + 8, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0005 an unaligned vaddr is AlignmentError", e == seL4_AlignmentError);
  e = seL4_ARM_Page_Map(frame, VS, 0x800000000000ul, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0006 a vaddr above the user top is InvalidArgument 0", e == seL4_InvalidArgument && seL4_GetMR(0) == 0);
  e = seL4_ARM_Page_Map(frame, VS, va, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0007 map a frame", e == seL4_NoError);
  volatile seL4_Word *p = (seL4_Word *)va;
  p[0] = 0x5eed;
  seL4_Word copy = slot();
  seL4_CNode_Copy(R, copy, D, R, frame, D, seL4_AllRights);
  e = seL4_ARM_Page_Map(copy, VS, va + 0x1000, seL4_CanRead, seL4_ARM_Default_VMAttributes);
  volatile seL4_Word *q = (seL4_Word *)(va + 0x1000);
  CHECK("VSPACE0008 a copy of the frame cap maps the same memory elsewhere (read-only)", e == seL4_NoError && q[0] == 0x5eed);
  e = seL4_ARM_Page_Map(frame, VS, va + 0x2000, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0009 remapping a mapped frame cap at another vaddr is InvalidArgument 0", e == seL4_InvalidArgument);
  e = seL4_ARM_Page_Map(frame, VS, va, seL4_CanRead, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0010 remapping at the same vaddr updates the rights", e == seL4_NoError && p[0] == 0x5eed);
  seL4_ARM_Page_GetAddress_t a = seL4_ARM_Page_GetAddress(frame);
  seL4_ARM_Page_GetAddress_t b = seL4_ARM_Page_GetAddress(copy);
  CHECK("VSPACE0011 GetAddress gives the frame's physical address", a.error == 0 && a.paddr == b.paddr && a.paddr >= 0x40000000);
  e = seL4_ARM_Page_Unmap(copy);
  seL4_Word other = retype(ut, seL4_ARM_SmallPageObject);
  int e2 = seL4_ARM_Page_Map(other, VS, va + 0x1000, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  volatile seL4_Word *o = (seL4_Word *)(va + 0x1000);
  CHECK("VSPACE0012 Unmap frees the vaddr for another frame (fresh frames are zero)", e == seL4_NoError && e2 == seL4_NoError && o[0] == 0);
  e = seL4_ARM_Page_Map(retype(ut, seL4_ARM_SmallPageObject), VS, va + 0x1000, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0013 mapping over an existing mapping is DeleteFirst", e == seL4_DeleteFirst);
  seL4_Word ptCopy = slot();
  seL4_CNode_Copy(R, ptCopy, D, R, pt, D, seL4_AllRights);
  e = seL4_ARM_PageTable_Unmap(pt);
  CHECK("VSPACE0014 unmapping a page table with other caps to it is RevokeFirst", e == seL4_RevokeFirst);

  seL4_Word pool = slot();
  e = seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, R, pool, D);
  CHECK("VSPACE0015 MakePool needs a 2^12 untyped (InvalidCapability 1)", e == seL4_InvalidCapability && seL4_GetMR(0) == 1);
  e = seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut12, R, pool, D);
  CHECK("VSPACE0016 MakePool from a 2^12 untyped", e == seL4_NoError);
  seL4_Word vs2 = retype(ut, seL4_ARM_VSpaceObject);
  e = seL4_ARM_PageTable_Map(pt2, vs2, va, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0017 a VSpace without an ASID cannot take mappings (InvalidCapability 1)", e == seL4_InvalidCapability && seL4_GetMR(0) == 1);
  e = seL4_ARM_ASIDPool_Assign(pool, vs2);
  CHECK("VSPACE0018 Assign gives the VSpace an ASID", e == seL4_NoError);
  e = seL4_ARM_ASIDPool_Assign(pool, vs2);
  CHECK("VSPACE0019 assigning twice is InvalidCapability 1", e == seL4_InvalidCapability);
  e = seL4_ARM_PageTable_Map(pt2, vs2, va, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0020 a page table maps into the new VSpace at level 1 first", e == seL4_NoError);
  seL4_Word large = retype(ut23, seL4_ARM_LargePageObject);
  e = seL4_ARM_Page_Map(large, VS, 0x40000000ul, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0022 a 2 MiB page needs a level-2 table: FailedLookup with 30 bits left", e == seL4_FailedLookup && seL4_GetMR(2) == 30);
  e = seL4_ARM_Page_Map(large, VS, 0x10200000ul, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  volatile seL4_Word *lp = (seL4_Word *)0x10200000ul;
  lp[0] = 1; lp[(1 << 21) / 8 - 1] = 2;
  CHECK("VSPACE0023 a 2 MiB page maps as a block and is usable end to end", e == seL4_NoError && lp[0] == 1 && lp[(1 << 21) / 8 - 1] == 2);
  e = seL4_ARM_Page_Map(retype(ut23, seL4_ARM_LargePageObject), VS, 0x10000000ul, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
  CHECK("VSPACE0024 a 2 MiB page over an existing page table is DeleteFirst", e == seL4_DeleteFirst);
  e = seL4_ARM_Page_Unmap(large);
  CHECK("VSPACE0025 a 2 MiB page unmaps", e == seL4_NoError);
  printf("vspace done\\n");
  return 0;
}
`;

describe('VSpace invocations (C root task)', () => {
  const r = runRootTask(program);
  const names = [...program.matchAll(/CHECK\("([^"]+)"/g)].map((m) => m[1]);

  it.each(names)('%s', (name) => {
    expect(r.lines).toContain(`ok ${name}`);
  });

  it('VSPACE0021 the run ends normally', () => {
    expect(r.stdout).toContain('vspace done\n');
    expect(r.status).toBe(0);
  });
});

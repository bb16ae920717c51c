// CNode invocations on the CapLab seL4 kernel, run as C root tasks, with seL4's
// error codes and error MRs (reference/sel4.md 2.8, 2.13; sel4test CNODEOP*).
import { describe, expect, it } from 'vitest';
import { runRootTask } from './rootTaskRun.ts';

const program = `
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static seL4_Word freeSlot;
static seL4_Word slot(void) { return freeSlot++; }
static seL4_Word untypedCap(seL4_BootInfo *bi, int bits) {
  for (seL4_Word i = bi->untyped.start; i < bi->untyped.end; i++) {
    seL4_UntypedDesc *u = &bi->untypedList[i - bi->untyped.start];
    if (!u->isDevice && u->sizeBits >= bits) return i;
  }
  return 0;
}
int main(void) {
  seL4_BootInfo *bi = seL4_GetBootInfo();
  freeSlot = bi->empty.start;
  seL4_Word ut = untypedCap(bi, 16);
  seL4_Word ep = slot();
  int e = seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, R, 0, 0, ep, 1);
  CHECK("retype an endpoint", e == seL4_NoError);

  seL4_Word a = slot();
  e = seL4_CNode_Copy(R, a, D, R, ep, D, seL4_AllRights);
  CHECK("CNODEOP0000 copy to an empty slot succeeds", e == seL4_NoError);
  e = seL4_CNode_Copy(R, a, D, R, ep, D, seL4_AllRights);
  CHECK("CNODEOP0001 copy to an occupied slot fails with seL4_DeleteFirst", e == seL4_DeleteFirst);

  seL4_Word empty = slot();
  e = seL4_CNode_Copy(R, slot(), D, R, empty, D, seL4_AllRights);
  CHECK("CNODEOP0002 copy from an empty slot fails with FailedLookup (source, MissingCapability, depth)",
        e == seL4_FailedLookup && seL4_GetMR(0) == 1 && seL4_GetMR(1) == seL4_MissingCapability && seL4_GetMR(2) == 64);

  e = seL4_CNode_Copy(R, slot(), D, R, seL4_CapIRQControl, D, seL4_AllRights);
  CHECK("CNODEOP0003 copying IRQControl fails with IllegalOperation", e == seL4_IllegalOperation);

  seL4_Word badged = slot();
  e = seL4_CNode_Mint(R, badged, D, R, ep, D, seL4_AllRights, 5);
  CHECK("CNODEOP0004 mint a badge onto an unbadged endpoint cap", e == seL4_NoError);
  e = seL4_CNode_Mint(R, slot(), D, R, badged, D, seL4_AllRights, 6);
  CHECK("CNODEOP0005 minting an already-badged endpoint fails with IllegalOperation", e == seL4_IllegalOperation);
  e = seL4_CNode_Mint(R, slot(), D, R, badged, D, seL4_AllRights, 0);
  CHECK("CNODEOP0006 minting a badged endpoint with badge 0 fails too", e == seL4_IllegalOperation);
  e = seL4_CNode_Mutate(R, slot(), D, R, a, D, 7);
  CHECK("CNODEOP0007 mutate of an endpoint cap fails with IllegalOperation", e == seL4_IllegalOperation);

  seL4_Word moved = slot();
  e = seL4_CNode_Move(R, a, D, R, ep, D);
  CHECK("CNODEOP0008 move to an occupied slot fails with DeleteFirst", e == seL4_DeleteFirst);
  e = seL4_CNode_Move(R, moved, D, R, a, D);
  CHECK("CNODEOP0009 move to an empty slot succeeds", e == seL4_NoError);
  e = seL4_CNode_Copy(R, slot(), D, R, a, D, seL4_AllRights);
  CHECK("CNODEOP0010 the source of a move is empty afterwards", e == seL4_FailedLookup && seL4_GetMR(0) == 1);

  e = seL4_CNode_Delete(R, empty, D);
  CHECK("CNODEOP0011 deleting an empty slot succeeds", e == seL4_NoError);
  e = seL4_CNode_Delete(R, moved, D);
  CHECK("CNODEOP0012 deleting a cap succeeds", e == seL4_NoError);
  e = seL4_CNode_Copy(R, slot(), D, R, moved, D, seL4_AllRights);
  CHECK("CNODEOP0013 a deleted slot is empty", e == seL4_FailedLookup);

  seL4_Word c1 = slot(), c2 = slot();
  seL4_CNode_Copy(R, c1, D, R, badged, D, seL4_AllRights);
  seL4_CNode_Copy(R, c2, D, R, c1, D, seL4_AllRights);
  e = seL4_CNode_Revoke(R, badged, D);
  CHECK("CNODEOP0014 revoke succeeds", e == seL4_NoError);
  int g1 = seL4_CNode_Copy(R, slot(), D, R, c1, D, seL4_AllRights);
  int g2 = seL4_CNode_Copy(R, slot(), D, R, c2, D, seL4_AllRights);
  int g3 = seL4_CNode_Copy(R, slot(), D, R, badged, D, seL4_AllRights);
  CHECK("CNODEOP0015 revoke deletes copies of copies and keeps the cap", g1 == seL4_FailedLookup && g2 == seL4_FailedLookup && g3 == seL4_NoError);
  e = seL4_CNode_Revoke(R, empty, D);
  CHECK("CNODEOP0016 revoking an empty slot succeeds", e == seL4_NoError);

  seL4_Word ro = slot();
  seL4_CNode_Copy(R, ro, D, R, ep, D, seL4_CanRead);
  e = seL4_CNode_CancelBadgedSends(R, ro, D);
  CHECK("CNODEOP0017 CancelBadgedSends needs all rights (IllegalOperation)", e == seL4_IllegalOperation);
  e = seL4_CNode_CancelBadgedSends(R, empty, D);
  CHECK("CNODEOP0018 CancelBadgedSends on an empty slot fails with IllegalOperation", e == seL4_IllegalOperation);
  e = seL4_CNode_CancelBadgedSends(R, badged, D);
  CHECK("CNODEOP0019 CancelBadgedSends on a full-rights badged endpoint succeeds", e == seL4_NoError);

  e = seL4_CNode_Rotate(R, slot(), D, 0, R, ro, D, 0, R, ro, D);
  CHECK("CNODEOP0020 rotate with pivot == source fails with IllegalOperation", e == seL4_IllegalOperation);

  e = seL4_CNode_Delete(R, empty, 0);
  CHECK("CNODEOP0021 depth 0 fails with RangeError [1, 64]", e == seL4_RangeError && seL4_GetMR(0) == 1 && seL4_GetMR(1) == 64);
  e = seL4_CNode_Delete(R, empty, 12);
  CHECK("CNODEOP0022 a depth shorter than guard+radix fails with FailedLookup (guard mismatch, dest)",
        e == seL4_FailedLookup && seL4_GetMR(0) == 0 && seL4_GetMR(1) == seL4_GuardMismatch && seL4_GetMR(2) == 12 && seL4_GetMR(3) == 0 && seL4_GetMR(4) == 52);

  seL4_Word saved = slot();
  e = seL4_CNode_SaveCaller(R, saved, D);
  CHECK("CNODEOP0023 SaveCaller with no caller succeeds and leaves the slot empty",
        e == seL4_NoError && seL4_CNode_Copy(R, slot(), D, R, saved, D, seL4_AllRights) == seL4_FailedLookup);
  e = seL4_CNode_SaveCaller(R, ro, D);
  CHECK("CNODEOP0024 SaveCaller into an occupied slot fails with DeleteFirst", e == seL4_DeleteFirst);

  e = seL4_CNode_Copy(R, slot(), D, R, ut, D, seL4_AllRights);
  CHECK("CNODEOP0025 copying an untyped with children fails with RevokeFirst", e == seL4_RevokeFirst);

  seL4_MessageInfo_t info = seL4_Call(empty, seL4_MessageInfo_new(CNodeCopy, 0, 0, 0));
  CHECK("CNODEOP0026 invoking a null cap fails with InvalidCapability 0",
        seL4_MessageInfo_get_label(info) == seL4_InvalidCapability && seL4_GetMR(0) == 0);
  info = seL4_Call(R, seL4_MessageInfo_new(UntypedRetype, 0, 0, 2));
  CHECK("CNODEOP0027 a non-CNode label on a CNode cap fails with IllegalOperation", seL4_MessageInfo_get_label(info) == seL4_IllegalOperation);
  info = seL4_Call(R, seL4_MessageInfo_new(CNodeCopy, 0, 0, 1));
  CHECK("CNODEOP0028 a CNode call with one message word fails with TruncatedMessage", seL4_MessageInfo_get_label(info) == seL4_TruncatedMessage);

  seL4_Word guarded = slot();
  e = seL4_CNode_Mint(R, guarded, D, R, R, D, seL4_AllRights, seL4_CNode_CapData_new(3, 4));
  CHECK("CNODEOP0029 minting a CNode cap sets its guard", e == seL4_NoError);
  e = seL4_CNode_Mint(R, slot(), D, R, R, D, seL4_AllRights, seL4_CNode_CapData_new(0, 60));
  CHECK("CNODEOP0030 a guard that makes guard+radix exceed 64 bits gives IllegalOperation", e == seL4_IllegalOperation);
  printf("rights-slot %lu guarded-slot %lu\\n", ro, guarded);
  return 0;
}
`;

describe('CNode invocations (C root task)', () => {
  const r = runRootTask(program);
  const names = [...program.matchAll(/CHECK\("([^"]+)"/g)].map((m) => m[1]);

  it.each(names)('%s', (name) => {
    expect(r.lines).toContain(`ok ${name}`);
  });

  it('CNODEOP0031 copy with seL4_CanRead masks the rights; mint writes the guard (kernel state)', () => {
    expect(r.status).toBe(0);
    const m = /rights-slot (\d+) guarded-slot (\d+)/.exec(r.stdout)!;
    const slots = [...r.booted.kernel.state.cnodes.values()][0];
    expect(slots[Number(m[1])].cap).toMatchObject({ type: 'endpoint', rights: { read: true, write: false, grant: false, grantReply: false } });
    expect(slots[Number(m[2])].cap).toMatchObject({ type: 'cnode', guard: 3n, guardSize: 4, radix: 12 });
  });

  it('CNODEOP0032 errors are recorded as events with a reason', () => {
    const errors = r.booted.kernel.state.events.peek().filter((e) => e.event.kind === 'error');
    expect(errors.length).toBeGreaterThan(10);
    const first = errors[0].event;
    expect(first).toMatchObject({ kind: 'error', label: 'CNodeCopy', error: 'DeleteFirst' });
    expect(first.kind === 'error' && first.reason).toMatch(/destination slot is not empty/);
  });
});

// fast-check generators for the kernel property test and soak: every seL4 method
// of the ABI table (METHODS) with good and bad arguments chosen per parameter
// name, IPC and scheduling syscalls on endpoints, notifications and reply caps,
// unknown syscalls, user exceptions, CPU runs and UART input. Cap arguments are
// CapRefs that mostly name live caps of the right type, sometimes the wrong type,
// an empty slot or a raw word. Kernel test support (core code, no DOM).
import fc from 'fast-check';
import { METHODS, type Method, type Param } from '../../shared/abi/index.ts';
import { UART_SPI } from '../../emulator/devices/pl011.ts';
import type { CapType } from '../core/cap.ts';
import type { CapRef, Op, SyscallKind, Word } from './soakOps.ts';

/** What the generators know of the booted world (fixed for a given root task). */
export interface SoakLayout {
  /** Root CNode slots [start, end) holding the boot untypeds. */
  untyped: [number, number];
  /** The work area of the root CNode: new caps go here. */
  workStart: number;
  workSize: number;
  /** The root task's svc loop. */
  entry: bigint;
  /** Virtual addresses covered by the root task's last-level page table, free for mapping frames. */
  mapBase: bigint;
  /** Virtual addresses with no page table yet (for PageTable_Map). */
  tableBase: bigint;
}

const CAP_TYPES: CapType[] = ['untyped', 'endpoint', 'notification', 'cnode', 'tcb', 'reply', 'irqControl', 'irqHandler',
  'domain', 'asidControl', 'asidPool', 'frame', 'pageTable', 'vspace', 'null'];

const IFACE_CAP: Record<string, CapType> = {
  seL4_Untyped: 'untyped', seL4_TCB: 'tcb', seL4_CNode: 'cnode', seL4_IRQControl: 'irqControl', seL4_IRQHandler: 'irqHandler',
  seL4_DomainSet: 'domain', seL4_ARM_VSpace: 'vspace', seL4_ARM_PageTable: 'pageTable', seL4_ARM_Page: 'frame',
  seL4_ARM_ASIDControl: 'asidControl', seL4_ARM_ASIDPool: 'asidPool',
};

/** The cap type a cap parameter wants. */
function capParamType(p: Param): CapType {
  if (p.type === 'seL4_CNode') return 'cnode';
  if (p.type === 'seL4_TCB') return 'tcb';
  if (p.type === 'seL4_Untyped') return 'untyped';
  if (p.name.startsWith('vspace')) return 'vspace';
  if (p.name === 'bufferFrame') return 'frame';
  if (p.name === 'notification') return 'notification';
  return 'endpoint';
}

const word64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const smallWord = fc.oneof(fc.constantFrom(0n, 1n, 2n, 63n, 64n, 255n, 256n, 4096n), fc.bigInt({ min: 0n, max: 300n }));

/** A CapRef that usually names a cap of type `t`. */
export function refArb(t: CapType, layout: SoakLayout): fc.Arbitrary<CapRef> {
  return fc.oneof(
    { weight: 14, arbitrary: fc.nat(15).map((i): CapRef => ({ live: t, i })) },
    // The root CNode (slot 2): the CNode most slot numbers make sense in.
    { weight: t === 'cnode' ? 20 : 0, arbitrary: fc.constant<CapRef>({ slot: 2 }) },
    { weight: 2, arbitrary: fc.record({ live: fc.constantFrom(...CAP_TYPES), i: fc.nat(15) }) },
    { weight: 2, arbitrary: fc.nat(layout.workStart + layout.workSize).map((slot): CapRef => ({ slot })) },
    { weight: 1, arbitrary: fc.nat(layout.workSize).map((free): CapRef => ({ free })) },
    { weight: 1, arbitrary: fc.oneof(word64, fc.bigInt({ min: 4096n, max: 70000n })).map((raw): CapRef => ({ raw })) },
  );
}

/** A destination slot: mostly an empty work slot. */
function destArb(layout: SoakLayout): fc.Arbitrary<CapRef> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.nat(layout.workSize).map((free): CapRef => ({ free })) },
    { weight: 2, arbitrary: refArb('endpoint', layout) },
    { weight: 1, arbitrary: fc.constantFrom<CapRef>({ raw: 4096n }, { raw: 1n << 63n }, { slot: 0 }, { slot: 2 }) },
  );
}

const depthArb = fc.oneof({ weight: 12, arbitrary: fc.constant(64n) }, { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 70n }) });
const rightsArb = fc.oneof({ weight: 3, arbitrary: fc.constant(15n) }, { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 15n }) });
const badgeArb = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 9n }), word64);
const boolArb = fc.constantFrom(0n, 1n);

function vaddrArb(layout: SoakLayout): fc.Arbitrary<bigint> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat(31).map((i) => layout.mapBase + BigInt(i) * 0x1000n) },
    { weight: 3, arbitrary: fc.nat(7).map((i) => layout.tableBase + BigInt(i) * 0x20_0000n) },
    { weight: 1, arbitrary: fc.nat(3).map((i) => layout.tableBase + BigInt(i) * 0x4000_0000n) },
    { weight: 1, arbitrary: fc.oneof(word64, fc.constantFrom(0n, 0x1234n, 0x0000_8000_0000_0000n, 0x400000n)) },
  );
}

/** Methods whose `index` names the empty slot to fill. */
const DEST_INDEX = new Set(['IRQIssueIRQHandler', 'ARMIRQIssueIRQHandlerTrigger', 'ARMASIDControlMakePool', 'CNodeSaveCaller']);

/** A slot holding a cap for a CNode operation to act on: an endpoint (badges,
 *  CancelBadgedSends), an untyped (Revoke), or a cap of any type. */
function sourceArb(method: Method, layout: SoakLayout): fc.Arbitrary<CapRef> {
  const anyLive = fc.record({ live: fc.constantFrom(...CAP_TYPES.filter((t) => t !== 'null')), i: fc.nat(15) });
  const usual: CapType = method.label === 'CNodeRevoke' ? 'untyped' : 'endpoint';
  return fc.oneof({ weight: 1, arbitrary: refArb(usual, layout) }, { weight: 1, arbitrary: anyLive });
}

/** Values for one non-cap parameter, by its name (good values mostly, bad ones sometimes). */
function paramArb(p: Param, method: Method, layout: SoakLayout): fc.Arbitrary<Word> {
  const bad = (good: fc.Arbitrary<Word>, wrong: fc.Arbitrary<Word> = word64): fc.Arbitrary<Word> =>
    fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: wrong });
  switch (p.name) {
    case 'type': return bad(fc.bigInt({ min: 0n, max: 9n }), fc.bigInt({ min: 10n, max: 20n }));
    case 'size_bits': return bad(fc.constantFrom(0n, 4n, 5n, 6n, 8n, 10n, 12n, 14n, 16n, 20n, 21n), fc.bigInt({ min: 0n, max: 70n }));
    case 'node_index': return bad(fc.constant(0n), fc.oneof(refArb('cnode', layout), smallWord));
    case 'node_depth': return bad(fc.constant(0n), fc.oneof(depthArb, fc.constant(12n)));
    case 'node_offset': return bad(destArb(layout), smallWord);
    case 'num_objects': return bad(fc.bigInt({ min: 1n, max: 4n }), fc.constantFrom(0n, 256n, 257n, 1n << 40n));
    case 'index': case 'src_index': case 'pivot_index':
      return DEST_INDEX.has(method.label) ? destArb(layout) : bad(sourceArb(method, layout), destArb(layout));
    case 'dest_index': return destArb(layout);
    case 'depth': case 'dest_depth': case 'src_depth': case 'pivot_depth': return depthArb;
    case 'rights': return rightsArb;
    case 'badge': case 'dest_badge': case 'pivot_badge': return badgeArb;
    case 'fault_ep': return bad(refArb('endpoint', layout), fc.constant(0n));
    case 'cspace_root_data': return fc.oneof(fc.constant(0n), fc.constant(52n), word64);
    case 'vspace_root_data': return bad(fc.constant(0n));
    case 'buffer': return bad(fc.nat(31).map((i) => layout.mapBase + BigInt(i) * 0x1000n + (i % 4 === 3 ? 512n : 0n)), fc.oneof(word64, fc.constant(0n), fc.constant(layout.mapBase + 8n)));
    case 'vaddr': return vaddrArb(layout);
    case 'priority': case 'mcp': return bad(fc.oneof(fc.constant(255n), fc.bigInt({ min: 0n, max: 255n })), fc.bigInt({ min: 256n, max: 1000n }));
    case 'irq': return bad(fc.oneof(fc.constant(BigInt(UART_SPI)), fc.bigInt({ min: 0n, max: 40n })), fc.bigInt({ min: 41n, max: 2000n }));
    case 'trigger': return boolArb;
    case 'count': return fc.oneof(fc.bigInt({ min: 0n, max: 40n }), word64);
    case 'domain': return fc.constantFrom(0n, 1n, 255n);
    case 'attr': return fc.bigInt({ min: 0n, max: 7n });
    default: return p.type === 'seL4_Bool' ? boolArb : p.type === 'seL4_Uint8' ? fc.constantFrom(0n, 1n, 255n) : fc.oneof(smallWord, word64);
  }
}

/** WriteRegisters' register words: pc mostly the svc loop, the rest small. */
function tailArb(method: Method, layout: SoakLayout): fc.Arbitrary<bigint[]> {
  if (method.label !== 'TCBWriteRegisters') return fc.constant([]);
  const pc = fc.oneof({ weight: 6, arbitrary: fc.constant(layout.entry) }, { weight: 1, arbitrary: word64 });
  return fc.tuple(pc, fc.array(smallWord, { maxLength: 35 })).map(([p, rest]) => [p, ...rest]);
}

/** `arb` about once in `n` draws, else undefined. */
function rarely<T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

function methodArb(method: Method, layout: SoakLayout): fc.Arbitrary<Op> {
  const plain = method.params.filter((p) => !p.cap);
  const capParams = method.params.filter((p) => p.cap);
  const args = fc.record(Object.fromEntries(plain.map((p) => [p.name, paramArb(p, method, layout)])) as Record<string, fc.Arbitrary<Word>>);
  const caps = fc.tuple(...capParams.map((p) => refArb(capParamType(p), layout)));
  const sys = fc.oneof({ weight: 10, arbitrary: fc.constant<'Call'>('Call') }, { weight: 1, arbitrary: fc.constantFrom<'Send' | 'NBSend'>('Send', 'NBSend') });
  const oddLength = rarely(fc.nat(8), 12);
  const oddLabel = rarely(fc.integer({ min: 0, max: 60 }), 25);
  return fc.record({ sys, cap: refArb(IFACE_CAP[method.iface] ?? 'null', layout), args, caps, tail: tailArb(method, layout), length: oddLength, label: oddLabel })
    .map((r): Op => {
      const op: Op = { op: 'invoke', sys: r.sys, method: method.label, cap: r.cap, args: r.args, caps: r.caps as CapRef[], tail: r.tail };
      if (r.length !== undefined) op.length = r.length;
      if (r.label !== undefined) op.label = r.label;
      return op;
    });
}

const IPC_SYS: SyscallKind[] = ['Call', 'Send', 'NBSend', 'Recv', 'NBRecv', 'Reply', 'ReplyRecv', 'Yield'];

/** Call/ReplyRecv/Recv rendezvous on the prelude's endpoint (plain or badged) with
 *  at most 4 MRs and no caps: the traffic the kernel's IPC fastpath takes. */
function rendezvousArb(layout: SoakLayout): fc.Arbitrary<Op> {
  const ep = fc.constantFrom<CapRef>({ slot: layout.workStart + 3 }, { slot: layout.workStart + 15 });
  return fc.record({ sys: fc.constantFrom<SyscallKind>('Call', 'ReplyRecv', 'Recv', 'Reply'), cap: ep, label: fc.nat(9), mrs: fc.array(smallWord, { maxLength: 4 }) })
    .map((r): Op => ({ op: 'ipc', sys: r.sys, cap: r.cap, label: r.label, mrs: r.mrs, caps: [] }));
}

function ipcArb(layout: SoakLayout): fc.Arbitrary<Op> {
  const target = fc.oneof(
    { weight: 6, arbitrary: refArb('endpoint', layout) },
    { weight: 4, arbitrary: refArb('notification', layout) },
    { weight: 1, arbitrary: refArb('reply', layout) },
  );
  const recvSlot = rarely(fc.tuple(
    fc.oneof({ weight: 5, arbitrary: fc.constant<CapRef>({ slot: 2 }) }, { weight: 1, arbitrary: refArb('cnode', layout) }),
    destArb(layout), fc.oneof({ weight: 5, arbitrary: fc.constant(64) }, { weight: 1, arbitrary: fc.nat(70) }),
  ), 3);
  return fc.record({
    sys: fc.constantFrom(...IPC_SYS), cap: target, label: fc.oneof(fc.nat(5), fc.nat(0xfffff)),
    mrs: fc.array(smallWord, { maxLength: 8 }), caps: fc.array(refArb('endpoint', layout), { maxLength: 3 }), recvSlot,
  }).map((r): Op => {
    const op: Op = { op: 'ipc', sys: r.sys, cap: r.cap, label: r.label, mrs: r.mrs, caps: r.caps };
    if (r.recvSlot) op.recvSlot = r.recvSlot;
    return op;
  });
}

function otherArb(layout: SoakLayout): fc.Arbitrary<Op> {
  return fc.oneof(
    // Numbers past the table, the unmodelled debug calls, and any word (not -14,
    // DebugNameThread: on a non-TCB cap seL4 halts, which would end the world).
    fc.oneof(fc.bigInt({ min: -20n, max: -15n }), fc.constantFrom(-13n, -12n, -10n), fc.bigInt({ min: 0n, max: 5n }), word64)
      .map((nr): Op => ({ op: 'unknownSyscall', nr })),
    fc.record({ kind: fc.constantFrom('undefined', 'dataAbort', 'instructionAbort', 'brk' as const), addr: fc.oneof(fc.constant(0n), vaddrArb(layout)) })
      .map((r): Op => ({ op: 'exception', kind: r.kind, addr: r.addr })),
    fc.integer({ min: 1, max: 24 }).map((ticks): Op => ({ op: 'run', ticks })),
    fc.nat(255).map((byte): Op => ({ op: 'uartRx', byte })),
  );
}

/** Weight of each method in the mix: the ones that build and change the world most. */
function methodWeight(m: Method): number {
  if (m.label === 'UntypedRetype') return 12;
  if (m.iface === 'seL4_CNode') return 3;
  if (m.iface === 'seL4_TCB') return 2;
  if (m.iface === 'seL4_ARM_VSpace') return 1;
  return 2;
}

/** One random operation. */
export function opArb(layout: SoakLayout): fc.Arbitrary<Op> {
  const methods = METHODS.map((m) => ({ weight: methodWeight(m), arbitrary: methodArb(m, layout) }));
  return fc.oneof(
    { weight: 60, arbitrary: fc.oneof(...methods) },
    { weight: 22, arbitrary: ipcArb(layout) },
    { weight: 8, arbitrary: rendezvousArb(layout) },
    { weight: 6, arbitrary: otherArb(layout) },
  );
}

/** A sequence of `min`..`max` random operations. */
export function opsArb(layout: SoakLayout, min: number, max: number): fc.Arbitrary<Op[]> {
  return fc.array(opArb(layout), { minLength: min, maxLength: max });
}

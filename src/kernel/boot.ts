// Boot: builds the root task's world as seL4's init_kernel does. Root-task
// objects (CNode of 2^12 slots, VSpace, page tables, image frames, IPC buffer,
// BootInfo frame, ASID pool, TCB) are carved from the bottom of RAM; the rest of
// RAM and the device regions become untyped caps. The initial caps go to slots
// 0-15 as seL4 numbers them, then paging caps, image frames and untypeds; BootInfo
// describes them. Kernel layer. Facts: reference/sel4.md 2.2 (entry registers), 2.6.
import { Machine } from '../emulator/machine.ts';
import { UART_BASE } from '../emulator/devices/pl011.ts';
import { BOOTINFO, INIT_CAP, offsets, UNTYPED_DESC, constant } from '../shared/abi/index.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { parseElf, type ElfSegment } from '../toolchain/elf/read.ts';
import { ALL_RIGHTS, deriveCap, type Cap } from './core/cap.ts';
import { insertDerived, insertRoot, type Slot } from './core/cdt.ts';
import { Sel4Kernel } from './kernel.ts';
import { mapFrameAt, type NewTable } from './object/vspace.ts';
import { TCB_SLOT } from './object/tcb.ts';
import type { KernelConfig, KernelState } from './state.ts';

export const ROOT_CNODE_BITS = constant('CONFIG_ROOT_CNODE_SIZE_BITS');
export const ROOT_ASID = 1;
const PAGE = 4096n;
const MAX_UNTYPED_BITS = constant('seL4_MaxUntypedBits');
const MIN_UNTYPED_BITS = constant('seL4_MinUntypedBits');
const MAX_BOOTINFO_UNTYPEDS = constant('CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS');

export interface RootTaskOptions {
  elf: Uint8Array;
  ramBytes?: number;
  /** Serial output (seL4_DebugPutChar and the UART). */
  output?: (byte: number) => void;
  /** Run the invariant checker after every kernel entry (tests). */
  checkInvariants?: boolean;
  /** Kernel config switches (lab extensions; all off by default, as in seL4). */
  config?: Partial<KernelConfig>;
}

export interface UntypedRecord { paddr: bigint; sizeBits: number; isDevice: boolean }

export interface BootInfoFacts {
  bootInfo: bigint;
  ipcBuffer: bigint;
  entry: bigint;
  empty: [number, number];
  userImageFrames: [number, number];
  userImagePaging: [number, number];
  untyped: [number, number];
  untypedList: UntypedRecord[];
}

export interface BootedRootTask { machine: Machine; kernel: Sel4Kernel; facts: BootInfoFacts }

/** Bump allocator for the objects the kernel makes at boot (seL4's rootserver region). */
class BootAlloc {
  constructor(public next: bigint, readonly end: bigint) {}
  take(bits: number): bigint {
    const size = 1n << BigInt(bits);
    const at = (this.next + size - 1n) & ~(size - 1n);
    if (at + size > this.end) throw new Error(`boot: out of memory for a 2^${bits} object`);
    this.next = at + size;
    return at;
  }
}

/** Splits [start, end) into maximal naturally aligned power-of-two blocks (seL4 create_untypeds_for_region). */
export function untypedBlocks(start: bigint, end: bigint, isDevice: boolean): UntypedRecord[] {
  const out: UntypedRecord[] = [];
  let at = start;
  while (end - at >= 1n << BigInt(MIN_UNTYPED_BITS)) {
    let bits = MAX_UNTYPED_BITS;
    while (bits > MIN_UNTYPED_BITS && ((at & ((1n << BigInt(bits)) - 1n)) !== 0n || at + (1n << BigInt(bits)) > end)) bits--;
    if ((at & ((1n << BigInt(bits)) - 1n)) !== 0n) break;
    out.push({ paddr: at, sizeBits: bits, isDevice });
    at += 1n << BigInt(bits);
  }
  return out;
}

/** The pages the image covers, lowest first, with the union of their segments' flags. */
function imagePages(segments: readonly ElfSegment[]): bigint[] {
  const pages = new Set<bigint>();
  for (const s of segments) {
    if (s.memsz === 0n) continue;
    for (let p = s.vaddr & ~(PAGE - 1n); p < s.vaddr + s.memsz; p += PAGE) pages.add(p);
  }
  return [...pages].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

class SlotCursor {
  constructor(private readonly slots: Slot[], public pos: number) {}
  put(cap: Cap): number {
    if (this.pos >= this.slots.length) throw new Error('boot: the root CNode is full');
    insertRoot(this.slots[this.pos], cap);
    return this.pos++;
  }
}

function writeBootInfo(k: KernelState, pa: bigint, f: BootInfoFacts): void {
  const off = offsets(BOOTINFO);
  const w = (name: string, v: bigint | number, extra = 0) => k.mem.write64(Number(pa) + off[name] + extra, BigInt(v));
  const region = (name: string, r: [number, number]) => { w(name, r[0]); w(name, r[1], 8); };
  w('extraLen', 0); w('nodeID', 0); w('numNodes', 1); w('numIOPTLevels', 0); w('ipcBuffer', f.ipcBuffer);
  region('empty', f.empty); region('sharedFrames', [0, 0]); region('userImageFrames', f.userImageFrames);
  region('userImagePaging', f.userImagePaging); region('ioSpaceCaps', [0, 0]); region('extraBIPages', [0, 0]);
  w('initThreadCNodeSizeBits', ROOT_CNODE_BITS); w('initThreadDomain', 0); region('untyped', f.untyped);
  const descSize = offsets(UNTYPED_DESC).padding + 6;
  f.untypedList.forEach((u, i) => {
    const at = Number(pa) + off.untypedList + i * descSize;
    k.mem.write64(at, u.paddr);
    k.mem.writeBytes(at + 8, Uint8Array.of(u.sizeBits, u.isDevice ? 1 : 0));
  });
}

export function bootRootTask(opts: RootTaskOptions): Result<BootedRootTask, string> {
  const parsed = parseElf(opts.elf);
  if (!parsed.ok) return parsed;
  const image = parsed.value;
  if (image.type !== 'exec') return err('relocatable object (ET_REL), not an executable: link it first');
  const kernel = new Sel4Kernel();
  kernel.checkInvariants = opts.checkInvariants ?? false;
  const machine = new Machine({ ramBytes: opts.ramBytes, kernel, onUartByte: opts.output });
  kernel.attach(machine);
  Object.assign(kernel.state.config, opts.config ?? {});
  try {
    return ok({ machine, kernel, facts: buildRootTask(kernel, machine, image.entry, image.segments) });
  } catch (e) {
    return err(`boot: ${(e as Error).message}`);
  }
}

function buildRootTask(kernel: Sel4Kernel, machine: Machine, entry: bigint, segments: readonly ElfSegment[]): BootInfoFacts {
  const k = kernel.state;
  const mem = machine.mem;
  const alloc = new BootAlloc(BigInt(mem.ramBase), BigInt(mem.ramBase + mem.ramSize));
  const cnodePa = alloc.take(ROOT_CNODE_BITS + 5);
  const slots = k.createCNode(cnodePa, ROOT_CNODE_BITS);
  const vspacePa = alloc.take(12);
  const poolPa = alloc.take(12);
  const tcbPa = alloc.take(11);
  const pages = imagePages(segments);
  if (pages.length === 0) throw new Error('the program has no loadable segment');
  const ipcBuffer = pages[pages.length - 1] + PAGE;
  const bootInfo = ipcBuffer + PAGE;
  const rwx = { read: true, write: true, exec: true };
  const tables: NewTable[] = [];
  const mapOne = (va: bigint, pa: bigint, rights = rwx) => {
    const r = mapFrameAt(mem, vspacePa, va, pa, rights, () => { const t = alloc.take(12); mem.zero(Number(t), 4096); return t; });
    if (!r.ok) throw new Error(r.error);
    tables.push(...r.value);
  };
  const framePa = new Map<bigint, bigint>();
  for (const va of pages) { const pa = alloc.take(12); mem.zero(Number(pa), 4096); framePa.set(va, pa); mapOne(va, pa); }
  for (const s of segments) copySegment(mem, framePa, s);
  const ipcPa = alloc.take(12), biPa = alloc.take(12);
  mem.zero(Number(ipcPa), 4096); mem.zero(Number(biPa), 4096);
  mapOne(ipcBuffer, ipcPa, { read: true, write: true, exec: false });
  mapOne(bootInfo, biPa, { read: true, write: true, exec: false });

  const c = INIT_CAP;
  const mappedFrame = (paddr: bigint, vaddr: bigint): Cap =>
    ({ type: 'frame', paddr, sizeBits: 12, rights: ALL_RIGHTS, isDevice: false, mapped: { asid: ROOT_ASID, vaddr } });
  insertRoot(slots[c.CapInitThreadCNode], { type: 'cnode', paddr: cnodePa, radix: ROOT_CNODE_BITS, guardSize: 64 - ROOT_CNODE_BITS, guard: 0n });
  insertRoot(slots[c.CapInitThreadVSpace], { type: 'vspace', paddr: vspacePa, asid: ROOT_ASID });
  insertRoot(slots[c.CapIRQControl], { type: 'irqControl' });
  insertRoot(slots[c.CapASIDControl], { type: 'asidControl' });
  insertRoot(slots[c.CapInitThreadASIDPool], { type: 'asidPool', paddr: poolPa, asidBase: 0 });
  insertRoot(slots[c.CapBootInfoFrame], mappedFrame(biPa, bootInfo));
  insertRoot(slots[c.CapInitThreadIPCBuffer], mappedFrame(ipcPa, ipcBuffer));
  insertRoot(slots[c.CapDomain], { type: 'domain' });
  k.asids.set(ROOT_ASID, vspacePa);
  k.asidPools.set(poolPa, 0);

  const cursor = new SlotCursor(slots, c.NumInitialCaps);
  const pagingStart = cursor.pos;
  for (const t of tables) cursor.put({ type: 'pageTable', paddr: t.paddr, mapped: { asid: ROOT_ASID, vaddr: t.vaddr, level: t.level } });
  const userImagePaging: [number, number] = [pagingStart, cursor.pos];
  const framesStart = cursor.pos;
  for (const va of pages) cursor.put(mappedFrame(framePa.get(va)!, va));
  const userImageFrames: [number, number] = [framesStart, cursor.pos];

  const tcb = k.createTcb(tcbPa);
  insertRoot(slots[c.CapInitThreadTCB], { type: 'tcb', paddr: tcbPa });
  insertDerived(slots[c.CapInitThreadCNode], tcb.slots[TCB_SLOT.CTable], slots[c.CapInitThreadCNode].cap, false);
  insertDerived(slots[c.CapInitThreadVSpace], tcb.slots[TCB_SLOT.VTable], slots[c.CapInitThreadVSpace].cap, false);
  // seL4 create_initial_thread: the TCB's buffer slot holds deriveCap of the IPC buffer cap (no mapping).
  const bufferCap = deriveCap(slots[c.CapInitThreadIPCBuffer].cap, false);
  if (bufferCap.ok) insertDerived(slots[c.CapInitThreadIPCBuffer], tcb.slots[TCB_SLOT.Buffer], bufferCap.cap, false);
  Object.assign(tcb, { state: 'Running', priority: 255, mcp: 255, name: 'rootserver', ipcBuffer, ipcBufferPaddr: ipcPa });

  const untypedList = [
    ...untypedBlocks(BigInt(UART_BASE), BigInt(UART_BASE) + PAGE, true),
    ...untypedBlocks((alloc.next + PAGE - 1n) & ~(PAGE - 1n), alloc.end, false),
  ].slice(0, MAX_BOOTINFO_UNTYPEDS);
  const untypedStart = cursor.pos;
  for (const u of untypedList) cursor.put({ type: 'untyped', paddr: u.paddr, sizeBits: u.sizeBits, isDevice: u.isDevice, freeOffset: 0n });
  const facts: BootInfoFacts = {
    bootInfo, ipcBuffer, entry, userImageFrames, userImagePaging, untypedList,
    untyped: [untypedStart, cursor.pos], empty: [cursor.pos, 1 << ROOT_CNODE_BITS],
  };
  writeBootInfo(k, biPa, facts);
  kernel.startRootThread(tcb, vspacePa, ROOT_ASID, entry, bootInfo);
  return facts;
}

function copySegment(mem: Machine['mem'], framePa: Map<bigint, bigint>, s: ElfSegment): void {
  let done = 0;
  while (done < s.data.length) {
    const va = s.vaddr + BigInt(done);
    const page = va & ~(PAGE - 1n);
    const n = Math.min(s.data.length - done, Number(PAGE - (va - page)));
    const f = mem.writeBytes(Number(framePa.get(page)! + (va - page)), s.data.subarray(done, done + n));
    if (f) throw new Error(f.reason);
    done += n;
  }
}

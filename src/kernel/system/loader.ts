// The Microkit system loader: from a checked description and one ELF per program
// image it builds, directly in the kernel's state, what Microkit's tool and
// initialiser build at boot: per protection domain a TCB at its priority (named
// after the PD), a CNode with Microkit's slot layout, a VSpace with the image,
// stack, IPC buffer and mapped memory regions, a notification (and an endpoint if
// anyone may call it), badged caps for every channel end and IRQ handlers bound
// to the notification; setvar symbols and libmicrokit's variables are written
// into the images. Every object's original cap sits in the loader's own CNode.
// Kernel layer. Facts: reference/sel4.md 3.1-3.4; the lab's choices: docs/microkit.md.
import { CpuState } from '../../emulator/cpu/state.ts';
import { Machine } from '../../emulator/machine.ts';
import { UART_BASE, UART_SIZE } from '../../emulator/devices/pl011.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { parseElf, type ElfImage } from '../../toolchain/elf/read.ts';
import { ALL_RIGHTS, deriveCap, isRevocable, type Cap, type Rights } from '../core/cap.ts';
import { insertDerived, insertRoot, type Slot } from '../core/cdt.ts';
import { Sel4Kernel } from '../kernel.ts';
import { TCB_SLOT, type Tcb } from '../object/tcb.ts';
import { mapFrameAt } from '../object/vspace.ts';
import type { KernelState } from '../state.ts';
import { channelBadge, NAME_BYTES, PD_CNODE_BITS, PD_SLOT, PD_STACK_TOP, PPC_BADGE } from './layout.ts';
import { patchImage, PatchError, type Patch } from './patch.ts';
import type { MapDesc, PdDesc, Perms, RegionDesc, SystemDesc } from './sdf.ts';

const PAGE = 0x1000n;
const hex = (v: bigint) => `0x${v.toString(16)}`;

export interface SystemOptions {
  system: SystemDesc;
  /** program_image path -> ELF executable. */
  images: ReadonlyMap<string, Uint8Array>;
  /** The monitor's ELF (programs.ts monitorImage()): it receives every PD's faults and
   *  prints them. Without it a faulting PD just stops (the kernel's report names it). */
  monitor?: Uint8Array;
  ramBytes?: number;
  output?: (byte: number) => void;
  checkInvariants?: boolean;
}

/** What the loader made for one protection domain (for tests, views and reports). */
export interface LoadedPd {
  name: string;
  tcb: Tcb;
  cnode: bigint;
  vspace: bigint;
  asid: number;
  entry: bigint;
  stackTop: bigint;
  ipcBuffer: bigint;
  notification: bigint;
  endpoint: bigint | null;
}

export interface BootedSystem { machine: Machine; kernel: Sel4Kernel; pds: LoadedPd[]; monitor: LoadedPd | null }

/** The monitor's thread name and priority (above every PD's 0-254). */
export const MONITOR_NAME = 'monitor';
const MONITOR_PRIORITY = 255;

export class LoadError extends Error {}

/** Bump allocator over RAM for the objects the loader creates. */
export class Alloc {
  constructor(public next: bigint, readonly end: bigint, private readonly k: KernelState) {}
  take(bits: number, zero = true): bigint {
    const size = 1n << BigInt(bits);
    const at = (this.next + size - 1n) & ~(size - 1n);
    if (at + size > this.end) throw new LoadError(`out of memory: the system needs more than the machine's RAM (a 2^${bits}-byte object did not fit)`);
    this.next = at + size;
    if (zero) this.k.mem.zero(Number(at), Number(size));
    return at;
  }
}

/** Holds the original cap of every object the loader creates (Microkit's initialiser CSpace). */
export class Holder {
  private pos = 0;
  constructor(private readonly slots: Slot[]) {}
  put(cap: Cap): Slot {
    const s = this.next();
    insertRoot(s, cap);
    return s;
  }

  /** A copy of `src`'s cap (changed as given) below it in the CDT. */
  putDerived(src: Slot, cap: Cap): Slot {
    const s = this.next();
    insertDerived(src, s, cap, isRevocable(cap, src.cap));
    return s;
  }

  private next(): Slot {
    if (this.pos >= this.slots.length) throw new LoadError('the loader\'s CNode is full (too many objects)');
    return this.slots[this.pos++];
  }
}

/** Per-region frames: original caps in the holder, physical addresses in order. */
interface RegionFrames { desc: RegionDesc; frames: Slot[] }

interface PdBuild {
  desc: PdDesc;
  image: ElfImage;
  loaded: LoadedPd;
  slots: Slot[];
  ntfnSlot: Slot;
  epSlot: Slot | null;
  /** Image page VA -> frame PA (for patching symbols). */
  imageFrames: Map<bigint, bigint>;
}

export function bootSystem(opts: SystemOptions): Result<BootedSystem, string> {
  const images = new Map<string, ElfImage>();
  for (const pd of opts.system.pds) {
    const bytes = opts.images.get(pd.programImage);
    if (!bytes) return err(`protection domain "${pd.name}": no program image "${pd.programImage}"`);
    const parsed = parseElf(bytes);
    if (!parsed.ok) return err(`protection domain "${pd.name}": ${pd.programImage}: ${parsed.error}`);
    if (parsed.value.type !== 'exec') return err(`protection domain "${pd.name}": ${pd.programImage} is not an executable`);
    images.set(pd.name, parsed.value);
  }
  let monitor: ElfImage | null = null;
  if (opts.monitor) {
    const parsed = parseElf(opts.monitor);
    if (!parsed.ok) return err(`the monitor: ${parsed.error}`);
    monitor = parsed.value;
  }
  const kernel = new Sel4Kernel();
  kernel.checkInvariants = opts.checkInvariants ?? false;
  const machine = new Machine({ ramBytes: opts.ramBytes, kernel, onUartByte: opts.output });
  kernel.attach(machine);
  try {
    return ok({ machine, kernel, ...load(kernel, opts.system, images, monitor) });
  } catch (e) {
    if (e instanceof LoadError || e instanceof PatchError) return err(e.message);
    throw e;
  }
}

function imagePageCount(image: ElfImage): number {
  return imagePages(image).size;
}

/** Image pages with the union of their segments' permissions. */
export function imagePages(image: ElfImage): Map<bigint, Perms> {
  const pages = new Map<bigint, Perms>();
  for (const s of image.segments) {
    if (s.memsz === 0n) continue;
    for (let p = s.vaddr & ~(PAGE - 1n); p < s.vaddr + s.memsz; p += PAGE) {
      const was = pages.get(p) ?? { read: true, write: false, exec: false };
      pages.set(p, { read: true, write: was.write || s.flags.w, exec: was.exec || s.flags.x });
    }
  }
  return pages;
}

function holderBits(sys: SystemDesc, images: Map<string, ElfImage>, monitor: ElfImage | null): number {
  let n = 64 + sys.regions.reduce((a, r) => a + Number(r.size / PAGE), 0) + (monitor ? 16 + 2 * imagePageCount(monitor) : 0);
  for (const pd of sys.pds) {
    n += 16 + 2 * (imagePageCount(images.get(pd.name)!) + Number(pd.stackSize / PAGE));
    for (const m of pd.maps) n += 2 * Number(sys.regions.find((r) => r.name === m.mr)!.size / PAGE);
  }
  return Math.max(10, Math.ceil(Math.log2(n)));
}

function load(kernel: Sel4Kernel, sys: SystemDesc, images: Map<string, ElfImage>, monitorImage: ElfImage | null): { pds: LoadedPd[]; monitor: LoadedPd | null } {
  const k = kernel.state, mem = kernel.machine.mem;
  const alloc = new Alloc(BigInt(mem.ramBase), BigInt(mem.ramBase + mem.ramSize), k);
  const bits = holderBits(sys, images, monitorImage);
  const holderPa = alloc.take(bits + 5);
  const holder = new Holder(k.createCNode(holderPa, bits));
  holder.put({ type: 'cnode', paddr: holderPa, radix: bits, guardSize: 64 - bits, guard: 0n });
  const irqControl = holder.put({ type: 'irqControl' });
  const poolPa = alloc.take(12);
  holder.put({ type: 'asidPool', paddr: poolPa, asidBase: 0 });
  k.asidPools.set(poolPa, 0);
  const regions = new Map(sys.regions.map((r) => [r.name, regionFrames(r, alloc, holder)]));
  const builds = sys.pds.map((pd, i) => buildPd(kernel, pd, images.get(pd.name)!, i + 1, alloc, holder, regions));
  for (const ch of sys.channels) connect({ k, holder, alloc }, builds, ch.ends);
  builds.forEach((b) => bindIrqs(k, b, holder, irqControl));
  for (const b of builds) patchImage(k.mem, b.image, b.imageFrames, patchesFor(b, sys));
  const monitor = monitorImage ? addMonitor(kernel, builds, monitorImage, { k, holder, alloc }, regions) : null;
  start(kernel, monitor ? [...builds, monitor] : builds);
  return { pds: builds.map((b) => b.loaded), monitor: monitor?.loaded ?? null };
}

/** The monitor thread: its endpoint is every PD's fault endpoint (slot 5), badged with the PD's number. */
function addMonitor(kernel: Sel4Kernel, builds: PdBuild[], image: ElfImage, ctx: LoadCtx, regions: Map<string, RegionFrames>): PdBuild {
  const desc: PdDesc = { name: MONITOR_NAME, priority: MONITOR_PRIORITY, stackSize: PAGE, programImage: 'monitor', maps: [], irqs: [], line: 0 };
  const mon = buildPd(kernel, desc, image, builds.length + 1, ctx.alloc, ctx.holder, regions);
  const ep = endpointOf(mon, ctx);
  builds.forEach((b, i) => {
    give(b, PD_SLOT.MonitorEndpoint, ep, { type: 'endpoint', paddr: mon.loaded.endpoint!, badge: BigInt(i + 1), rights: { ...SEND_ONLY, grantReply: true } });
    b.loaded.tcb.faultEp = BigInt(PD_SLOT.MonitorEndpoint);
  });
  const names = new Uint8Array(builds.length * NAME_BYTES);
  builds.forEach((b, i) => names.set(new TextEncoder().encode(b.desc.name).subarray(0, NAME_BYTES - 1), i * NAME_BYTES));
  patchImage(ctx.k.mem, image, mon.imageFrames, [
    { symbol: 'pd_names', bytes: names, where: 'the monitor' },
    { symbol: 'pd_count', value: BigInt(builds.length), where: 'the monitor' },
  ]);
  return mon;
}

function regionFrames(r: RegionDesc, alloc: Alloc, holder: Holder): RegionFrames {
  const frames: Slot[] = [];
  const device = r.physAddr !== undefined;
  if (device && (r.physAddr! < BigInt(UART_BASE) || r.physAddr! + r.size > BigInt(UART_BASE + UART_SIZE))) {
    throw new LoadError(`memory region "${r.name}" (line ${r.line}): phys_addr ${hex(r.physAddr!)} is not device memory of the lab machine (its only device region is the PL011 UART, ${hex(BigInt(UART_BASE))}, 0x1000 bytes)`);
  }
  for (let off = 0n; off < r.size; off += PAGE) {
    const paddr = device ? r.physAddr! + off : alloc.take(12);
    frames.push(holder.put({ type: 'frame', paddr, sizeBits: 12, rights: ALL_RIGHTS, isDevice: device }));
  }
  return { desc: r, frames };
}

function buildPd(kernel: Sel4Kernel, pd: PdDesc, image: ElfImage, asid: number, alloc: Alloc, holder: Holder, regions: Map<string, RegionFrames>): PdBuild {
  const k = kernel.state;
  const cnodePa = alloc.take(PD_CNODE_BITS + 5), vspacePa = alloc.take(12), tcbPa = alloc.take(11);
  const ntfnPa = alloc.take(5);
  const slots = k.createCNode(cnodePa, PD_CNODE_BITS);
  const cnodeSlot = holder.put({ type: 'cnode', paddr: cnodePa, radix: PD_CNODE_BITS, guardSize: 64 - PD_CNODE_BITS, guard: 0n });
  const vspaceSlot = holder.put({ type: 'vspace', paddr: vspacePa, asid });
  k.asids.set(asid, vspacePa);
  k.notifications.set(ntfnPa, { paddr: ntfnPa, word: 0n, active: false, boundTcb: null, waiting: [] });
  const ntfnSlot = holder.put({ type: 'notification', paddr: ntfnPa, badge: 0n, rights: ALL_RIGHTS });
  const space = new SpaceBuilder(kernel, pd, vspacePa, asid, alloc, holder);
  const imageFrames = space.mapImage(image);
  const ipcBuffer = space.nextFreeAfterImage();
  const ipcSlot = space.mapFresh(ipcBuffer, { read: true, write: true, exec: false }, 'the IPC buffer');
  const stackBase = PD_STACK_TOP - pd.stackSize;
  for (let va = stackBase; va < PD_STACK_TOP; va += PAGE) space.mapFresh(va, { read: true, write: true, exec: false }, 'the stack');
  for (const m of pd.maps) space.mapRegion(m, regions.get(m.mr)!);
  const tcb = k.createTcb(tcbPa);
  holder.put({ type: 'tcb', paddr: tcbPa });
  insertDerived(cnodeSlot, tcb.slots[TCB_SLOT.CTable], cnodeSlot.cap, false);
  insertDerived(vspaceSlot, tcb.slots[TCB_SLOT.VTable], vspaceSlot.cap, false);
  const buf = deriveCap(ipcSlot.cap, false);
  if (buf.ok) insertDerived(ipcSlot, tcb.slots[TCB_SLOT.Buffer], buf.cap, false);
  Object.assign(tcb, { priority: pd.priority, mcp: pd.priority, name: pd.name, ipcBuffer, ipcBufferPaddr: (ipcSlot.cap as { paddr: bigint }).paddr, faultIp: image.entry });
  const loaded: LoadedPd = { name: pd.name, tcb, cnode: cnodePa, vspace: vspacePa, asid, entry: image.entry, stackTop: PD_STACK_TOP, ipcBuffer, notification: ntfnPa, endpoint: null };
  return { desc: pd, image, loaded, slots, ntfnSlot, epSlot: null, imageFrames };
}

/** Maps frames into one PD's VSpace, keeping page-table and frame caps in the holder. */
class SpaceBuilder {
  private readonly used: Array<{ start: bigint; end: bigint; what: string }> = [];
  private imageEnd = 0n;

  constructor(private readonly kernel: Sel4Kernel, private readonly pd: PdDesc, private readonly root: bigint,
    private readonly asid: number, private readonly alloc: Alloc, private readonly holder: Holder) {}

  mapImage(image: ElfImage): Map<bigint, bigint> {
    const frames = new Map<bigint, bigint>();
    for (const [va, perms] of imagePages(image)) {
      const slot = this.mapFresh(va, perms, `the program image ${this.pd.programImage}`);
      frames.set(va, (slot.cap as { paddr: bigint }).paddr);
      if (va + PAGE > this.imageEnd) this.imageEnd = va + PAGE;
    }
    if (frames.size === 0) throw new LoadError(`protection domain "${this.pd.name}": ${this.pd.programImage} has no loadable segment`);
    for (const s of image.segments) copySegment(this.kernel.state, frames, s.vaddr, s.data);
    return frames;
  }

  nextFreeAfterImage(): bigint {
    return this.imageEnd;
  }

  /** A new zeroed RAM frame mapped at va. */
  mapFresh(va: bigint, perms: Perms, what: string): Slot {
    const pa = this.alloc.take(12);
    const slot = this.holder.put({ type: 'frame', paddr: pa, sizeBits: 12, rights: ALL_RIGHTS, isDevice: false, mapped: { asid: this.asid, vaddr: va } });
    this.map(va, pa, perms, false, what);
    return slot;
  }

  mapRegion(m: MapDesc, r: RegionFrames): void {
    r.frames.forEach((orig, i) => {
      const va = m.vaddr + BigInt(i) * PAGE;
      const cap = orig.cap as Extract<Cap, { type: 'frame' }>;
      const rights: Rights = { read: m.perms.read, write: m.perms.write, grant: false, grantReply: false };
      this.holder.putDerived(orig, { ...cap, rights, mapped: { asid: this.asid, vaddr: va } });
      this.map(va, cap.paddr, m.perms, cap.isDevice || !m.cached, `memory region "${m.mr}" (map at line ${m.line})`);
    });
  }

  private map(va: bigint, pa: bigint, perms: Perms, device: boolean, what: string): void {
    const clash = this.used.find((u) => va >= u.start && va < u.end);
    if (clash) throw new LoadError(`protection domain "${this.pd.name}": ${what} at ${hex(va)} overlaps ${clash.what}`);
    this.used.push({ start: va, end: va + PAGE, what });
    const k = this.kernel.state;
    const r = mapFrameAt(k.mem, this.root, va, pa, { ...perms, device }, () => this.alloc.take(12));
    if (!r.ok) throw new LoadError(`protection domain "${this.pd.name}": cannot map ${what} at ${hex(va)}: ${r.error}`);
    for (const t of r.value) this.holder.put({ type: 'pageTable', paddr: t.paddr, mapped: { asid: this.asid, vaddr: t.vaddr, level: t.level } });
  }
}

export function copySegment(k: KernelState, frames: Map<bigint, bigint>, vaddr: bigint, data: Uint8Array): void {
  let done = 0;
  while (done < data.length) {
    const va = vaddr + BigInt(done);
    const page = va & ~(PAGE - 1n);
    const n = Math.min(data.length - done, Number(PAGE - (va - page)));
    k.mem.writeBytes(Number(frames.get(page)! + (va - page)), data.subarray(done, done + n));
    done += n;
  }
}

const SEND_ONLY: Rights = { read: false, write: true, grant: false, grantReply: false };

/** A derived cap in a PD's slot, a child of the holder's original. */
function give(b: PdBuild, index: number, from: Slot, cap: Cap): void {
  insertDerived(from, b.slots[index], cap, isRevocable(cap, from.cap));
}

/** The PD's endpoint, created on first need (someone may call it); its notification is bound to the TCB. */
function endpointOf(b: PdBuild, ctx: LoadCtx): Slot {
  if (b.epSlot) return b.epSlot;
  const pa = ctx.alloc.take(4);
  ctx.k.endpoints.set(pa, { paddr: pa, queue: [] });
  b.epSlot = ctx.holder.put({ type: 'endpoint', paddr: pa, badge: 0n, rights: ALL_RIGHTS });
  b.loaded.endpoint = pa;
  return b.epSlot;
}

interface LoadCtx { k: KernelState; holder: Holder; alloc: Alloc }

function connect(ctx: LoadCtx, builds: PdBuild[], ends: SystemDesc['channels'][number]['ends']): void {
  const [a, b] = ends.map((e) => builds.find((x) => x.desc.name === e.pd)!);
  const pairs: Array<[PdBuild, PdBuild, number]> = [[a, b, 0], [b, a, 1]];
  for (const [from, to, i] of pairs) {
    const mine = ends[i], theirs = ends[1 - i];
    if (mine.notify) give(from, PD_SLOT.BaseOutputNotification + mine.id, to.ntfnSlot, { type: 'notification', paddr: to.loaded.notification, badge: channelBadge(theirs.id), rights: SEND_ONLY });
    if (mine.pp) {
      const ep = endpointOf(to, ctx);
      give(from, PD_SLOT.BaseEndpoint + mine.id, ep, { type: 'endpoint', paddr: to.loaded.endpoint!, badge: PPC_BADGE | BigInt(theirs.id), rights: { ...SEND_ONLY, grantReply: true } });
    }
  }
}

function bindIrqs(k: KernelState, b: PdBuild, holder: Holder, irqControl: Slot): void {
  for (const q of b.desc.irqs) {
    const handler = holder.putDerived(irqControl, { type: 'irqHandler', irq: q.irq });
    give(b, PD_SLOT.BaseIrq + q.id, handler, { type: 'irqHandler', irq: q.irq });
    k.irqs.set(q.irq, { notification: { type: 'notification', paddr: b.loaded.notification, badge: channelBadge(q.id), rights: SEND_ONLY } });
  }
}

function patchesFor(b: PdBuild, sys: SystemDesc): Patch[] {
  return [...libmicrokitPatches(b, sys), ...setvarPatches(b, sys)];
}

function libmicrokitPatches(b: PdBuild, sys: SystemDesc): Patch[] {
  let notifications = 0n, pps = 0n, irqs = 0n;
  for (const ch of sys.channels) {
    for (const e of ch.ends) {
      if (e.pd !== b.desc.name) continue;
      if (e.notify) notifications |= channelBadge(e.id);
      if (e.pp) pps |= channelBadge(e.id);
    }
  }
  for (const q of b.desc.irqs) irqs |= channelBadge(q.id);
  return [
    { symbol: 'microkit_name', text: b.desc.name, optional: true },
    { symbol: 'microkit_notifications', value: notifications, optional: true },
    { symbol: 'microkit_pps', value: pps, optional: true },
    { symbol: 'microkit_irqs', value: irqs, optional: true },
  ];
}

function setvarPatches(b: PdBuild, sys: SystemDesc): Patch[] {
  const out: Patch[] = [];
  for (const m of b.desc.maps) {
    const size = sys.regions.find((r) => r.name === m.mr)!.size;
    if (m.setvarVaddr) out.push({ symbol: m.setvarVaddr, value: m.vaddr, line: m.line });
    if (m.setvarSize) out.push({ symbol: m.setvarSize, value: size, line: m.line });
  }
  for (const q of b.desc.irqs) if (q.setvarId) out.push({ symbol: q.setvarId, value: BigInt(q.id), line: q.line });
  for (const ch of sys.channels) {
    for (const e of ch.ends) if (e.pd === b.desc.name && e.setvarId) out.push({ symbol: e.setvarId, value: BigInt(e.id), line: e.line });
  }
  return out.map((p) => ({ ...p, where: `protection domain "${b.desc.name}" (${b.desc.programImage})` }));
}

/** Fills the INPUT slot, sets every PD's first registers and puts them in the ready
 *  queues; the highest priority one starts on the CPU. */
function start(kernel: Sel4Kernel, builds: PdBuild[]): void {
  const k = kernel.state;
  for (const b of builds) {
    const t = b.loaded.tcb;
    if (b.epSlot) {
      give(b, PD_SLOT.Input, b.epSlot, { type: 'endpoint', paddr: b.loaded.endpoint!, badge: 0n, rights: ALL_RIGHTS });
      t.boundNotification = b.loaded.notification;
      k.notifications.get(b.loaded.notification)!.boundTcb = t.paddr;
    } else {
      give(b, PD_SLOT.Input, b.ntfnSlot, { type: 'notification', paddr: b.loaded.notification, badge: 0n, rights: ALL_RIGHTS });
    }
    const regs = new CpuState();
    regs.pc = b.loaded.entry;
    regs.sp = b.loaded.stackTop;
    regs.tpidrro = b.loaded.ipcBuffer;
    t.regs = regs.save();
    t.state = 'Running';
    k.scheduler.enqueue(t);
  }
  const first = k.scheduler.choose(null)!;
  const b = builds.find((x) => x.loaded.tcb === first)!;
  kernel.startRootThread(first, b.loaded.vspace, b.loaded.asid, b.loaded.entry, 0n);
  kernel.machine.cpu.restore(first.regs!);
  first.regs = null;
}

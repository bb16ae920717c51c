// The Linux-compatibility loader: from a static Linux AArch64 ELF and a mode it
// builds, directly in the kernel's state (as the Microkit loader does for its
// systems), two threads: the component "linux-compat" (priority 200; CSpace with
// its endpoint, the program's TCB, its own VSpace, the UART's IRQ handler and
// notification, and unmapped caps to the program's code and gate frames) and the
// program (priority 100; fault endpoint = the component's endpoint with badge 1,
// a forward cap with badge 2). The program's pages are also mapped into the
// component at LX_WINDOW + va (code read-only). Modes c and d map the in-process
// library; mode d gives the program's TCB the vCPU model. Every original cap sits
// in the loader's own CNode. Kernel layer. Design: docs/linux-compat.md.
import { CpuState } from '../../emulator/cpu/state.ts';
import { Machine } from '../../emulator/machine.ts';
import { UART_BASE } from '../../emulator/devices/pl011.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { parseElf, type ElfImage } from '../../toolchain/elf/read.ts';
import { ALL_RIGHTS, isRevocable, type Cap, type Rights } from '../core/cap.ts';
import { insertDerived, type Slot } from '../core/cdt.ts';
import { Sel4Kernel } from '../kernel.ts';
import { TCB_SLOT, type Tcb } from '../object/tcb.ts';
import { mapFrameAt } from '../object/vspace.ts';
import { Alloc, copySegment, Holder, imagePages, LoadError } from '../system/loader.ts';
import { patchImage, PatchError, type Patch } from '../system/patch.ts';
import { buildInitialStack } from '../standin/userStack.ts';
import { linuxAuxv, programHeaders, RANDOM16 } from '../standin/loader.ts';
import { compatImages } from './images.ts';
import { BADGE, CHILD_SLOT, LAYOUT, LIMITS, MODES, SLOT, type CompatMode } from './layout.ts';
import { VCPU_REG } from '../api/vcpuModel.ts';

const PAGE = 0x1000n;
const hex = (v: bigint) => `0x${v.toString(16)}`;
/** The UART's interrupt line (SPI 1 = GIC id 33). */
export const UART_IRQ = 33;
export const COMPONENT_NAME = 'linux-compat';
const COMPONENT_PRIORITY = 200, PROGRAM_PRIORITY = 100;
/** The largest program the loader takes (a teaching lab's programs are small). */
export const MAX_PROGRAM_BYTES = 8 * 1024 * 1024;

export interface CompatFile { name: string; data: Uint8Array }

export interface CompatOptions {
  /** The Linux program: a static AArch64 ELF executable. */
  program: Uint8Array;
  /** Its name (the thread's name and argv[0]'s default). */
  name?: string;
  mode: CompatMode;
  argv?: string[];
  envp?: string[];
  /** The in-memory file system's files. */
  files?: CompatFile[];
  output?: (byte: number) => void;
  ramBytes?: number;
  checkInvariants?: boolean;
}

export interface BootedCompat {
  machine: Machine;
  kernel: Sel4Kernel;
  component: Tcb;
  program: Tcb;
  mode: CompatMode;
  /** Physical address of the shared state page (struct lx_state), for the host's statistics. */
  statePaddr: bigint;
  /** Where the component keeps its death report (lx_death), physical. */
  deathPaddr: bigint;
  library: { lo: bigint; hi: bigint; gate: bigint; vectors: bigint };
  programImage: ElfImage;
  /** The program's pages: VA -> frame PA (for views and tests that read its memory). */
  programFrames: ReadonlyMap<bigint, bigint>;
}

/** Checks a Linux program before loading: a clear message for what this loader cannot run. */
export function validateLinuxProgram(bytes: Uint8Array): Result<ElfImage, string> {
  if (bytes.length > MAX_PROGRAM_BYTES) return err(`the file is too large: ${bytes.length} bytes (at most ${MAX_PROGRAM_BYTES})`);
  const parsed = parseElf(bytes);
  if (!parsed.ok) return parsed;
  const image = parsed.value;
  if (image.type !== 'exec') return err('relocatable object (ET_REL), not an executable: link it first');
  for (const s of image.segments) {
    if (s.memsz === 0n) continue;
    if (s.vaddr < 0x1_0000n || s.vaddr + s.memsz > LAYOUT.GATES_VA) {
      return err(`segment at ${hex(s.vaddr)}-${hex(s.vaddr + s.memsz)} lies outside 0x10000-${hex(LAYOUT.GATES_VA)}, where linux-compat loads programs (link at the default 0x400000)`);
    }
  }
  return ok(image);
}

type Perms = { read: boolean; write: boolean; exec: boolean };
const RW: Perms = { read: true, write: true, exec: false };
const RX: Perms = { read: true, write: false, exec: true };
interface Space { root: bigint; asid: number; name: string; used: Map<bigint, string>; held: Slot }

/** Creates the objects and mappings; every original cap goes to the holder. */
class Builder {
  readonly k;
  readonly alloc: Alloc;
  readonly holder: Holder;
  readonly comp: { slots: Slot[]; held: Slot; space: Space };
  readonly child: { slots: Slot[]; held: Slot; space: Space };
  /** Program code and gate pages, in the order of their caps from SLOT.CODE0. */
  readonly codePages: bigint[] = [];
  /** Program VA -> frame PA of every page mapped for the program. */
  readonly childFrames = new Map<bigint, bigint>();

  constructor(readonly kernel: Sel4Kernel) {
    this.k = kernel.state;
    const mem = kernel.machine.mem;
    this.alloc = new Alloc(BigInt(mem.ramBase), BigInt(mem.ramBase + mem.ramSize), this.k);
    const bits = 14;
    const holderPa = this.alloc.take(bits + 5);
    this.holder = new Holder(this.k.createCNode(holderPa, bits));
    this.holder.put({ type: 'cnode', paddr: holderPa, radix: bits, guardSize: 64 - bits, guard: 0n });
    const poolPa = this.alloc.take(12);
    this.holder.put({ type: 'asidPool', paddr: poolPa, asidBase: 0 });
    this.k.asidPools.set(poolPa, 0);
    this.comp = { ...this.cnode(9), space: this.vspace(1, COMPONENT_NAME) };
    this.child = { ...this.cnode(4), space: this.vspace(2, 'the program') };
  }

  private cnode(radix: number): { slots: Slot[]; held: Slot } {
    const paddr = this.alloc.take(radix + 5);
    const slots = this.k.createCNode(paddr, radix);
    return { slots, held: this.holder.put({ type: 'cnode', paddr, radix, guardSize: 64 - radix, guard: 0n }) };
  }

  private vspace(asid: number, name: string): Space {
    const root = this.alloc.take(12);
    const held = this.holder.put({ type: 'vspace', paddr: root, asid });
    this.k.asids.set(asid, root);
    return { root, asid, name, used: new Map(), held };
  }

  /** Maps frame pa at va; its cap (original, or derived from `orig`) goes to the holder. */
  map(space: Space, va: bigint, pa: bigint, perms: Perms, what: string, opts: { device?: boolean; orig?: Slot } = {}): Slot {
    const clash = space.used.get(va);
    if (clash) throw new LoadError(`${space.name}: ${what} at ${hex(va)} overlaps ${clash}`);
    space.used.set(va, what);
    const cap: Cap = { type: 'frame', paddr: pa, sizeBits: 12, rights: rightsOf(perms), isDevice: opts.device ?? false, mapped: { asid: space.asid, vaddr: va } };
    const slot = opts.orig ? this.holder.putDerived(opts.orig, cap) : this.holder.put(cap);
    const r = mapFrameAt(this.k.mem, space.root, va, pa, { ...perms, device: opts.device ?? false }, () => this.alloc.take(12));
    if (!r.ok) throw new LoadError(`${space.name}: cannot map ${what} at ${hex(va)}: ${r.error}`);
    for (const t of r.value) this.holder.put({ type: 'pageTable', paddr: t.paddr, mapped: { asid: space.asid, vaddr: t.vaddr, level: t.level } });
    return slot;
  }

  /** A fresh frame for the program at va, also in the component's window (code read-only
   *  there); a code page's unmapped cap goes to the component's CSpace for patching. */
  childPage(va: bigint, perms: Perms, what: string): bigint {
    const pa = this.alloc.take(12);
    const orig = this.map(this.child.space, va, pa, perms, what);
    this.map(this.comp.space, LAYOUT.WINDOW + va, pa, { read: true, write: perms.write && !perms.exec, exec: false }, `the window onto ${what}`, { orig });
    this.childFrames.set(va, pa);
    if (perms.exec) {
      if (this.codePages.length >= LIMITS.CODE_PAGES) throw new LoadError(`the program has more than ${LIMITS.CODE_PAGES} code pages`);
      this.give(this.comp.slots, SLOT.CODE0 + this.codePages.length, orig, { type: 'frame', paddr: pa, sizeBits: 12, rights: ALL_RIGHTS, isDevice: false });
      this.codePages.push(va);
    }
    return pa;
  }

  childRange(lo: bigint, hi: bigint, perms: Perms, what: string): void {
    for (let va = lo; va < hi; va += PAGE) this.childPage(va, perms, what);
  }

  /** A cap in a thread's CNode slot, derived from the holder's slot `from`. */
  give(slots: Slot[], index: number, from: Slot, cap: Cap): void {
    insertDerived(from, slots[index], cap, isRevocable(cap, from.cap));
  }

  /** Loads an ELF's segments into fresh program pages (with the component's window). */
  loadImage(image: ElfImage, what: string): Map<bigint, bigint> {
    const frames = new Map<bigint, bigint>();
    for (const [va, p] of imagePages(image)) frames.set(va, this.childPage(va, { read: true, write: p.write && !p.exec, exec: p.exec }, what));
    for (const s of image.segments) copySegment(this.k, frames, s.vaddr, s.data);
    return frames;
  }

  /** Loads the component's own ELF into its VSpace (code read-only, data writable). */
  loadComponent(image: ElfImage): Map<bigint, bigint> {
    const frames = new Map<bigint, bigint>();
    for (const [va, p] of imagePages(image)) {
      const pa = this.alloc.take(12);
      this.map(this.comp.space, va, pa, { read: true, write: p.write, exec: p.exec }, 'the component image');
      frames.set(va, pa);
    }
    for (const s of image.segments) copySegment(this.k, frames, s.vaddr, s.data);
    return frames;
  }

  tcb(name: string, priority: number, thread: { held: Slot; space: Space }): { tcb: Tcb; held: Slot } {
    const pa = this.alloc.take(11);
    const t = this.k.createTcb(pa);
    const held = this.holder.put({ type: 'tcb', paddr: pa });
    insertDerived(thread.held, t.slots[TCB_SLOT.CTable], thread.held.cap, false);
    insertDerived(thread.space.held, t.slots[TCB_SLOT.VTable], thread.space.held.cap, false);
    Object.assign(t, { name, priority, mcp: priority });
    return { tcb: t, held };
  }
}

function rightsOf(p: Perms): Rights {
  return { read: p.read, write: p.write, grant: false, grantReply: false };
}

const SEND_GRANT_REPLY: Rights = { read: false, write: true, grant: false, grantReply: true };
const SEND_ONLY: Rights = { read: false, write: true, grant: false, grantReply: false };

/** Boots the component and the program on a fresh machine, ready to run. */
export function bootCompat(opts: CompatOptions): Result<BootedCompat, string> {
  if (!MODES.includes(opts.mode)) return err(`unknown mode "${String(opts.mode)}" (one of ${MODES.join(', ')})`);
  const v = validateLinuxProgram(opts.program);
  if (!v.ok) return v;
  let images;
  try { images = compatImages(); } catch (e) { return err((e as Error).message); }
  const comp = parseElf(images.component), lib = parseElf(images.library);
  if (!comp.ok || !lib.ok) return err('linux-compat: its own images do not parse');
  const kernel = new Sel4Kernel();
  kernel.checkInvariants = opts.checkInvariants ?? false;
  const machine = new Machine({ ramBytes: opts.ramBytes, kernel, onUartByte: opts.output });
  kernel.attach(machine);
  kernel.state.config.syscallOrigin = opts.mode === 'window' || opts.mode === 'patch';
  try {
    return ok(build(kernel, machine, opts, v.value, comp.value, lib.value));
  } catch (e) {
    if (e instanceof LoadError || e instanceof PatchError) return err(e.message);
    throw e;
  }
}

function symbol(image: ElfImage, name: string): bigint {
  const s = image.symbols.find((x) => x.name === name);
  if (!s) throw new LoadError(`linux-compat: symbol ${name} is missing from its image`);
  return s.value;
}

function build(kernel: Sel4Kernel, machine: Machine, opts: CompatOptions, prog: ElfImage, compImg: ElfImage, libImg: ElfImage): BootedCompat {
  const b = new Builder(kernel);
  const k = kernel.state;
  const name = opts.name ?? 'linux-program';
  // The program's address space.
  b.loadImage(prog, `the program ${name}`);
  const progPages = [...imagePages(prog).keys()];
  const imgLo = progPages.reduce((a, x) => (x < a ? x : a)), imgHi = progPages.reduce((a, x) => (x > a ? x : a)) + PAGE;
  const brkBase = imgHi;
  b.childRange(brkBase, brkBase + LAYOUT.BRK_SIZE, RW, 'the brk heap');
  b.childRange(LAYOUT.MMAP_VA, LAYOUT.MMAP_VA + LAYOUT.MMAP_SIZE, RW, 'the mmap arena');
  b.childRange(LAYOUT.STACK_TOP - LAYOUT.STACK_SIZE, LAYOUT.STACK_TOP, RW, 'the stack');
  b.childRange(LAYOUT.STATE_VA, LAYOUT.STATE_VA + LAYOUT.STATE_SIZE, RW, 'the shared state');
  b.childRange(LAYOUT.FILES_VA, LAYOUT.FILES_VA + LAYOUT.FILES_SIZE, RW, 'the file system');
  b.childRange(LAYOUT.GATES_VA, LAYOUT.GATES_VA + LAYOUT.GATES_SIZE, RX, 'the gates');
  const libFrames = b.loadImage(libImg, 'the in-process library');
  const libPages = [...libFrames.keys()];
  const libLo = LAYOUT.LIB_VA, libHi = libPages.reduce((a, x) => (x > a ? x : a)) + PAGE;
  let vcpuPa = 0n;
  if (opts.mode === 'vcpu') {
    vcpuPa = b.childPage(LAYOUT.VCPU_VA, RW, 'the vCPU registers');
    b.childRange(LAYOUT.VCPU_VA + PAGE, LAYOUT.GUEST_STACK_TOP, RW, 'the guest kernel stack');
  }
  // The UART in both spaces (device memory), its IRQ to the component's notification.
  const uart = b.map(b.comp.space, LAYOUT.UART_VA, BigInt(UART_BASE), RW, 'the UART', { device: true });
  b.map(b.child.space, LAYOUT.UART_VA, BigInt(UART_BASE), RW, 'the UART', { device: true, orig: uart });
  // The component's own image, IPC buffer and a page table for its patch window.
  const compFrames = b.loadComponent(compImg);
  const compEnd = [...compFrames.keys()].reduce((a, x) => (x > a ? x : a)) + PAGE;
  const ipcPa = b.alloc.take(12);
  const ipcSlot = b.map(b.comp.space, compEnd, ipcPa, RW, 'the IPC buffer');
  b.map(b.comp.space, LAYOUT.PATCH_VA + PAGE, b.alloc.take(12), RW, 'a page beside the patch window (so its page table exists)');
  // Objects: endpoint, notification, TCBs, IRQ handler.
  const epPa = b.alloc.take(4);
  k.endpoints.set(epPa, { paddr: epPa, queue: [] });
  const ep = b.holder.put({ type: 'endpoint', paddr: epPa, badge: 0n, rights: ALL_RIGHTS });
  const ntfnPa = b.alloc.take(5);
  k.notifications.set(ntfnPa, { paddr: ntfnPa, word: 0n, active: false, boundTcb: null, waiting: [] });
  const ntfn = b.holder.put({ type: 'notification', paddr: ntfnPa, badge: 0n, rights: ALL_RIGHTS });
  const irqControl = b.holder.put({ type: 'irqControl' });
  const handler = b.holder.putDerived(irqControl, { type: 'irqHandler', irq: UART_IRQ });
  k.irqs.set(UART_IRQ, { notification: { type: 'notification', paddr: ntfnPa, badge: 1n, rights: SEND_ONLY } });
  machine.gic.enable(UART_IRQ);
  const { tcb: compTcb } = b.tcb(COMPONENT_NAME, COMPONENT_PRIORITY, b.comp);
  const { tcb: progTcb, held: progHeld } = b.tcb(name, PROGRAM_PRIORITY, b.child);
  b.give(b.comp.slots, SLOT.EP, ep, { type: 'endpoint', paddr: epPa, badge: 0n, rights: ALL_RIGHTS });
  b.give(b.comp.slots, SLOT.CHILD_TCB, progHeld, { type: 'tcb', paddr: progTcb.paddr });
  b.give(b.comp.slots, SLOT.SELF_VSPACE, b.comp.space.held, b.comp.space.held.cap);
  b.give(b.comp.slots, SLOT.UART_IRQ, handler, { type: 'irqHandler', irq: UART_IRQ });
  b.give(b.comp.slots, SLOT.UART_NTFN, ntfn, { type: 'notification', paddr: ntfnPa, badge: 0n, rights: ALL_RIGHTS });
  b.give(b.child.slots, CHILD_SLOT.FAULT, ep, { type: 'endpoint', paddr: epPa, badge: BADGE.FAULT, rights: SEND_GRANT_REPLY });
  b.give(b.child.slots, CHILD_SLOT.FORWARD, ep, { type: 'endpoint', paddr: epPa, badge: BADGE.FORWARD, rights: SEND_GRANT_REPLY });
  progTcb.faultEp = BigInt(CHILD_SLOT.FAULT);
  insertDerived(ipcSlot, compTcb.slots[TCB_SLOT.Buffer], { ...(ipcSlot.cap as Cap & { type: 'frame' }), mapped: undefined }, false);
  Object.assign(compTcb, { ipcBuffer: compEnd, ipcBufferPaddr: ipcPa });
  // The component's variables, files, and the program's start.
  const files = opts.files ?? [];
  const fileTable = writeFiles(b, files);
  patchImage(k.mem, compImg, compFrames, componentPatches(opts.mode, b, { brkBase, imgLo, imgHi, libLo, libHi, gate: symbol(libImg, 'lx_gate_common') }, fileTable));
  const gate = symbol(libImg, 'lx_gate_common'), vectors = symbol(libImg, 'lx_vectors');
  if (opts.mode === 'vcpu') {
    k.mem.write64(Number(vcpuPa) + VCPU_REG.SP_EL1, LAYOUT.GUEST_STACK_TOP);
    progTcb.vcpu = { codeStart: libLo, codeEnd: libHi, vbar: vectors, regsPaddr: vcpuPa };
  }
  const argv = opts.argv ?? [name];
  const stack = buildInitialStack({ top: LAYOUT.STACK_TOP, argv, envp: opts.envp ?? [], auxv: linuxAuxv(prog.entry, programHeaders(opts.program, prog.segments)), random: RANDOM16 });
  if (LAYOUT.STACK_TOP - stack.sp > LAYOUT.STACK_SIZE / 2n) throw new LoadError('arguments and environment do not fit in half the stack');
  copySegment(k, b.childFrames, stack.sp, stack.bytes);
  start(kernel, compTcb, compImg.entry, b.comp.space, progTcb, prog.entry, stack.sp);
  const statePaddr = b.childFrames.get(LAYOUT.STATE_VA)!;
  const death = symbol(compImg, 'lx_death');
  const deathPage = death & ~(PAGE - 1n);
  return {
    machine, kernel, component: compTcb, program: progTcb, mode: opts.mode, statePaddr,
    deathPaddr: compFrames.get(deathPage)! + (death - deathPage),
    library: { lo: libLo, hi: libHi, gate, vectors }, programImage: prog, programFrames: b.childFrames,
  };
}

/** Copies the files into the file-system region; returns their offsets and sizes. */
function writeFiles(b: Builder, files: readonly CompatFile[]): { offs: bigint[]; sizes: bigint[]; names: Uint8Array; used: bigint } {
  if (files.length > LIMITS.FILES) throw new LoadError(`at most ${LIMITS.FILES} files (got ${files.length})`);
  const offs: bigint[] = [], sizes: bigint[] = [];
  const names = new Uint8Array(LIMITS.FILES * LIMITS.NAME);
  let used = 0n;
  files.forEach((f, i) => {
    const nameBytes = new TextEncoder().encode(f.name.replace(/^(\.\/|\/)+/, ''));
    if (nameBytes.length === 0 || nameBytes.length >= LIMITS.NAME) throw new LoadError(`file name "${f.name}" must have 1-${LIMITS.NAME - 1} bytes`);
    const size = BigInt(f.data.length);
    const room = (size + 0x1000n + PAGE - 1n) & ~(PAGE - 1n);
    if (used + room > LAYOUT.FILES_SIZE) throw new LoadError(`the files do not fit in the ${LAYOUT.FILES_SIZE / 1024n} KiB file system`);
    names.set(nameBytes, i * LIMITS.NAME);
    copySegment(b.k, b.childFrames, LAYOUT.FILES_VA + used, f.data);
    offs.push(used); sizes.push(size);
    used += room;
  });
  return { offs, sizes, names, used };
}

function words(values: readonly bigint[], count: number): Uint8Array {
  const out = new Uint8Array(count * 8);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setBigUint64(i * 8, v, true));
  return out;
}

function componentPatches(mode: CompatMode, b: Builder, at: { brkBase: bigint; imgLo: bigint; imgHi: bigint; libLo: bigint; libHi: bigint; gate: bigint },
  files: ReturnType<typeof writeFiles>): Patch[] {
  const where = 'the linux-compat component';
  const v = (symbol: string, value: bigint): Patch => ({ symbol, value, where });
  return [
    v('lx_mode', BigInt(MODES.indexOf(mode))),
    v('lx_code_count', BigInt(b.codePages.length)),
    { symbol: 'lx_code_pages', bytes: words(b.codePages, LIMITS.CODE_PAGES), where },
    v('lx_brk_base', at.brkBase), v('lx_img_lo', at.imgLo), v('lx_img_hi', at.imgHi),
    v('lx_lib_lo', at.libLo), v('lx_lib_hi', at.libHi), v('lx_gate_entry', at.gate),
    v('lx_files_used', files.used),
    { symbol: 'lx_file_offs', bytes: words(files.offs, LIMITS.FILES), where },
    { symbol: 'lx_file_sizes', bytes: words(files.sizes, LIMITS.FILES), where },
    { symbol: 'lx_file_names', bytes: files.names, where },
  ];
}

/** Both threads runnable; the component (higher priority) starts on the CPU. */
function start(kernel: Sel4Kernel, comp: Tcb, compEntry: bigint, compSpace: Space, prog: Tcb, progEntry: bigint, sp: bigint): void {
  const k = kernel.state;
  const r = new CpuState();
  r.pc = progEntry;
  r.sp = sp;
  prog.regs = r.save();
  prog.faultIp = progEntry;
  prog.state = 'Running';
  k.scheduler.enqueue(prog);
  comp.state = 'Running';
  comp.faultIp = compEntry;
  kernel.startRootThread(comp, compSpace.root, compSpace.asid, compEntry, 0n);
}

// The Microkit System Description File (.system XML) as data: protection domains
// with their program image, maps and IRQs, memory regions and channels, checked
// against Microkit's rules (names, priorities 0-254, ids 0-61 shared by channels
// and IRQs per PD, pp only to a strictly higher priority, one PD per IRQ). Errors
// name the element, attribute and line. Kernel layer (system loader).
// Facts: reference/sel4.md 3.1, 3.2; the lab's subset: docs/microkit.md.
import { err, ok, type Result } from '../../shared/result.ts';
import { GIC_NUM_IRQS } from '../../emulator/devices/gic.ts';
import { parseXml, type XmlElement } from './xml.ts';

export const MAX_PDS = 63;
/** Channel and IRQ ids a PD may use: badge bits 62 (faults) and 63 (PPC) are reserved. */
export const MAX_CHANNEL_ID = 61;
export const MAX_PRIORITY = 254;
export const PAGE_SIZE = 0x1000n;
export const DEFAULT_STACK = 0x2000n;

export interface Perms { read: boolean; write: boolean; exec: boolean }

export interface MapDesc {
  mr: string; vaddr: bigint; perms: Perms; cached: boolean;
  setvarVaddr?: string; setvarSize?: string; line: number;
}

export interface IrqDesc { irq: number; id: number; trigger: 'level' | 'edge'; setvarId?: string; line: number }

export interface PdDesc {
  name: string; priority: number; stackSize: bigint; programImage: string;
  budget?: bigint; period?: bigint;
  maps: MapDesc[]; irqs: IrqDesc[]; line: number;
}

export interface RegionDesc { name: string; size: bigint; pageSize: bigint; physAddr?: bigint; line: number }

export interface EndDesc { pd: string; id: number; pp: boolean; notify: boolean; setvarId?: string; line: number }

export interface ChannelDesc { ends: [EndDesc, EndDesc]; line: number }

export interface SystemDesc { pds: PdDesc[]; regions: RegionDesc[]; channels: ChannelDesc[] }

export interface SdfError { line: number; column: number; element: string; attribute?: string; message: string }

/** "line 4: <map> attribute vaddr: must be a multiple of 0x1000" */
export function describeSdfError(e: SdfError): string {
  return `line ${e.line}: <${e.element}>${e.attribute ? ` attribute ${e.attribute}` : ''}: ${e.message}`;
}

/** Thrown inside this file only, turned into a value by parseSystem. */
class SdfFail extends Error {
  constructor(readonly e: SdfError) { super(e.message); }
}

function fail(el: XmlElement, message: string, attribute?: string): never {
  const a = attribute ? el.attrs.find((x) => x.name === attribute) : undefined;
  throw new SdfFail({ line: a?.line ?? el.line, column: a?.column ?? el.column, element: el.name, attribute, message });
}

/** Attributes the lab reads, and those Microkit defines that it refuses with a reason. */
interface AttrSpec { allowed: string[]; unsupported?: Record<string, string> }

function checkAttrs(el: XmlElement, spec: AttrSpec): void {
  for (const a of el.attrs) {
    if (spec.allowed.includes(a.name)) continue;
    const why = spec.unsupported?.[a.name];
    if (why) fail(el, `is not supported by the lab: ${why}`, a.name);
    fail(el, `is not an attribute of <${el.name}> (it takes ${spec.allowed.join(', ')})`, a.name);
  }
}

function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function required(el: XmlElement, name: string): string {
  const v = attr(el, name);
  if (v === undefined) fail(el, `attribute ${name} is missing`);
  return v;
}

/** Microkit numbers: decimal or 0x hex, '_' allowed between digits. */
export function parseNumber(text: string): bigint | null {
  const t = text.trim().replace(/_/g, '');
  if (/^0x[0-9a-fA-F]+$/.test(t) || /^[0-9]+$/.test(t)) return BigInt(t);
  return null;
}

function num(el: XmlElement, name: string, dflt?: bigint, max?: bigint): bigint {
  const v = attr(el, name);
  if (v === undefined) {
    if (dflt === undefined) fail(el, `attribute ${name} is missing`);
    return dflt;
  }
  const n = parseNumber(v);
  if (n === null) fail(el, `"${v}" is not a number (decimal or 0x hex)`, name);
  if (max !== undefined && n > max) fail(el, `${n} is out of range (at most ${max})`, name);
  return n;
}

function bool(el: XmlElement, name: string, dflt: boolean): boolean {
  const v = attr(el, name);
  if (v === undefined) return dflt;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail(el, `must be "true" or "false", not "${v}"`, name);
}

function symbol(el: XmlElement, name: string): string | undefined {
  const v = attr(el, name);
  if (v !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) fail(el, `"${v}" is not a C symbol name`, name);
  return v;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

function parsePerms(el: XmlElement): Perms {
  const v = attr(el, 'perms') ?? 'rw';
  if (!/^[rwx]{1,3}$/.test(v) || new Set(v).size !== v.length) fail(el, `"${v}" is not a combination of r, w and x`, 'perms');
  const p = { read: v.includes('r'), write: v.includes('w'), exec: v.includes('x') };
  if (p.write && !p.read) fail(el, `"${v}": write access needs read (AArch64 has no write-only pages)`, 'perms');
  return p;
}

function parseMap(el: XmlElement): MapDesc {
  checkAttrs(el, { allowed: ['mr', 'vaddr', 'perms', 'cached', 'setvar_vaddr', 'setvar_size'], unsupported: { setvar_prefill_size: 'prefilled regions are not modelled' } });
  noChildren(el);
  const vaddr = num(el, 'vaddr');
  if (vaddr % PAGE_SIZE !== 0n) fail(el, `${hex(vaddr)} is not page aligned (a multiple of 0x1000)`, 'vaddr');
  if (vaddr >= 1n << 48n) fail(el, `${hex(vaddr)} is beyond the 48-bit user address space`, 'vaddr');
  return {
    mr: required(el, 'mr'), vaddr, perms: parsePerms(el), cached: bool(el, 'cached', true),
    setvarVaddr: symbol(el, 'setvar_vaddr'), setvarSize: symbol(el, 'setvar_size'), line: el.line,
  };
}

function parseIrq(el: XmlElement): IrqDesc {
  checkAttrs(el, { allowed: ['irq', 'id', 'trigger', 'setvar_id'], unsupported: { pin: 'x86 only', vector: 'x86 only', ioapic: 'x86 only', polarity: 'x86 only', pcidev: 'x86 only', handle: 'x86 only' } });
  noChildren(el);
  const trigger = attr(el, 'trigger') ?? 'level';
  if (trigger !== 'level' && trigger !== 'edge') fail(el, `must be "level" or "edge", not "${trigger}"`, 'trigger');
  return { irq: Number(num(el, 'irq', undefined, BigInt(GIC_NUM_IRQS - 1))), id: Number(num(el, 'id', undefined, BigInt(MAX_CHANNEL_ID))), trigger, setvarId: symbol(el, 'setvar_id'), line: el.line };
}

function noChildren(el: XmlElement): void {
  if (el.children.length) fail(el.children[0], `<${el.name}> takes no child elements`);
}

const PD_UNSUPPORTED: Record<string, string> = {
  passive: 'passive PDs need MCS scheduling contexts; the lab kernel is non-MCS',
  cpu: 'the lab machine has one core', smc: 'there is no secure monitor', domain: 'domain scheduling is not modelled',
};

function parsePd(el: XmlElement): PdDesc {
  checkAttrs(el, { allowed: ['name', 'priority', 'budget', 'period', 'stack_size', 'fpu', 'passive', 'cpu'], unsupported: PD_UNSUPPORTED });
  if (attr(el, 'passive') === 'true') fail(el, `is not supported by the lab: ${PD_UNSUPPORTED.passive}`, 'passive');
  if (attr(el, 'cpu') !== undefined && parseNumber(attr(el, 'cpu')!) !== 0n) fail(el, `is not supported by the lab: ${PD_UNSUPPORTED.cpu} (cpu 0)`, 'cpu');
  bool(el, 'passive', false);
  bool(el, 'fpu', true);
  const name = required(el, 'name');
  if (name.length === 0 || name.length > 64) fail(el, 'must be 1 to 64 characters', 'name');
  const stackSize = num(el, 'stack_size', DEFAULT_STACK);
  if (stackSize < 0x1000n || stackSize > 0x1000000n || stackSize % PAGE_SIZE !== 0n) fail(el, `${hex(stackSize)} must be a multiple of 0x1000 from 0x1000 to 0x1000000`, 'stack_size');
  const pd: PdDesc = {
    name, priority: Number(num(el, 'priority', 0n, BigInt(MAX_PRIORITY))), stackSize, programImage: '',
    budget: attr(el, 'budget') === undefined ? undefined : num(el, 'budget'),
    period: attr(el, 'period') === undefined ? undefined : num(el, 'period'),
    maps: [], irqs: [], line: el.line,
  };
  for (const c of el.children) pdChild(pd, c);
  if (!pd.programImage) fail(el, `protection domain "${name}" has no <program_image>`);
  return pd;
}

const PD_CHILD_UNSUPPORTED: Record<string, string> = {
  protection_domain: 'child protection domains are not modelled',
  virtual_machine: 'virtual machines are not modelled',
  setvar: 'region_paddr variables are not modelled (use setvar_vaddr on <map>)',
  ioport: 'x86 only', cspace: 'cap sharing is not modelled',
};

function pdChild(pd: PdDesc, c: XmlElement): void {
  switch (c.name) {
    case 'program_image':
      checkAttrs(c, { allowed: ['path', 'path_for_symbols'] });
      noChildren(c);
      if (pd.programImage) fail(c, `protection domain "${pd.name}" has more than one <program_image>`);
      pd.programImage = required(c, 'path');
      return;
    case 'map': pd.maps.push(parseMap(c)); return;
    case 'irq': pd.irqs.push(parseIrq(c)); return;
  }
  if (Object.hasOwn(PD_CHILD_UNSUPPORTED, c.name)) fail(c, `is not supported by the lab: ${PD_CHILD_UNSUPPORTED[c.name]}`);
  fail(c, 'is not a child of <protection_domain> (it takes program_image, map, irq)');
}

function parseRegion(el: XmlElement): RegionDesc {
  checkAttrs(el, { allowed: ['name', 'size', 'page_size', 'phys_addr'], unsupported: { prefill_path: 'prefilled regions are not modelled', prefill_bootinfo: 'prefilled regions are not modelled' } });
  noChildren(el);
  const pageSize = num(el, 'page_size', PAGE_SIZE);
  if (pageSize === 0x200000n) fail(el, 'is not supported by the lab: regions use 4 KiB pages (0x1000)', 'page_size');
  if (pageSize !== PAGE_SIZE) fail(el, `${hex(pageSize)} is not a page size (0x1000)`, 'page_size');
  const size = num(el, 'size');
  if (size === 0n || size % pageSize !== 0n) fail(el, `${hex(size)} must be a non-zero multiple of the page size ${hex(pageSize)}`, 'size');
  if (size > 0x1000000n) fail(el, `${hex(size)} is larger than the lab allows for one region (16 MiB)`, 'size');
  const physAddr = attr(el, 'phys_addr') === undefined ? undefined : num(el, 'phys_addr');
  if (physAddr !== undefined && physAddr % pageSize !== 0n) fail(el, `${hex(physAddr)} is not page aligned`, 'phys_addr');
  return { name: required(el, 'name'), size, pageSize, physAddr, line: el.line };
}

function parseEnd(el: XmlElement): EndDesc {
  if (el.name !== 'end') fail(el, 'is not a child of <channel> (it takes two <end>)');
  checkAttrs(el, { allowed: ['pd', 'id', 'pp', 'notify', 'setvar_id'] });
  noChildren(el);
  return {
    pd: required(el, 'pd'), id: Number(num(el, 'id', undefined, BigInt(MAX_CHANNEL_ID))),
    pp: bool(el, 'pp', false), notify: bool(el, 'notify', true), setvarId: symbol(el, 'setvar_id'), line: el.line,
  };
}

function parseChannel(el: XmlElement): ChannelDesc {
  checkAttrs(el, { allowed: [] });
  const ends = el.children.map(parseEnd);
  if (ends.length !== 2) fail(el, `a channel has exactly two <end> elements (this one has ${ends.length})`);
  return { ends: [ends[0], ends[1]], line: el.line };
}

const TOP_UNSUPPORTED: Record<string, string> = { domains: 'domain scheduling is not modelled', virtual_machine: 'virtual machines are not modelled' };

/** Parses and checks a .system description. */
export function parseSystem(text: string): Result<SystemDesc, SdfError> {
  const x = parseXml(text);
  if (!x.ok) return err({ ...x.error, element: 'system' });
  try {
    return ok(describe(x.value));
  } catch (e) {
    if (e instanceof SdfFail) return err(e.e);
    throw e;
  }
}

function describe(root: XmlElement): SystemDesc {
  if (root.name !== 'system') fail(root, 'the root element must be <system>');
  checkAttrs(root, { allowed: [] });
  const sys: SystemDesc = { pds: [], regions: [], channels: [] };
  const channelEls: XmlElement[] = [];
  for (const c of root.children) {
    if (c.name === 'protection_domain') sys.pds.push(parsePd(c));
    else if (c.name === 'memory_region') sys.regions.push(parseRegion(c));
    else if (c.name === 'channel') { sys.channels.push(parseChannel(c)); channelEls.push(c); }
    else if (Object.hasOwn(TOP_UNSUPPORTED, c.name)) fail(c, `is not supported by the lab: ${TOP_UNSUPPORTED[c.name]}`);
    else fail(c, 'is not a child of <system> (it takes protection_domain, memory_region, channel)');
  }
  crossCheck(root, sys, channelEls);
  return sys;
}

function unique<T extends { name: string; line: number }>(root: XmlElement, items: T[], what: string, element: string): void {
  const seen = new Map<string, number>();
  for (const it of items) {
    const first = seen.get(it.name);
    if (first !== undefined) fail(elementAt(root, element, it.line), `${what} "${it.name}" is defined twice (first at line ${first})`, 'name');
    seen.set(it.name, it.line);
  }
}

/** The element of that name starting on that line (for errors found after parsing). */
function elementAt(root: XmlElement, name: string, line: number): XmlElement {
  const walk = (e: XmlElement): XmlElement | undefined => (e.name === name && e.line === line ? e : e.children.map(walk).find(Boolean));
  return walk(root) ?? root;
}

function crossCheck(root: XmlElement, sys: SystemDesc, channelEls: XmlElement[]): void {
  if (sys.pds.length === 0) fail(root, 'the system has no <protection_domain>');
  if (sys.pds.length > MAX_PDS) fail(root, `at most ${MAX_PDS} protection domains (this system has ${sys.pds.length})`);
  unique(root, sys.pds, 'protection domain', 'protection_domain');
  unique(root, sys.regions, 'memory region', 'memory_region');
  const ids = new Map<string, Map<number, string>>(sys.pds.map((p) => [p.name, new Map()]));
  const claim = (el: XmlElement, pd: string, id: number, what: string) => {
    const used = ids.get(pd)!.get(id);
    if (used) fail(el, `id ${id} of "${pd}" is already used by ${used} (channel and IRQ ids share one space per PD)`, 'id');
    ids.get(pd)!.set(id, what);
  };
  const irqOwner = new Map<number, string>();
  for (const pd of sys.pds) checkPd(root, sys, pd, claim, irqOwner);
  sys.channels.forEach((ch, i) => checkChannel(channelEls[i], sys, ch, claim));
}

type Claim = (el: XmlElement, pd: string, id: number, what: string) => void;

function checkPd(root: XmlElement, sys: SystemDesc, pd: PdDesc, claim: Claim, irqOwner: Map<number, string>): void {
  for (const m of pd.maps) {
    const el = elementAt(root, 'map', m.line);
    const mr = sys.regions.find((r) => r.name === m.mr);
    if (!mr) fail(el, `no <memory_region> is named "${m.mr}"`, 'mr');
    if (m.vaddr + mr.size > 1n << 48n) fail(el, 'the mapping runs past the 48-bit user address space', 'vaddr');
    for (const o of pd.maps) {
      if (o === m) break;
      const os = sys.regions.find((r) => r.name === o.mr)!.size;
      if (m.vaddr < o.vaddr + os && o.vaddr < m.vaddr + mr.size) fail(el, `overlaps the map of "${o.mr}" at ${hex(o.vaddr)} (line ${o.line})`, 'vaddr');
    }
  }
  for (const q of pd.irqs) {
    const el = elementAt(root, 'irq', q.line);
    if (q.irq < 32) fail(el, `${q.irq} is not a shared peripheral interrupt (the lab's device IRQs are 32 and up; 27 is the kernel timer)`, 'irq');
    const owner = irqOwner.get(q.irq);
    if (owner) fail(el, `IRQ ${q.irq} is already given to "${owner}" (one PD per IRQ)`, 'irq');
    irqOwner.set(q.irq, pd.name);
    claim(el, pd.name, q.id, `IRQ ${q.irq}`);
  }
}

function checkChannel(el: XmlElement, sys: SystemDesc, ch: ChannelDesc, claim: Claim): void {
  const endEl = (i: number) => el.children[i];
  const pds = ch.ends.map((e, i) => {
    const pd = sys.pds.find((p) => p.name === e.pd);
    if (!pd) fail(endEl(i), `no <protection_domain> is named "${e.pd}"`, 'pd');
    return pd;
  });
  if (pds[0] === pds[1]) fail(el, `both ends are in "${pds[0].name}" (a channel joins two protection domains)`);
  if (ch.ends[0].pp && ch.ends[1].pp) fail(endEl(1), 'only one end of a channel may have pp="true"', 'pp');
  ch.ends.forEach((e, i) => {
    const other = pds[1 - i];
    if (e.pp && other.priority <= pds[i].priority) {
      fail(endEl(i), `"${e.pd}" (priority ${pds[i].priority}) may only make protected calls to a higher priority; "${other.name}" has ${other.priority}`, 'pp');
    }
    claim(endEl(i), e.pd, e.id, `the channel at line ${el.line}`);
  });
}

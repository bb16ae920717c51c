// seL4 invocation labels and method signatures (16.0.0-dev, non-MCS, AArch64, no
// hyp/SMP/debug-API) with libsel4's argument packing: the kernel decodes from the
// same rows the stub generator writes. Shared layer, part of the ONE ABI table.
// Facts: reference/sel4.md 2.7.

/** 2.7 (16.0.0-dev, non-MCS, AArch64): invocation labels in generation order from 1. */
export const INVOCATION_LABELS: readonly string[] = [
  'UntypedRetype',
  'TCBReadRegisters', 'TCBWriteRegisters', 'TCBCopyRegisters', 'TCBConfigure', 'TCBSetPriority', 'TCBSetMCPriority',
  'TCBSetSchedParams', 'TCBSetIPCBuffer', 'TCBSetSpace', 'TCBSuspend', 'TCBResume', 'TCBBindNotification',
  'TCBUnbindNotification', 'TCBSetTLSBase', 'TCBSetFlags',
  'CNodeRevoke', 'CNodeDelete', 'CNodeCancelBadgedSends', 'CNodeCopy', 'CNodeMint', 'CNodeMove', 'CNodeMutate',
  'CNodeRotate', 'CNodeSaveCaller',
  'IRQIssueIRQHandler', 'IRQAckIRQ', 'IRQSetIRQHandler', 'IRQClearIRQHandler',
  'DomainSetSet', 'DomainSetScheduleConfigure', 'DomainSetScheduleSetStart',
  'ARMVSpaceClean_Data', 'ARMVSpaceInvalidate_Data', 'ARMVSpaceCleanInvalidate_Data', 'ARMVSpaceUnify_Instruction',
  'ARMSMCCall',
  'ARMPageTableMap', 'ARMPageTableUnmap',
  'ARMPageMap', 'ARMPageUnmap', 'ARMPageClean_Data', 'ARMPageInvalidate_Data', 'ARMPageCleanInvalidate_Data',
  'ARMPageUnify_Instruction', 'ARMPageGetAddress',
  'ARMASIDControlMakePool', 'ARMASIDPoolAssign',
  'ARMIRQIssueIRQHandlerTrigger', 'ARMIRQIssueSGISignal',
];

/** The lab's kernel extensions (not part of seL4): labels from EXTENSION_LABEL_BASE up, far
 *  above seL4's own so that no seL4 configuration's label can mean one of them. They decode
 *  only when the kernel config switches the extension on (docs/linux-compat.md). */
export const EXTENSION_LABEL_BASE = 0x4c00;
export const EXTENSION_LABELS: readonly string[] = ['TCBSetSyscallRange', 'TCBPinSyscall'];

export function invocationLabel(name: string): number {
  const i = INVOCATION_LABELS.indexOf(name);
  if (i >= 0) return i + 1;
  const e = EXTENSION_LABELS.indexOf(name);
  if (e >= 0) return EXTENSION_LABEL_BASE + e;
  throw new Error(`abi: unknown invocation label ${name}`);
}

/** Argument types with their width in message-register bits (stub packing, as libsel4's generator). */
export const ARG_TYPES: Readonly<Record<string, { bits: number; word?: string }>> = {
  seL4_Word: { bits: 64 }, seL4_Uint64: { bits: 64 }, seL4_Uint32: { bits: 32 }, seL4_Uint16: { bits: 16 },
  seL4_Uint8: { bits: 8 }, seL4_Bool: { bits: 1 },
  seL4_CapRights_t: { bits: 64, word: '.words[0]' }, seL4_ARM_VMAttributes: { bits: 64 },
};

export interface Param {
  name: string;
  type: string;
  /** A capability argument: passed as an extra cap, not in a message register. */
  cap?: boolean;
}

export interface Method {
  /** C interface type of the invoked cap, e.g. seL4_CNode; the stub is `${iface}_${name}`. */
  iface: string;
  name: string;
  label: string;
  params: Param[];
  /** Words returned in MR0.. (the stub returns a struct {int error; ...}). */
  out?: Param[];
  /** Hand-written body in sel4gen.ts (ReadRegisters/WriteRegisters). */
  special?: boolean;
}

const w = (name: string, type = 'seL4_Word'): Param => ({ name, type });
const cap = (name: string, type = 'seL4_CPtr'): Param => ({ name, type, cap: true });
const u8 = (name: string): Param => ({ name, type: 'seL4_Uint8' });
const b = (name: string): Param => ({ name, type: 'seL4_Bool' });
const rights = (name = 'rights'): Param => ({ name, type: 'seL4_CapRights_t' });
const attr = (): Param => ({ name: 'attr', type: 'seL4_ARM_VMAttributes' });

/** Method signatures (object-api.xml order and parameter names). */
export const METHODS: readonly Method[] = [
  { iface: 'seL4_Untyped', name: 'Retype', label: 'UntypedRetype', params: [w('type'), w('size_bits'), cap('root', 'seL4_CNode'), w('node_index'), w('node_depth'), w('node_offset'), w('num_objects')] },
  { iface: 'seL4_TCB', name: 'ReadRegisters', label: 'TCBReadRegisters', params: [b('suspend_source'), u8('arch_flags'), w('count')], special: true },
  { iface: 'seL4_TCB', name: 'WriteRegisters', label: 'TCBWriteRegisters', params: [b('resume_target'), u8('arch_flags'), w('count')], special: true },
  { iface: 'seL4_TCB', name: 'CopyRegisters', label: 'TCBCopyRegisters', params: [cap('source', 'seL4_TCB'), b('suspend_source'), b('resume_target'), b('transfer_frame'), b('transfer_integer'), u8('arch_flags')] },
  { iface: 'seL4_TCB', name: 'Configure', label: 'TCBConfigure', params: [w('fault_ep'), cap('cspace_root', 'seL4_CNode'), w('cspace_root_data'), cap('vspace_root'), w('vspace_root_data'), w('buffer'), cap('bufferFrame')] },
  { iface: 'seL4_TCB', name: 'SetPriority', label: 'TCBSetPriority', params: [cap('authority', 'seL4_TCB'), w('priority')] },
  { iface: 'seL4_TCB', name: 'SetMCPriority', label: 'TCBSetMCPriority', params: [cap('authority', 'seL4_TCB'), w('mcp')] },
  { iface: 'seL4_TCB', name: 'SetSchedParams', label: 'TCBSetSchedParams', params: [cap('authority', 'seL4_TCB'), w('mcp'), w('priority')] },
  { iface: 'seL4_TCB', name: 'SetIPCBuffer', label: 'TCBSetIPCBuffer', params: [w('buffer'), cap('bufferFrame')] },
  { iface: 'seL4_TCB', name: 'SetSpace', label: 'TCBSetSpace', params: [w('fault_ep'), cap('cspace_root', 'seL4_CNode'), w('cspace_root_data'), cap('vspace_root'), w('vspace_root_data')] },
  { iface: 'seL4_TCB', name: 'Suspend', label: 'TCBSuspend', params: [] },
  { iface: 'seL4_TCB', name: 'Resume', label: 'TCBResume', params: [] },
  { iface: 'seL4_TCB', name: 'BindNotification', label: 'TCBBindNotification', params: [cap('notification')] },
  { iface: 'seL4_TCB', name: 'UnbindNotification', label: 'TCBUnbindNotification', params: [] },
  { iface: 'seL4_TCB', name: 'SetTLSBase', label: 'TCBSetTLSBase', params: [w('tls_base')] },
  { iface: 'seL4_TCB', name: 'SetFlags', label: 'TCBSetFlags', params: [w('clear'), w('set')], out: [w('flags')] },
  // Lab extensions (EXTENSION_LABELS), not seL4: the syscall origin window and pins.
  { iface: 'seL4_TCB', name: 'SetSyscallRange', label: 'TCBSetSyscallRange', params: [w('start'), w('end')] },
  { iface: 'seL4_TCB', name: 'PinSyscall', label: 'TCBPinSyscall', params: [w('syscall'), w('site')] },
  { iface: 'seL4_CNode', name: 'Revoke', label: 'CNodeRevoke', params: [w('index'), u8('depth')] },
  { iface: 'seL4_CNode', name: 'Delete', label: 'CNodeDelete', params: [w('index'), u8('depth')] },
  { iface: 'seL4_CNode', name: 'CancelBadgedSends', label: 'CNodeCancelBadgedSends', params: [w('index'), u8('depth')] },
  { iface: 'seL4_CNode', name: 'Copy', label: 'CNodeCopy', params: [w('dest_index'), u8('dest_depth'), cap('src_root', 'seL4_CNode'), w('src_index'), u8('src_depth'), rights()] },
  { iface: 'seL4_CNode', name: 'Mint', label: 'CNodeMint', params: [w('dest_index'), u8('dest_depth'), cap('src_root', 'seL4_CNode'), w('src_index'), u8('src_depth'), rights(), w('badge')] },
  { iface: 'seL4_CNode', name: 'Move', label: 'CNodeMove', params: [w('dest_index'), u8('dest_depth'), cap('src_root', 'seL4_CNode'), w('src_index'), u8('src_depth')] },
  { iface: 'seL4_CNode', name: 'Mutate', label: 'CNodeMutate', params: [w('dest_index'), u8('dest_depth'), cap('src_root', 'seL4_CNode'), w('src_index'), u8('src_depth'), w('badge')] },
  { iface: 'seL4_CNode', name: 'Rotate', label: 'CNodeRotate', params: [w('dest_index'), u8('dest_depth'), w('dest_badge'), cap('pivot_root', 'seL4_CNode'), w('pivot_index'), u8('pivot_depth'), w('pivot_badge'), cap('src_root', 'seL4_CNode'), w('src_index'), u8('src_depth')] },
  { iface: 'seL4_CNode', name: 'SaveCaller', label: 'CNodeSaveCaller', params: [w('index'), u8('depth')] },
  { iface: 'seL4_IRQControl', name: 'Get', label: 'IRQIssueIRQHandler', params: [w('irq'), cap('root', 'seL4_CNode'), w('index'), u8('depth')] },
  { iface: 'seL4_IRQHandler', name: 'Ack', label: 'IRQAckIRQ', params: [] },
  { iface: 'seL4_IRQHandler', name: 'SetNotification', label: 'IRQSetIRQHandler', params: [cap('notification')] },
  { iface: 'seL4_IRQHandler', name: 'Clear', label: 'IRQClearIRQHandler', params: [] },
  { iface: 'seL4_DomainSet', name: 'Set', label: 'DomainSetSet', params: [u8('domain'), cap('thread', 'seL4_TCB')] },
  { iface: 'seL4_ARM_VSpace', name: 'Clean_Data', label: 'ARMVSpaceClean_Data', params: [w('start'), w('end')] },
  { iface: 'seL4_ARM_VSpace', name: 'Invalidate_Data', label: 'ARMVSpaceInvalidate_Data', params: [w('start'), w('end')] },
  { iface: 'seL4_ARM_VSpace', name: 'CleanInvalidate_Data', label: 'ARMVSpaceCleanInvalidate_Data', params: [w('start'), w('end')] },
  { iface: 'seL4_ARM_VSpace', name: 'Unify_Instruction', label: 'ARMVSpaceUnify_Instruction', params: [w('start'), w('end')] },
  { iface: 'seL4_ARM_PageTable', name: 'Map', label: 'ARMPageTableMap', params: [cap('vspace'), w('vaddr'), attr()] },
  { iface: 'seL4_ARM_PageTable', name: 'Unmap', label: 'ARMPageTableUnmap', params: [] },
  { iface: 'seL4_ARM_Page', name: 'Map', label: 'ARMPageMap', params: [cap('vspace'), w('vaddr'), rights(), attr()] },
  { iface: 'seL4_ARM_Page', name: 'Unmap', label: 'ARMPageUnmap', params: [] },
  { iface: 'seL4_ARM_Page', name: 'Clean_Data', label: 'ARMPageClean_Data', params: [w('start_offset'), w('end_offset')] },
  { iface: 'seL4_ARM_Page', name: 'Invalidate_Data', label: 'ARMPageInvalidate_Data', params: [w('start_offset'), w('end_offset')] },
  { iface: 'seL4_ARM_Page', name: 'CleanInvalidate_Data', label: 'ARMPageCleanInvalidate_Data', params: [w('start_offset'), w('end_offset')] },
  { iface: 'seL4_ARM_Page', name: 'Unify_Instruction', label: 'ARMPageUnify_Instruction', params: [w('start_offset'), w('end_offset')] },
  { iface: 'seL4_ARM_Page', name: 'GetAddress', label: 'ARMPageGetAddress', params: [], out: [w('paddr')] },
  { iface: 'seL4_ARM_ASIDControl', name: 'MakePool', label: 'ARMASIDControlMakePool', params: [cap('untyped', 'seL4_Untyped'), cap('root', 'seL4_CNode'), w('index'), u8('depth')] },
  { iface: 'seL4_ARM_ASIDPool', name: 'Assign', label: 'ARMASIDPoolAssign', params: [cap('vspace')] },
  { iface: 'seL4_IRQControl', name: 'GetTrigger', label: 'ARMIRQIssueIRQHandlerTrigger', params: [w('irq'), w('trigger'), cap('root', 'seL4_CNode'), w('index'), u8('depth')] },
];

/** One message-register slot of a packed argument: word index and bit offset. */
export interface Slot { param: Param; word: number; shift: number }

/** Packs the non-cap parameters into message words as libsel4's stub generator
 *  does: in order, each aligned to its own width, a new word when it does not fit. */
export function packParams(params: readonly Param[]): Slot[] {
  const out: Slot[] = [];
  let word = 0, bit = 0;
  for (const p of params) {
    if (p.cap) continue;
    const bits = ARG_TYPES[p.type]?.bits;
    if (bits === undefined) throw new Error(`abi: no width for ${p.type}`);
    bit = Math.ceil(bit / bits) * bits;
    if (bit + bits > 64) { word++; bit = 0; }
    out.push({ param: p, word, shift: bit });
    bit += bits;
    if (bit === 64) { word++; bit = 0; }
  }
  return out;
}

/** Number of message words a packed parameter list takes. */
export function packedLength(params: readonly Param[]): number {
  const slots = packParams(params);
  return slots.length === 0 ? 0 : slots[slots.length - 1].word + 1;
}


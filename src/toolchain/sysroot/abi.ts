// The seL4 ABI as ONE table (non-MCS, AArch64, no hypervisor/SMP/debug-API
// build, seL4 16.0.0-dev numbering): system call numbers, register conventions,
// invocation labels and method signatures, error codes, object types, rights,
// MessageInfo bit-fields, BootInfo layout, initial caps. sel4gen.ts generates
// libsel4's headers and stubs from it; the seL4 kernel model (next issue) will
// decode from it. Its later home is src/shared/abi/. Facts: reference/sel4.md 2.1-2.13.

/** 2.1: API calls, then debug calls on the same counter. */
export const SYSCALLS: ReadonlyArray<readonly [name: string, number: number]> = [
  ['Call', -1], ['ReplyRecv', -2], ['Send', -3], ['NBSend', -4], ['Recv', -5], ['Reply', -6], ['Yield', -7], ['NBRecv', -8],
  ['DebugPutChar', -9], ['DebugDumpScheduler', -10], ['DebugHalt', -11], ['DebugCapIdentify', -12], ['DebugSnapshot', -13],
  ['DebugNameThread', -14],
];

/** 2.2: AArch64 registers of the syscall ABI. */
export const REGISTERS = {
  /** Trap instruction. */
  trap: 'svc #0',
  syscallNumber: 'x7',
  /** Invoked cap on entry, badge on return. */
  capOrBadge: 'x0',
  msgInfo: 'x1',
  /** MR0..MR3; MR4.. live in the IPC buffer. */
  messageRegisters: ['x2', 'x3', 'x4', 'x5'],
  /** The IPC buffer address, written by the kernel, readable at EL0 (seL4_GetIPCBuffer). */
  ipcBufferRegister: 'tpidrro_el0',
} as const;

/** 2.13: seL4_Error. */
export const ERRORS: ReadonlyArray<readonly [string, number]> = [
  ['seL4_NoError', 0], ['seL4_InvalidArgument', 1], ['seL4_InvalidCapability', 2], ['seL4_IllegalOperation', 3],
  ['seL4_RangeError', 4], ['seL4_AlignmentError', 5], ['seL4_FailedLookup', 6], ['seL4_TruncatedMessage', 7],
  ['seL4_DeleteFirst', 8], ['seL4_RevokeFirst', 9], ['seL4_NotEnoughMemory', 10],
];

/** 2.5: object types (non-MCS values) and their size in bits (0: given by size_bits). */
export const OBJECT_TYPES: ReadonlyArray<readonly [string, number, number]> = [
  ['seL4_UntypedObject', 0, 0], ['seL4_TCBObject', 1, 11], ['seL4_EndpointObject', 2, 4],
  ['seL4_NotificationObject', 3, 5], ['seL4_CapTableObject', 4, 0], ['seL4_ARM_HugePageObject', 5, 30],
  ['seL4_ARM_VSpaceObject', 6, 12], ['seL4_ARM_SmallPageObject', 7, 12], ['seL4_ARM_LargePageObject', 8, 21],
  ['seL4_ARM_PageTableObject', 9, 12],
];
export const OBJECT_TYPE_COUNT = 10;

/** 2.12: fault labels (non-MCS). */
export const FAULTS: ReadonlyArray<readonly [string, number]> = [
  ['seL4_Fault_NullFault', 0], ['seL4_Fault_CapFault', 1], ['seL4_Fault_UnknownSyscall', 2],
  ['seL4_Fault_UserException', 3], ['seL4_Fault_DebugException', 4], ['seL4_Fault_VMFault', 5],
];

/** 2.12: lookup failure types. */
export const LOOKUP_FAILURES: ReadonlyArray<readonly [string, number]> = [
  ['seL4_NoFailure', 0], ['seL4_InvalidRoot', 1], ['seL4_MissingCapability', 2], ['seL4_DepthMismatch', 3], ['seL4_GuardMismatch', 4],
];

/** 2.6: slots of the root task's initial CNode. */
export const INITIAL_CAPS: ReadonlyArray<readonly [string, number]> = [
  ['seL4_CapNull', 0], ['seL4_CapInitThreadTCB', 1], ['seL4_CapInitThreadCNode', 2], ['seL4_CapInitThreadVSpace', 3],
  ['seL4_CapIRQControl', 4], ['seL4_CapASIDControl', 5], ['seL4_CapInitThreadASIDPool', 6], ['seL4_CapIOPortControl', 7],
  ['seL4_CapIOSpace', 8], ['seL4_CapBootInfoFrame', 9], ['seL4_CapInitThreadIPCBuffer', 10], ['seL4_CapDomain', 11],
  ['seL4_CapSMMUSIDControl', 12], ['seL4_CapSMMUCBControl', 13], ['seL4_CapInitThreadSC', 14], ['seL4_CapSMC', 15],
  ['seL4_NumInitialCaps', 16],
];

/** 2.3, 2.4, 2.5, 2.6: constants. */
export const CONSTANTS: ReadonlyArray<readonly [string, string]> = [
  ['seL4_WordBits', '64'], ['seL4_WordSizeBits', '3'], ['seL4_PageBits', '12'], ['seL4_LargePageBits', '21'],
  ['seL4_HugePageBits', '30'], ['seL4_SlotBits', '5'], ['seL4_TCBBits', '11'], ['seL4_EndpointBits', '4'],
  ['seL4_NotificationBits', '5'], ['seL4_PageTableBits', '12'], ['seL4_PageTableIndexBits', '9'], ['seL4_VSpaceBits', '12'],
  ['seL4_ASIDPoolBits', '12'], ['seL4_MinUntypedBits', '4'], ['seL4_MaxUntypedBits', '47'],
  ['seL4_MsgLengthBits', '7'], ['seL4_MsgExtraCapBits', '2'], ['seL4_MsgMaxLength', '120'], ['seL4_MsgMaxExtraCaps', '3'],
  ['seL4_FastMessageRegisters', '4'], ['seL4_IPCBufferSizeBits', '10'], ['seL4_BadgeBits', '64'], ['seL4_GuardBits', '58'],
  ['seL4_GuardSizeBits', '6'], ['seL4_NumASIDPoolsBits', '7'], ['seL4_ASIDPoolIndexBits', '9'],
  ['seL4_UserTop', '0x00007fffffffffffUL'], ['seL4_MaxPrio', '255'], ['seL4_MinPrio', '0'],
  ['CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS', '230'], ['CONFIG_RETYPE_FAN_OUT_LIMIT', '256'], ['CONFIG_ROOT_CNODE_SIZE_BITS', '12'],
];

/** 2.3: seL4_MessageInfo_t bit-fields, least significant first: [field, bits]. */
export const MESSAGE_INFO_FIELDS: ReadonlyArray<readonly [string, number]> = [
  ['length', 7], ['extraCaps', 2], ['capsUnwrapped', 3], ['label', 52],
];

/** 2.4: seL4_CapRights_t bit-fields, least significant first. */
export const CAP_RIGHTS_FIELDS: ReadonlyArray<readonly [string, number]> = [
  ['capAllowWrite', 1], ['capAllowRead', 1], ['capAllowGrant', 1], ['capAllowGrantReply', 1],
];

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

export function invocationLabel(name: string): number {
  const i = INVOCATION_LABELS.indexOf(name);
  if (i < 0) throw new Error(`abi: unknown invocation label ${name}`);
  return i + 1;
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

/** A C struct layout: [field, C type, size in bytes (for arrays: total)], offsets follow natural alignment. */
export interface Field { name: string; ctype: string; size: number; array?: number | string }

const word = (name: string, ctype = 'seL4_Word'): Field => ({ name, ctype, size: 8 });
const region = (name: string): Field => ({ name, ctype: 'seL4_SlotRegion', size: 16 });

/** 2.6: bootinfo_types.h (non-MCS). */
export const SLOT_REGION: readonly Field[] = [word('start', 'seL4_SlotPos'), word('end', 'seL4_SlotPos')];
export const UNTYPED_DESC: readonly Field[] = [
  word('paddr'), { name: 'sizeBits', ctype: 'seL4_Uint8', size: 1 }, { name: 'isDevice', ctype: 'seL4_Uint8', size: 1 },
  { name: 'padding', ctype: 'seL4_Uint8', size: 6, array: 'sizeof(seL4_Word) - 2 * sizeof(seL4_Uint8)' },
];
export const BOOTINFO: readonly Field[] = [
  word('extraLen'), word('nodeID', 'seL4_NodeId'), word('numNodes'), word('numIOPTLevels'),
  word('ipcBuffer', 'seL4_IPCBuffer *'), region('empty'), region('sharedFrames'), region('userImageFrames'),
  region('userImagePaging'), region('ioSpaceCaps'), region('extraBIPages'), word('initThreadCNodeSizeBits'),
  word('initThreadDomain', 'seL4_Domain'), region('untyped'),
  { name: 'untypedList', ctype: 'seL4_UntypedDesc', size: 16 * 230, array: 'CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS' },
];

/** Byte offsets of a layout (every field here is naturally aligned). */
export function offsets(fields: readonly Field[]): Record<string, number> {
  const r: Record<string, number> = {};
  let off = 0;
  for (const f of fields) { r[f.name] = off; off += f.size; }
  return r;
}

/** 2.3: seL4_IPCBuffer (128 words). */
export const IPC_BUFFER: readonly Field[] = [
  { name: 'tag', ctype: 'seL4_MessageInfo_t', size: 8 }, { name: 'msg', ctype: 'seL4_Word', size: 8 * 120, array: 'seL4_MsgMaxLength' },
  word('userData'), { name: 'caps_or_badges', ctype: 'seL4_Word', size: 24, array: 'seL4_MsgMaxExtraCaps' },
  word('receiveCNode', 'seL4_CPtr'), word('receiveIndex', 'seL4_CPtr'), word('receiveDepth'),
];

/** 2.2: seL4_UserContext, in ReadRegisters/WriteRegisters order. */
export const USER_CONTEXT: readonly string[] = [
  'pc', 'sp', 'spsr', 'x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x16', 'x17', 'x18', 'x29', 'x30',
  'x9', 'x10', 'x11', 'x12', 'x13', 'x14', 'x15', 'x19', 'x20', 'x21', 'x22', 'x23', 'x24', 'x25', 'x26', 'x27', 'x28',
  'tpidr_el0', 'tpidrro_el0',
];

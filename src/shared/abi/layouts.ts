// C struct layouts the kernel and user code share: BootInfo, UntypedDesc,
// SlotRegion, the IPC buffer and seL4_UserContext. Shared layer, part of the ONE
// ABI table. Facts: reference/sel4.md 2.2, 2.3, 2.6.

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

// seL4 object types with their sizes, the root task's initial cap slots, the
// constants of libsel4 and the MessageInfo / CapRights bit-fields (non-MCS,
// AArch64). Shared layer, part of the ONE ABI table.
// Facts: reference/sel4.md 2.3-2.6.

/** 2.5: object types (non-MCS values) and their size in bits (0: given by size_bits). */
export const OBJECT_TYPES: ReadonlyArray<readonly [string, number, number]> = [
  ['seL4_UntypedObject', 0, 0], ['seL4_TCBObject', 1, 11], ['seL4_EndpointObject', 2, 4],
  ['seL4_NotificationObject', 3, 5], ['seL4_CapTableObject', 4, 0], ['seL4_ARM_HugePageObject', 5, 30],
  ['seL4_ARM_VSpaceObject', 6, 12], ['seL4_ARM_SmallPageObject', 7, 12], ['seL4_ARM_LargePageObject', 8, 21],
  ['seL4_ARM_PageTableObject', 9, 12],
];
export const OBJECT_TYPE_COUNT = 10;

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


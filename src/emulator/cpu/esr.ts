// ESR_EL1 syndrome values for exceptions taken from EL0 to EL1 (AArch64).
// Emulator layer. Arm ARM D17.2.37 (ESR_ELx): EC in bits 31:26, IL bit 25, ISS 24:0;
// data/instruction fault status codes from the ISS encoding for EC 0x24 / 0x20.

import type { FaultKind } from '../types.ts';

export const EC = {
  UNKNOWN: 0x00,
  SVC64: 0x15,
  IABT_LOWER: 0x20,
  PC_ALIGN: 0x22,
  DABT_LOWER: 0x24,
  SP_ALIGN: 0x26,
  BRK64: 0x3c,
} as const;

const IL = 1 << 25;

export function esrOf(ec: number, iss: number): number {
  return ((ec << 26) | IL | (iss & 0x1ff_ffff)) >>> 0;
}

/** DFSC/IFSC (ISS bits 5:0) for a fault at a translation level. */
export function faultStatusCode(kind: FaultKind, level: number): number {
  switch (kind) {
    case 'translation': return 0b000100 | (level & 3);
    case 'accessFlag': return 0b001000 | (level & 3);
    case 'permission': return 0b001100 | (level & 3);
    case 'alignment': return 0b100001;
    case 'external': return level >= 0 && level <= 3 ? 0b010100 | level : 0b010000;
  }
}

export function dataAbortEsr(kind: FaultKind, level: number, write: boolean): number {
  return esrOf(EC.DABT_LOWER, (write ? 1 << 6 : 0) | faultStatusCode(kind, level));
}

export function instructionAbortEsr(kind: FaultKind, level: number): number {
  return esrOf(EC.IABT_LOWER, faultStatusCode(kind, level));
}

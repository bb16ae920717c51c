// Number formatting shared by the views. UI layer.

export function hex64(v: bigint): string {
  return '0x' + BigInt.asUintN(64, v).toString(16).padStart(16, '0');
}

export function hexAddr(v: bigint): string {
  return BigInt.asUintN(64, v).toString(16).padStart(8, '0');
}

export function hexWord(w: number): string {
  return (w >>> 0).toString(16).padStart(8, '0');
}

export function groupDigits(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export interface Flags {
  n: boolean;
  z: boolean;
  c: boolean;
  v: boolean;
}

export function decodeNzcv(nzcv: number): Flags {
  return { n: !!(nzcv & (1 << 31)), z: !!(nzcv & (1 << 30)), c: !!(nzcv & (1 << 29)), v: !!(nzcv & (1 << 28)) };
}

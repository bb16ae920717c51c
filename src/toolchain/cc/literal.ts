// Literal decoding: integer constants, character constants and string literals (C11
// 6.4.4.1, 6.4.4.4, 6.4.5). Toolchain layer, shared by the preprocessor's #if and the
// parser. Pure functions returning values or an error string; never throw.

export interface IntLit { value: bigint; unsigned: boolean; longs: 0 | 1 | 2; decimal: boolean }

/** Parses an integer constant; returns an error message for floats and bad digits. */
export function parseIntLiteral(text: string): IntLit | string {
  let s = text;
  let base = 10;
  if (/^0[xX]/.test(s)) { base = 16; s = s.slice(2); }
  else if (/^0[bB]/.test(s)) { base = 2; s = s.slice(2); }
  else if (/^0/.test(s)) base = 8;
  const m = /^([0-9a-fA-F]*)([uUlL]*)$/.exec(s);
  const floaty = base === 16 ? /[.pP]/.test(s) : /[.eE]/.test(s) || /[fF]$/.test(s);
  if (floaty) return 'floating point is not supported';
  if (!m || m[1] === '') return `invalid integer constant '${text}'`;
  const digits = m[1];
  const suffix = m[2].toLowerCase();
  if (!/^(u?(l|ll)?|(l|ll)u)$/.test(suffix)) return `invalid suffix "${m[2]}" on integer constant`;
  let value = 0n;
  for (const ch of digits) {
    const d = parseInt(ch, 16);
    if (d >= base) return `invalid digit "${ch}" in ${base === 8 ? 'octal' : base === 2 ? 'binary' : 'decimal'} constant`;
    value = value * BigInt(base) + BigInt(d);
  }
  if (value >= 1n << 64n) return 'integer constant is too large for its type';
  const longs = suffix.includes('ll') ? 2 : suffix.includes('l') ? 1 : 0;
  return { value, unsigned: suffix.includes('u'), longs, decimal: base === 10 };
}

export type StrKind = 'char' | 'u8' | 'wide' | 'u16' | 'u32';

export interface StrLit { kind: StrKind; units: number[] }

function prefixKind(text: string): [StrKind, number] {
  if (text.startsWith('u8')) return ['u8', 2];
  if (text[0] === 'L') return ['wide', 1];
  if (text[0] === 'u') return ['u16', 1];
  if (text[0] === 'U') return ['u32', 1];
  return ['char', 0];
}

/** Decodes escapes of a quoted literal body into code points (or bytes for narrow). */
function decodeBody(body: string, narrow: boolean): number[] | string {
  const out: number[] = [];
  for (let i = 0; i < body.length;) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      if (narrow && cp >= 0x80) out.push(...utf8(cp)); else out.push(cp);
      continue;
    }
    const e = body[i + 1];
    i += 2;
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '?': 63 };
    if (e === undefined) return 'incomplete escape sequence';
    if (e in simple) { out.push(simple[e]); continue; }
    if (e === '\n') continue;
    if (/[0-7]/.test(e)) {
      let v = parseInt(e, 8);
      for (let k = 0; k < 2 && /[0-7]/.test(body[i] ?? ''); k++) v = v * 8 + parseInt(body[i++], 8);
      out.push(narrow ? v & 0xff : v);
      continue;
    }
    if (e === 'x') {
      let v = 0;
      let n = 0;
      while (/[0-9a-fA-F]/.test(body[i] ?? '')) { v = (v * 16 + parseInt(body[i++], 16)) % 0x100000000; n++; }
      if (n === 0) return '\\x used with no following hex digits';
      out.push(narrow ? v & 0xff : v);
      continue;
    }
    if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) return 'incomplete universal character name';
      i += n;
      const cp = parseInt(hex, 16);
      if (narrow) out.push(...utf8(cp)); else out.push(cp);
      continue;
    }
    return `unknown escape sequence: '\\${e}'`;
  }
  return out;
}

function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

export function decodeString(text: string): StrLit | string {
  const [kind, skip] = prefixKind(text);
  const units = decodeBody(text.slice(skip + 1, -1), kind === 'char' || kind === 'u8');
  if (typeof units === 'string') return units;
  if (kind === 'u16') {
    const u16: number[] = [];
    for (const cp of units) {
      if (cp > 0xffff) { const v = cp - 0x10000; u16.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)); } else u16.push(cp);
    }
    return { kind, units: u16 };
  }
  return { kind, units };
}

/** Value and signedness of a character constant ('a' is int; narrow chars wrap like gcc). */
export function decodeChar(text: string): { value: bigint; kind: StrKind } | string {
  const [kind, skip] = prefixKind(text);
  const narrow = kind === 'char';
  const units = decodeBody(text.slice(skip + 1, -1), narrow);
  if (typeof units === 'string') return units;
  if (units.length === 0) return 'empty character constant';
  if (!narrow) return { value: BigInt(units[0] >>> 0), kind };
  let v = 0;
  for (const u of units) v = ((v << 8) | (u & 0xff)) | 0;
  if (units.length === 1) v = units[0] & 0xff; // char is unsigned on AArch64
  return { value: BigInt(v), kind };
}

// The assembler driver: runs the statements of one source file twice (layout,
// then final), keeps sections, symbols and literal pools, resolves fixups the
// way GNU as does and returns an in-memory object. Layer: toolchain/asm.
// Directives live in directives.ts, instruction encoding in encode.ts (ctx.ts).

import type { Diagnostic } from '../../shared/diagnostic.ts';
import type { Result } from '../../shared/result.ts';
import { relocByName, relocValue, patchField, type RelocName } from '../elf/reloc.ts';
import { SHF, SHT, type ObjectFile, type SrcPos, type SymType } from '../elf/object.ts';
import type { EncodeCtx, EncodeFn } from './ctx.ts';
import { evalConst, mapSymbols, resolveExpr, type Expr, type ExprEnv, type ExprError, type SymbolMeaning } from './expr.ts';
import { lexSource, type Statement } from './lexer.ts';
import { runDirective } from './directives.ts';
import { buildObject } from './toobject.ts';

/** A relocation the object will carry: against a symbol name or a section. */
export interface PendingReloc {
  offset: number;
  kind: RelocName;
  target: { symbol: string } | { section: string };
  addend: bigint;
  src: SrcPos;
}

export interface PoolEntry {
  key: string;
  expr: Expr;
  size: 4 | 8 | 16;
  label: string;
  src: SrcPos;
}

export class Section {
  bytes = new Uint8Array(64);
  size = 0;
  align = 1;
  relocs: PendingReloc[] = [];
  pool: PoolEntry[] = [];
  lines: { offset: number; file: string; line: number; column: number }[] = [];
  constructor(readonly name: string, public type: number, public flags: number) {}

  get isCode(): boolean {
    return (this.flags & SHF.EXECINSTR) !== 0;
  }

  get nobits(): boolean {
    return this.type === SHT.NOBITS;
  }

  reserve(n: number): number {
    const at = this.size;
    if (!this.nobits && at + n > this.bytes.length) {
      const next = new Uint8Array(Math.max(at + n, this.bytes.length * 2));
      next.set(this.bytes.subarray(0, at));
      this.bytes = next;
    }
    this.size += n;
    return at;
  }
}

export interface SymbolDef {
  kind: 'label' | 'abs';
  section: string;
  value: bigint;
  src: SrcPos;
  /** Defined by .set/.equ/= (may be redefined by another of those). */
  viaSet?: boolean;
}

export interface SymbolAttrs {
  bind?: 'global' | 'weak' | 'local';
  type?: SymType;
  size?: bigint;
  hidden?: boolean;
  common?: { size: bigint; align: bigint; src: SrcPos };
}

const LOCAL_SEP = '\u0002';
const POOL_PREFIX = '\u0003pool';

/** Is this a name that never goes to the symbol table (.L*, 1:, pool slots)? */
export function isTempName(name: string): boolean {
  return name.startsWith('.L') || name.includes(LOCAL_SEP) || name.startsWith(POOL_PREFIX);
}

/** How a name should read in a message (`1\u00023` -> `1`). */
export function displayName(name: string): string {
  if (name.startsWith(POOL_PREFIX)) return 'literal pool entry';
  const i = name.indexOf(LOCAL_SEP);
  if (i < 0) return name;
  // Only references can be undefined: instance 0 came from `Nb`, later ones from `Nf`.
  return name.slice(0, i) + (name.slice(i + 1) === '0' ? 'b' : 'f');
}

export class Assembly implements ExprEnv {
  sections = new Map<string, Section>();
  current!: Section;
  previous: Section | undefined;
  sectionStack: Section[] = [];
  defs = new Map<string, SymbolDef>();
  attrs = new Map<string, SymbolAttrs>();
  localCounts = new Map<string, number>();
  poolCount = 0;
  diagnostics: Diagnostic[] = [];
  /** `.file N "name"` table and the `.loc` position that overrides source lines. */
  fileNames = new Map<number, string>();
  loc: { file: string; line: number; column: number } | undefined;
  stmt!: Statement;
  ended = false;
  /** The value of `.` while an item that already reserved its bytes is resolved. */
  dot: number | undefined;
  /** Encodings that depend only on the instruction text (by mnemonic, then operand text), shared with the layout pass. */
  readonly memo: Map<string, Map<string, Extract<ReturnType<EncodeFn>, { ok: true }>>>;
  private readonly ctx = new DriverCtx(this);

  constructor(readonly file: string, readonly final: boolean, readonly pass1: Assembly | undefined, readonly encode: EncodeFn) {
    if (pass1) this.attrs = pass1.attrs;
    this.memo = pass1 ? pass1.memo : new Map();
    for (const n of ['.text', '.data', '.bss']) this.switchSection(n);
    this.switchSection('.text');
  }

  // --- diagnostics -------------------------------------------------------

  error(message: string, column: number, endColumn?: number, severity: Diagnostic['severity'] = 'error'): void {
    if (!this.final) return;
    const d: Diagnostic = { file: this.file, line: this.stmt.line, column, severity, message };
    if (endColumn !== undefined && endColumn >= column) d.endColumn = endColumn;
    this.diagnostics.push(d);
  }

  /** Report an expression error; `base` is the column of the expression text's offset 0. */
  exprError(e: ExprError, base: number): void {
    this.error(e.message, base + e.pos, e.end !== undefined ? base + e.end - 1 : undefined);
  }

  srcAt(column: number, endColumn?: number): SrcPos {
    const p: SrcPos = { file: this.file, line: this.stmt.line, column };
    if (endColumn !== undefined) p.endColumn = endColumn;
    return p;
  }

  // --- sections ----------------------------------------------------------

  switchSection(name: string, type?: number, flags?: number): Section {
    let s = this.sections.get(name);
    if (!s) {
      const d = defaultSectionKind(name);
      s = new Section(name, type ?? d.type, flags ?? d.flags);
      this.sections.set(name, s);
    }
    if (this.current && this.current !== s) this.previous = this.current;
    this.current = s;
    return s;
  }

  // --- symbols -------------------------------------------------------------

  /** Give numeric local labels (`1:`) and their references (`1b`, `1f`) unique names. */
  bindLocal(name: string, define = false): string {
    const def = /^[0-9]+$/.exec(name);
    if (define && def) {
      const n = (this.localCounts.get(name) ?? 0) + 1;
      this.localCounts.set(name, n);
      return `${name}${LOCAL_SEP}${n}`;
    }
    const ref = /^([0-9]+)([bf])$/.exec(name);
    if (!ref) return name;
    const n = this.localCounts.get(ref[1]) ?? 0;
    return `${ref[1]}${LOCAL_SEP}${ref[2] === 'b' ? n : n + 1}`;
  }

  bind(e: Expr): Expr {
    return mapSymbols(e, (n) => this.bindLocal(n));
  }

  lookup(name: string): SymbolMeaning {
    if (name === '.') return { kind: 'label', section: this.current.name, offset: BigInt(this.dot ?? this.current.size) };
    const d = this.defs.get(name) ?? this.pass1?.defs.get(name);
    if (!d) return { kind: 'undefined' };
    return d.kind === 'abs' ? { kind: 'abs', value: d.value } : { kind: 'label', section: d.section, offset: d.value };
  }

  defineLabel(rawName: string, column: number): void {
    const name = this.bindLocal(rawName, true);
    this.define(name, { kind: 'label', section: this.current.name, value: BigInt(this.current.size), src: this.srcAt(column, column + rawName.length - 1) }, false);
  }

  define(name: string, def: SymbolDef, redefinable: boolean): void {
    const old = this.defs.get(name);
    if (old && !(redefinable && old.viaSet)) {
      const { column, endColumn } = def.src;
      this.error(`symbol \`${displayName(name)}' is already defined`, column, endColumn);
      return;
    }
    const before = this.pass1?.defs.get(name);
    if (redefinable) def.viaSet = true;
    if (!redefinable && def.kind === 'label' && before && before.kind === 'label' && (before.value !== def.value || before.section !== def.section)) {
      this.error(`symbol \`${displayName(name)}' moved between passes (a size depends on a later definition)`, def.src.column);
    }
    this.defs.set(name, def);
  }

  attr(name: string): SymbolAttrs {
    let a = this.attrs.get(name);
    if (!a) { a = {}; this.attrs.set(name, a); }
    return a;
  }

  isGlobal(name: string): boolean {
    const b = this.attrs.get(name)?.bind;
    return b === 'global' || b === 'weak';
  }

  // --- emission ------------------------------------------------------------

  emitBytes(data: ArrayLike<number>): number {
    const s = this.current;
    if (s.nobits) {
      for (let i = 0; i < data.length; i++) {
        if (data[i] !== 0) { this.error(`attempt to store non-zero value in section \`${s.name}'`, this.stmt.opColumn); break; }
      }
      return s.reserve(data.length);
    }
    const at = s.reserve(data.length);
    s.bytes.set(data, at);
    return at;
  }

  /** `n` bytes of `byte` (.space/.zero): no temporary buffer, so a large .bss area costs nothing. */
  emitFill(n: number, byte: number): number {
    const s = this.current;
    if (s.nobits && byte !== 0) this.error(`attempt to store non-zero value in section \`${s.name}'`, this.stmt.opColumn);
    const at = s.reserve(n);
    if (!s.nobits) s.bytes.fill(byte, at, at + n);
    return at;
  }

  emitWord(w: number): number {
    const s = this.current;
    if (s.nobits) return this.emitBytes([w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff]);
    const at = s.reserve(4);
    const b = s.bytes;
    b[at] = w & 0xff;
    b[at + 1] = (w >>> 8) & 0xff;
    b[at + 2] = (w >>> 16) & 0xff;
    b[at + 3] = (w >>> 24) & 0xff;
    return at;
  }

  /** Pad to 2^p2 with `fill` (or zeros then NOPs in code), skipping when more than `max` bytes. */
  alignTo(p2: number, fill: number | undefined, max?: number): void {
    const s = this.current;
    const a = 2 ** p2;
    const pad = (a - (s.size % a)) % a;
    if (max !== undefined && pad > max) return;
    s.align = Math.max(s.align, a);
    if (pad === 0) return;
    if (fill === undefined && s.isCode && !s.nobits) {
      const zeros = pad % 4;
      this.emitBytes(new Uint8Array(zeros));
      for (let i = zeros; i < pad; i += 4) this.emitWord(0xd503201f);
      return;
    }
    this.emitBytes(new Uint8Array(pad).fill(fill ?? 0));
  }

  // --- fixups ----------------------------------------------------------------

  /**
   * Fill the field at `offset` of the current section from `expr`, or record a
   * relocation, as GNU as decides: PC-relative references to non-global labels
   * of the same section are resolved; everything else becomes a relocation
   * (local symbols through their section symbol).
   */
  fixup(offset: number, kind: RelocName, expr: Expr, src: SrcPos, isData: boolean): void {
    if (!this.final) return;
    const s = this.current;
    const r = resolveExpr(expr, this);
    if (!r.ok) return this.exprError(r.error, src.column - expr.start);
    const v = r.value;
    let info = relocByName(kind);
    if (v.kind === 'abs') {
      if (info.pcrel) return this.error(`branch or PC-relative reference to absolute value ${v.value} is not supported`, src.column, src.endColumn);
      return this.patch(s, offset, kind, v.value, 0n, src);
    }
    let addend = v.addend;
    if (v.minusSection !== undefined) {
      if (!isData || v.minusSection !== s.name || info.pcrel) {
        return this.error('expression is too complex for a relocation', src.column, src.endColumn);
      }
      kind = kind === 'ABS64' ? 'PREL64' : kind === 'ABS32' ? 'PREL32' : 'PREL16';
      info = relocByName(kind);
      addend += BigInt(offset) - v.minusOffset!;
    }
    const target = this.lookup(v.name);
    const global = this.isGlobal(v.name);
    if (target.kind === 'label' && target.section === s.name && info.pcrel && !info.page && !global) {
      const x = relocValue(info, target.offset, addend, BigInt(offset));
      const res = patchField(info, s.bytes, offset, x);
      if (!res.ok) this.error(`${res.error} (target \`${displayName(v.name)}')`, src.column, src.endColumn);
      return;
    }
    if (target.kind === 'label' && !global) {
      s.relocs.push({ offset, kind, target: { section: target.section }, addend: addend + target.offset, src });
      return;
    }
    if (target.kind === 'undefined' && isTempName(v.name)) {
      return this.error(`undefined local label \`${displayName(v.name)}'`, src.column, src.endColumn);
    }
    s.relocs.push({ offset, kind, target: { symbol: v.name }, addend, src });
  }

  private patch(s: Section, offset: number, kind: RelocName, value: bigint, P: bigint, src: SrcPos): void {
    const info = relocByName(kind);
    const res = patchField(info, s.bytes, offset, relocValue(info, value, 0n, P));
    if (!res.ok) this.error(res.error, src.column, src.endColumn);
  }

  // --- literal pools -----------------------------------------------------------

  literal(expr: Expr, size: 4 | 8 | 16, src: SrcPos): Expr {
    const bound = this.bind(expr);
    const key = `${size}:${exprKey(bound)}`;
    const s = this.current;
    let entry = s.pool.find((e) => e.key === key);
    if (!entry) {
      entry = { key, expr: bound, size, label: `${POOL_PREFIX}${this.poolCount++}`, src };
      s.pool.push(entry);
    }
    return { k: 'sym', name: entry.label, start: expr.start, end: expr.end };
  }

  /** Emit the current section's pending literals: 4-byte, then 8, then 16, each aligned. */
  flushPool(): void {
    const s = this.current;
    const pending = s.pool;
    s.pool = [];
    for (const size of [4, 8, 16] as const) {
      const group = pending.filter((e) => e.size === size);
      if (group.length === 0) continue;
      const pad = (size - (s.size % size)) % size;
      this.emitBytes(new Uint8Array(pad));
      s.align = Math.max(s.align, size);
      for (const e of group) this.emitPoolEntry(e);
    }
  }

  private emitPoolEntry(e: PoolEntry): void {
    const s = this.current;
    this.define(e.label, { kind: 'label', section: s.name, value: BigInt(s.size), src: e.src }, false);
    if (e.size === 16) {
      const at = this.emitBytes(new Uint8Array(16));
      const v = this.final ? evalConst(e.expr, this) : undefined;
      if (v && !v.ok) return this.error('16-byte literal must be a constant', e.src.column, e.src.endColumn);
      if (v) new DataView(s.bytes.buffer).setBigInt64(at, v.value, true);
      if (v && v.value < 0n) new DataView(s.bytes.buffer).setBigInt64(at + 8, -1n, true);
      return;
    }
    const at = this.emitBytes(new Uint8Array(e.size));
    this.dot = at;
    this.fixup(at, e.size === 8 ? 'ABS64' : 'ABS32', e.expr, e.src, true);
    this.dot = undefined;
  }

  // --- statements --------------------------------------------------------------

  run(statements: Statement[]): void {
    for (const st of statements) {
      if (this.ended) break;
      this.stmt = st;
      for (const l of st.labels) this.defineLabel(l.name, l.column);
      if (st.op === '') continue;
      if (st.op.startsWith('.') || st.op === '=') runDirective(this, st);
      else this.instruction(st);
    }
    for (const s of this.sections.values()) {
      if (s.pool.length === 0) continue;
      this.current = s;
      this.flushPool();
    }
  }

  private instruction(st: Statement): void {
    const s = this.current;
    if (s.nobits) return this.error(`instruction in section \`${s.name}' that has no contents`, st.opColumn, st.opColumn + st.op.length - 1);
    const pc = s.size;
    const res = this.encodeCached(st, pc);
    if (!res.ok) {
      this.reportEncodeError(res, st);
      this.emitWord(0);
      return;
    }
    const loc = this.loc;
    s.lines.push(loc
      ? { offset: pc, file: loc.file, line: loc.line, column: loc.column }
      : { offset: pc, file: this.file, line: st.line, column: st.opColumn });
    if (s.align < 4) s.align = 4;
    for (const w of res.value.words) this.emitWord(w);
    if (res.value.fixups.length === 0) return;
    this.dot = pc;
    for (const f of res.value.fixups) {
      // Under `.loc` (compiler output) a reference is reported at the source line, like its instruction.
      const src = this.loc ? { ...this.loc } : this.srcAt(st.argsColumn + f.expr.start, st.argsColumn + f.expr.end - 1);
      this.fixup(pc + (f.offset ?? 0), f.kind, this.bind(f.expr), src, false);
    }
    this.dot = undefined;
  }

  /**
   * Encode one instruction, reusing an earlier encoding of the same text (this pass
   * or the layout pass) when it did not depend on the assembly state: no symbol in
   * a constant, no literal pool slot. Symbolic operands come back as fixups, which
   * the caller resolves each time, so `b label` is cached too.
   */
  private encodeCached(st: Statement, pc: number): ReturnType<EncodeFn> {
    let byArgs = this.memo.get(st.op);
    if (!byArgs) { byArgs = new Map(); this.memo.set(st.op, byArgs); }
    const hit = byArgs.get(st.args);
    if (hit) return hit;
    const ctx = this.ctx;
    ctx.begin(pc, st);
    let res: ReturnType<EncodeFn>;
    try {
      res = this.encode(st.op, st.args, ctx);
    } catch (e) {
      return { ok: false, error: { message: `internal encoder error: ${(e as Error).message}` } };
    }
    if (res.ok && ctx.pure) byArgs.set(st.args, res);
    return res;
  }

  private reportEncodeError(res: Extract<ReturnType<EncodeFn>, { ok: false }>, st: Statement): void {
    const e = res.error;
    if (e.start === undefined) return this.error(e.message, st.opColumn, st.opColumn + st.op.length - 1);
    const end = e.end !== undefined && e.end > e.start ? st.argsColumn + e.end - 1 : undefined;
    this.error(e.message, st.argsColumn + e.start, end);
  }
}

/** The encoder's view of the assembly for one instruction at a time; notes whether
 *  the encoding used anything but the instruction text (then it is not cached). */
class DriverCtx implements EncodeCtx {
  pc = 0n;
  pure = true;
  private st!: Statement;
  constructor(private readonly a: Assembly) {}

  get final(): boolean {
    return this.a.final;
  }

  begin(pc: number, st: Statement): void {
    this.pc = BigInt(pc);
    this.st = st;
    this.pure = true;
  }

  evalConst(expr: Expr): Result<bigint, ExprError> {
    const a = this.a;
    if (hasSymbol(expr)) this.pure = false;
    const r = evalConst(a.bind(expr), a);
    if (!r.ok) this.pure = false;
    return r.ok || a.final ? r : { ok: true, value: 0n };
  }

  literal(expr: Expr, size: 4 | 8 | 16): Expr {
    this.pure = false;
    const col = this.st.argsColumn;
    return this.a.literal(expr, size, this.a.srcAt(col + expr.start, col + expr.end - 1));
  }
}

function hasSymbol(e: Expr): boolean {
  switch (e.k) {
    case 'num': return false;
    case 'sym': return true;
    case 'un': return hasSymbol(e.a);
    case 'bin': return hasSymbol(e.a) || hasSymbol(e.b);
  }
}

function exprKey(e: Expr): string {
  switch (e.k) {
    case 'num': return e.v.toString();
    case 'sym': return `$${e.name}`;
    case 'un': return `(${e.op}${exprKey(e.a)})`;
    case 'bin': return `(${exprKey(e.a)}${e.op}${exprKey(e.b)})`;
  }
}

/** Section type and flags GNU as gives well-known names. */
export function defaultSectionKind(name: string): { type: number; flags: number } {
  const is = (p: string): boolean => name === p || name.startsWith(p + '.');
  if (is('.text')) return { type: SHT.PROGBITS, flags: SHF.ALLOC | SHF.EXECINSTR };
  if (is('.bss') || is('.tbss')) return { type: SHT.NOBITS, flags: SHF.ALLOC | SHF.WRITE };
  if (is('.data') || is('.tdata')) return { type: SHT.PROGBITS, flags: SHF.ALLOC | SHF.WRITE };
  if (is('.rodata')) return { type: SHT.PROGBITS, flags: SHF.ALLOC };
  if (is('.init_array')) return { type: SHT.INIT_ARRAY, flags: SHF.ALLOC | SHF.WRITE };
  if (is('.fini_array')) return { type: SHT.FINI_ARRAY, flags: SHF.ALLOC | SHF.WRITE };
  return { type: SHT.PROGBITS, flags: 0 };
}

export interface AssembleOutput {
  object: ObjectFile;
  diagnostics: Diagnostic[];
}

/** Assemble one source file into an object. Never throws. */
export function assembleWith(encode: EncodeFn, file: string, text: string): AssembleOutput {
  const lex = lexSource(file, text);
  try {
    const pass1 = new Assembly(file, false, undefined, encode);
    pass1.run(lex.statements);
    const pass2 = new Assembly(file, true, pass1, encode);
    pass2.run(lex.statements);
    const built = buildObject(pass2);
    return { object: built.object, diagnostics: [...lex.diagnostics, ...pass2.diagnostics, ...built.diagnostics] };
  } catch (e) {
    const d: Diagnostic = { file, line: 1, column: 1, severity: 'error', message: `internal assembler error: ${(e as Error).message}` };
    return { object: { name: file, sections: [], symbols: [], lines: [] }, diagnostics: [...lex.diagnostics, d] };
  }
}

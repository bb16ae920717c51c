// Parser core: token cursor, scopes, translation unit and function definitions
// (C11 6.7, 6.9). Toolchain layer, C compiler stage 3. Declarations live in decl.ts,
// statements in stmt.ts, expressions in expr.ts; they all work on this Parser state.
// Recovery: a failed declaration or statement records a diagnostic, then skips ahead.

import type { Node, Obj } from './ast.ts';
import { Bail, type Diags } from './diag.ts';
import { declaration, isTypename, registerGlobal, skipAttributes } from './decl.ts';
import { compoundBody } from './stmt.ts';
import type { Token } from './tokenize.ts';
import { type Type, ty } from './type.ts';

export interface VarEntry {
  obj?: Obj;
  typedef?: Type;
  enumVal?: bigint;
  enumTy?: Type;
}

interface Scope {
  vars: Map<string, VarEntry>;
  tags: Map<string, Type>;
}

const MAX_DEPTH = 400;

export const KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum',
  'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return',
  'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void',
  'volatile', 'while', '_Alignas', '_Alignof', '_Atomic', '_Bool', '_Complex', '_Generic',
  '_Imaginary', '_Noreturn', '_Static_assert', '_Thread_local', '__asm__', '__asm', 'asm',
  '__attribute__', '__inline', '__inline__', '__volatile__', '__const', '__const__', '__restrict',
  '__restrict__', '__signed__', '__extension__', 'typeof', '__typeof__', '__typeof', '__alignof__',
  '_Float128', '__int128',
]);

export class Parser {
  pos = 0;
  depth = 0;
  scopes: Scope[] = [{ vars: new Map(), tags: new Map() }];
  globals: Obj[] = [];
  fn?: Obj;
  locals: Obj[] = [];
  brk?: string;
  cont?: string;
  sw?: Node;
  labels = new Map<string, Token>();
  gotos: Array<{ name: string; tok: Token }> = [];
  private uniq = 0;

  constructor(readonly toks: Token[], readonly diags: Diags) {}

  // ---- cursor ----

  get tok(): Token { return this.toks[this.pos]; }
  peekAt(n: number): Token { return this.toks[Math.min(this.pos + n, this.toks.length - 1)]; }
  next(): Token {
    const t = this.toks[this.pos];
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  /** Current token is the punctuator or keyword `s` (string literals never match). */
  is(s: string): boolean {
    const t = this.toks[this.pos];
    return t.text === s && (t.kind === 'punct' || t.kind === 'ident');
  }
  accept(s: string): boolean {
    if (!this.is(s)) return false;
    this.pos++;
    return true;
  }
  expect(s: string, what?: string): Token {
    if (this.is(s)) return this.next();
    return this.diags.fail(this.tok, `expected ${what ?? `'${s}'`} before ${describe(this.tok)}`);
  }
  atEof(): boolean { return this.tok.kind === 'eof'; }

  fail(t: Token, msg: string): never { return this.diags.fail(t, msg); }
  error(t: Token, msg: string): void { this.diags.error(t, msg); }
  warn(t: Token, msg: string): void { this.diags.warn(t, msg); }

  enter(): void {
    if (++this.depth > MAX_DEPTH) {
      this.depth = 0;
      this.diags.report(this.tok, 'error', 'nesting too deep (the compiler allows 400 levels)');
      throw new Bail(true);
    }
  }
  leave(): void { this.depth--; }

  /** Identifier token (not a keyword) or an error. */
  ident(what = 'identifier'): Token {
    const t = this.tok;
    if (t.kind === 'ident' && !KEYWORDS.has(t.text)) return this.next();
    return this.fail(t, `expected ${what} before ${describe(t)}`);
  }

  newLabel(kind: string): string { return `.L.${kind}.${++this.uniq}`; }
  uniqueName(base: string): string { return `${base}.${++this.uniq}`; }

  // ---- scopes ----

  pushScope(): void { this.scopes.push({ vars: new Map(), tags: new Map() }); }
  popScope(): void { this.scopes.pop(); }
  get atFileScope(): boolean { return this.scopes.length === 1; }

  lookup(name: string): VarEntry | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const e = this.scopes[i].vars.get(name);
      if (e) return e;
    }
    return undefined;
  }
  lookupLocalScope(name: string): VarEntry | undefined { return this.scopes[this.scopes.length - 1].vars.get(name); }
  declare(name: string, e: VarEntry): void { this.scopes[this.scopes.length - 1].vars.set(name, e); }
  lookupTag(name: string, currentOnly = false): Type | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i].tags.get(name);
      if (t || currentOnly) return t;
    }
    return undefined;
  }
  declareTag(name: string, t: Type): void { this.scopes[this.scopes.length - 1].tags.set(name, t); }

  typedefOf(t: Token): Type | undefined {
    if (t.kind !== 'ident') return undefined;
    return this.lookup(t.text)?.typedef;
  }

  // ---- objects ----

  newLocal(name: string, type: Type, tok: Token): Obj {
    const o: Obj = {
      name, asmName: name, ty: type, tok, isLocal: true, offset: 0, isStatic: false,
      isDefinition: true, isFunction: false,
    };
    this.locals.push(o);
    if (name) this.declare(name, { obj: o });
    return o;
  }

  newGlobal(name: string, asmName: string, type: Type, tok: Token): Obj {
    const o: Obj = {
      name, asmName, ty: type, tok, isLocal: false, offset: 0, isStatic: false,
      isDefinition: false, isFunction: type.kind === 'func',
    };
    this.globals.push(o);
    return o;
  }

  /** Anonymous read-only object for a string literal. */
  stringObj(type: Type, bytes: Uint8Array, tok: Token): Obj {
    const o = this.newGlobal('', `.L.str.${++this.uniq}`, type, tok);
    o.isStatic = true;
    o.isDefinition = true;
    o.init = { bytes, relocs: [] };
    (o as Obj & { rodata?: boolean }).rodata = true;
    return o;
  }

  // ---- recovery ----

  /** Skips to the end of the current statement/declaration after an error. */
  recover(start: number, depth: number): void {
    this.depth = depth;
    let nest = 0;
    while (!this.atEof()) {
      const t = this.tok;
      if (t.kind === 'punct') {
        if (t.text === '{' || t.text === '(' || t.text === '[') nest++;
        else if (t.text === ')' || t.text === ']') nest = Math.max(0, nest - 1);
        else if (t.text === '}') {
          if (nest === 0) break;
          nest--;
          this.pos++;
          if (nest === 0) return;
          continue;
        } else if (t.text === ';' && nest === 0) { this.pos++; return; }
      }
      this.pos++;
    }
    if (this.pos === start && !this.atEof()) this.pos++;
  }

  /** Runs `f`, recovering from a non-fatal Bail. */
  guarded(f: () => void): void {
    const start = this.pos;
    const depth = this.depth;
    try { f(); } catch (e) {
      if (!(e instanceof Bail) || e.fatal) throw e;
      this.recover(start, depth);
    }
  }

  // ---- translation unit ----

  parseUnit(): Obj[] {
    while (!this.atEof()) {
      if (this.accept(';')) continue;
      this.guarded(() => declaration(this, true));
    }
    this.finishGlobals();
    return this.globals;
  }

  private finishGlobals(): void {
    for (const o of this.globals) {
      if (o.isFunction && !o.isDefinition && o.isStatic && o.referenced) {
        this.warn(o.tok, `'${o.name}' used but never defined`);
      }
    }
  }

  /** Parses a function body after its declarator; `fnObj` already holds the type. */
  functionBody(fnObj: Obj, paramNames: Array<Token | undefined>): void {
    const ft = fnObj.ty;
    this.fn = fnObj;
    this.locals = [];
    this.labels = new Map();
    this.gotos = [];
    this.pushScope();
    const params: Obj[] = [];
    ft.params.forEach((pt, i) => {
      const nameTok = paramNames[i];
      if (!nameTok) this.error(this.tok, `parameter name omitted`);
      params.push(this.newLocal(nameTok?.text ?? '', pt, nameTok ?? fnObj.tok));
    });
    fnObj.params = params;
    const open = this.tok;
    this.expect('{');
    const body = compoundBody(this, open);
    this.popScope();
    fnObj.body = body;
    fnObj.locals = this.locals;
    fnObj.isDefinition = true;
    for (const g of this.gotos) if (!this.labels.has(g.name)) this.error(g.tok, `label '${g.name}' used but not defined`);
    this.fn = undefined;
  }

  isTypename(): boolean { return isTypename(this, this.tok); }
  isTypenameAt(n: number): boolean { return isTypename(this, this.peekAt(n)); }
  isKeyword(t: Token): boolean { return t.kind === 'ident' && KEYWORDS.has(t.text); }
  compoundStmt(): Node {
    const open = this.expect('{');
    return compoundBody(this, open);
  }
  declareImplicit(fn: Obj): void { registerGlobal(this, fn); }
  skipAttributes(): void { skipAttributes(this); }
}

export function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of input';
  if (t.kind === 'str') return 'string constant';
  if (t.kind === 'num') return 'numeric constant';
  return `'${t.text}' token`;
}

export const intTy = ty.int;

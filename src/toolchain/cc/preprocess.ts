// C preprocessor: directives, conditional inclusion and macro expansion with Prosser's
// hide sets (C11 6.10). Toolchain layer, C compiler stage 2. Input tokens live on a
// reversed stack so expansions are pushed back and rescanned with the rest of the file.

import { Bail, type Diags } from './diag.ts';
import { BUILTIN_HEADERS, predefinedSource } from './headers.ts';
import { evalPPExpr } from './ppexpr.ts';
import { tokenize, tokenizeFragment, type SourceFile, type Token } from './tokenize.ts';

export interface PPOptions {
  includeDirs?: string[];
  defines?: Record<string, string>;
  sysroot?: Record<string, string>;
  readFile?: (path: string) => string | undefined;
}

interface Macro {
  name: string;
  fn: boolean;
  params: string[];
  variadic: boolean;
  body: Token[];
  builtin?: (t: Token) => Token[];
}

interface Cond { tok: Token; active: boolean; taken: boolean; sawElse: boolean }

const MAX_INCLUDE_DEPTH = 200;
const MAX_EXPANSIONS = 2_000_000;

export class Preprocessor {
  readonly files: SourceFile[] = [];
  private macros = new Map<string, Macro>();
  private stack: Token[] = [];
  private conds: Cond[] = [];
  private once = new Set<string>();
  private depth = 0;
  private counter = 0;
  private expansions = 0;

  constructor(private diags: Diags, private opts: PPOptions) {}

  addFile(name: string, text: string): SourceFile {
    const f: SourceFile = { name, text, id: this.files.length + 1 };
    this.files.push(f);
    return f;
  }

  /** Preprocesses `main` into a token list ending in 'eof'. */
  run(main: SourceFile): Token[] {
    this.defineBuiltins();
    this.pushTokens(tokenize(this.addFile('<built-in>', predefinedSource())));
    this.drain();
    const cmd = Object.entries(this.opts.defines ?? {}).map(([k, v]) => `#define ${k} ${v}\n`).join('');
    this.pushTokens(tokenize(this.addFile('<command-line>', cmd)));
    this.drain();
    this.pushTokens(tokenize(main));
    const out: Token[] = [];
    this.loop(out);
    return out;
  }

  private drain(): void {
    const sink: Token[] = [];
    this.loop(sink);
  }

  private pushTokens(toks: Token[]): void {
    for (let i = toks.length - 1; i >= 0; i--) this.stack.push(toks[i]);
  }

  private loop(out: Token[]): void {
    for (;;) {
      const t = this.stack.pop();
      if (!t) return;
      if (t.kind === 'eof') {
        if (this.endOfFile(t, out)) return;
        continue;
      }
      if (t.kind === 'punct' && t.text === '#' && t.bol && !t.fromMacro) {
        this.guard(() => this.directive(t));
        continue;
      }
      if (t.kind === 'ident' && this.expand(t, this.stack)) continue;
      if (t.kind === 'invalid') { this.guard(() => this.diags.error(t, t.err ?? 'invalid token')); continue; }
      out.push(t);
    }
  }

  private guard(f: () => void): void {
    try { f(); } catch (e) {
      if (e instanceof Bail && !e.fatal) { this.skipLine(); return; }
      throw e;
    }
  }

  /** Handles the end of a file; returns true at the end of the translation unit. */
  private endOfFile(t: Token, out: Token[]): boolean {
    const base = (t as Token & { condBase?: number }).condBase ?? 0;
    while (this.conds.length > base) {
      const c = this.conds.pop()!;
      this.diags.error(c.tok, 'unterminated conditional directive');
    }
    if (t.text === 'end-include') { this.depth--; return false; }
    if (this.stack.length === 0) {
      out.push(t);
      return true;
    }
    return false;
  }

  private peek(): Token | undefined { return this.stack[this.stack.length - 1]; }

  private readLine(): Token[] {
    const line: Token[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.bol || t.kind === 'eof') return line;
      line.push(this.stack.pop()!);
    }
  }

  private skipLine(): void { this.readLine(); }

  // ---- directives ----

  private directive(hash: Token): void {
    const name = this.peek();
    if (!name || name.bol || name.kind === 'eof') return;
    this.stack.pop();
    const line = this.readLine();
    switch (name.text) {
      case 'include': case 'include_next': return this.include(name, line);
      case 'define': return this.define(name, line);
      case 'undef':
        if (line[0]?.kind !== 'ident') this.diags.fail(name, 'macro names must be identifiers');
        this.macros.delete(line[0].text);
        return;
      case 'if': return this.pushCond(name, this.evalIf(name, line));
      case 'ifdef': case 'ifndef': {
        if (line[0]?.kind !== 'ident') this.diags.fail(name, `no macro name given in #${name.text} directive`);
        const def = this.macros.has(line[0].text);
        return this.pushCond(name, name.text === 'ifdef' ? def : !def);
      }
      case 'elif': case 'else': case 'endif': return this.elseLike(name);
      case 'error': this.diags.error(name, `#error ${joinText(line)}`); return;
      case 'warning': this.diags.warn(name, `#warning ${joinText(line)}`); return;
      case 'pragma':
        if (line[0]?.text === 'once') this.once.add(name.file.name);
        return;
      case 'line': return;
      default:
        if (name.kind === 'num' && name.text !== '') return; // GNU line marker
        this.diags.error(hash, `invalid preprocessing directive #${name.text}`);
    }
  }

  private pushCond(tok: Token, value: boolean): void {
    this.conds.push({ tok, active: value, taken: value, sawElse: false });
    if (!value) this.skipGroup();
  }

  private elseLike(name: Token): void {
    const c = this.conds[this.conds.length - 1];
    if (!c) this.diags.fail(name, `#${name.text} without #if`);
    if (name.text === 'endif') { this.conds.pop(); return; }
    if (c.sawElse) this.diags.error(name, `#${name.text} after #else`);
    // We get here only from an active group: everything that follows is skipped.
    c.sawElse = name.text === 'else';
    c.taken = true;
    this.skipGroup();
  }

  /** Skips tokens until the #elif/#else/#endif that ends the current group. */
  private skipGroup(): void {
    let nest = 0;
    for (;;) {
      const t = this.stack.pop();
      if (!t) return;
      if (t.kind === 'eof') { this.stack.push(t); return; }
      if (!(t.kind === 'punct' && t.text === '#' && t.bol)) continue;
      const d = this.peek();
      if (!d || d.bol) continue;
      if (d.text === 'if' || d.text === 'ifdef' || d.text === 'ifndef') { nest++; continue; }
      if (d.text === 'endif') {
        if (nest-- > 0) continue;
        this.stack.pop();
        this.readLine();
        this.conds.pop();
        return;
      }
      if (nest > 0 || (d.text !== 'elif' && d.text !== 'else')) continue;
      this.stack.pop();
      const line = this.readLine();
      const c = this.conds[this.conds.length - 1];
      if (c.sawElse) { this.diags.error(d, `#${d.text} after #else`); continue; }
      if (d.text === 'else') { c.sawElse = true; if (!c.taken) { c.taken = true; return; } continue; }
      if (!c.taken && this.safeEvalIf(d, line)) { c.taken = true; return; }
    }
  }

  private safeEvalIf(name: Token, line: Token[]): boolean {
    try { return this.evalIf(name, line); } catch (e) {
      if (e instanceof Bail && !e.fatal) return false;
      throw e;
    }
  }

  private evalIf(name: Token, line: Token[]): boolean {
    if (line.length === 0) this.diags.fail(name, `#${name.text} with no expression`);
    const pre: Token[] = [];
    for (let i = 0; i < line.length; i++) {
      const t = line[i];
      if (t.kind === 'ident' && t.text === 'defined') {
        let j = i + 1;
        const paren = line[j]?.text === '(';
        if (paren) j++;
        const id = line[j];
        if (!id || id.kind !== 'ident') this.diags.fail(t, 'operator "defined" requires an identifier');
        if (paren && line[j + 1]?.text !== ')') this.diags.fail(t, "missing ')' after \"defined\"");
        pre.push({ ...t, kind: 'num', text: this.macros.has(id.text) ? '1' : '0' });
        i = paren ? j + 1 : j;
        continue;
      }
      if (t.kind === 'ident' && t.text === '__has_include') {
        pre.push({ ...t, kind: 'num', text: '0' });
        continue;
      }
      pre.push(t);
    }
    const expanded = this.expandList(pre);
    return evalPPExpr(expanded, name, this.diags) !== 0n;
  }

  private include(name: Token, line: Token[]): void {
    let toks = line;
    if (toks[0] && toks[0].kind !== 'str' && toks[0].text !== '<') toks = this.expandList(line);
    let path: string | undefined;
    let quoted = false;
    if (toks[0]?.kind === 'str' && toks[0].text.startsWith('"')) { path = toks[0].text.slice(1, -1); quoted = true; }
    else if (toks[0]?.text === '<') {
      const end = toks.findIndex((t) => t.text === '>');
      if (end > 0) path = toks.slice(1, end).map((t, i) => (i > 0 && t.space ? ' ' : '') + t.text).join('');
    }
    if (path === undefined || path === '') this.diags.fail(name, '#include expects "FILENAME" or <FILENAME>');
    if (this.depth >= MAX_INCLUDE_DEPTH) this.diags.fail(name, `#include nested depth ${MAX_INCLUDE_DEPTH} exceeds maximum`);
    const found = this.resolve(path, quoted, name.file.name);
    if (!found) this.diags.fail(name, `${path}: No such file or directory`);
    if (this.once.has(found.name)) return;
    const file = this.addFile(found.name, found.text);
    const toks2 = tokenize(file);
    const end = toks2[toks2.length - 1];
    end.text = 'end-include';
    (end as Token & { condBase?: number }).condBase = this.conds.length;
    this.depth++;
    this.pushTokens(toks2);
  }

  private resolve(path: string, quoted: boolean, from: string): { name: string; text: string } | undefined {
    const sys = this.opts.sysroot ?? {};
    const tryPath = (p: string): { name: string; text: string } | undefined => {
      const t = this.opts.readFile?.(p) ?? (Object.hasOwn(sys, p) ? sys[p] : undefined);
      return t === undefined ? undefined : { name: p, text: t };
    };
    if (path.startsWith('/')) return tryPath(path);
    if (quoted) {
      const r = tryPath(joinPath(dirname(from), path));
      if (r) return r;
    }
    for (const d of this.opts.includeDirs ?? []) {
      const r = tryPath(joinPath(d, path));
      if (r) return r;
    }
    if (Object.hasOwn(sys, path)) return { name: path, text: sys[path] };
    if (Object.hasOwn(BUILTIN_HEADERS, path)) return { name: `<builtin>/${path}`, text: BUILTIN_HEADERS[path] };
    return undefined;
  }

  private define(name: Token, line: Token[]): void {
    const id = line[0];
    if (!id || id.kind !== 'ident') this.diags.fail(name, 'macro names must be identifiers');
    if (id.text === 'defined') this.diags.fail(id, '"defined" cannot be used as a macro name');
    const m: Macro = { name: id.text, fn: false, params: [], variadic: false, body: [] };
    let i = 1;
    if (line[1]?.text === '(' && !line[1].space) {
      m.fn = true;
      i = this.params(m, line, 2, id);
    }
    m.body = line.slice(i).map((t, k) => ({ ...t, bol: false, space: k === 0 ? false : t.space }));
    const old = this.macros.get(m.name);
    if (old && !old.builtin && !sameMacro(old, m)) this.diags.warn(id, `"${m.name}" redefined`);
    this.macros.set(m.name, m);
  }

  private params(m: Macro, line: Token[], start: number, id: Token): number {
    let i = start;
    if (line[i]?.text === ')') return i + 1;
    for (;;) {
      const t = line[i];
      if (!t) this.diags.fail(id, "missing ')' in macro parameter list");
      if (t.text === '...') {
        m.variadic = true;
        m.params.push('__VA_ARGS__');
        i++;
      } else if (t.kind === 'ident') {
        m.params.push(t.text);
        i++;
        if (line[i]?.text === '...') { m.variadic = true; i++; }
      } else this.diags.fail(t, `expected parameter name, found "${t.text}"`);
      if (line[i]?.text === ')') return i + 1;
      if (m.variadic || line[i]?.text !== ',') this.diags.fail(line[i] ?? id, "expected ',' or ')' in macro parameter list");
      i++;
    }
  }

  // ---- macro expansion ----

  private defineBuiltins(): void {
    const b = (name: string, f: (t: Token) => Token[]): void => {
      this.macros.set(name, { name, fn: false, params: [], variadic: false, body: [], builtin: f });
    };
    b('__FILE__', (t) => [{ ...t, kind: 'str', text: JSON.stringify(t.file.name) }]);
    b('__LINE__', (t) => [{ ...t, kind: 'num', text: String(t.line) }]);
    b('__COUNTER__', (t) => [{ ...t, kind: 'num', text: String(this.counter++) }]);
    b('_Pragma', () => []);
    b('__BASE_FILE__', (t) => [{ ...t, kind: 'str', text: JSON.stringify(this.files[2]?.name ?? t.file.name) }]);
  }

  /** Fully macro-expands a token list in isolation (macro arguments, #if lines). */
  private expandList(toks: Token[]): Token[] {
    const st: Token[] = [];
    for (let i = toks.length - 1; i >= 0; i--) st.push(toks[i]);
    const out: Token[] = [];
    while (st.length) {
      const t = st.pop()!;
      if (t.kind === 'ident' && this.expand(t, st)) continue;
      out.push(t);
    }
    return out;
  }

  /** Expands `t` if it names a macro, pushing the result onto `st`. */
  private expand(t: Token, st: Token[]): boolean {
    const m = this.macros.get(t.text);
    if (!m || t.hide?.has(m.name)) return false;
    if (++this.expansions > MAX_EXPANSIONS) this.diags.fail(t, 'macro expansion limit exceeded');
    if (t.text === '_Pragma') return this.pragmaOperator(t, st);
    if (m.builtin) { pushAll(st, m.builtin(t).map((x) => ({ ...x, bol: false, fromMacro: true }))); return true; }
    if (!m.fn) {
      const hs = addHide(t.hide, m.name);
      const res = m.body.map((b) => this.copy(b, t, hs));
      if (res[0]) res[0].space = t.space;
      pushAll(st, res);
      return true;
    }
    const next = st[st.length - 1];
    if (!next || next.text !== '(' || next.kind === 'eof') return false;
    st.pop();
    const { args, rparen } = this.readArgs(m, t, st);
    const hs = addHide(intersect(t.hide, rparen.hide), m.name);
    const res = this.subst(m, args, t).map((x) => ({ ...x, hide: union(hs, x.hide), bol: false, fromMacro: true }));
    if (res[0]) res[0].space = t.space;
    pushAll(st, res);
    return true;
  }

  /** Drops `_Pragma ( string-literal )`; no pragma changes code generation. */
  private pragmaOperator(t: Token, st: Token[]): boolean {
    const n = st.length;
    if (st[n - 1]?.text !== '(' || st[n - 2]?.kind !== 'str' || st[n - 3]?.text !== ')') {
      this.diags.error(t, "_Pragma takes a parenthesized string literal");
      return true;
    }
    st.length = n - 3;
    return true;
  }

  private copy(b: Token, at: Token, hs: ReadonlySet<string>): Token {
    return { ...b, file: at.file, line: at.line, col: at.col, hide: union(hs, b.hide), bol: false, fromMacro: true };
  }

  private readArgs(m: Macro, name: Token, st: Token[]): { args: Token[][]; rparen: Token } {
    const args: Token[][] = [[]];
    let depth = 0;
    for (;;) {
      const t = st.pop();
      if (!t || t.kind === 'eof') {
        if (t) st.push(t);
        this.diags.fail(name, `unterminated argument list invoking macro "${m.name}"`);
      }
      if (t.text === '(' && t.kind === 'punct') depth++;
      else if (t.text === ')' && t.kind === 'punct') {
        if (depth-- === 0) return { args: this.checkArgs(m, name, args), rparen: t };
      } else if (t.text === ',' && t.kind === 'punct' && depth === 0 && !(m.variadic && args.length === m.params.length)) {
        args.push([]);
        continue;
      }
      args[args.length - 1].push({ ...t, bol: false });
    }
  }

  private checkArgs(m: Macro, name: Token, args: Token[][]): Token[][] {
    if (m.params.length === 0 && args.length === 1 && args[0].length === 0) return [];
    if (m.variadic && args.length === m.params.length - 1) args.push([]);
    if (args.length < m.params.length) this.diags.fail(name, `macro "${m.name}" requires ${m.params.length} arguments, but only ${args.length} given`);
    if (args.length > m.params.length) this.diags.fail(name, `macro "${m.name}" passed ${args.length} arguments, but takes just ${m.params.length}`);
    return args;
  }

  private subst(m: Macro, args: Token[][], at: Token): Token[] {
    const res: Token[] = [];
    const param = (t: Token | undefined): number => (t && t.kind === 'ident' ? m.params.indexOf(t.text) : -1);
    const body = m.body;
    let emptyLhs = false;
    for (let i = 0; i < body.length; i++) {
      const t = body[i];
      if (t.text === '#' && t.kind === 'punct') {
        const p = param(body[i + 1]);
        if (p < 0) this.diags.fail(at, "'#' is not followed by a macro parameter");
        res.push(this.stringize(args[p], at, t.space));
        i++;
        emptyLhs = false;
        continue;
      }
      if (t.text === '##' && t.kind === 'punct') {
        const r = body[i + 1];
        if (!r || i === 0) this.diags.fail(at, "'##' cannot appear at either end of a macro expansion");
        i++;
        const p = param(r);
        const rhs = p >= 0 ? args[p].map((x) => ({ ...x })) : [this.copy(r, at, new Set())];
        if (p >= 0 && r.text === '__VA_ARGS__' && res[res.length - 1]?.text === ',' && !emptyLhs && rhs.length === 0) {
          res.pop();
          continue;
        }
        if (emptyLhs || res.length === 0) { res.push(...rhs); emptyLhs = rhs.length === 0; continue; }
        if (rhs.length === 0) continue;
        res[res.length - 1] = this.paste(res[res.length - 1], rhs[0]);
        res.push(...rhs.slice(1));
        continue;
      }
      const p = param(t);
      if (p >= 0) {
        const raw = body[i + 1]?.text === '##';
        const toks = raw ? args[p].map((x) => ({ ...x })) : this.expandList(args[p]);
        if (toks[0]) toks[0] = { ...toks[0], space: t.space };
        res.push(...toks);
        emptyLhs = toks.length === 0;
        continue;
      }
      res.push(this.copy(t, at, new Set()));
      emptyLhs = false;
    }
    return res;
  }

  private stringize(arg: Token[], at: Token, space: boolean): Token {
    let s = '';
    arg.forEach((t, i) => {
      if (i > 0 && t.space) s += ' ';
      s += t.kind === 'str' || t.kind === 'char' ? t.text.replace(/[\\"]/g, (c) => '\\' + c) : t.text;
    });
    return { ...at, kind: 'str', text: `"${s}"`, space, bol: false, fromMacro: true, hide: undefined };
  }

  private paste(l: Token, r: Token): Token {
    const text = l.text + r.text;
    const toks = tokenizeFragment(text, l);
    if (toks.length !== 1 || toks[0].kind === 'invalid') {
      this.diags.fail(l, `pasting "${l.text}" and "${r.text}" does not give a valid preprocessing token`);
    }
    return { ...toks[0], space: l.space, hide: l.hide, fromMacro: true };
  }
}

function sameMacro(a: Macro, b: Macro): boolean {
  if (a.fn !== b.fn || a.params.join(',') !== b.params.join(',') || a.body.length !== b.body.length) return false;
  return a.body.every((t, i) => t.text === b.body[i].text && (i === 0 || t.space === b.body[i].space));
}

function pushAll(st: Token[], toks: Token[]): void {
  for (let i = toks.length - 1; i >= 0; i--) st.push(toks[i]);
}

function addHide(hs: ReadonlySet<string> | undefined, name: string): ReadonlySet<string> {
  const s = new Set(hs);
  s.add(name);
  return s;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string> | undefined): ReadonlySet<string> {
  if (!b || b.size === 0) return a;
  const s = new Set(a);
  for (const x of b) s.add(x);
  return s;
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (!a || !b) return undefined;
  const s = new Set<string>();
  for (const x of a) if (b.has(x)) s.add(x);
  return s;
}

function joinText(line: Token[]): string {
  return line.map((t, i) => (i > 0 && t.space ? ' ' : '') + t.text).join('');
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** dir/name with `.`, `..` and doubled slashes folded, so one file has one name (#pragma once). */
function joinPath(dir: string, name: string): string {
  const parts = (dir === '' ? name : `${dir}/${name}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.' || (part === '' && out.length > 0)) continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') { out.pop(); continue; }
    out.push(part);
  }
  return out.join('/');
}

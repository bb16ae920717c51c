// Statements (C11 6.8): blocks, selection, iteration, jumps, labels and the GNU
// basic/extended asm statement. Toolchain layer, C parser stage. A statement that
// fails to parse is reported and skipped so the rest of the body is still checked.

import type { AsmOperand, Node } from './ast.ts';
import { constInt } from './consteval.ts';
import { declaration } from './decl.ts';
import { expr } from './expr.ts';
import { describe, type Parser } from './parse.ts';
import { cast, condition, convertAs, mk, promoted, rval } from './sema.ts';
import type { Token } from './tokenize.ts';
import { isInteger, isRecord, isScalar, ty, unqualified } from './type.ts';

/** Statements up to the closing '}' (the '{' was consumed), in a new scope. */
export function compoundBody(p: Parser, open: Token): Node {
  const body: Node[] = [];
  p.pushScope();
  while (!p.is('}')) {
    if (p.atEof()) { p.popScope(); p.fail(p.tok, `expected '}' at end of input`); }
    p.guarded(() => {
      if (p.isTypename() && !(p.peekAt(1).text === ':' && p.peekAt(1).kind === 'punct' && p.typedefOf(p.tok) !== undefined)) {
        for (const n of declaration(p, false)) body.push(n);
      } else if (p.is('_Static_assert')) {
        declaration(p, false);
      } else body.push(stmt(p));
    });
  }
  p.next();
  p.popScope();
  return mk('block', open, ty.void, { body });
}

function exprStmt(p: Parser): Node {
  const tok = p.tok;
  const e = expr(p);
  if (!p.is(';')) p.fail(p.tok, `expected ';' before ${describe(p.tok)}`);
  p.next();
  return mk('exprstmt', tok, ty.void, { lhs: e });
}

export function stmt(p: Parser): Node {
  p.enter();
  const r = stmtInner(p);
  p.leave();
  return r;
}

function stmtInner(p: Parser): Node {
  const tok = p.tok;
  if (tok.kind === 'punct') {
    if (tok.text === '{') { p.next(); return compoundBody(p, tok); }
    if (tok.text === ';') { p.next(); return mk('block', tok, ty.void, { body: [] }); }
    return exprStmt(p);
  }
  if (tok.kind !== 'ident') return exprStmt(p);
  if (p.peekAt(1).text === ':' && p.peekAt(1).kind === 'punct' && !['default', 'case'].includes(tok.text) && !p.isKeyword(tok)) {
    return labeled(p);
  }
  switch (tok.text) {
    case 'if': return ifStmt(p);
    case 'while': return whileStmt(p);
    case 'do': return doStmt(p);
    case 'for': return forStmt(p);
    case 'switch': return switchStmt(p);
    case 'case': return caseStmt(p);
    case 'default': return defaultStmt(p);
    case 'break': return jump(p, 'break');
    case 'continue': return jump(p, 'continue');
    case 'goto': return gotoStmt(p);
    case 'return': return returnStmt(p);
    case 'asm': case '__asm__': case '__asm': return asmStmt(p);
    default: return exprStmt(p);
  }
}

function parenCond(p: Parser): Node {
  p.expect('(');
  const c = condition(p, expr(p));
  p.expect(')', "')'");
  return c;
}

function ifStmt(p: Parser): Node {
  const tok = p.next();
  const cond = parenCond(p);
  const then = stmt(p);
  const els = p.accept('else') ? stmt(p) : undefined;
  return mk('if', tok, ty.void, { cond, then, els });
}

function loopBody(p: Parser, brk: string, cont: string): Node {
  const [ob, oc] = [p.brk, p.cont];
  p.brk = brk;
  p.cont = cont;
  try { return stmt(p); } finally { p.brk = ob; p.cont = oc; }
}

function whileStmt(p: Parser): Node {
  const tok = p.next();
  const cond = parenCond(p);
  const brk = p.newLabel('brk');
  const cont = p.newLabel('cont');
  const then = loopBody(p, brk, cont);
  return mk('for', tok, ty.void, { cond, then, brk, cont });
}

function doStmt(p: Parser): Node {
  const tok = p.next();
  const brk = p.newLabel('brk');
  const cont = p.newLabel('cont');
  const then = loopBody(p, brk, cont);
  if (!p.is('while')) p.fail(p.tok, `expected 'while' before ${describe(p.tok)}`);
  p.next();
  const cond = parenCond(p);
  if (!p.is(';')) p.fail(p.tok, `expected ';' before ${describe(p.tok)}`);
  p.next();
  return mk('do', tok, ty.void, { cond, then, brk, cont });
}

function forStmt(p: Parser): Node {
  const tok = p.next();
  p.expect('(');
  p.pushScope();
  try {
    let init: Node | undefined;
    if (p.isTypename()) init = mk('block', tok, ty.void, { body: declaration(p, false) });
    else if (!p.accept(';')) init = exprStmt(p);
    const cond = p.is(';') ? undefined : condition(p, expr(p));
    p.expect(';');
    const inc = p.is(')') ? undefined : expr(p);
    p.expect(')', "')'");
    const brk = p.newLabel('brk');
    const cont = p.newLabel('cont');
    const then = loopBody(p, brk, cont);
    return mk('for', tok, ty.void, { init, cond, inc, then, brk, cont });
  } finally { p.popScope(); }
}

function switchStmt(p: Parser): Node {
  const tok = p.next();
  p.expect('(');
  const c0 = rval(expr(p));
  p.expect(')', "')'");
  if (!isInteger(c0.ty)) p.fail(c0.tok, 'switch quantity not an integer');
  const c = promoted(c0);
  const sw = mk('switch', tok, ty.void, { cond: c, cases: [], brk: p.newLabel('brk') });
  const [osw, ob] = [p.sw, p.brk];
  p.sw = sw;
  p.brk = sw.brk;
  try { sw.then = stmt(p); } finally { p.sw = osw; p.brk = ob; }
  return sw;
}

function caseStmt(p: Parser): Node {
  const tok = p.next();
  const sw = p.sw;
  const lo = constInt(p, expr(p));
  let hi = lo;
  if (p.accept('...')) hi = constInt(p, expr(p));
  p.expect(':');
  if (!sw) { p.error(tok, 'case label not within a switch statement'); return stmt(p); }
  const t = sw.cond!.ty;
  const wlo = cast(mk('num', tok, ty.long, { val: lo }), t).val!;
  const whi = cast(mk('num', tok, ty.long, { val: hi }), t).val!;
  for (const c of sw.cases!) if (wlo <= c.hi && whi >= c.lo) p.error(tok, 'duplicate case value');
  const label = p.newLabel('case');
  sw.cases!.push({ lo: wlo, hi: whi, label });
  if (p.is('}')) { p.error(p.tok, 'label at end of compound statement'); return mk('label', tok, ty.void, { label, then: mk('block', tok, ty.void, { body: [] }) }); }
  return mk('label', tok, ty.void, { label, then: stmt(p) });
}

function defaultStmt(p: Parser): Node {
  const tok = p.next();
  p.expect(':');
  const sw = p.sw;
  if (!sw) { p.error(tok, "'default' label not within a switch statement"); return stmt(p); }
  if (sw.defLabel) p.error(tok, 'multiple default labels in one switch');
  sw.defLabel = p.newLabel('default');
  if (p.is('}')) return mk('label', tok, ty.void, { label: sw.defLabel, then: mk('block', tok, ty.void, { body: [] }) });
  return mk('label', tok, ty.void, { label: sw.defLabel, then: stmt(p) });
}

function jump(p: Parser, kind: 'break' | 'continue'): Node {
  const tok = p.next();
  const label = kind === 'break' ? p.brk : p.cont;
  if (!p.is(';')) p.fail(p.tok, `expected ';' before ${describe(p.tok)}`);
  p.next();
  if (!label) {
    p.error(tok, kind === 'break' ? 'break statement not within loop or switch' : 'continue statement not within a loop');
    return mk('block', tok, ty.void, { body: [] });
  }
  return mk('goto', tok, ty.void, { label });
}

function gotoStmt(p: Parser): Node {
  const tok = p.next();
  if (p.is('*')) p.fail(p.tok, 'computed goto is not supported');
  const name = p.ident('identifier');
  p.expect(';');
  p.gotos.push({ name: name.text, tok: name });
  return mk('goto', tok, ty.void, { label: userLabel(p, name.text) });
}

const userLabel = (p: Parser, name: string): string => `.L.label.${p.fn?.asmName ?? ''}.${name}`;

function labeled(p: Parser): Node {
  const name = p.next();
  p.next();
  if (p.labels.has(name.text)) p.error(name, `duplicate label '${name.text}'`);
  p.labels.set(name.text, name);
  if (p.is('}')) return mk('label', name, ty.void, { label: userLabel(p, name.text), then: mk('block', name, ty.void, { body: [] }) });
  return mk('label', name, ty.void, { label: userLabel(p, name.text), then: stmt(p) });
}

function returnStmt(p: Parser): Node {
  const tok = p.next();
  const rt = p.fn!.ty.ret!;
  if (p.accept(';')) {
    if (rt.kind !== 'void') p.warn(tok, "'return' with no value, in function returning non-void");
    return mk('return', tok, ty.void);
  }
  const e = expr(p);
  if (!p.is(';')) p.fail(p.tok, `expected ';' before ${describe(p.tok)}`);
  p.next();
  if (rt.kind === 'void') {
    if (rval(e).ty.kind !== 'void') p.warn(tok, "'return' with a value, in function returning void");
    return mk('return', tok, ty.void, { lhs: mk('cast', tok, ty.void, { lhs: rval(e) }) });
  }
  return mk('return', tok, ty.void, { lhs: convertAs(p, e, rt, { kind: 'return' }, e.tok) });
}

// ---- asm ----

function asmStmt(p: Parser): Node {
  const tok = p.next();
  while (p.accept('volatile') || p.accept('__volatile__') || p.accept('inline') || p.accept('goto')) { /* qualifiers */ }
  p.expect('(');
  let text = '';
  if (p.tok.kind !== 'str') p.fail(p.tok, 'expected string literal before ' + describe(p.tok));
  while (p.tok.kind === 'str') text += unquote(p.next().text);
  const outputs: AsmOperand[] = [];
  const inputs: AsmOperand[] = [];
  const clobbers: string[] = [];
  const extended = p.is(':');
  if (p.accept(':')) operands(p, outputs, true);
  if (p.accept(':')) operands(p, inputs, false);
  if (p.accept(':')) {
    while (p.tok.kind === 'str') {
      clobbers.push(unquote(p.next().text));
      if (!p.accept(',')) break;
    }
  }
  p.expect(')');
  p.expect(';');
  return mk('asm', tok, ty.void, { asmText: text, outputs, inputs, clobbers, val: extended ? 1n : 0n });
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(n|t|\\|"|')/g, (_, c: string) => ({ n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" } as Record<string, string>)[c]);
}

function operands(p: Parser, list: AsmOperand[], output: boolean): void {
  if (p.is(':') || p.is(')')) return;
  for (;;) {
    let name: string | undefined;
    if (p.accept('[')) { name = p.ident().text; p.expect(']'); }
    const ct = p.tok;
    if (ct.kind !== 'str') p.fail(ct, 'expected string-literal before ' + describe(ct));
    const constraint = unquote(p.next().text);
    p.expect('(');
    const e = expr(p);
    p.expect(')');
    const c = constraint.replace(/[=+&]/g, '');
    if (!/^(r|m|i|n|[0-9]|rm|g)$/.test(c)) p.error(ct, `unsupported asm constraint '${constraint}'`);
    if (output) {
      if (!constraint.startsWith('=') && !constraint.startsWith('+')) p.error(ct, `output operand constraint lacks '='`);
      if (!(e.kind === 'var' || e.kind === 'deref' || e.kind === 'member')) p.error(e.tok, 'lvalue required in asm statement');
    }
    const v = rval(e);
    if (c !== 'm' && !isScalar(v.ty)) p.error(e.tok, `impossible constraint in 'asm'`);
    if (isRecord(v.ty) && c !== 'm') p.error(e.tok, 'invalid asm operand');
    // A register variable stays a bare 'var' (even of a typedef'd type) so it keeps its register.
    const pinned = v.kind === 'var' && v.obj!.reg !== undefined;
    list.push({ constraint, name, expr: output || c === 'm' || pinned ? (pinned ? v : e) : cast(v, isInteger(v.ty) ? unqualified(v.ty) : v.ty) });
    if (!p.accept(',')) return;
  }
}

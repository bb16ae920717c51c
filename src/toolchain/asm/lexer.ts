// Line lexer for GNU as syntax (AArch64): strips comments, splits statements on
// newlines and `;`, peels off labels and returns each statement's operation and
// operand text with exact 1-based source columns. Layer: toolchain/asm.
// GNU as manual "Syntax": `//` and `/* */` comments, `#` at line start, `;` separator.

import type { Diagnostic } from '../../shared/diagnostic.ts';

/** Index just past a character constant `'c`, `'\\n` or `'c'` starting at `i` (a quote). */
export function skipChar(text: string, i: number): number {
  let k = i + 1 + (text[i + 1] === '\\' ? 2 : 1);
  if (text[k] === "'") k++;
  return Math.min(k, text.length);
}

export interface Label {
  name: string;
  column: number;
}

export interface Statement {
  line: number;
  /** Labels defined at the start of the statement (`a: b: op`). */
  labels: Label[];
  /** Directive (with its dot, lower-cased) or mnemonic (lower-cased); '' when only labels. */
  op: string;
  opColumn: number;
  /** Operand text, trimmed, and the 1-based column where it starts. */
  args: string;
  argsColumn: number;
}

export interface LexResult {
  statements: Statement[];
  diagnostics: Diagnostic[];
}

/**
 * Blank out comments (keeping columns and newlines) and report unterminated
 * strings and comments. Copies the text in slices between comments.
 */
function stripComments(file: string, text: string, diags: Diagnostic[]): string {
  const out: string[] = [];
  let copied = 0;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let atLineStart = true;
  const n = text.length;
  const blank = (from: number, to: number): void => {
    out.push(text.slice(copied, from), text.slice(from, to).replace(/[^\n]/g, ' '));
    copied = to;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) { line++; lineStart = i + 1; atLineStart = true; i++; continue; }
    if (atLineStart && c === 35 /* # */) {
      const e = lineEnd(text, i);
      blank(i, e);
      i = e;
      continue;
    }
    if (c !== 32 && c !== 9 && c !== 13) atLineStart = false;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const e = lineEnd(text, i);
      blank(i, e);
      i = e;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      const e = close < 0 ? n : close + 2;
      if (close < 0) diags.push(diag(file, line, i - lineStart + 1, 'unterminated comment'));
      for (let k = text.indexOf('\n', i); k >= 0 && k < e; k = text.indexOf('\n', k + 1)) { line++; lineStart = k + 1; }
      blank(i, e);
      i = e;
    } else if (c === 34 /* " */) {
      i = skipString(file, text, i, line, lineStart, diags);
    } else if (c === 39 /* ' */) {
      i = skipChar(text, i);
    } else {
      i++;
    }
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

function lineEnd(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  return e < 0 ? text.length : e;
}

/** Skip a string literal starting at `i` (a quote); returns the index after it. */
function skipString(file: string, text: string, i: number, line: number, lineStart: number, diags: Diagnostic[]): number {
  let k = i + 1;
  while (k < text.length && text[k] !== '"' && text[k] !== '\n') k += text[k] === '\\' && text[k + 1] !== '\n' ? 2 : 1;
  if (text[k] !== '"') {
    const col = i - lineStart + 1;
    diags.push({ ...diag(file, line, col, 'unterminated string'), endColumn: k - lineStart });
    return k;
  }
  return k + 1;
}

function diag(file: string, line: number, column: number, message: string): Diagnostic {
  return { file, line, column, severity: 'error', message };
}

/** Split one comment-free line at `;` outside strings and character constants. */
function splitStatements(line: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    } else if (c === "'") {
      i = skipChar(line, i) - 1;
    } else if (c === ';') {
      parts.push({ text: line.slice(start, i), start });
      start = i + 1;
    }
  }
  parts.push({ text: line.slice(start), start });
  return parts;
}

const LABEL = /([A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)[ \t]*:/y;
const OP = /[A-Za-z_.$][A-Za-z0-9_.$]*/y;
const SET_EQ = /[ \t]*=(?!=)/y;

/** Index of the first non-blank (by `\s`) character at or after `p`. */
function skipSpace(text: string, p: number): number {
  for (; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || !/\s/.test(text[p])) break;
  }
  return p;
}

/** Run a sticky regular expression at `p`. */
function execAt(re: RegExp, text: string, p: number): RegExpExecArray | null {
  re.lastIndex = p;
  return re.exec(text);
}

function parseStatement(text: string, base: number, line: number): Statement | undefined {
  let p = 0;
  const labels: Label[] = [];
  for (;;) {
    p = skipSpace(text, p);
    const m = execAt(LABEL, text, p);
    if (!m || text[p + m[0].length] === ':') break; // `a::` is not a label
    labels.push({ name: m[1], column: base + p + 1 });
    p += m[0].length;
  }
  p = skipSpace(text, p);
  if (p >= text.length) return labels.length ? { line, labels, op: '', opColumn: base + p + 1, args: '', argsColumn: base + p + 1 } : undefined;
  const opColumn = base + p + 1;
  const m = execAt(OP, text, p);
  let op: string;
  if (m) { op = m[0]; p += op.length; }
  else { op = text.slice(p).split(/\s/)[0]; p += op.length; }
  // `sym = expr` is `.set sym, expr`.
  const eq = m ? execAt(SET_EQ, text, p) : null;
  if (m && eq) {
    const rest = text.slice(p + eq[0].length);
    const lead = rest.length - rest.trimStart().length;
    return { line, labels, op: '=', opColumn, args: `${op}, ${rest.trim()}`, argsColumn: base + p + eq[0].length + lead + 1 - (op.length + 2) };
  }
  const rest = text.slice(p);
  const lead = rest.length - rest.trimStart().length;
  return { line, labels, op: op.toLowerCase(), opColumn, args: rest.trim(), argsColumn: base + p + lead + 1 };
}

/** Lex a whole source file into statements. Never throws. */
export function lexSource(file: string, text: string): LexResult {
  const diagnostics: Diagnostic[] = [];
  const clean = stripComments(file, text.replace(/\r\n?/g, '\n'), diagnostics);
  const statements: Statement[] = [];
  const lines = clean.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (text.indexOf(';') < 0) {
      const s = parseStatement(text, 0, i + 1);
      if (s) statements.push(s);
      continue;
    }
    for (const part of splitStatements(text)) {
      const s = parseStatement(part.text, part.start, i + 1);
      if (s) statements.push(s);
    }
  }
  return { statements, diagnostics };
}

// C tokenizer: turns one source file into preprocessing tokens with 1-based line and
// column. Toolchain layer, C compiler stage 1 (C11 6.4 lexical elements). Never throws:
// malformed tokens become kind 'invalid' carrying the message, reported only if the
// token survives preprocessing (so `#if 0` text may contain stray quotes).

export interface SourceFile {
  name: string;
  text: string;
  id: number;
}

export type TokKind = 'ident' | 'punct' | 'num' | 'str' | 'char' | 'invalid' | 'eof';

export interface Token {
  kind: TokKind;
  text: string;
  file: SourceFile;
  line: number;
  col: number;
  /** First token on its line (directives start with such a '#'). */
  bol: boolean;
  /** Preceded by white space (for stringizing and pasting). */
  space: boolean;
  /** Macro names this token may no longer expand (Prosser's hide sets). */
  hide?: ReadonlySet<string>;
  /** For 'invalid': the reason. */
  err?: string;
  /** Set on tokens that came out of a macro expansion. */
  fromMacro?: boolean;
}

const PUNCTS = [
  '<<=', '>>=', '...', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##', '<:', ':>', '<%', '%>',
];
const P3 = new Set(PUNCTS.filter((x) => x.length === 3));
const P2 = new Set(PUNCTS.filter((x) => x.length === 2));
const DIGRAPH: Record<string, string> = { '<:': '[', ':>': ']', '<%': '{', '%>': '}' };
const SINGLE = '+-*/%&|^~!=<>?:;,.()[]{}#';

const isIdStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 128;
const isIdChar = (c: number): boolean => isIdStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Tokenizes `file`; the last token is always kind 'eof'. */
export function tokenize(file: SourceFile): Token[] {
  const s = file.text;
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let bol = true;
  let space = false;
  const make = (kind: TokKind, start: number, end: number, l: number, c: number, err?: string): void => {
    const t: Token = { kind, text: s.slice(start, end), file, line: l, col: c, bol, space };
    if (err) t.err = err;
    out.push(t);
    bol = false;
    space = false;
  };
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 10) { i++; line++; lineStart = i; bol = true; space = false; continue; }
    if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) { i++; space = true; continue; }
    if (c === 92 && (s[i + 1] === '\n' || (s[i + 1] === '\r' && s[i + 2] === '\n'))) {
      i += s[i + 1] === '\n' ? 2 : 3; line++; lineStart = i; space = true; continue;
    }
    if (c === 47 && s[i + 1] === '/') {
      while (i < s.length && s[i] !== '\n') i++;
      space = true;
      continue;
    }
    const col = i - lineStart + 1;
    if (c === 47 && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      const stop = end < 0 ? s.length : end + 2;
      for (let j = i; j < stop; j++) if (s.charCodeAt(j) === 10) { line++; lineStart = j + 1; }
      if (end < 0) { make('invalid', i, i + 2, line, col, 'unterminated comment'); }
      i = stop;
      space = true;
      continue;
    }
    const l = line;
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
      let j = i + 1;
      for (;;) {
        const d = s.charCodeAt(j);
        if ((d === 43 || d === 45) && /[eEpP]/.test(s[j - 1])) { j++; continue; }
        if (isIdChar(d) || d === 46) { j++; continue; }
        break;
      }
      make('num', i, j, l, col);
      i = j;
      continue;
    }
    const pre = stringPrefix(s, i);
    if (pre >= 0) {
      const q = s[i + pre];
      const j = scanQuoted(s, i + pre, q);
      if (j < 0) {
        const eol = s.indexOf('\n', i);
        const stop = eol < 0 ? s.length : eol;
        make('invalid', i, stop, l, col, q === '"' ? 'missing terminating " character' : "missing terminating ' character");
        i = stop;
      } else {
        make(q === '"' ? 'str' : 'char', i, j, l, col);
        i = j;
      }
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < s.length && isIdChar(s.charCodeAt(j))) j++;
      make('ident', i, j, l, col);
      i = j;
      continue;
    }
    const p = P3.has(s.substr(i, 3)) ? s.substr(i, 3) : P2.has(s.substr(i, 2)) ? s.substr(i, 2) : undefined;
    if (p) {
      make('punct', i, i + p.length, l, col);
      if (DIGRAPH[p]) out[out.length - 1].text = DIGRAPH[p];
      i += p.length;
      continue;
    }
    if (SINGLE.includes(s[i])) { make('punct', i, i + 1, l, col); i++; continue; }
    make('invalid', i, i + 1, l, col, `stray '${s[i] === '\\' ? '\\' : s[i]}' in program`);
    i++;
  }
  out.push({ kind: 'eof', text: '', file, line, col: i - lineStart + 1, bol: true, space: false });
  return out;
}

/** Length of a string/char prefix (L, u, U, u8) if a literal starts at i, else -1. */
function stringPrefix(s: string, i: number): number {
  const c = s[i];
  if (c === '"' || c === "'") return 0;
  if ((c === 'L' || c === 'U') && (s[i + 1] === '"' || s[i + 1] === "'")) return 1;
  if (c === 'u') {
    if (s[i + 1] === '"' || s[i + 1] === "'") return 1;
    if (s[i + 1] === '8' && s[i + 2] === '"') return 2;
  }
  return -1;
}

/** Index just past the closing quote, or -1 if the line ends first. */
function scanQuoted(s: string, i: number, q: string): number {
  let j = i + 1;
  while (j < s.length) {
    const ch = s[j];
    if (ch === q) return j + 1;
    if (ch === '\n') return -1;
    if (ch === '\\') {
      if (s[j + 1] === '\n') { j += 2; continue; }
      j += 2;
      continue;
    }
    j++;
  }
  return -1;
}

/** Tokenizes a string produced by ## pasting or _Pragma; no eof token. */
export function tokenizeFragment(text: string, like: Token): Token[] {
  const toks = tokenize({ name: like.file.name, text, id: like.file.id });
  toks.pop();
  for (const t of toks) { t.file = like.file; t.line = like.line; t.col = like.col; t.bol = false; }
  return toks;
}

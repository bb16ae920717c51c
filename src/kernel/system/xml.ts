// A small, safe XML reader for Microkit system descriptions: elements, attributes,
// comments, an optional <?xml ...?> prolog and the five predefined entities plus
// numeric character references. No DTDs, no CDATA, no external anything; text
// between elements must be white space. Every node and error carries a line and
// column. Kernel layer (system loader), no DOM. Spec: docs/microkit.md "Parser".
import { err, ok, type Result } from '../../shared/result.ts';

export interface XmlAttr { name: string; value: string; line: number; column: number }

export interface XmlElement {
  name: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  line: number;
  column: number;
}

export interface XmlError { line: number; column: number; message: string }

/** Bounds that keep a hostile description cheap to reject. */
export const XML_LIMITS = { maxDepth: 16, maxElements: 5000, maxAttrs: 32 } as const;

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class Reader {
  pos = 0;
  elements = 0;
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  where(at = this.pos): { line: number; column: number } {
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= at) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.lineStarts[lo] + 1 };
  }

  fail(message: string, at = this.pos): XmlError {
    return { ...this.where(at), message };
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  name(): string | null {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }
}

/** Parses `text` into its root element. */
export function parseXml(text: string): Result<XmlElement, XmlError> {
  const r = new Reader(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  const pre = skipMisc(r, true);
  if (pre) return err(pre);
  if (!r.startsWith('<')) return err(r.fail(r.pos >= r.text.length ? 'the description is empty (expected <system>)' : 'text outside the root element'));
  const root = element(r, 1);
  if (!root.ok) return root;
  const post = skipMisc(r, false);
  if (post) return err(post);
  if (r.pos < r.text.length) return err(r.fail(r.startsWith('<') ? 'a second root element (only one <system> is allowed)' : 'text after the root element'));
  return ok(root.value);
}

/** White space, comments and (before the root only) the <?xml?> prolog. */
function skipMisc(r: Reader, prologAllowed: boolean): XmlError | null {
  for (;;) {
    r.skipSpace();
    if (r.startsWith('<!--')) {
      const e = comment(r);
      if (e) return e;
    } else if (r.startsWith('<?')) {
      const at = r.pos;
      if (!prologAllowed || !r.startsWith('<?xml')) return r.fail('processing instructions other than the <?xml ...?> prolog are not supported');
      const end = r.text.indexOf('?>', r.pos);
      if (end < 0) return r.fail('the <?xml prolog is not closed with ?>', at);
      r.pos = end + 2;
      prologAllowed = false;
    } else if (r.startsWith('<!')) {
      return r.fail('DOCTYPE and other <! declarations are not supported');
    } else return null;
  }
}

function comment(r: Reader): XmlError | null {
  const at = r.pos;
  const end = r.text.indexOf('-->', r.pos + 4);
  if (end < 0) return r.fail('comment is not closed with -->', at);
  r.pos = end + 3;
  return null;
}

function element(r: Reader, depth: number): Result<XmlElement, XmlError> {
  const at = r.pos;
  if (depth > XML_LIMITS.maxDepth) return err(r.fail(`elements nested deeper than ${XML_LIMITS.maxDepth}`));
  if (++r.elements > XML_LIMITS.maxElements) return err(r.fail(`more than ${XML_LIMITS.maxElements} elements`));
  r.pos++;
  const name = r.name();
  if (!name) return err(r.fail('expected an element name after <'));
  const el: XmlElement = { name, attrs: [], children: [], ...r.where(at) };
  const attrs = attributes(r, el);
  if (attrs) return err(attrs);
  if (r.startsWith('/>')) { r.pos += 2; return ok(el); }
  if (!r.startsWith('>')) return err(r.fail(`expected > or /> to end <${name}>`));
  r.pos++;
  const body = content(r, el, depth);
  return body ? err(body) : ok(el);
}

function attributes(r: Reader, el: XmlElement): XmlError | null {
  for (;;) {
    const before = r.pos;
    r.skipSpace();
    if (r.pos >= r.text.length) return r.fail(`<${el.name}> is not closed (the text ends inside its start tag)`);
    if (r.startsWith('>') || r.startsWith('/>')) return null;
    if (r.pos === before) return r.fail(`expected white space before the next attribute of <${el.name}>`);
    const at = r.pos;
    const name = r.name();
    if (!name) return r.fail(`unexpected character '${r.text[r.pos]}' in <${el.name}>`);
    if (el.attrs.some((a) => a.name === name)) return r.fail(`attribute ${name} is given twice`, at);
    if (el.attrs.length >= XML_LIMITS.maxAttrs) return r.fail(`more than ${XML_LIMITS.maxAttrs} attributes`, at);
    r.skipSpace();
    if (!r.startsWith('=')) return r.fail(`attribute ${name} needs a value (${name}="...")`);
    r.pos++;
    r.skipSpace();
    const v = quoted(r, name);
    if (!v.ok) return v.error;
    el.attrs.push({ name, value: v.value, ...r.where(at) });
  }
}

function quoted(r: Reader, attr: string): Result<string, XmlError> {
  const q = r.text[r.pos];
  if (q !== '"' && q !== "'") return err(r.fail(`the value of ${attr} must be in quotes`));
  const start = r.pos + 1;
  const end = r.text.indexOf(q, start);
  if (end < 0) return err(r.fail(`the value of ${attr} is not closed with ${q}`));
  const raw = r.text.slice(start, end);
  const lt = raw.indexOf('<');
  if (lt >= 0) return err(r.fail(`'<' in the value of ${attr} (write &lt;)`, start + lt));
  const v = decodeEntities(raw);
  if (typeof v !== 'string') return err(r.fail(v.message, start + v.offset));
  r.pos = end + 1;
  return ok(v);
}

function decodeEntities(raw: string): string | { message: string; offset: number } {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) { out += raw.slice(i); break; }
    out += raw.slice(i, amp);
    const semi = raw.indexOf(';', amp);
    const ref = semi < 0 ? '' : raw.slice(amp + 1, semi);
    const ch = semi < 0 ? undefined : entity(ref);
    if (ch === undefined) return { message: `unknown entity &${ref.slice(0, 10)}${semi < 0 ? '' : ';'} (use &amp; &lt; &gt; &quot; &apos; or &#N;)`, offset: amp };
    out += ch;
    i = semi + 1;
  }
  return out;
}

function entity(ref: string): string | undefined {
  if (Object.hasOwn(ENTITIES, ref)) return ENTITIES[ref];
  const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
  if (!m) return undefined;
  const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
  return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : undefined;
}

/** Children up to the matching end tag. */
function content(r: Reader, el: XmlElement, depth: number): XmlError | null {
  for (;;) {
    const textStart = r.pos;
    r.skipSpace();
    if (r.pos >= r.text.length) return r.fail(`<${el.name}> (line ${el.line}) is never closed with </${el.name}>`);
    if (!r.startsWith('<')) return r.fail(`text is not allowed inside <${el.name}> (only elements and comments)`, r.pos > textStart ? r.pos : textStart);
    if (r.startsWith('<!--')) { const e = comment(r); if (e) return e; continue; }
    if (r.startsWith('<![CDATA[')) return r.fail('CDATA sections are not supported');
    if (r.startsWith('<?') || r.startsWith('<!')) return r.fail(`unexpected markup inside <${el.name}>`);
    if (r.startsWith('</')) return endTag(r, el);
    const child = element(r, depth + 1);
    if (!child.ok) return child.error;
    el.children.push(child.value);
  }
}

function endTag(r: Reader, el: XmlElement): XmlError | null {
  const at = r.pos;
  r.pos += 2;
  const name = r.name();
  if (name !== el.name) return r.fail(`</${name ?? ''}> does not close <${el.name}> (opened at line ${el.line})`, at);
  r.skipSpace();
  if (!r.startsWith('>')) return r.fail(`expected > to end </${name}>`);
  r.pos++;
  return null;
}

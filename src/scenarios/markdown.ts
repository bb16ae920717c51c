// A small, safe Markdown reader for exercise text: headings, paragraphs, emphasis,
// strong, code spans, fenced code blocks, lists and links. Scenarios layer (no DOM).
// It produces a tree of plain nodes (text is always text); the UI maps the tree to
// React elements. HTML in the input stays literal text; link targets are limited to
// http:, https: and #anchors.

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'code'; text: string }
  | { t: 'em'; children: Inline[] }
  | { t: 'strong'; children: Inline[] }
  | { t: 'link'; href: string; children: Inline[] };

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { t: 'para'; children: Inline[] }
  | { t: 'code'; lang: string; text: string }
  | { t: 'list'; ordered: boolean; items: Inline[][] };

const MAX_INPUT = 64 * 1024;
const MAX_DEPTH = 8;

/** A link target the page may follow (http, https, or a #fragment), or null. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (/^#[\w-]*$/.test(href)) return href;
  if (!/^https?:\/\/[^\s<>"'`]+$/i.test(href)) return null;
  try {
    const u = new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function pushText(out: Inline[], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.t === 'text') last.text += text;
  else out.push({ t: 'text', text });
}

/** Parses inline Markdown. Unmatched markers stay as text. */
export function parseInline(src: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\' && i + 1 < src.length && /[\\`*_[\]()#+\-.!]/.test(src[i + 1])) {
      pushText(out, src[i + 1]);
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i) {
        out.push({ t: 'code', text: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (depth < MAX_DEPTH && (ch === '*' || ch === '_')) {
      const strong = src[i + 1] === ch;
      const marker = strong ? ch + ch : ch;
      const end = src.indexOf(marker, i + marker.length + 1);
      if (end > i && src[i + marker.length] !== ' ') {
        const inner = parseInline(src.slice(i + marker.length, end), depth + 1);
        out.push(strong ? { t: 'strong', children: inner } : { t: 'em', children: inner });
        i = end + marker.length;
        continue;
      }
    }
    if (depth < MAX_DEPTH && ch === '[') {
      const close = src.indexOf('](', i + 1);
      const end = close < 0 ? -1 : src.indexOf(')', close + 2);
      if (close > i && end > close) {
        const label = parseInline(src.slice(i + 1, close), depth + 1);
        const href = safeHref(src.slice(close + 2, end));
        if (href) out.push({ t: 'link', href, children: label });
        else {
          for (const n of label) {
            if (n.t === 'text') pushText(out, n.text);
            else out.push(n);
          }
        }
        i = end + 1;
        continue;
      }
    }
    pushText(out, ch);
    i += 1;
  }
  return out;
}

const HEADING = /^(#{1,4})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBER = /^\s*\d{1,9}[.)]\s+(.*)$/;
const FENCE = /^\s*```\s*([\w+-]*)\s*$/;

/** Parses a Markdown document into blocks. */
export function parseMarkdown(input: string): Block[] {
  const lines = String(input).slice(0, MAX_INPUT).replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: 'para', children: parseInline(para.join(' ')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !FENCE.test(lines[i])) body.push(lines[i++]);
      blocks.push({ t: 'code', lang: fence[1], text: body.join('\n') });
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      flush();
      blocks.push({ t: 'heading', level: h[1].length as 1 | 2 | 3 | 4, children: parseInline(h[2].trim()) });
      continue;
    }
    const item = BULLET.exec(line) ?? NUMBER.exec(line);
    if (item) {
      flush();
      const ordered = !BULLET.test(line);
      const prev = blocks[blocks.length - 1];
      const text = parseInline(item[1]);
      if (prev && prev.t === 'list' && prev.ordered === ordered && lines[i - 1]?.trim() !== '') prev.items.push(text);
      else blocks.push({ t: 'list', ordered, items: [text] });
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line.trim());
  }
  flush();
  return blocks;
}

// The exercise Markdown renderer: the elements it supports, and (property test)
// that no input ever yields an HTML tag, attribute or link target of its own: the
// rendered markup only has the renderer's tags, and every '<' from the input is
// escaped text.
import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, safeHref } from '../../src/scenarios/markdown.ts';
import { Markdown } from '../../src/ui/panels/Markdown.tsx';

const render = (s: string) => renderToStaticMarkup(createElement(Markdown, { source: s }));
const ALLOWED_TAGS = new Set(['div', 'h3', 'h4', 'h5', 'h6', 'p', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'a']);

function tagsOf(html: string): { tag: string; attrs: string }[] {
  return [...html.matchAll(/<\/?([a-zA-Z0-9-]+)([^>]*)>/g)].map((m) => ({ tag: m[1].toLowerCase(), attrs: m[2] }));
}

function assertSafe(html: string): void {
  for (const { tag, attrs } of tagsOf(html)) {
    expect(ALLOWED_TAGS.has(tag)).toBe(true);
    const names = [...attrs.matchAll(/\s([a-zA-Z-]+)=/g)].map((m) => m[1]);
    for (const n of names) expect(['class', 'href', 'target', 'rel']).toContain(n);
    const href = /href="([^"]*)"/.exec(attrs)?.[1];
    if (href !== undefined) expect(href).toMatch(/^(https?:\/\/|#)/);
  }
}

describe('Markdown', () => {
  it('renders the supported elements', () => {
    expect(render('# Title\n\nSome *em* and **strong** and `code`.\n\n- one\n- two\n\n1. first\n\n```c\nint x;\n```\n\n[seL4](https://sel4.systems) [top](#top)'))
      .toBe('<div class="markdown"><h3>Title</h3><p>Some <em>em</em> and <strong>strong</strong> and <code>code</code>.</p>'
        + '<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><pre><code>int x;</code></pre>'
        + '<p><a href="https://sel4.systems/" target="_blank" rel="noopener noreferrer">seL4</a> <a href="#top">top</a></p></div>');
  });

  it('keeps HTML and dangerous links as text', () => {
    const html = render('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](data:text/html,hi) [z](https://a"onmouseover="x)');
    expect(html).not.toMatch(/<script|<img|javascript:|data:text/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    assertSafe(html);
  });

  it('only accepts http, https and # link targets', () => {
    expect(safeHref('https://example.org/a?b=c#d')).toBe('https://example.org/a?b=c#d');
    expect(safeHref('#step-2')).toBe('#step-2');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:x', 'data:x', 'vbscript:x', '//evil.org', 'file:///etc/passwd', ' java\tscript:x', '#"><x']) {
      expect(safeHref(bad)).toBeNull();
    }
  });

  it('never emits raw HTML from any input (property)', () => {
    const piece = fc.constantFrom('<', '>', '"', "'", '&', '*', '**', '_', '`', '```', '[', ']', '(', ')', '](', '#', '# ', '- ', '1. ', '\n', '\n\n',
      'javascript:', 'https://x.org', '<script>', '</p>', 'onerror=', '<a href="javascript:x">', ' ', 'text');
    const doc = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(piece, { maxLength: 40 }).map((a) => a.join('')));
    fc.assert(fc.property(doc, (s) => {
      const html = render(s);
      assertSafe(html);
      // Every '<' of the input reaches the markup escaped.
      const inputLt = (s.match(/</g) ?? []).length;
      expect((html.match(/&lt;/g) ?? []).length).toBeLessThanOrEqual(inputLt);
      expect(parseMarkdown(s)).toBeInstanceOf(Array);
    }), { numRuns: 500 });
  });
});

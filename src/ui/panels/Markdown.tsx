// Renders exercise Markdown as React elements from the safe tree of
// src/scenarios/markdown.ts: every piece of input text becomes a text node (never
// HTML), links carry only http/https/# targets and open with rel="noopener". UI layer.

import type { ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from '../../scenarios/markdown.ts';

function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text': return n.text;
      case 'code': return <code key={i}>{n.text}</code>;
      case 'em': return <em key={i}>{inline(n.children)}</em>;
      case 'strong': return <strong key={i}>{inline(n.children)}</strong>;
      case 'link':
        return n.href.startsWith('#')
          ? <a key={i} href={n.href}>{inline(n.children)}</a>
          : <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">{inline(n.children)}</a>;
    }
  });
}

function block(b: Block, i: number): ReactNode {
  switch (b.t) {
    case 'heading': {
      const H = (['h3', 'h4', 'h5', 'h6'] as const)[b.level - 1];
      return <H key={i}>{inline(b.children)}</H>;
    }
    case 'para': return <p key={i}>{inline(b.children)}</p>;
    case 'code': return <pre key={i}><code>{b.text}</code></pre>;
    case 'list': {
      const items = b.items.map((it, k) => <li key={k}>{inline(it)}</li>);
      return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
    }
  }
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  return <div className={className ?? 'markdown'}>{parseMarkdown(source).map(block)}</div>;
}

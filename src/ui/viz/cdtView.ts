// The capability derivation tree (d3): each tree of derived caps drawn left to
// right (untyped → objects retyped from it → copies and mints of them), newly
// added or changed caps highlighted. Click a cap to select it. Factory in the
// style of STYLE.md rule 7. UI layer, viz.
import { hierarchy, tree, type HierarchyPointNode } from 'd3';
import type { CdtNode } from './model/capTree.ts';
import { clickable, mountSvg, type View } from './svg.ts';

/** `place`: where a slot is, in words (slotPlace). */
export interface CdtViewModel { trees: CdtNode[]; highlight: Set<string>; selected: string | null; place(slot: CdtNode['slot']): string }
export interface CdtViewOptions { onSelect(slotId: string): void }

const DX = 26, DY = 230, LEFT = 200, NODE_W = 220;

type Node = { node: CdtNode | null; children: Node[] };

/** "endpoint b42 -W--": a cap in a few characters. */
export function capLabel(n: CdtNode, place: (slot: CdtNode['slot']) => string): string {
  const c = n.slot.cap;
  const parts: string[] = [c.type];
  const untyped = /2\^(\d+)/.exec(c.text);
  if (c.type === 'untyped' && untyped) parts.push(`2^${untyped[1]}`);
  if (c.badge !== null && c.badge !== 0n) parts.push(`b${c.badge}`);
  if (c.rights && c.rights !== 'RWGg') parts.push(c.rights);
  parts.push(place(n.slot));
  return parts.join(' ');
}

export function createCdtView(el: HTMLElement, opts: CdtViewOptions): View<CdtViewModel> {
  const svg = mountSvg(el, 'Capability derivation tree');
  const links = svg.append('g').attr('class', 'kv-links');
  const nodes = svg.append('g').attr('class', 'kv-nodes');

  function update(m: CdtViewModel): void {
    const wrap = (n: CdtNode): Node => ({ node: n, children: n.children.map(wrap) });
    const root = hierarchy<Node>({ node: null, children: m.trees.map(wrap) }, (d) => d.children);
    const laid = tree<Node>().nodeSize([DX, DY])(root);
    const all = laid.descendants().filter((d) => d.data.node !== null);
    const minX = Math.min(0, ...all.map((d) => d.x)), maxX = Math.max(0, ...all.map((d) => d.x));
    const maxY = Math.max(0, ...all.map((d) => d.y));
    svg.attr('width', LEFT + maxY - DY + NODE_W).attr('height', maxX - minX + DX * 2);
    const px = (d: HierarchyPointNode<Node>) => LEFT + d.y - DY;
    const py = (d: HierarchyPointNode<Node>) => d.x - minX + DX;
    links.selectAll('path').data(laid.links().filter((l) => l.source.data.node !== null)).join('path')
      .attr('class', 'kv-link')
      .attr('d', (l) => `M${px(l.source) + 6},${py(l.source)} C${px(l.source) + DY / 3},${py(l.source)} ${px(l.target) - DY / 3},${py(l.target)} ${px(l.target) - 6},${py(l.target)}`);
    const g = nodes.selectAll<SVGGElement, HierarchyPointNode<Node>>('g').data(all, (d) => d.data.node!.slot.id).join((enter) => {
      const n = enter.append('g');
      n.append('circle').attr('r', 5);
      n.append('text').attr('y', 4);
      clickable(n, (d) => `cap ${d.data.node!.slot.cap.text} in slot ${d.data.node!.slot.id}`, (d) => opts.onSelect(d.data.node!.slot.id));
      return n;
    });
    g.attr('transform', (d) => `translate(${px(d)},${py(d)})`)
      .attr('class', (d) => `kv-cap kv-t-${d.data.node!.slot.cap.type}${m.highlight.has(d.data.node!.slot.id) ? ' kv-new' : ''}${m.selected === d.data.node!.slot.id ? ' kv-selected' : ''}`);
    // Labels of caps with derived children sit left of the dot, leaves' to the right: links never cross text.
    g.select('text').text((d) => capLabel(d.data.node!, m.place))
      .attr('x', (d) => (d.children ? -10 : 10)).attr('text-anchor', (d) => (d.children ? 'end' : 'start'));
  }

  return { update, destroy: () => svg.remove() };
}

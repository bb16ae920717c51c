// Untyped memory as bars (d3): each region a full-width bar for its 2^n bytes,
// the objects retyped from it as blocks at their offsets, the watermark as a line,
// with its address, size and use written above. Click a block to select the
// object's cap. Factory in the style of STYLE.md rule 7. UI layer, viz.
import { select } from 'd3';
import { hex, layoutBlocks, sizeText, type CarvedBlock, type UntypedBar } from './model/memory.ts';
import { clickable, mountSvg, type View } from './svg.ts';

export interface UntypedBarsOptions { onSelect(slotId: string): void }
export interface UntypedBarsModel { bars: UntypedBar[]; selected: string | null }

const LEFT = 8, RIGHT = 12, ROW = 44, BAR = 16;

export function usageText(b: UntypedBar): string {
  const used = b.watermark === 0n ? 'unused' : `${b.watermark} bytes used (${(b.used * 100).toFixed(b.used < 0.01 ? 2 : 0)}%)`;
  return `${hex(b.paddr)} · ${sizeText(b.sizeBits)}${b.isDevice ? ' device' : ''} · ${used} · ${b.blocks.length} object${b.blocks.length === 1 ? '' : 's'}`;
}

export function createUntypedBars(el: HTMLElement, opts: UntypedBarsOptions): View<UntypedBarsModel> {
  const svg = mountSvg(el, 'Untyped memory');
  const rows = svg.append('g');
  let last: UntypedBarsModel | null = null;
  let drawnWidth = -1;
  // Redraw when the host's width changes (observe() itself reports once: no second draw then).
  const resize = new ResizeObserver(() => { if (last && el.clientWidth !== drawnWidth) update(last); });
  resize.observe(el);

  function update(m: UntypedBarsModel): void {
    last = m;
    drawnWidth = el.clientWidth;
    const width = Math.max(300, drawnWidth);
    const w = width - LEFT - RIGHT;
    svg.attr('width', width).attr('height', m.bars.length * ROW + 6);
    const g = rows.selectAll<SVGGElement, UntypedBar>('g.kv-ut').data(m.bars, (d) => d.slot).join((enter) => {
      const r = enter.append('g').attr('class', 'kv-ut');
      r.append('text').attr('class', 'kv-ut-label').attr('x', LEFT).attr('y', 14);
      r.append('rect').attr('class', 'kv-ut-bar').attr('x', LEFT).attr('y', 20).attr('height', BAR).attr('rx', 2);
      r.append('g').attr('class', 'kv-ut-blocks');
      r.append('line').attr('class', 'kv-watermark');
      return r;
    });
    g.attr('transform', (_d, i) => `translate(0,${i * ROW})`);
    g.select('text').text(usageText);
    g.select('.kv-ut-bar').attr('width', w);
    const mark = (d: UntypedBar) => LEFT + layoutBlocks(d, w).watermark;
    g.select('.kv-watermark').attr('x1', mark).attr('x2', mark).attr('y1', 17).attr('y2', 20 + BAR + 3);
    g.select<SVGGElement>('.kv-ut-blocks').each(function (d) { drawBlocks(select(this), d, w, m.selected); });
  }

  function drawBlocks(g: ReturnType<typeof select<SVGGElement, unknown>>, bar: UntypedBar, w: number, selected: string | null): void {
    const blocks = g.selectAll<SVGRectElement, CarvedBlock>('rect').data(bar.blocks, (d) => d.slot).join((enter) => {
      const r = enter.append('rect').attr('y', 21).attr('height', BAR - 2);
      clickable(r, (d) => `${d.type} at ${hex(d.paddr)}, ${sizeText(d.bits)}`, (d) => opts.onSelect(d.slot));
      return r;
    });
    const at = layoutBlocks(bar, w).blocks;
    blocks.attr('class', (d) => `kv-block kv-t-${d.type}${d.slot === selected ? ' kv-selected' : ''}`)
      .attr('x', (_d, i) => LEFT + at[i].x).attr('width', (_d, i) => at[i].w);
  }

  return { update, destroy: () => { resize.disconnect(); svg.remove(); } };
}

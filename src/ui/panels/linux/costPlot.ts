// The comparison as a bar plot (d3): one horizontal bar per mode for a cost per Linux
// call (modelled cycles, or kernel entries), its value written after it, the chosen
// mode's bar in the accent colour. Colours come from the theme's CSS variables, so it
// reads in light and dark. Factory in the style of STYLE.md rule 7. UI layer.

import { max, scaleBand, scaleLinear, select } from 'd3';

export interface CostBar {
  mode: string;
  label: string;
  value: number;
  text: string;
  current: boolean;
}

export interface CostPlotModel {
  bars: CostBar[];
  /** What the bars measure, e.g. "modelled cycles per Linux call". */
  title: string;
}

export interface CostPlotView {
  update(model: CostPlotModel): void;
  destroy(): void;
}

const LEFT = 64, RIGHT = 84, TOP = 22, ROW = 26, BAR = 16;

export function createCostPlot(el: HTMLElement): CostPlotView {
  const svg = select(el).append('svg').attr('class', 'lx-plot-svg').attr('role', 'img');
  const caption = svg.append('text').attr('class', 'lx-plot-title').attr('x', 0).attr('y', 14);
  const rows = svg.append('g').attr('transform', `translate(0,${TOP})`);
  let last: CostPlotModel | null = null;
  let drawnWidth = -1;
  const resize = new ResizeObserver(() => { if (last && el.clientWidth !== drawnWidth) update(last); });
  resize.observe(el);

  function update(m: CostPlotModel): void {
    last = m;
    drawnWidth = el.clientWidth;
    const width = Math.max(240, drawnWidth);
    const height = TOP + m.bars.length * ROW + 4;
    svg.attr('width', width).attr('height', height)
      .attr('aria-label', `${m.title}: ${m.bars.map((b) => `${b.label} ${b.text}`).join(', ')}`);
    caption.text(m.title);
    const x = scaleLinear().domain([0, max(m.bars, (b) => b.value) || 1]).range([0, width - LEFT - RIGHT]);
    const y = scaleBand<string>().domain(m.bars.map((b) => b.mode)).range([0, m.bars.length * ROW]).paddingInner(0.2);
    const g = rows.selectAll<SVGGElement, CostBar>('g.lx-bar').data(m.bars, (d) => d.mode).join((enter) => {
      const r = enter.append('g').attr('class', 'lx-bar');
      r.append('text').attr('class', 'lx-bar-label').attr('x', LEFT - 6).attr('text-anchor', 'end');
      r.append('rect').attr('class', 'lx-bar-rect').attr('x', LEFT).attr('rx', 2).attr('height', BAR);
      r.append('text').attr('class', 'lx-bar-value');
      return r;
    });
    g.attr('transform', (d) => `translate(0,${y(d.mode) ?? 0})`).classed('current', (d) => d.current);
    g.select('.lx-bar-label').attr('y', BAR / 2 + 4).text((d) => d.label);
    g.select('.lx-bar-rect').attr('width', (d) => Math.max(1, x(d.value)));
    g.select('.lx-bar-value').attr('x', (d) => LEFT + Math.max(1, x(d.value)) + 6).attr('y', BAR / 2 + 4).text((d) => d.text);
  }

  return {
    update,
    destroy() {
      resize.disconnect();
      svg.remove();
    },
  };
}

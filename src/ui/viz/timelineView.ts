// The scheduling timeline (d3): one row per thread, a bar for each stretch of
// virtual time it held the CPU, lighter dashed bars where it was blocked (what it
// waited on in the tooltip), interrupts as ticks on a row of their own, a time
// axis below. Redraws to the host's width. Click a bar to select it. Factory in
// the style of STYLE.md rule 7. UI layer, viz.
import { axisBottom, format, scaleLinear } from 'd3';
import { joinClose, waitText, type Segment, type Timeline, type Wait } from './model/schedule.ts';
import { attrIfChanged, clickable, mountSvg, paletteClass, type View } from './svg.ts';

export interface TimelineOptions { onSelect(s: Segment | Wait): void }
export interface TimelineViewModel { timeline: Timeline; selected: Segment | Wait | null }

const LEFT = 110, RIGHT = 16, ROW = 26, TOP = 8, AXIS = 26;

const segmentLabel = (d: Segment) => `${d.thread} ran from ${d.start} to ${d.end}`;
const isWait = (d: Segment | Wait | null): d is Wait => d !== null && 'on' in d;
const waitLabel = (d: Wait) => `${d.thread} ${waitText(d)} from ${d.start} to ${d.end}`;

export function createTimeline(el: HTMLElement, opts: TimelineOptions): View<TimelineViewModel> {
  const svg = mountSvg(el, 'Scheduling timeline');
  const names = svg.append('g').attr('class', 'kv-rownames');
  const waits = svg.append('g').attr('class', 'kv-waits');
  const bars = svg.append('g').attr('class', 'kv-bars');
  const irqs = svg.append('g').attr('class', 'kv-irqs');
  const axis = svg.append('g').attr('class', 'kv-axis');
  let last: TimelineViewModel | null = null;
  let drawnWidth = -1;
  // Redraw when the host's width changes (observe() itself reports once: no second draw then).
  const resize = new ResizeObserver(() => { if (last && el.clientWidth !== drawnWidth) update(last); });
  resize.observe(el);

  function update(m: TimelineViewModel): void {
    last = m;
    const { timeline: t } = m;
    drawnWidth = el.clientWidth;
    const width = Math.max(320, drawnWidth);
    const rows = [...t.threads, 'IRQs'];
    const height = TOP + rows.length * ROW + AXIS;
    svg.attr('width', width).attr('height', height);
    const x = scaleLinear().domain([t.start, Math.max(t.end, t.start + 1)]).range([LEFT, width - RIGHT]);
    const y = (name: string | null) => TOP + rows.indexOf(name ?? 'IRQs') * ROW;
    names.selectAll<SVGTextElement, string>('text').data(rows, (d) => d).join('text')
      .attr('x', LEFT - 8).attr('y', (d) => y(d) + ROW / 2 + 4).attr('text-anchor', 'end').text((d) => d);
    // Stretches less than two pixels apart are drawn as one bar (bars are at least 1.5 px
    // wide, so they would touch anyway): a thread switching hundreds of times across the
    // window is one bar per stretch of activity, not hundreds of rects redrawn each time.
    const perPixel = (x.domain()[1] - x.domain()[0]) / Math.max(1, width - LEFT - RIGHT);
    const segs = joinClose(t.segments.filter((s) => s.thread !== null), 2 * perPixel);
    // Joined by position: as time moves on, the same rects are moved, not remade.
    const sel = bars.selectAll<SVGRectElement, Segment>('rect').data(segs).join((enter) => {
      const r = enter.append('rect').attr('rx', 2);
      clickable(r, segmentLabel, opts.onSelect);
      return r;
    });
    attrIfChanged(sel, 'aria-label', segmentLabel);
    attrIfChanged(sel, 'class', (d) => `kv-seg ${paletteClass(t.threads.indexOf(d.thread!))}${m.selected && !isWait(m.selected) && d.start <= m.selected.start && m.selected.start < d.end && d.thread === m.selected.thread ? ' kv-selected' : ''}`);
    sel.attr('x', (d) => x(d.start)).attr('width', (d) => Math.max(1.5, x(d.end) - x(d.start)))
      .attr('y', (d) => y(d.thread) + 4).attr('height', ROW - 8);
    const w = waits.selectAll<SVGRectElement, Wait>('rect').data(t.waits).join((enter) => {
      const r = enter.append('rect').attr('rx', 2);
      clickable(r, waitLabel, opts.onSelect);
      return r;
    });
    attrIfChanged(w, 'aria-label', waitLabel);
    attrIfChanged(w, 'class', (d) => `kv-wait ${paletteClass(t.threads.indexOf(d.thread))}${isWait(m.selected) && m.selected.thread === d.thread && m.selected.start === d.start ? ' kv-selected' : ''}`);
    w.attr('x', (d) => x(d.start)).attr('width', (d) => Math.max(1.5, x(d.end) - x(d.start)))
      .attr('y', (d) => y(d.thread) + 8).attr('height', ROW - 16);
    irqs.selectAll<SVGPathElement, Timeline['irqs'][number]>('path').data(t.irqs).join('path')
      .attr('class', (d) => `kv-irq${d.signalled ? '' : ' kv-irq-lost'}`)
      .attr('d', (d) => `M${x(d.time)},${y(null) + 5} l-4,-0 l4,${ROW - 10} l4,-${ROW - 10} z`)
      .selectAll('title').data((d) => [d]).join('title').text((d) => `IRQ ${d.irq} at ${d.time}`);
    axis.attr('transform', `translate(0,${height - AXIS + 2})`)
      .call(axisBottom(x).ticks(Math.max(2, Math.floor((width - LEFT) / 90))).tickFormat(format('~s')));
  }

  return { update, destroy: () => { resize.disconnect(); svg.remove(); } };
}

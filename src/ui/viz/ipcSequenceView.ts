// The IPC sequence diagram (d3): one lifeline per thread, one arrow per message
// top to bottom in order, the label above it (kind, label, badge, words, caps);
// replies dashed, fault messages in the error colour; a thick dashed stretch on a
// lifeline where the thread was blocked (what on, in its tooltip). Click a message
// to select it. Factory in the style of STYLE.md rule 7. UI layer, viz.
import { select } from 'd3';
import { rowOf, type IpcMessage, type IpcSequence, type IpcWait } from './model/ipcSequence.ts';
import { waitText } from './model/schedule.ts';
import { clickable, mountSvg, paletteClass, uniqueId, type View } from './svg.ts';

export interface IpcViewModel { sequence: IpcSequence; selected: number | null }
export interface IpcViewOptions { onSelect(m: IpcMessage): void }

const COL = 220, LEFT = 20, HEAD = 34, ROW = 34;

export function messageText(m: IpcMessage): string {
  const parts = [m.kind === 'reply' ? 'reply' : m.kind === 'fault' ? 'fault' : m.kind, `label ${m.label}`];
  if (m.badge !== 0n) parts.push(`badge ${m.badge}`);
  parts.push(`${m.length}w`);
  if (m.caps) parts.push(`${m.caps} cap${m.caps > 1 ? 's' : ''}`);
  return parts.join(' · ');
}

const messageLabel = (d: IpcMessage) => `${messageText(d)} from ${d.from} to ${d.to}`;

export function createIpcSequence(el: HTMLElement, opts: IpcViewOptions): View<IpcViewModel> {
  const svg = mountSvg(el, 'IPC sequence diagram');
  const arrow = uniqueId('kv-arrow');
  svg.append('defs').append('marker').attr('id', arrow).attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5)
    .attr('markerWidth', 7).attr('markerHeight', 7).attr('orient', 'auto-start-reverse')
    .append('path').attr('d', 'M0,0 L10,5 L0,10 z').attr('class', 'kv-arrowhead');
  const lines = svg.append('g').attr('class', 'kv-lifelines');
  const blocked = svg.append('g').attr('class', 'kv-waits');
  const msgs = svg.append('g').attr('class', 'kv-messages');

  function update({ sequence, selected }: IpcViewModel): void {
    const x = (t: string) => LEFT + COL / 2 + sequence.lifelines.indexOf(t) * COL;
    const height = HEAD + sequence.messages.length * ROW + 12;
    // Follow the newest message while the host is scrolled to the bottom (or cannot scroll yet).
    const follow = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
    svg.attr('width', LEFT * 2 + sequence.lifelines.length * COL).attr('height', height);
    const life = lines.selectAll<SVGGElement, string>('g').data(sequence.lifelines, (d) => d).join((enter) => {
      const g = enter.append('g');
      g.append('line').attr('class', 'kv-lifeline');
      g.append('rect').attr('class', 'kv-lifehead');
      g.append('text').attr('class', 'kv-lifename');
      return g;
    });
    life.attr('class', (_d, i) => paletteClass(i));
    life.select('line').attr('x1', x).attr('x2', x).attr('y1', HEAD - 6).attr('y2', height);
    life.select('rect').attr('x', (d) => x(d) - COL / 2 + 8).attr('y', 4).attr('width', COL - 16).attr('height', 22).attr('rx', 4);
    life.select('text').attr('x', x).attr('y', 19).text((d) => d);
    drawWaits(sequence, x, height);
    drawMessages(sequence, selected, x);
    if (follow) el.scrollTop = el.scrollHeight;
  }

  /** A wait runs from the arrow before its block record to the arrow that ends it (or
   *  halfway to the next arrow when a schedule record ends it, or the bottom). */
  function drawWaits(sequence: IpcSequence, x: (t: string) => number, height: number): void {
    const arrowY = (row: number) => HEAD + row * ROW + ROW - 8;
    const y0 = (w: IpcWait) => { const r = rowOf(sequence.messages, w.from); return r === 0 ? HEAD - 6 : arrowY(r - 1); };
    const y1 = (w: IpcWait) => {
      if (w.until === null) return height;
      const r = rowOf(sequence.messages, w.until);
      return sequence.messages[r]?.seq === w.until ? arrowY(r) : arrowY(r) - ROW / 2;
    };
    const shown = sequence.waits.filter((w) => sequence.lifelines.includes(w.thread) && y1(w) > y0(w));
    const line = blocked.selectAll<SVGLineElement, IpcWait>('line').data(shown).join((enter) => {
      const l = enter.append('line');
      l.append('title');
      return l;
    });
    line.attr('class', (d) => `kv-blocked ${paletteClass(sequence.lifelines.indexOf(d.thread))}`)
      .attr('x1', (d) => x(d.thread)).attr('x2', (d) => x(d.thread)).attr('y1', y0).attr('y2', y1)
      .attr('data-thread', (d) => d.thread);
    line.select('title').text((d) => `${d.thread} ${waitText(d)} (${d.state})`);
  }

  function drawMessages(sequence: IpcSequence, selected: number | null, x: (t: string) => number): void {
    // Joined by position: as messages stream in, the same rows are rewritten, not remade.
    const g = msgs.selectAll<SVGGElement, IpcMessage>('g').data(sequence.messages).join((enter) => {
      const m = enter.append('g');
      m.append('rect').attr('class', 'kv-hit');
      m.append('path').attr('class', 'kv-msgline').attr('marker-end', `url(#${arrow})`);
      m.append('text').attr('class', 'kv-msgtext');
      clickable(m, messageLabel, opts.onSelect);
      return m;
    });
    g.attr('class', (d) => `kv-msg kv-${d.kind}${d.seq === selected ? ' kv-selected' : ''}`).attr('aria-label', messageLabel)
      .attr('transform', (_d, i) => `translate(0,${HEAD + i * ROW + ROW - 8})`);
    g.select('path').attr('d', (d) => messagePath(x(d.from), x(d.to)));
    g.select('text').attr('x', (d) => (x(d.from) + x(d.to)) / 2 + (d.from === d.to ? 40 : 0)).attr('y', -6).text(messageText);
    g.select('rect').attr('x', (d) => Math.min(x(d.from), x(d.to)) - 6).attr('y', -ROW + 10)
      .attr('width', (d) => Math.abs(x(d.to) - x(d.from)) + (d.from === d.to ? 80 : 12)).attr('height', ROW - 4);
  }

  return { update, destroy: () => { svg.remove(); select(el).selectAll('*').remove(); } };
}

/** A straight arrow, or a small loop for a message to oneself. */
function messagePath(x1: number, x2: number): string {
  if (x1 === x2) return `M${x1},-8 h30 v10 h-28`;
  return `M${x1},0 H${x2 + (x2 > x1 ? -2 : 2)}`;
}

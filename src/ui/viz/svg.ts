// Small helpers the d3 views share: an SVG root in a host element, unique ids for
// markers, keyboard activation for clickable marks, and a palette class per thread.
// UI layer, viz.
import { select, type BaseType, type Selection } from 'd3';

let nextId = 0;
/** A page-unique id prefix (arrow markers are looked up by id). */
export const uniqueId = (what: string): string => `${what}-${++nextId}`;

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

export function mountSvg(el: HTMLElement, label: string): Svg {
  return select(el).append('svg').attr('class', 'kv-svg').attr('role', 'img').attr('aria-label', label);
}

/** Makes a mark focusable and clickable with Enter or Space as well as the mouse. */
export function clickable<E extends SVGElement, D, P extends BaseType>(sel: Selection<E, D, P, unknown>, label: (d: D) => string, onPick: (d: D) => void): void {
  sel.attr('tabindex', 0).attr('role', 'button').attr('aria-label', label)
    .on('click', (_e: Event, d: D) => onPick(d))
    .on('keydown', (e: Event, d: D) => {
      const k = (e as KeyboardEvent).key;
      if (k === 'Enter' || k === ' ') { e.preventDefault(); onPick(d); }
    });
}

/** Threads keep one colour across views: the class for the i-th thread (6 colours). */
export const paletteClass = (i: number): string => `kv-c${((i % 6) + 6) % 6}`;

export interface View<M> { update(model: M): void; destroy(): void }

/** Sets attribute `name` on each element of `sel` only where the value changes: a view
 *  redrawn five times a second then costs no style recalculation for unchanged marks. */
export function attrIfChanged<E extends Element, D, P extends BaseType>(sel: Selection<E, D, P, unknown>, name: string, value: (d: D) => string): Selection<E, D, P, unknown> {
  return sel.each(function (d) {
    const v = value(d);
    if (this.getAttribute(name) !== v) this.setAttribute(name, v);
  });
}

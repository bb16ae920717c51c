// Workspace layout: the sizes of the lab's grid (editor column | registers column |
// inspector column; top row | serial-console row) as shares, changed by the splitters
// (Splitters.tsx) and kept in localStorage under one key, restored on reload. Pure
// size arithmetic plus a tiny store outside React (useLayout). UI layer.

import { useSyncExternalStore } from 'react';

export const LAYOUT_KEY = 'caplab.layout';
/** Smallest sizes a splitter may leave, in px: columns, then rows. */
export const MIN_COLUMN_PX = 200;
export const MIN_ROW_PX = 120;

export interface Layout {
  /** Shares of the width: editor, registers (or the middle column), inspector. */
  cols: [number, number, number];
  /** Shares of the height: the top row, the serial console's row. */
  rows: [number, number];
}

/** The grid as styles.css draws it before anyone drags. */
export const DEFAULT_LAYOUT: Layout = { cols: [1.1, 0.85, 1.2], rows: [1.6, 1] };

const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/** A stored layout, or null when it is missing or not one (then the default applies). */
export function parseLayout(text: string | null): Layout | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Partial<Layout>;
    if (!Array.isArray(v.cols) || v.cols.length !== 3 || !v.cols.every(positive)) return null;
    if (!Array.isArray(v.rows) || v.rows.length !== 2 || !v.rows.every(positive)) return null;
    return { cols: [v.cols[0], v.cols[1], v.cols[2]], rows: [v.rows[0], v.rows[1]] };
  } catch {
    return null;
  }
}

/** Moves the boundary after pane `i` of `sizes` (px) by `delta` px, keeping both
 *  neighbours at least `min` px (when they were; a pane already smaller does not shrink). */
export function moveBoundary(sizes: readonly number[], i: number, delta: number, min: number): number[] {
  const a = sizes[i], b = sizes[i + 1];
  const least = Math.min(a, min);
  const most = a + b - Math.min(b, min);
  const next = Math.min(most, Math.max(least, a + delta));
  const out = [...sizes];
  out[i] = next;
  out[i + 1] = a + b - next;
  return out;
}

/** Shares rounded for storage (sum 1, four digits). */
export function shares<T extends number[]>(px: T): T {
  const total = px.reduce((s, x) => s + x, 0) || 1;
  return px.map((x) => Math.round((x / total) * 10_000) / 10_000) as T;
}

const sameLayout = (a: Layout, b: Layout) => a.cols.every((x, i) => x === b.cols[i]) && a.rows.every((x, i) => x === b.rows[i]);

function readStored(): Layout | null {
  try {
    return parseLayout(window.localStorage.getItem(LAYOUT_KEY));
  } catch {
    return null;
  }
}

function store(layout: Layout | null): void {
  try {
    if (layout === null) window.localStorage.removeItem(LAYOUT_KEY);
    else window.localStorage.setItem(LAYOUT_KEY, JSON.stringify(layout));
  } catch {
    // Storage unavailable (private mode): the layout lasts until the page closes.
  }
}

let current: Layout | null = typeof window === 'undefined' ? null : readStored();
const listeners = new Set<() => void>();

function publish(next: Layout | null): void {
  current = next;
  store(next);
  for (const l of listeners) l();
}

/** The layout the user chose, or null for the default grid. */
export function getLayout(): Layout | null {
  return current;
}

export function setLayout(next: Layout): void {
  if (current && sameLayout(current, next)) return;
  publish(next);
}

/** Back to the default grid (the "Reset layout" command); forgets the stored sizes. */
export function resetLayout(): void {
  publish(null);
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useLayout(): Layout | null {
  return useSyncExternalStore(subscribe, getLayout, getLayout);
}

/** The workspace grid's inline sizes for a layout (none for the default). */
export function gridStyle(layout: Layout | null): Record<string, string> {
  if (!layout) return {};
  // Scaled up: flex factors summing to less than 1 (a column held at its minimum) would
  // leave part of the width empty.
  const fr = (x: number) => `${Math.round(x * 10_000) / 10}fr`;
  return {
    '--ws-cols': `minmax(${MIN_COLUMN_PX}px, ${fr(layout.cols[0])}) minmax(${MIN_COLUMN_PX}px, ${fr(layout.cols[1])}) minmax(${MIN_COLUMN_PX}px, ${fr(layout.cols[2])})`,
    '--ws-rows': `minmax(${MIN_ROW_PX}px, ${fr(layout.rows[0])}) minmax(${MIN_ROW_PX}px, ${fr(layout.rows[1])})`,
  };
}

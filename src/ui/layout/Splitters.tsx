// The workspace's splitters: three handles in the grid's gaps (editor | the rest,
// registers | inspector or console, top row | console row) that resize the panels
// by pointer drag or by the arrow keys when focused (Shift: bigger steps). Each is a
// focusable role="separator" with its orientation and aria-valuenow (the share of
// the pair before it, in percent). Sizes go to layout.ts (persisted). UI layer.

import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  MIN_COLUMN_PX, MIN_ROW_PX, getLayout, moveBoundary, resetLayout, setLayout, shares, useLayout, DEFAULT_LAYOUT,
} from './layout.ts';

const STEP_PX = 16;
const HANDLE_PX = 8;

type Axis = 'cols' | 'rows';

interface Handle {
  id: string;
  label: string;
  axis: Axis;
  /** The boundary after pane `index` of its axis. */
  index: number;
  box: { left: number; top: number; width: number; height: number };
  /** The share of the pair before the boundary, percent. */
  value: number;
}

interface Measure {
  cols: number[];
  rows: number[];
  handles: Handle[];
}

const percent = (a: number, b: number) => Math.round((100 * a) / (a + b || 1));

/** The panels' sizes and the handles' boxes, from the panels as laid out now. */
function measure(ws: HTMLElement): Measure | null {
  const get = (sel: string) => ws.querySelector<HTMLElement>(sel)?.getBoundingClientRect();
  const w = ws.getBoundingClientRect();
  // The middle column: the registers, or the Linux panel stacked above them.
  const editor = get('.editor-panel'), regs = get('.regs-stack') ?? get('.registers-panel'), insp = get('.inspector-panel'), term = get('.terminal-panel');
  if (!editor || !regs || !insp || !term) return null;
  const gap = parseFloat(getComputedStyle(ws).columnGap) || 8;
  const right = Math.max(insp.right, term.right);
  const cols = [editor.width, regs.width, Math.max(0, right - regs.right - gap)];
  const rows = [insp.height, term.height];
  const x = (px: number) => px - w.left, y = (px: number) => px - w.top;
  const mid = (edge: number) => edge + gap / 2 - HANDLE_PX / 2;
  const rowLeft = Math.min(insp.left, term.left);
  return {
    cols, rows,
    handles: [
      { id: 'editor', label: 'Resize the editor', axis: 'cols', index: 0, value: percent(cols[0], cols[1]),
        box: { left: x(mid(editor.right)), top: y(editor.top), width: HANDLE_PX, height: editor.height } },
      { id: 'middle', label: 'Resize the registers column', axis: 'cols', index: 1, value: percent(cols[1], cols[2]),
        box: { left: x(mid(regs.right)), top: y(regs.top), width: HANDLE_PX, height: regs.height } },
      { id: 'console', label: 'Resize the inspector and the console', axis: 'rows', index: 0, value: percent(rows[0], rows[1]),
        box: { left: x(rowLeft), top: y(mid(insp.bottom)), width: right - rowLeft, height: HANDLE_PX } },
    ],
  };
}

/** Moves one boundary by `delta` px from the sizes `m` and stores the new shares. */
function move(m: Measure, axis: Axis, index: number, delta: number): void {
  const base = getLayout() ?? DEFAULT_LAYOUT;
  if (axis === 'cols') {
    const cols = moveBoundary(m.cols, index, delta, MIN_COLUMN_PX);
    setLayout({ cols: shares(cols) as [number, number, number], rows: getLayout() ? base.rows : shares([...m.rows]) as [number, number] });
  } else {
    const rows = moveBoundary(m.rows, index, delta, MIN_ROW_PX);
    setLayout({ cols: getLayout() ? base.cols : shares([...m.cols]) as [number, number, number], rows: shares(rows) as [number, number] });
  }
}

export function Splitters() {
  const anchor = useRef<HTMLSpanElement>(null);
  const [m, setM] = useState<Measure | null>(null);
  const layout = useLayout();
  const remeasure = useCallback(() => {
    const ws = anchor.current?.parentElement;
    if (ws) setM(measure(ws));
  }, []);
  useLayoutEffect(() => {
    const ws = anchor.current?.parentElement;
    if (!ws) return;
    const ro = new ResizeObserver(remeasure);
    ro.observe(ws);
    // The panels change size (and place) when a kernel view takes the wide spot.
    for (const p of ws.querySelectorAll('.panel')) ro.observe(p);
    remeasure();
    return () => ro.disconnect();
  }, [remeasure]);
  useLayoutEffect(remeasure, [layout, remeasure]);
  return (
    <span ref={anchor} className="ws-splitters">
      {m?.handles.map((h) => <SplitHandle key={h.id} handle={h} measure={m} />)}
    </span>
  );
}

function SplitHandle({ handle, measure: m }: { handle: Handle; measure: Measure }) {
  const drag = useRef<{ start: number; from: Measure } | null>(null);
  const vertical = handle.axis === 'cols';
  const coord = (e: PointerEvent) => (vertical ? e.clientX : e.clientY);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    drag.current = { start: coord(e), from: m };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d) move(d.from, handle.axis, handle.index, coord(e) - d.start);
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys = vertical ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    const dir = e.key === keys[0] ? -1 : e.key === keys[1] ? 1 : 0;
    if (dir === 0) return;
    e.preventDefault();
    move(m, handle.axis, handle.index, dir * STEP_PX * (e.shiftKey ? 4 : 1));
  };
  return (
    <div
      role="separator"
      tabIndex={0}
      className={`ws-splitter ws-splitter-${vertical ? 'v' : 'h'}`}
      data-splitter={handle.id}
      aria-label={handle.label}
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-valuenow={handle.value}
      aria-valuemin={0}
      aria-valuemax={100}
      title={`${handle.label} (drag, or the arrow keys; double-click: reset the layout)`}
      style={handle.box}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      onDoubleClick={resetLayout}
    />
  );
}

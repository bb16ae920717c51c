// Hooks the live views share: the kernel's records re-read at most once per
// animation frame, and at most five times a second from the newest 2,000 while the
// program runs (from the store's event log, never one render per record); a view
// that opens paints at once (its last model, or an empty frame) and reads the log
// after that first frame; a d3
// view factory mounted on a ref, and the kernel snapshot kept fresh while a
// snapshot view is open (on every stop, and once a second while running). UI layer.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StampedEvent } from '../../shared/kernelView.ts';
import { requestKernelSnapshot } from '../state/actions.ts';
import type { KernelEventLog } from '../state/kernelLog.ts';
import { selectKernelLog, selectRunState } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import type { View } from '../viz/svg.ts';

export interface KernelRecords {
  records: readonly StampedEvent[];
  dropped: number;
  version: number;
  /** Only the newest RUNNING_WINDOW records are shown (the program is running). */
  windowed: boolean;
  /** The program is running: views draw fewer rows (what can be read in passing). */
  running: boolean;
  /** Not read yet (the view has just opened): say nothing about what is missing. */
  pending: boolean;
}

/** While the program runs the views redraw at most this often, from the newest records only:
 *  a redraw of a few thousand rows or bars costs more than one frame. */
export const RUNNING_INTERVAL_MS = 200;
export const RUNNING_WINDOW = 2000;

function readLog(log: KernelEventLog, running: boolean): KernelRecords {
  const windowed = running && log.size > RUNNING_WINDOW;
  // Lost on the way (kernel, worker) and aged out of the page's ring: all the records the views cannot show.
  const dropped = log.dropped + Math.max(0, log.total - log.size);
  return { records: log.latest(running ? RUNNING_WINDOW : log.size), dropped, version: log.version, windowed, running, pending: false };
}

const NOTHING_READ: KernelRecords = { records: [], dropped: 0, version: -1, windowed: false, running: false, pending: true };

/** `build` remembering its last argument and result: a model is built once per read of
 *  the log, however often the view renders in between (filters, selection). */
export function rememberLast<A, R>(build: (a: A) => R): (a: A) => R {
  let arg: A | undefined, result: R | undefined, has = false;
  return (a: A) => {
    if (!has || a !== arg) {
      result = build(a);
      arg = a;
      has = true;
    }
    return result as R;
  };
}

/** The log's records, oldest first. Re-read on a change: at the next animation frame when
 *  stopped, at most every RUNNING_INTERVAL_MS while running; never one render per record.
 *  A view opening renders first with nothing read (one cheap frame that answers the
 *  click), and reads the log once that frame is painted. */
export function useKernelRecords(): KernelRecords {
  const log = useLab(selectKernelLog);
  const running = useLab(selectRunState) === 'running';
  const [shown, setShown] = useState(NOTHING_READ);
  const seen = useRef(shown);
  seen.current = shown;
  useEffect(() => {
    let timer = 0, frame = 0, last = 0;
    const pull = () => {
      timer = 0;
      frame = 0;
      last = performance.now();
      setShown(readLog(log, running));
    };
    const changed = () => {
      if (timer || frame) return;
      if (running) timer = window.setTimeout(pull, Math.max(0, last + RUNNING_INTERVAL_MS - performance.now()));
      else frame = requestAnimationFrame(pull);
    };
    // A change missed while mounting, or the run started or stopped (window, row counts);
    // on mounting, after the first frame is painted.
    if (seen.current.pending) frame = requestAnimationFrame(() => { frame = 0; timer = window.setTimeout(pull); });
    else if (log.version !== seen.current.version || running !== seen.current.running) changed();
    const stop = log.watch(changed);
    return () => {
      stop();
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  }, [log, running]);
  return shown;
}

/** A callback ref that mounts `create(el, opts)` on the element it is given and
 *  feeds the view `model` whenever it changes. The view is made with the first
 *  `opts`: their callbacks must be stable (React state setters are). */
export function useD3View<M, O>(create: (el: HTMLElement, opts: O) => View<M>, opts: O, model: M): (el: HTMLDivElement | null) => void {
  const view = useRef<View<M> | null>(null);
  const first = useRef(opts);
  const latest = useRef(model);
  useEffect(() => {
    latest.current = model;
    view.current?.update(model);
  }, [model]);
  return useCallback((el: HTMLDivElement | null) => {
    view.current?.destroy();
    view.current = null;
    if (!el) return;
    view.current = create(el, first.current);
    view.current.update(latest.current);
  }, [create]);
}

/** Keeps the store's kernel snapshot fresh while the calling view is mounted. */
export function useSnapshotRefresh(): void {
  const runState = useLab(selectRunState);
  useEffect(() => {
    requestKernelSnapshot();
    if (runState !== 'running') return;
    const timer = setInterval(requestKernelSnapshot, 1000);
    return () => clearInterval(timer);
  }, [runState]);
}

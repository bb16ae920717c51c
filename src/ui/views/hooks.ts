// Hooks the live views share: the kernel's records re-read at most once per
// animation frame (from the store's event log, never one render per record), a d3
// view factory mounted on a ref, and the kernel snapshot kept fresh while a
// snapshot view is open (on every stop, and twice a second while running). UI layer.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { StampedEvent } from '../../shared/kernelView.ts';
import { requestKernelSnapshot } from '../state/actions.ts';
import { useKernelLogVersion } from '../state/kernelLog.ts';
import { selectKernelLog, selectRunState } from '../state/selectors.ts';
import { useLab } from '../state/store.ts';
import type { View } from '../viz/svg.ts';

export interface KernelRecords { records: readonly StampedEvent[]; dropped: number; version: number }

/** The log's records, oldest first, as of the last animation frame that saw a change. */
export function useKernelRecords(): KernelRecords {
  const log = useLab(selectKernelLog);
  const version = useKernelLogVersion(log);
  // `version` stands for the log's contents, which live outside React.
  return useMemo(() => ({ records: log.latest(), dropped: log.dropped, version }), [log, version]);
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
    const timer = setInterval(requestKernelSnapshot, 500);
    return () => clearInterval(timer);
  }, [runState]);
}

// Kernel slice of the lab store: the kernel's event log (kernelLog.ts). The store
// holds one log object for the page's lifetime and never replaces it, so reading it
// never re-renders anyone; views redraw from it at frame rate (useKernelLogVersion)
// or subscribe to its batches. UI layer.

import type { StateCreator } from 'zustand';
import type { KernelSnapshotView } from '../../shared/kernelView.ts';
import { KernelEventLog } from './kernelLog.ts';
import type { LabStore } from './store.ts';

export interface KernelSlice {
  kernelLog: KernelEventLog;
  /** The last kernelSnapshot answer, and the one before it (the Capabilities view highlights the difference). */
  kernelSnapshot: KernelSnapshotView | null;
  previousKernelSnapshot: KernelSnapshotView | null;
}

export const createKernelSlice: StateCreator<LabStore, [], [], KernelSlice> = () => ({
  kernelLog: new KernelEventLog(),
  kernelSnapshot: null,
  previousKernelSnapshot: null,
});

// The Linux panel's state (issue 7): the mode the student chose, which program the
// panel runs (the editor's C files built with --target linux, or an uploaded ELF), the
// upload's refusal message, the live run's statistics and the last comparison of the
// four ways, all from the worker's events (applyLinuxEvent, called by labClient.ts).
// A store of its own, next to the lab store. UI layer.

import { create } from 'zustand';
import type { CompatComparison, CompatLiveStats, LabEvent, LinuxBuild, LinuxMode } from '../../../shared/protocol.ts';
import { useLab, type LabStore } from '../../state/store.ts';

export interface UploadedProgram {
  name: string;
  bytes: Uint8Array;
}

export type PlotMetric = 'cycles' | 'entries';

export interface LinuxState {
  /** Shown or hidden by the toolbar's Linux button; null: shown in a Linux scenario only. */
  shown: boolean | null;
  mode: LinuxMode;
  /** What Run in the panel runs. */
  source: 'editor' | 'upload';
  /** The last binary that loaded (kept to load it again in another mode). */
  upload: UploadedProgram | null;
  /** A binary sent and not yet answered. */
  pendingUpload: UploadedProgram | null;
  /** Why the last uploaded file cannot run (null: it loaded, or none tried). */
  uploadError: { name: string; message: string } | null;
  stats: CompatLiveStats | null;
  comparison: CompatComparison | null;
  comparing: boolean;
  compareError: string | null;
  /** The id of the compare request whose answer counts. */
  compareId: number;
  metric: PlotMetric;
}

export const useLinux = create<LinuxState>()(() => ({
  shown: null,
  mode: 'fault',
  source: 'editor',
  upload: null,
  pendingUpload: null,
  uploadError: null,
  stats: null,
  comparison: null,
  comparing: false,
  compareError: null,
  compareId: 0,
  metric: 'cycles',
}));

/** The scenario's files are a Linux program (built with --target linux). */
export const selectLinuxScenario = (s: LabStore) => s.scenario.mode === 'linux';

/** The build and check requests' `linux` field: in a Linux scenario, the mode chosen. */
export function linuxBuildField(): { linux?: LinuxBuild } {
  return selectLinuxScenario(useLab.getState()) ? { linux: { mode: useLinux.getState().mode } } : {};
}

/** Waiters for the answer to the loadLinux sent last. */
let loadWaiters: ((ok: boolean) => void)[] = [];

/** Resolves with whether the binary sent last loaded. */
export function whenLoaded(): Promise<boolean> {
  return new Promise((resolve) => loadWaiters.push(resolve));
}

function settleLoad(ok: boolean): void {
  const w = loadWaiters;
  loadWaiters = [];
  for (const f of w) f(ok);
}

/** The worker's Linux events into this store (the others are not its business). */
export function applyLinuxEvent(e: LabEvent): void {
  switch (e.type) {
    case 'linuxLoaded': {
      const { pendingUpload: sent, upload: before, comparison } = useLinux.getState();
      // Another binary: the comparison of the one before no longer applies.
      if (e.ok) useLinux.setState({ upload: sent, pendingUpload: null, uploadError: null, source: 'upload', stats: null, comparison: sent === before ? comparison : null });
      else useLinux.setState({ pendingUpload: null, uploadError: { name: e.name, message: e.error ?? 'it cannot run here' } });
      settleLoad(e.ok);
      return;
    }
    case 'compatStats':
      useLinux.setState({ stats: e.stats });
      return;
    case 'compareResult':
      if (e.id !== useLinux.getState().compareId) return;
      useLinux.setState({ comparing: false, comparison: e.comparison, compareError: e.error ?? null });
      return;
    default:
      return;
  }
}

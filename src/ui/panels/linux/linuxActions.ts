// The Linux panel's actions, outside components: choose a mode (the machine gets the
// program again in that mode, ready to run), run, upload a binary (the worker checks
// it; the editor's files are never touched), compare the four ways, and show or hide
// the panel. All through the worker bridge (labClient). UI layer.

import type { LinuxMode } from '../../../shared/protocol.ts';
import { build } from '../../state/actions.ts';
import { sendRequest } from '../../state/labClient.ts';
import { selectDirty } from '../../state/selectors.ts';
import { useLab } from '../../state/store.ts';
import { clearOutput } from '../../state/terminalSink.ts';
import { selectLinuxScenario, useLinux, whenLoaded, type PlotMetric } from './linuxStore.ts';

/** Files larger than this are refused before they are read (the worker's limit is lower). */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

/** The panel is on screen: chosen with the toolbar's Linux button, or a Linux scenario. */
export function linuxPanelVisible(shown: boolean | null, linuxScenario: boolean): boolean {
  return shown ?? linuxScenario;
}

export function toggleLinuxPanel(): void {
  const visible = linuxPanelVisible(useLinux.getState().shown, selectLinuxScenario(useLab.getState()));
  useLinux.setState({ shown: !visible });
}

/** Sends the uploaded binary again (in the mode chosen); resolves with whether it loaded. */
function loadUpload(): Promise<boolean> {
  const { upload, mode } = useLinux.getState();
  if (!upload) return Promise.resolve(false);
  useLinux.setState({ pendingUpload: upload });
  const loaded = whenLoaded();
  sendRequest({ type: 'loadLinux', program: upload.bytes.slice(), name: upload.name, mode });
  return loaded;
}

/** The panel's program, freshly loaded in the chosen mode; false when there is none. */
function loadProgram(): Promise<boolean> {
  const l = useLinux.getState();
  if (l.source === 'upload' && l.upload) return loadUpload();
  if (selectLinuxScenario(useLab.getState())) return build();
  return Promise.resolve(false);
}

export function setMode(mode: LinuxMode): void {
  if (useLinux.getState().mode === mode) return;
  useLinux.setState({ mode });
  // The machine takes the program again in the new mode (a stopped, fresh machine).
  if (useLab.getState().runState !== 'idle' || useLinux.getState().source === 'upload') void loadProgram();
}

/** Loads the panel's program in the chosen mode and runs it from the start. */
export async function runLinux(): Promise<void> {
  if (!(await loadProgram())) return;
  clearOutput();
  sendRequest({ type: 'run' });
}

/** Runs the editor's program from now on (a Linux scenario), instead of the uploaded one. */
export function chooseEditorProgram(): void {
  useLinux.setState({ source: 'editor', comparison: null });
  void build();
}

/** Reads a chosen file and asks the worker to load it; the answer says why not, if not. */
export async function uploadFile(file: File): Promise<void> {
  if (file.size > MAX_READ_BYTES) {
    useLinux.setState({ uploadError: { name: file.name, message: `the file is too large: ${file.size} bytes` } });
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const program = { name: file.name, bytes };
  useLinux.setState({ pendingUpload: program, uploadError: null });
  sendRequest({ type: 'loadLinux', program: bytes.slice(), name: file.name, mode: useLinux.getState().mode });
}

export function dismissUploadError(): void {
  useLinux.setState({ uploadError: null });
}

/** Runs the loaded program in all four ways in the worker (rebuilding a changed editor program first). */
export async function compareModes(): Promise<void> {
  const lab = useLab.getState();
  const l = useLinux.getState();
  if (l.source === 'editor' && selectLinuxScenario(lab) && (selectDirty(lab) || lab.runState === 'idle')) {
    if (!(await build())) return;
  }
  const id = useLinux.getState().compareId + 1;
  useLinux.setState({ compareId: id, comparing: true, compareError: null });
  sendRequest({ type: 'compare', id });
}

export function setPlotMetric(metric: PlotMetric): void {
  useLinux.setState({ metric });
}

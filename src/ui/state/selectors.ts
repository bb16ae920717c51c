// Selectors for the lab store, defined once at module scope so components never
// create new selector functions (or new objects) per render. UI layer.

import type { LabStore } from './store.ts';

export const selectRunState = (s: LabStore) => s.runState;
export const selectConnected = (s: LabStore) => s.connected;
export const selectBuilding = (s: LabStore) => s.building;
export const selectBuildOk = (s: LabStore) => s.buildOk;
export const selectDiagnostics = (s: LabStore) => s.diagnostics;
export const selectRegisters = (s: LabStore) => s.registers;
export const selectPreviousRegisters = (s: LabStore) => s.previousRegisters;
export const selectStop = (s: LabStore) => s.stop;
export const selectStopSource = (s: LabStore) => s.stopSource;
export const selectStopCount = (s: LabStore) => s.stopCount;
export const selectDisassembly = (s: LabStore) => s.disassembly;
export const selectLastError = (s: LabStore) => s.lastError;
export const selectProtocolError = (s: LabStore) => s.protocolError;
export const selectPauseLatency = (s: LabStore) => s.pauseLatencyMs;
export const selectLineBreakpoints = (s: LabStore) => s.lineBreakpoints;
export const selectArmedAddresses = (s: LabStore) => s.armedAddresses;
export const selectUnresolvedLines = (s: LabStore) => s.unresolvedLines;
export const selectFileName = (s: LabStore) => s.fileName;
export const selectTheme = (s: LabStore) => s.theme;
export const selectMemory = (s: LabStore) => s.memory;
export const selectSymbols = (s: LabStore) => s.symbols;
/** The kernel's event log: one object for the page's life (read it at frame rate). */
export const selectKernelLog = (s: LabStore) => s.kernelLog;
export const selectKernelSnapshot = (s: LabStore) => s.kernelSnapshot;
export const selectPreviousKernelSnapshot = (s: LabStore) => s.previousKernelSnapshot;

export const selectFiles = (s: LabStore) => s.files;
export const selectRunBlocked = (s: LabStore) => s.runBlocked;
export const selectApiEntries = (s: LabStore) => s.apiEntries;
export const selectBuiltFiles = (s: LabStore) => s.builtFiles;

export function sameFiles(a: readonly { name: string; text: string }[], b: readonly { name: string; text: string }[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.text === b[i].text);
}

/** Some file (or the system description) changed, or was added, renamed, deleted,
 *  since the program now loaded was built. */
export const selectDirty = (s: LabStore) => s.builtFiles === null || !sameFiles(s.builtFiles, s.files) || s.builtSystem !== s.system;

export const selectSystem = (s: LabStore) => s.system;

export const selectErrorCount = (s: LabStore) => s.diagnostics.filter((d) => d.severity === 'error').length;

/** The line breakpoints of the file open in the editor. */
export const selectActiveBreakpointLines = (s: LabStore): string =>
  s.lineBreakpoints.filter((b) => b.file === s.fileName).map((b) => b.line).join(',');

export const selectActiveUnresolvedLines = (s: LabStore): string =>
  s.unresolvedLines.filter((b) => b.file === s.fileName).map((b) => b.line).join(',');

/** Source line to highlight as "about to execute": only while stopped. */
export const selectPcLine = (s: LabStore): number | null =>
  s.runState === 'paused' || s.runState === 'ready' || s.runState === 'halted'
    ? s.stopSource && s.stopSource.file === s.fileName ? s.stopSource.line : null
    : null;

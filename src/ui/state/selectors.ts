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

/** The source changed since the program now loaded was built. */
export const selectDirty = (s: LabStore) => s.builtSource === null || s.builtSource !== s.source;

export const selectErrorCount = (s: LabStore) => s.diagnostics.filter((d) => d.severity === 'error').length;

/** Source line to highlight as "about to execute": only while stopped. */
export const selectPcLine = (s: LabStore): number | null =>
  s.runState === 'paused' || s.runState === 'ready' || s.runState === 'halted'
    ? s.stopSource && s.stopSource.file === s.fileName ? s.stopSource.line : null
    : null;

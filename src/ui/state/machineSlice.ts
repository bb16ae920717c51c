// Machine slice of the lab store: what the page knows about the machine at rest:
// run state, the registers and disassembly at the last stop (and at the stop before,
// to highlight what changed), the last error, the kernel's threads and the one the
// Registers panel shows. Nothing here changes per instruction;
// live figures go through liveStats.ts. UI layer.

import type { StateCreator } from 'zustand';
import type { DisasmLine, RegisterSnapshot, RunState, SourceLine, StopInfo, ThreadEntry } from '../../shared/protocol.ts';
import type { LabStore } from './store.ts';

export interface MemoryDump {
  address: bigint;
  bytes: Uint8Array;
  error?: string;
  /** The thread whose address space (VSpace) it was read in. */
  thread?: string;
}

export interface MachineSlice {
  connected: boolean;
  protocolError: string | null;
  runState: RunState;
  registers: RegisterSnapshot | null;
  previousRegisters: RegisterSnapshot | null;
  stop: StopInfo | null;
  stopSource: SourceLine | null;
  disassembly: DisasmLine[];
  /** Counts stops, so views can tell two stops at the same place apart. */
  stopCount: number;
  lastError: string | null;
  /** Milliseconds from the Pause command to the host reporting the stop. */
  pauseLatencyMs: number | null;
  /** The address the memory view follows (re-read at every stop), and what it read. */
  memoryAddress: bigint | null;
  memory: MemoryDump | null;
  /** A slow run (a chosen speed) updates the registers as it goes: they are not stale. */
  registersLive: boolean;
  /** The thread the Registers panel shows (null: the one on the CPU), the kernel's
   *  threads at the last stop (the one on the CPU first) and the shown thread's registers. */
  selectedThread: string | null;
  threads: ThreadEntry[];
  threadView: { thread: string | null; state: string | null; registers: RegisterSnapshot | null } | null;
  clearError: () => void;
}

export const createMachineSlice: StateCreator<LabStore, [], [], MachineSlice> = (set) => ({
  connected: false,
  protocolError: null,
  runState: 'idle',
  registers: null,
  previousRegisters: null,
  stop: null,
  stopSource: null,
  disassembly: [],
  stopCount: 0,
  lastError: null,
  pauseLatencyMs: null,
  memoryAddress: null,
  memory: null,
  registersLive: false,
  selectedThread: null,
  threads: [],
  threadView: null,
  clearError: () => set({ lastError: null }),
});

// Breakpoint slice of the lab store: breakpoints the user set on source lines (of
// any project file) and on addresses, and what the host made of them (the addresses
// armed, the lines that have no code). UI layer.

import type { StateCreator } from 'zustand';
import type { SourceLine } from '../../shared/protocol.ts';
import type { LabStore } from './store.ts';

export interface BreakpointSlice {
  /** 1-based lines of project files. */
  lineBreakpoints: SourceLine[];
  addressBreakpoints: bigint[];
  /** Addresses the host has armed (line and address breakpoints together). */
  armedAddresses: bigint[];
  unresolvedLines: SourceLine[];
}

export const createBreakpointSlice: StateCreator<LabStore, [], [], BreakpointSlice> = () => ({
  lineBreakpoints: [],
  addressBreakpoints: [],
  armedAddresses: [],
  unresolvedLines: [],
});

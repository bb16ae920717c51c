// Program slice of the lab store: the source being edited and what the last build
// said about it (diagnostics, line table, symbols). UI layer.

import type { StateCreator } from 'zustand';
import type { Diagnostic } from '../../shared/diagnostic.ts';
import type { LineEntry, SymbolEntry } from '../../shared/protocol.ts';
import { EXAMPLE_FILE_NAME, EXAMPLE_PROGRAM } from '../editor/exampleProgram.ts';
import type { LabStore } from './store.ts';

export interface ProgramSlice {
  fileName: string;
  source: string;
  /** The source of the last successful build (null before one). */
  builtSource: string | null;
  building: boolean;
  buildOk: boolean | null;
  diagnostics: Diagnostic[];
  lines: LineEntry[];
  symbols: SymbolEntry[];
  entry: bigint | null;
  setSource: (text: string) => void;
}

export const createProgramSlice: StateCreator<LabStore, [], [], ProgramSlice> = (set) => ({
  fileName: EXAMPLE_FILE_NAME,
  source: EXAMPLE_PROGRAM,
  builtSource: null,
  building: false,
  buildOk: null,
  diagnostics: [],
  lines: [],
  symbols: [],
  entry: null,
  setSource: (text) => set({ source: text }),
});

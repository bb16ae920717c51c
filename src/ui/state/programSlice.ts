// Program slice of the lab store: the project's files (in tab order), the file open
// in the editor, the files of the last good build, and what the last build or live
// check said (diagnostics, line table, symbols). UI layer. `fileName` and `source`
// mirror the active file, for the views that show one file. A system-mode scenario
// also has its .system description (`system`), edited in a tab of its own named
// SYSTEM_FILE_NAME (the name the machine gives its diagnostics).

import type { StateCreator } from 'zustand';
import type { Diagnostic } from '../../shared/diagnostic.ts';
import type { ApiEntry, LineEntry, SourceFile, SymbolEntry } from '../../shared/protocol.ts';
import { STARTER } from '../editor/examples.ts';
import type { LabStore } from './store.ts';

export interface ProgramSlice {
  files: SourceFile[];
  fileName: string;
  source: string;
  /** The files of the last successful build (null before one): what the machine runs. */
  builtFiles: SourceFile[] | null;
  /** System mode: the Microkit-style .system description as edited (null: a root task). */
  system: string | null;
  /** The description of the last successful build (null: none, or a root task). */
  builtSystem: string | null;
  building: boolean;
  buildOk: boolean | null;
  /** From the last build, or from the live check of the text as it is now. */
  diagnostics: Diagnostic[];
  lines: LineEntry[];
  symbols: SymbolEntry[];
  entry: bigint | null;
  /** Why Run did not run (the program does not compile), until the next edit or build. */
  runBlocked: string | null;
  /** The sysroot's functions, for the editor's hover. */
  apiEntries: ApiEntry[];
}

export const createProgramSlice: StateCreator<LabStore, [], [], ProgramSlice> = () => ({
  files: STARTER.files.map((f) => ({ ...f })),
  fileName: STARTER.files[0].name,
  source: STARTER.files[0].text,
  builtFiles: null,
  system: null,
  builtSystem: null,
  building: false,
  buildOk: null,
  diagnostics: [],
  lines: [],
  symbols: [],
  entry: null,
  runBlocked: null,
  apiEntries: [],
});

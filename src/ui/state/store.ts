// The lab store: one zustand store built from the program, machine, breakpoint,
// view, scenario and kernel (event log) slices. UI layer. Components read it through the selectors in selectors.ts;
// changes come from actions.ts and from the events applied in labClient.ts.

import { create } from 'zustand';
import { createBreakpointSlice, type BreakpointSlice } from './breakpointSlice.ts';
import { createKernelSlice, type KernelSlice } from './kernelSlice.ts';
import { createMachineSlice, type MachineSlice } from './machineSlice.ts';
import { createProgramSlice, type ProgramSlice } from './programSlice.ts';
import { createScenarioSlice, type ScenarioSlice } from './scenarioSlice.ts';
import { createViewSlice, type ViewSlice } from './viewSlice.ts';

export type LabStore = ProgramSlice & MachineSlice & BreakpointSlice & ViewSlice & ScenarioSlice & KernelSlice;

export const useLab = create<LabStore>()((...a) => ({
  ...createProgramSlice(...a),
  ...createMachineSlice(...a),
  ...createBreakpointSlice(...a),
  ...createViewSlice(...a),
  ...createScenarioSlice(...a),
  ...createKernelSlice(...a),
}));

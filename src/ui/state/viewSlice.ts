// View slice of the lab store: how the page looks (light or dark theme) and how fast
// the machine runs (flat out, or a chosen rate to watch it slowly). UI layer.

import type { StateCreator } from 'zustand';
import type { LabStore } from './store.ts';

export type Theme = 'light' | 'dark';

/** The rates the toolbar offers, in instructions per second; 0 is flat out. */
export const SPEEDS: readonly number[] = [0, 10, 100, 1_000, 10_000, 100_000];

export interface ViewSlice {
  theme: Theme;
  /** Instructions per second the machine runs at; 0: flat out. */
  speed: number;
}

export const createViewSlice: StateCreator<LabStore, [], [], ViewSlice> = () => ({
  theme: 'light',
  speed: 0,
});

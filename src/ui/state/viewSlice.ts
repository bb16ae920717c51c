// View slice of the lab store: how the page looks (light or dark theme). UI layer.

import type { StateCreator } from 'zustand';
import type { LabStore } from './store.ts';

export type Theme = 'light' | 'dark';

export interface ViewSlice {
  theme: Theme;
}

export const createViewSlice: StateCreator<LabStore, [], [], ViewSlice> = () => ({
  theme: 'light',
});

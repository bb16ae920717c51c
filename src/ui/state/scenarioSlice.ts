// Scenario slice of the lab store: which built-in scenario the project started
// from, the exercise step, whether the saved work has been restored yet, the last
// share link, the notice banner (a link or file that could not be opened, and
// why), and the step's check verdicts from the worker (exerciseChecks.ts). UI layer.

import type { StateCreator } from 'zustand';
import { STARTER_SCENARIO } from '../../scenarios/builtins.ts';
import type { Scenario } from '../../scenarios/format.ts';
import type { CheckOutcome } from '../../shared/protocol.ts';
import type { LabStore } from './store.ts';

export interface Notice {
  kind: 'error' | 'info';
  title: string;
  details: string[];
  /** Offer the scenario file export (a share link that is too long). */
  offerExport?: boolean;
}

export interface ShareResult {
  url: string;
  length: number;
  copied: boolean;
}

export interface ScenarioSlice {
  /** The built-in the project started from (null: imported or shared without one). */
  scenarioId: string | null;
  /** The scenario the project started from: its exercise, and its starter files
   *  (for Reset to starter). A built-in, or an imported file. */
  scenario: Scenario;
  step: number;
  /** The saved work has been read back (or there was none). */
  restored: boolean;
  notice: Notice | null;
  share: ShareResult | null;
  /** The id of the last setChecks sent (exerciseChecks.ts). */
  checksId: number;
  /** The worker's verdicts on the current step's checks, in their order (null: none yet). */
  checkResults: CheckOutcome[] | null;
}

export const createScenarioSlice: StateCreator<LabStore, [], [], ScenarioSlice> = () => ({
  scenarioId: STARTER_SCENARIO.id,
  scenario: STARTER_SCENARIO,
  step: 0,
  restored: false,
  notice: null,
  share: null,
  checksId: 0,
  checkResults: null,
});

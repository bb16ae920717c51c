// The built-in gallery: the seL4 tutorials' kernel-API track (hello world to
// fault handlers) rewritten as root-task scenarios for this AArch64 lab, in the
// tutorials' order, then the Microkit system tutorial (microkit.ts), each with
// the reference solution CI runs against its checks.
// Scenarios layer; docs/tutorials.md; reference/sel4.md 1.2.
import type { Scenario, ScenarioFile } from '../format.ts';
import { helloWorld } from './helloWorld.ts';
import { capabilities } from './capabilities.ts';
import { untyped } from './untyped.ts';
import { mapping } from './mapping.ts';
import { threads } from './threads.ts';
import { ipc } from './ipc.ts';
import { notifications } from './notifications.ts';
import { interrupts } from './interrupts.ts';
import { faultHandlers } from './faultHandlers.ts';
import { microkitHello } from './microkit.ts';

export interface GalleryScenario {
  scenario: Scenario;
  /** The reference solution: the files that differ from the starter. */
  solution: ScenarioFile[];
  /** Text a student types on the serial console during the run (tests and grading feed it). */
  input?: string;
}

export const GALLERY: readonly GalleryScenario[] = [
  helloWorld, capabilities, untyped, mapping, threads, ipc, notifications, interrupts, faultHandlers, microkitHello,
];

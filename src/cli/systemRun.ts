// Runs a system-mode scenario headless: parse the Microkit .system description,
// build every protection domain's program image from the scenario's files, boot
// the system on the kernel model (kernel/system/loader.ts) and run it with
// scenarioRun's runBooted, as a root task runs. CLI layer (Node; no DOM). docs/microkit.md.
import type { Diagnostic } from '../shared/diagnostic.ts';
import { bootSystem, type BootedSystem } from '../kernel/system/loader.ts';
import { buildImages, monitorImage } from '../kernel/system/programs.ts';
import { describeSdfError, parseSystem } from '../kernel/system/sdf.ts';
import type { RunFacts } from '../scenarios/checks.ts';
import type { ScenarioFile } from '../scenarios/format.ts';
import { runBooted } from './scenarioRun.ts';

export interface SystemExecution { problem: string | null; diagnostics: Diagnostic[]; booted?: BootedSystem }

/** Builds, boots and runs a system; `input` is typed on the UART as the run goes. */
export function executeSystem(system: string, files: readonly ScenarioFile[], facts: RunFacts, max: number, input = ''): SystemExecution {
  const desc = parseSystem(system);
  if (!desc.ok) return { problem: `the system description is not valid: ${describeSdfError(desc.error)}`, diagnostics: [] };
  const images = buildImages(desc.value, files);
  if (!images.ok) return { problem: images.problem, diagnostics: images.diagnostics };
  const serial: number[] = [];
  const booted = bootSystem({ system: desc.value, images: images.images, monitor: monitorImage(), output: (b) => serial.push(b) });
  if (!booted.ok) return { problem: `the system cannot start: ${booted.error}`, diagnostics: images.diagnostics };
  runBooted({ machine: booted.value.machine, kernel: booted.value.kernel, serial }, facts, max, input);
  return { problem: null, diagnostics: images.diagnostics, booted: booted.value };
}

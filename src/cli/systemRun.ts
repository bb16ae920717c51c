// Runs a system-mode scenario headless: parse the Microkit .system description,
// build every protection domain's program image from the scenario's files, boot
// the system on the kernel model (kernel/system/loader.ts) and run it in slices,
// folding serial output and kernel events into RunFacts, as execute() does for a
// root task. CLI layer (Node; no DOM). docs/microkit.md.
import type { Diagnostic } from '../shared/diagnostic.ts';
import { snapshotKernel } from '../kernel/snapshot.ts';
import { bootSystem, type BootedSystem } from '../kernel/system/loader.ts';
import { buildImages, monitorImage } from '../kernel/system/programs.ts';
import { describeSdfError, parseSystem } from '../kernel/system/sdf.ts';
import type { RunFacts } from '../scenarios/checks.ts';
import type { ScenarioFile } from '../scenarios/format.ts';

const SLICE = 50_000;

export interface SystemExecution { problem: string | null; diagnostics: Diagnostic[]; booted?: BootedSystem }

/** Builds, boots and runs a system; `input` is typed on the UART as the run goes. */
export function executeSystem(system: string, files: readonly ScenarioFile[], facts: RunFacts, max: number, input = ''): SystemExecution {
  const desc = parseSystem(system);
  if (!desc.ok) return { problem: `the system description is not valid: ${describeSdfError(desc.error)}`, diagnostics: [] };
  const images = buildImages(desc.value, files);
  if (!images.ok) return { problem: images.problem, diagnostics: images.diagnostics };
  const bytes: number[] = [];
  const booted = bootSystem({ system: desc.value, images: images.images, monitor: monitorImage(), output: (b) => bytes.push(b) });
  if (!booted.ok) return { problem: `the system cannot start: ${booted.error}`, diagnostics: images.diagnostics };
  const { machine, kernel } = booted.value;
  const decoder = new TextDecoder();
  const pending = [...new TextEncoder().encode(input)];
  while (!machine.halted && machine.instret < max) {
    while (pending.length && machine.uart.receive(pending[0])) pending.shift();
    machine.run(Math.min(SLICE, max - machine.instret));
    facts.observe(kernel.state.events.drain());
    if (bytes.length) facts.addSerial(decoder.decode(Uint8Array.from(bytes.splice(0)), { stream: true }));
  }
  facts.instructions = machine.instret;
  const o = kernel.outcome;
  facts.end = o.kind === 'exited' ? { kind: 'exited', status: o.status } : o.kind === 'stopped' ? { kind: 'stopped', report: o.report } : null;
  facts.snapshot = snapshotKernel(kernel.state, machine.time);
  return { problem: null, diagnostics: images.diagnostics, booted: booted.value };
}

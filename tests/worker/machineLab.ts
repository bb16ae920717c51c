// Test helper: a LabDriver over the in-process transport and the real machine target,
// greeted with the protocol version, as the page opens a lab.
import { PROTOCOL_VERSION } from '../../src/shared/protocol.ts';
import { createInProcessTransport } from '../../src/worker/inProcess.ts';
import { createMachineTarget } from '../../src/worker/machineTarget.ts';
import type { HostOptions } from '../../src/worker/host.ts';
import { LabDriver } from './labDriver.ts';

export function openMachineLab(options: HostOptions = { sliceMs: 8 }): LabDriver {
  const lab = new LabDriver(createInProcessTransport(createMachineTarget(), options));
  lab.send({ type: 'hello', version: PROTOCOL_VERSION });
  return lab;
}

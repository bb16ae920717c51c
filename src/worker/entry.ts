// Web Worker entry: one MachineHost on the real machine, fed by postMessage.
// Worker layer, no DOM. Event batches leave with their large buffers transferred.

import { transferablesOf, type LabRequest } from '../shared/protocol.ts';
import { MachineHost } from './host.ts';
import { createMachineTarget } from './machineTarget.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<LabRequest>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const host = new MachineHost(createMachineTarget(), (batch) => {
  scope.postMessage(batch, transferablesOf(batch));
});
scope.onmessage = (e) => host.handle(e.data);

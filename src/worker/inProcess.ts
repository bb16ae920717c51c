// In-process twin of the worker transport: the same MachineHost, driven by direct
// calls on the current thread. Worker layer, no DOM. Used by tests under Node and
// by anything that wants the lab without a Web Worker. Requests are handled as
// separate tasks and batches delivered asynchronously, as postMessage would.

import type { BatchListener, EventBatch, LabRequest, LabTransport } from '../shared/protocol.ts';
import { MachineHost, type HostOptions } from './host.ts';
import type { LabTarget } from './target.ts';

export function createInProcessTransport(target: LabTarget, options: HostOptions = {}): LabTransport {
  const listeners = new Set<BatchListener>();
  let closed = false;
  const deliver = (batch: EventBatch) => {
    queueMicrotask(() => {
      if (!closed) for (const l of listeners) l(structuredClone(batch));
    });
  };
  const host = new MachineHost(target, deliver, options);
  const later = (fn: () => void) => (typeof setImmediate === 'function' ? setImmediate(fn) : setTimeout(fn, 0));
  return {
    send(request: LabRequest) {
      const copy = structuredClone(request);
      later(() => {
        if (!closed) host.handle(copy);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      host.dispose();
      listeners.clear();
    },
  };
}

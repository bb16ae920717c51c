// The page's one door to the machine: starts the machine host in a Web Worker
// (bundled by Vite through a `?worker` import) and wraps it as a LabTransport.
// UI layer; the only UI file allowed to import from src/worker (eslint.config.js).

import {
  PROTOCOL_VERSION,
  type BatchListener,
  type EventBatch,
  type LabRequest,
  type LabTransport,
  transferablesOfRequest,
} from '../../shared/protocol.ts';
import LabWorker from '../../worker/entry.ts?worker';

export function createWorkerTransport(): LabTransport {
  const worker = new LabWorker({ name: 'caplab-machine' });
  const listeners = new Set<BatchListener>();
  worker.onmessage = (e: MessageEvent<EventBatch>) => {
    for (const l of listeners) l(e.data);
  };
  worker.onerror = (e: ErrorEvent) => {
    const batch: EventBatch = { v: PROTOCOL_VERSION, events: [{ type: 'error', message: `machine worker failed: ${e.message}` }] };
    for (const l of listeners) l(batch);
  };
  return {
    send(request: LabRequest) {
      worker.postMessage(request, transferablesOfRequest(request));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      worker.terminate();
    },
  };
}

// Test helper: drives a LabTransport like the page does and waits for events
// (never for fixed times). Used by the host tests on both the fake and real machine.

import type { EventBatch, LabEvent, LabRequest, LabTransport } from '../../src/shared/protocol.ts';

type Pred = (e: LabEvent) => boolean;

export class LabDriver {
  readonly events: LabEvent[] = [];
  readonly batches: EventBatch[] = [];
  output = '';
  private waiters: { from: number; pred: Pred; resolve: (e: LabEvent) => void }[] = [];

  constructor(readonly transport: LabTransport) {
    transport.subscribe((b) => this.receive(b));
  }

  send(req: LabRequest): void {
    this.transport.send(req);
  }

  /** Sends `req` and waits for the first later event matching `pred`. */
  request<T extends LabEvent['type']>(req: LabRequest, type: T, pred: (e: Extract<LabEvent, { type: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<LabEvent, { type: T }>> {
    const p = this.next(type, pred, timeoutMs);
    this.send(req);
    return p;
  }

  next<T extends LabEvent['type']>(type: T, pred: (e: Extract<LabEvent, { type: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<LabEvent, { type: T }>> {
    const from = this.events.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms; saw ${this.describeSince(from)}`)), timeoutMs);
      this.waiters.push({
        from,
        pred: (e) => e.type === type && pred(e as Extract<LabEvent, { type: T }>),
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<LabEvent, { type: T }>);
        },
      });
      this.check();
    });
  }

  close(): void {
    this.transport.close();
  }

  private receive(b: EventBatch): void {
    this.batches.push(b);
    for (const e of b.events) {
      this.events.push(e);
      if (e.type === 'stdout') this.output += new TextDecoder().decode(e.bytes);
    }
    this.check();
  }

  private check(): void {
    this.waiters = this.waiters.filter((w) => {
      const hit = this.events.slice(w.from).find(w.pred);
      if (hit) w.resolve(hit);
      return !hit;
    });
  }

  private describeSince(from: number): string {
    return this.events.slice(from).map((e) => (e.type === 'error' ? `error(${e.message})` : e.type)).join(', ') || 'nothing';
  }
}

// The scheduler's ready-queue bitmap: after any sequence of enqueues (tail or
// head), dequeues and priority changes, best() is the head of the highest
// non-empty queue, as a plain scan of the 256 queues finds it (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/kernel/core/scheduler.ts';
import { newTcb } from '../../src/kernel/object/tcb.ts';

describe('Scheduler bitmap', () => {
  it('best() agrees with a scan of every queue', () => {
    const op = fc.record({ kind: fc.constantFrom('enqueue', 'enqueueHead', 'dequeue', 'reprioritise'), t: fc.nat(11), prio: fc.nat(255) });
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const s = new Scheduler();
      const threads = Array.from({ length: 12 }, (_, i) => Object.assign(newTcb(BigInt(0x1000 * (i + 1))), { priority: (i * 37) % 256, state: 'Running' as const }));
      for (const o of ops) {
        const t = threads[o.t];
        if (o.kind === 'enqueue') s.enqueue(t);
        else if (o.kind === 'enqueueHead') s.enqueueHead(t);
        else if (o.kind === 'dequeue') s.dequeue(t);
        else { const q = s.queued(t); if (q) s.dequeue(t); t.priority = o.prio; if (q) s.enqueue(t); }
        const all = [...s.all()];
        expect(s.best()).toBe(all.length ? all[0] : null);
      }
    }), { numRuns: 300 });
  });
});

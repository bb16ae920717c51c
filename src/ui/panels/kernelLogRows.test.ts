// The Kernel log's rows (foldNewest): read backwards from the newest record, they are
// the last rows of the whole log folded front to back (what the list shows once the
// program stops), hidden kinds left out; identical lines in a row fold with a count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeKernelEvents, type KernelRecord } from '../../shared/protocol.ts';
import { KernelEventLog } from '../state/kernelLog.ts';
import { describeEvent, foldNewest } from './kernelLogFormat.ts';

const EVENTS = [
  { kind: 'entry', syscall: 'DebugPutChar', thread: 'a', pc: 0x400100n, lr: 0x400050n },
  { kind: 'entry', syscall: 'Call', thread: 'a', pc: 0x400200n, lr: 0x400060n },
  { kind: 'schedule', thread: 'b' },
  { kind: 'irq', irq: 27, signalled: true },
] as const;

function logOf(kinds: number[], capacity = 10_000): KernelEventLog {
  const log = new KernelEventLog(capacity);
  const records: KernelRecord[] = kinds.map((k, seq) => ({ seq, time: seq, event: { ...EVENTS[k] } }));
  for (let i = 0; i < records.length; i += 7) log.append(encodeKernelEvents(records.slice(i, i + 7), 0));
  return log;
}

/** The same rows folded front to back, the simplest way. */
function forward(log: KernelEventLog, hidden: ReadonlySet<string>) {
  const rows: { seqs: number[]; key: string }[] = [];
  for (const r of log.latest()) {
    const l = describeEvent(r.event);
    if (hidden.has(l.kind)) continue;
    const key = `${l.kind}|${l.who}|${l.text}`;
    if (rows.length && rows[rows.length - 1].key === key) rows[rows.length - 1].seqs.push(r.seq);
    else rows.push({ seqs: [r.seq], key });
  }
  return rows.map((r) => [r.seqs[0], r.seqs[r.seqs.length - 1], r.seqs.length]);
}

describe('Kernel log rows', () => {
  it('folds a run of identical lines into one row with its count', () => {
    const rows = foldNewest(logOf([0, 0, 0, 1, 0, 0]), new Set(), Infinity, Infinity);
    expect(rows.map((r) => [r.first.seq, r.last.seq, r.count])).toEqual([[0, 2, 3], [3, 3, 1], [4, 5, 2]]);
  });

  it('the newest n rows read backwards are the last n rows of the whole log, hidden kinds left out', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 120 }), fc.integer({ min: 1, max: 40 }), fc.subarray(['syscall', 'switch', 'irq']),
      (kinds, n, hide) => {
        const log = logOf(kinds);
        const hidden = new Set(hide);
        const all = forward(log, hidden);
        const rows = foldNewest(log, hidden, n, Infinity).map((r) => [r.first.seq, r.last.seq, r.count]);
        expect(rows).toEqual(all.slice(-n));
        expect(foldNewest(log, hidden, Infinity, Infinity).map((r) => [r.first.seq, r.last.seq, r.count])).toEqual(all);
      },
    ));
  });

  it('reads at most maxRecords records (the newest)', () => {
    const rows = foldNewest(logOf([1, 2, 1, 2, 1, 2]), new Set(), Infinity, 3);
    expect(rows.map((r) => r.first.seq)).toEqual([3, 4, 5]);
  });
});

// The live views' models fed by a real kernel run (tests/ui/kernelRun.ts: a server
// thread, a badged mint, two Calls answered by ReplyRecv, a Mint that fails with
// DeleteFirst), and properties over random record streams.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KernelEventRecord, StampedEvent } from '../../src/shared/kernelView.ts';
import { buildSyscallRows, filterRows, rowThreads, describeRecord } from '../../src/ui/viz/model/syscallRows.ts';
import { buildIpcSequence, filterSequence, lastMessages, rowOf } from '../../src/ui/viz/model/ipcSequence.ts';
import { buildTimeline, cpuTime, joinClose, segmentAt, waitText } from '../../src/ui/viz/model/schedule.ts';
import { buildCdt, buildCSpaces, derivedTrees, diffSnapshots, highlighted, objectDetail, slotPlace, slotRuns } from '../../src/ui/viz/model/capTree.ts';
import { addressSpaces, layoutBlocks, mergeRanges, sizeText, untypedBars } from '../../src/ui/viz/model/memory.ts';
import { runViewsProgram } from './kernelRun.ts';

const { run, events, snapshot } = runViewsProgram();

describe('syscall rows from a real run', () => {
  const rows = buildSyscallRows(events);

  it('groups every record into exactly one row, in order, one row per kernel entry', () => {
    expect(run.stdout).toContain('mint error 8 sum 76');
    expect(rows.flatMap((r) => r.records)).toEqual(events);
    expect(rows.filter((r) => r.records[0].event.kind === 'entry').length).toBe(events.filter((r) => r.event.kind === 'entry').length);
    for (const r of rows) expect(new Set(r.records.map((x) => x.time)).size).toBe(1);
  });

  it('decodes the invocations with named args and the failed Mint with its error and reason', () => {
    const mints = rows.filter((r) => r.invocation?.label === 'CNodeMint' || (r.result.kind === 'error' && r.result.label === 'CNodeMint'));
    expect(mints).toHaveLength(2);
    expect(mints[0]).toMatchObject({ thread: 'rootserver', what: 'Call', result: { kind: 'ok' } });
    expect(mints[0].invocation!.args).toMatchObject({ badge: '0x2a' });
    expect(mints[1].result).toMatchObject({ kind: 'error', error: 'DeleteFirst' });
    expect((mints[1].result as { reason: string }).reason).toMatch(/not empty/);
    expect(mints[0].pc).toBeTypeOf('bigint');
  });

  it('filters by thread, kind and text', () => {
    expect(rowThreads(rows)).toEqual(['rootserver', 'server']);
    expect(filterRows(rows, { kind: 'errors' }).map((r) => r.result.kind)).toEqual(['error']);
    const server = filterRows(rows, { thread: 'server' });
    expect(server.length).toBeGreaterThan(1);
    expect(server.every((r) => r.thread === 'server')).toBe(true);
    expect(filterRows(rows, { text: 'tcbsetpriority' }).map((r) => r.invocation?.label)).toEqual(['TCBSetPriority']);
    expect(filterRows(rows, { kind: 'ipc' })).toHaveLength(4);
    expect(filterRows(rows, { text: 'no such thing' })).toEqual([]);
  });

  it('describes every record in words', () => {
    for (const r of events) expect(describeRecord(r.event).length).toBeGreaterThan(5);
    expect(describeRecord(rows.find((r) => r.result.kind === 'error')!.records[1].event)).toMatch(/seL4_DeleteFirst/);
  });
});

describe('IPC sequence from a real run', () => {
  const seq = buildIpcSequence(events);

  it('draws the two Calls with the badge and the server’s replies', () => {
    expect(seq.lifelines).toEqual(['rootserver', 'server']);
    expect(seq.messages.map((m) => `${m.kind} ${m.from}->${m.to} ${m.label} ${m.badge}`)).toEqual([
      'call rootserver->server 7 42', 'reply server->rootserver 8 0',
      'call rootserver->server 7 42', 'reply server->rootserver 8 0',
    ]);
    expect(filterSequence(seq, 'server').messages).toHaveLength(4);
    expect(lastMessages(seq, 1).messages.map((m) => m.seq)).toEqual([seq.messages[3].seq]);
  });

  it('names the endpoint (replies by their Call’s) and carries the MRs as delivered', () => {
    expect(seq.endpoints).toHaveLength(1);
    const [ep] = seq.endpoints;
    expect(ep).toMatch(/^endpoint@0x[0-9a-f]+$/);
    expect(seq.messages.map((m) => [m.ep, m.via])).toEqual([[ep, ep], [null, ep], [ep, ep], [null, ep]]);
    // The root task sends 10 * i, the server answers with twice the word.
    expect(seq.messages.map((m) => m.mrs)).toEqual([[10n], [20n], [20n], [40n]]);
    expect(filterSequence(seq, null, ep).messages).toHaveLength(4);
    expect(filterSequence(seq, null, 'endpoint@0x1').messages).toEqual([]);
  });

  it('puts blocking on the lifelines: from the block record to the thread’s next message or schedule', () => {
    expect(seq.waits.map((w) => `${w.thread} ${w.state} ${w.on.replace(/@.*/, '')}`)).toEqual([
      'rootserver BlockedOnSend endpoint', 'rootserver BlockedOnReply reply', 'server BlockedOnReceive endpoint',
      'rootserver BlockedOnReply reply', 'server BlockedOnReceive endpoint',
    ]);
    const replyWaits = seq.waits.filter((w) => w.state === 'BlockedOnReply');
    expect(replyWaits.map((w) => w.until)).toEqual([seq.messages[1].seq, seq.messages[3].seq]);
    expect(seq.waits.at(-1)!.until).toBeNull();
    expect(filterSequence(seq, 'server').waits.every((w) => w.thread === 'server')).toBe(true);
    expect(rowOf(seq.messages, seq.waits[1].from)).toBe(1);
    expect(rowOf(seq.messages, seq.messages[2].seq)).toBe(2);
  });
});

describe('scheduling timeline from a real run', () => {
  const tl = buildTimeline(events, snapshot.time);
  it('starts with the root task, switches to the server for each Call and back', () => {
    expect(tl.threads).toEqual(['rootserver', 'server']);
    expect(tl.segments.map((s) => s.thread)).toEqual(['rootserver', 'server', 'rootserver', 'server', 'rootserver']);
    expect(tl.end).toBe(snapshot.time);
    expect(cpuTime(tl).get('rootserver')!).toBeGreaterThan(cpuTime(tl).get('server')!);
    expect(segmentAt(tl, tl.segments[1].start)!.thread).toBe('server');
  });

  it('shows each thread blocked between its runs, with what it waits on', () => {
    expect(tl.waits.map((w) => `${w.thread} ${waitText(w).replace(/@0x[0-9a-f]+/, '')}`)).toEqual([
      'rootserver waits to send on endpoint', 'rootserver waits for a reply', 'server waits to receive on endpoint',
      'rootserver waits for a reply', 'server waits to receive on endpoint',
    ]);
    // A blocked thread is not on the CPU, and the server's last wait lasts to the end of the run.
    for (const w of tl.waits) {
      expect(tl.segments.some((s) => s.thread === w.thread && s.start < w.end && w.start < s.end)).toBe(false);
    }
    expect(tl.waits.at(-1)!.end).toBe(tl.end);
    expect(tl.waits[1].end).toBe(tl.segments[2].start);
  });
});

describe('capabilities from a real snapshot', () => {
  it('gives each thread its CSpace root with guard and radix, and the TCB slots', () => {
    const spaces = buildCSpaces(snapshot);
    const root = spaces.find((s) => s.thread === 'rootserver')!;
    expect(root.root).toMatchObject({ radix: 12, guard: { size: 52, value: 0n } });
    const badged = root.root!.slots.find((x) => x.slot.cap.badge === 42n)!;
    expect(badged.slot.cap).toMatchObject({ type: 'endpoint', rights: 'RWGg' });
    expect(root.root!.slots.some((x) => x.slot.cap.type === 'cnode' && x.child === null)).toBe(true); // itself, not twice
    expect(root.tcbSlots.map((x) => x.index)).toContain(0);
    expect(spaces.find((s) => s.thread === 'server')!.root!.paddr).toBe(root.root!.paddr);
    expect(slotPlace(snapshot, root.tcbSlots[0])).toBe('rootserver.CTable');
    expect(slotPlace(snapshot, badged.slot)).toBe(`[${badged.slot.index}]`);
  });

  it('folds the root CNode into runs of one cap type at consecutive indexes', () => {
    const root = buildCSpaces(snapshot).find((s) => s.thread === 'rootserver')!.root!;
    const runs = slotRuns(root.slots);
    expect(runs.flatMap((r) => r.entries)).toEqual(root.slots);
    expect(runs.length).toBeLessThan(root.slots.length / 10);
    for (const r of runs) {
      expect(r.entries.every((e) => e.slot.cap.type === r.type)).toBe(true);
      expect(r.last - r.first + 1).toBe(r.entries.length);
    }
    expect(runs.some((r) => r.type === 'frame' && r.entries.length > 100)).toBe(true);
  });

  it('puts the minted cap under its endpoint, under the untyped, in the CDT', () => {
    const forest = buildCdt(snapshot);
    expect(forest.reduce((n, t) => n + size(t), 0)).toBe(snapshot.slots.length);
    const { trees, leftOut } = derivedTrees(forest);
    expect(leftOut).toBeGreaterThan(0);
    const ut = trees.find((t) => t.children.some((c) => c.slot.cap.type === 'endpoint'))!;
    expect(ut.slot.cap.type).toBe('untyped');
    const ep = ut.children.find((c) => c.slot.cap.type === 'endpoint')!;
    expect(ep.children.map((c) => c.slot.cap.badge)).toEqual([42n]);
    expect(objectDetail(snapshot, ep.slot)[0]).toMatch(/^endpoint (idle|receivers waiting)/);
    // The untyped and the endpoint carved first from it share an address.
    expect(objectDetail(snapshot, ut.slot)).toEqual(['untyped 2^20: 4096 bytes used, 2 objects carved']);
    const tcb = ut.children.find((c) => c.slot.cap.type === 'tcb')!;
    expect(objectDetail(snapshot, tcb.slot)[0]).toMatch(/^thread server: BlockedOnReceive, priority 200, blocked on endpoint@/);
    const cnode = snapshot.slots.find((x) => x.cap.type === 'cnode' && !x.inTcb)!;
    expect(objectDetail(snapshot, cnode)).toEqual([`CNode of 4096 slots (radix 12), ${snapshot.cnodes[0].used} used`]);
    const text = snapshot.mappings.find((m) => m.kind === 'frame' && m.vaddr === 0x400000n)!;
    expect(objectDetail(snapshot, snapshot.slots.find((x) => x.id === text.slot)!)).toEqual([`mapped in ASID ${text.asid} at 0x400000 (${text.rights})`]);
  });

  it('diffs two snapshots: the mint is added, a badge change is changed, a delete is removed', () => {
    const minted = snapshot.slots.find((x) => x.cap.badge === 42n)!;
    const before = { ...snapshot, slots: snapshot.slots.filter((x) => x !== minted) };
    const d = diffSnapshots(before, snapshot);
    expect(d.added.map((x) => x.id)).toEqual([minted.id]);
    expect(d.removed).toEqual([]);
    expect(highlighted(d).has(minted.id)).toBe(true);
    const rebadged = { ...snapshot, slots: snapshot.slots.map((x) => (x === minted ? { ...x, cap: { ...x.cap, badge: 43n, text: 'endpoint badge 43' } } : x)) };
    expect(diffSnapshots(snapshot, rebadged).changed.map((c) => c.after.cap.badge)).toEqual([43n]);
    expect(diffSnapshots(snapshot, before).removed.map((x) => x.id)).toEqual([minted.id]);
    expect(diffSnapshots(null, snapshot).added).toHaveLength(snapshot.slots.length);
  });
});

describe('memory from a real snapshot', () => {
  it('shows the used untyped first with its endpoint and TCB below the watermark', () => {
    const bars = untypedBars(snapshot);
    expect(bars[0].blocks.map((b) => b.type)).toEqual(['endpoint', 'tcb']);
    for (const b of bars[0].blocks) expect(b.offset + b.width).toBeLessThanOrEqual(bars[0].used + 1e-9);
    expect(bars[0].used).toBeGreaterThan(0);
    expect(bars.slice(1).some((b) => b.used === 0)).toBe(true);
    const laid = layoutBlocks(bars[0], 600);
    expect(laid.blocks[0]).toEqual({ x: 0, w: 6 });
    expect(laid.blocks[1].x).toBeGreaterThan(6);
    expect(laid.watermark).toBeGreaterThanOrEqual(laid.blocks[1].x + laid.blocks[1].w);
  });

  it('lists the root task’s mappings as merged ranges with rights', () => {
    const [space] = addressSpaces(snapshot);
    expect(space.threads.sort()).toEqual(['rootserver', 'server']);
    const pages = snapshot.mappings.filter((m) => m.kind === 'frame').length;
    expect(space.frames.reduce((n, r) => n + r.pages, 0)).toBe(pages);
    expect(space.frames.length).toBeLessThan(pages);
    for (let i = 1; i < space.frames.length; i++) expect(space.frames[i].vaddr >= space.frames[i - 1].end).toBe(true);
    expect(sizeText(12)).toBe('4 KiB');
    expect(sizeText(21)).toBe('2 MiB');
  });
});

const size = (n: { children: unknown[] }): number => 1 + (n.children as { children: unknown[] }[]).reduce((s, c) => s + size(c), 0);

// ---- properties over random record streams ----

const names = ['a', 'b', 'c'];
const eventArb: fc.Arbitrary<KernelEventRecord> = fc.oneof(
  fc.record({ kind: fc.constant('entry' as const), syscall: fc.constantFrom('Call', 'Send', 'Recv', 'ReplyRecv', 'Yield'), thread: fc.constantFrom(...names), pc: fc.bigInt({ min: 0n, max: 0xffffn }), lr: fc.bigInt({ min: 0n, max: 0xffffn }) }),
  fc.record({ kind: fc.constant('schedule' as const), thread: fc.option(fc.constantFrom(...names), { nil: null }) }),
  fc.record({ kind: fc.constant('ipc' as const), from: fc.constantFrom(...names), to: fc.constantFrom(...names), label: fc.bigInt({ min: 0n, max: 9n }), length: fc.nat(4), caps: fc.nat(3), badge: fc.bigInt({ min: 0n, max: 9n }), fault: fc.boolean(), ep: fc.option(fc.constantFrom('endpoint@0x1000', 'endpoint@0x2000'), { nil: null }), mrs: fc.array(fc.bigInt({ min: 0n, max: 0xffffn }), { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('block' as const), thread: fc.constantFrom(...names), on: fc.constantFrom('endpoint@0x1000', 'notification@0x3000', 'reply'), state: fc.constantFrom('BlockedOnSend' as const, 'BlockedOnReceive' as const, 'BlockedOnReply' as const, 'BlockedOnNotification' as const) }),
  fc.record({ kind: fc.constant('irq' as const), irq: fc.nat(64), signalled: fc.boolean() }),
  fc.record({ kind: fc.constant('fault' as const), thread: fc.constantFrom(...names), fault: fc.constant('VMFault'), detail: fc.constant('x'), delivered: fc.boolean() }),
  fc.record({ kind: fc.constant('invocation' as const), thread: fc.constantFrom(...names), label: fc.constant('CNodeCopy'), cap: fc.constant('cnode'), args: fc.constant({}) }),
);
const streamArb = fc.array(fc.tuple(eventArb, fc.nat(20)), { maxLength: 60 }).map((xs) => {
  let time = 0;
  return xs.map(([event, dt], seq): StampedEvent => { time += dt; return { seq, time, event }; });
});

describe('view model properties', () => {
  it('timeline segments never overlap, are non-empty and cover the run', () => {
    fc.assert(fc.property(streamArb, fc.nat(50), (recs, extra) => {
      const end = (recs.at(-1)?.time ?? 0) + extra;
      const tl = buildTimeline(recs, end);
      let at = tl.start;
      for (const s of tl.segments) {
        expect(s.start).toBe(at);
        expect(s.end).toBeGreaterThan(s.start);
        at = s.end;
      }
      expect(at).toBe(tl.segments.length ? tl.end : tl.start);
      expect(tl.irqs).toHaveLength(recs.filter((r) => r.event.kind === 'irq').length);
      // Waits lie in the run, are not empty, and one thread's waits never overlap.
      for (const w of tl.waits) {
        expect(w.start).toBeGreaterThanOrEqual(tl.start);
        expect(w.end).toBeLessThanOrEqual(tl.end);
        expect(w.end).toBeGreaterThan(w.start);
        for (const v of tl.waits) if (v !== w && v.thread === w.thread) expect(v.end <= w.start || w.end <= v.start).toBe(true);
      }
    }));
  });

  it('joining close stretches keeps each thread’s time covered and fills only short gaps', () => {
    fc.assert(fc.property(streamArb, fc.nat(30), (recs, gap) => {
      const tl = buildTimeline(recs, (recs.at(-1)?.time ?? 0) + 5);
      const joined = joinClose(tl.segments, gap);
      expect(joined.length).toBeLessThanOrEqual(tl.segments.length);
      for (const s of tl.segments) expect(joined.some((j) => j.thread === s.thread && j.start <= s.start && s.end <= j.end)).toBe(true);
      for (const j of joined) {
        const mine = tl.segments.filter((s) => s.thread === j.thread && j.start <= s.start && s.end <= j.end);
        for (let i = 1; i < mine.length; i++) expect(mine[i].start - mine[i - 1].end).toBeLessThan(gap);
      }
      if (gap === 0) expect(joinClose(tl.segments, 0)).toEqual(tl.segments);
    }));
  });

  it('every ipc record appears once in the sequence, in order, each end on a lifeline', () => {
    fc.assert(fc.property(streamArb, (recs) => {
      const s = buildIpcSequence(recs);
      expect(s.messages.map((m) => m.seq)).toEqual(recs.filter((r) => r.event.kind === 'ipc').map((r) => r.seq));
      for (const m of s.messages) expect(s.lifelines).toEqual(expect.arrayContaining([m.from, m.to]));
      for (const m of s.messages) expect(m.kind === 'fault').toBe((recs.find((r) => r.seq === m.seq)!.event as { fault: boolean }).fault);
      // One wait per block record, each ending after it starts and on a lifeline.
      expect(s.waits.map((w) => w.from)).toEqual(recs.filter((r) => r.event.kind === 'block').map((r) => r.seq));
      for (const w of s.waits) {
        expect(s.lifelines).toContain(w.thread);
        if (w.until !== null) expect(w.until).toBeGreaterThan(w.from);
      }
      const ep = s.endpoints[0] ?? null;
      if (ep) for (const m of filterSequence(s, null, ep).messages) expect(m.via).toBe(ep);
    }));
  });

  it('syscall rows partition the records in order', () => {
    fc.assert(fc.property(streamArb, (recs) => {
      const rows = buildSyscallRows(recs);
      expect(rows.flatMap((r) => r.records)).toEqual(recs);
      expect(filterRows(rows, {}).length).toBe(rows.length);
    }));
  });

  it('merged mapping ranges hold every page once', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(40), fc.boolean()), { maxLength: 30 }), (pages) => {
      const uniq = [...new Map(pages.map(([p, w]) => [p, w])).entries()].sort((a, b) => a[0] - b[0]);
      const ms = uniq.map(([p, w]) => ({ asid: 1, vaddr: BigInt(p) << 12n, paddr: 0x1000_0000n + (BigInt(p) << 12n), sizeBits: 12, rights: w ? 'RW--' : 'R---', kind: 'frame' as const, level: null, slot: `s${p}` }));
      const rs = mergeRanges(ms);
      expect(rs.flatMap((r) => r.slots)).toEqual(ms.map((m) => m.slot));
      for (const r of rs) expect(r.end - r.vaddr).toBe(BigInt(r.pages) << 12n);
    }));
  });
});

// The protocol's transfer lists: every large buffer in a batch is transferred once,
// and a request carries its input bytes as a transferable. Kernel event records
// survive packing, a structured clone with transfer, and unpacking unchanged.

import { describe, expect, it } from 'vitest';
import {
  decodeKernelEvents,
  decodeKernelRecord,
  encodeKernelEvents,
  kernelRecordOffsets,
  PROTOCOL_VERSION,
  transferablesOf,
  transferablesOfRequest,
  type EventBatch,
  type KernelRecord,
} from '../../src/shared/protocol.ts';

describe('protocol transfer lists', () => {
  it('lists stdout, memory and ELF buffers once each', () => {
    const out = new Uint8Array([104, 105]);
    const mem = new Uint8Array(16);
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46]);
    const batch: EventBatch = {
      v: PROTOCOL_VERSION,
      events: [
        { type: 'stdout', bytes: out },
        { type: 'memory', address: 0n, bytes: mem },
        { type: 'memory', address: 0n, bytes: mem },
        { type: 'buildResult', ok: true, diagnostics: [], lines: [], symbols: [], entry: 0x400078n, elf },
        { type: 'progress', instret: 5, mips: 1 },
      ],
    };
    expect(transferablesOf(batch)).toEqual([out.buffer, mem.buffer, elf.buffer]);
  });

  it('survives a real transfer: the receiver gets the bytes, the sender keeps none', () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    const batch: EventBatch = { v: PROTOCOL_VERSION, events: [{ type: 'stdout', bytes }] };
    const copy = structuredClone(batch, { transfer: transferablesOf(batch) });
    const got = copy.events[0];
    expect(got.type === 'stdout' && Array.from(got.bytes)).toEqual([1, 2, 3]);
    expect(bytes.byteLength).toBe(0);
  });

  it('transfers input bytes with the request', () => {
    const bytes = new TextEncoder().encode('x');
    expect(transferablesOfRequest({ type: 'input', bytes })).toEqual([bytes.buffer]);
    expect(transferablesOfRequest({ type: 'run' })).toEqual([]);
  });
});

describe('kernel events on the wire', () => {
  const records: KernelRecord[] = [
    { seq: 0, time: 0, event: { kind: 'entry', syscall: 'Call', thread: 'rootserver', pc: 0x400078n, lr: 0x400010n } },
    { seq: 1, time: 12, event: { kind: 'invocation', thread: 'rootserver', label: 'CNodeCopy', cap: 'cnode 0x40000000', args: { dest_index: '0x20', rights: 'RWG-' } } },
    { seq: 2, time: 2 ** 40 + 3, event: { kind: 'error', thread: 'rootserver', label: 'CNodeCopy', error: 'FailedLookup', mrs: [1n, 2n, 0xffff_ffff_ffff_ffffn], reason: 'source slot 0x21 is empty' } },
    { seq: 2 ** 33 + 1, time: 7, event: { kind: 'ipc', from: 'client', to: 'server', ep: 'endpoint@0x40002000', label: 7n, length: 3, caps: 1, badge: 0x1234_5678_9abcn, fault: false, mrs: [1n, 0xffff_ffff_ffff_ffffn, 0n] } },
    { seq: 2 ** 33 + 2, time: 8, event: { kind: 'block', thread: 'client', on: 'reply', state: 'BlockedOnReply' } },
    { seq: 5, time: 8, event: { kind: 'schedule', thread: null } },
    { seq: 6, time: 9, event: { kind: 'fault', thread: 'server', fault: 'VMFault', detail: 'data access at 0x0', delivered: true } },
    { seq: 7, time: 9, event: { kind: 'irq', irq: 33, signalled: true } },
  ];

  it('packs and unpacks every value kind the records use', () => {
    const packed = encodeKernelEvents(records, 5);
    expect(packed.count).toBe(records.length);
    expect(packed.dropped).toBe(5);
    expect(new Set(packed.strings).size).toBe(packed.strings.length);
    expect(packed.strings.filter((s) => s === 'rootserver')).toHaveLength(1);
    expect(decodeKernelEvents(packed)).toEqual(records);
  });

  it('carries fields it does not know, numbers that are not small integers, and negative bigints', () => {
    const odd = [{ seq: 1, time: 2, event: { kind: 'debug', thread: 't', what: 'x', fast: true, ratio: -1.5, big: 2 ** 40, delta: -3n, extra: [1, 'a', null] } }];
    const back = decodeKernelEvents(encodeKernelEvents(odd as unknown as KernelRecord[], 0));
    expect(back).toEqual(odd);
  });

  it('transfers the packed words with the batch', () => {
    const packed = encodeKernelEvents(records, 0);
    const batch: EventBatch = { v: PROTOCOL_VERSION, events: [{ type: 'kernelEvents', ...packed }] };
    const words = packed.words;
    expect(transferablesOf(batch)).toEqual([words.buffer]);
    const copy = structuredClone(batch, { transfer: transferablesOf(batch) });
    expect(words.byteLength).toBe(0);
    const got = copy.events[0];
    expect(got.type === 'kernelEvents' && decodeKernelEvents(got)).toEqual(records);
  });

  it('decodes one record at a time from its offset', () => {
    const packed = encodeKernelEvents(records, 0);
    const offsets = kernelRecordOffsets(packed);
    expect(offsets).toHaveLength(records.length);
    expect(offsets[0]).toBe(0);
    for (let i = records.length - 1; i >= 0; i--) expect(decodeKernelRecord(packed, offsets[i])).toEqual(records[i]);
  });

  it('rejects words that end inside a record', () => {
    const packed = encodeKernelEvents(records, 0);
    expect(() => decodeKernelEvents({ ...packed, words: packed.words.subarray(0, packed.words.length - 1) })).toThrow(/end early/);
  });
});

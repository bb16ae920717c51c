// The protocol's transfer lists: every large buffer in a batch is transferred once,
// and a request carries its input bytes as a transferable.

import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, transferablesOf, transferablesOfRequest, type EventBatch } from '../../src/shared/protocol.ts';

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

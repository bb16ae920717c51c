// The Kernel log's lines: seL4's names for syscalls and errors, named invocation
// arguments, IPC from -> to with label/length/caps/badge, faults and switches.

import { describe, expect, it } from 'vitest';
import { describeEvent, recordFields } from './kernelLogFormat.ts';

describe('kernel log lines', () => {
  it('names syscalls and errors as libsel4 does', () => {
    expect(describeEvent({ kind: 'entry', syscall: 'Call', thread: 'rootserver', pc: 0x40122cn, lr: 0x400100n }))
      .toEqual({ kind: 'syscall', who: 'rootserver', text: 'seL4_Call at pc 0x40122c', tone: 'call' });
    expect(describeEvent({ kind: 'entry', syscall: 'syscall -99', thread: 't', pc: 0n, lr: 0n }).text).toBe('syscall -99 at pc 0x0');
    const e = describeEvent({ kind: 'error', thread: 'rootserver', label: 'CNodeCopy', error: 'FailedLookup', mrs: [1n, 2n], reason: 'source slot 0x20 is empty' });
    expect(e).toEqual({ kind: 'error', who: 'rootserver', text: 'CNodeCopy → seL4_FailedLookup: source slot 0x20 is empty', tone: 'error' });
  });

  it('lists invocation arguments by name, and IPC with its details', () => {
    expect(describeEvent({ kind: 'invocation', thread: 'r', label: 'TCBSetPriority', cap: 'tcb 0x40450800', args: { priority: '150', authority: 'r' } }).text)
      .toBe('TCBSetPriority on tcb 0x40450800: priority=150 authority=r');
    const ipc = describeEvent({ kind: 'ipc', from: 'client', to: 'server', ep: 'endpoint@0x40002000', label: 7n, length: 1, caps: 2, badge: 0x2an, fault: false, mrs: [41n] });
    expect([ipc.who, ipc.text]).toEqual(['client → server', 'message via endpoint@0x40002000 label 0x7, 1 word, 2 caps, badge 0x2a, MRs 0x29']);
    expect(describeEvent({ kind: 'ipc', from: 'a', to: 'h', ep: 'endpoint@0x40003000', label: 5n, length: 6, caps: 0, badge: 0n, fault: true, mrs: [1n, 2n, 3n, 4n] }).text)
      .toBe('fault message via endpoint@0x40003000 label 0x5, 6 words, MRs 0x1 0x2 0x3 0x4 …');
    expect(describeEvent({ kind: 'ipc', from: 's', to: 'c', ep: null, label: 0n, length: 0, caps: 0, badge: 0n, fault: false, mrs: [] }).text)
      .toBe('message (reply) label 0x0, 0 words');
  });

  it('says what a blocked thread waits on', () => {
    expect(describeEvent({ kind: 'block', thread: 'client', on: 'reply', state: 'BlockedOnReply' }))
      .toEqual({ kind: 'block', who: 'client', text: 'blocks waiting for a reply', tone: 'sched' });
    expect(describeEvent({ kind: 'block', thread: 's', on: 'endpoint@0x40002000', state: 'BlockedOnReceive' }).text).toBe('blocks receiving on endpoint@0x40002000');
    expect(describeEvent({ kind: 'block', thread: 'c', on: 'endpoint@0x40002000', state: 'BlockedOnSend' }).text).toBe('blocks sending on endpoint@0x40002000');
    expect(describeEvent({ kind: 'block', thread: 'w', on: 'notification@0x40004000', state: 'BlockedOnNotification' }).text).toBe('blocks waiting on notification@0x40004000');
  });

  it('describes faults, switches and record kinds it does not know', () => {
    expect(describeEvent({ kind: 'fault', thread: 't', fault: 'VMFault', detail: 'data access at 0x0', delivered: false }).text).toBe('VMFault: data access at 0x0');
    expect(describeEvent({ kind: 'schedule', thread: null }).text).toBe('no thread can run');
    const odd = describeEvent({ kind: 'fastpath', thread: 'x', hits: 3n } as never);
    expect(odd).toEqual({ kind: 'fastpath', who: 'x', text: 'thread=x hits=0x3', tone: 'plain' });
    expect(recordFields({ seq: 4, time: 9, event: { kind: 'error', thread: 't', label: 'L', error: 'RangeError', mrs: [1n, 3n], reason: 'r' } }))
      .toContainEqual(['mrs', '[0x1, 0x3]']);
  });
});

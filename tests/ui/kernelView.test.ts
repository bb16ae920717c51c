// The record and snapshot shapes of src/shared/kernelView.ts are what the kernel
// exports (tsc checks the assignments below both ways, should the kernel ever name
// its own types again) and what a real run produces: every event kind the views
// read, and a snapshot naming both threads.
import { describe, expect, it } from 'vitest';
import type { KernelEvent, Stamped } from '../../src/kernel/events.ts';
import type { KernelSnapshot } from '../../src/kernel/snapshot.ts';
import type { KernelEventRecord, KernelSnapshotView, StampedEvent } from '../../src/shared/kernelView.ts';
import { runViewsProgram } from './kernelRun.ts';

// Type-level: each direction must compile.
const toView = (e: Stamped): StampedEvent => e;
const fromView = (e: StampedEvent): Stamped => e;
const eventToView = (e: KernelEvent): KernelEventRecord => e;
const eventFromView = (e: KernelEventRecord): KernelEvent => e;
const snapToView = (s: KernelSnapshot): KernelSnapshotView => s;
const snapFromView = (s: KernelSnapshotView): KernelSnapshot => s;

describe('shared kernel view types', () => {
  const { events, snapshot } = runViewsProgram();

  it('hold a real run’s events and snapshot unchanged', () => {
    const viewed = events.map(toView);
    expect(viewed.map(fromView)).toEqual(events);
    expect(viewed.map((r) => eventFromView(eventToView(r.event)))).toEqual(events.map((r) => r.event));
    expect(snapFromView(snapToView(snapshot))).toBe(snapshot);
    const kinds = new Set(viewed.map((r) => r.event.kind));
    for (const k of ['entry', 'invocation', 'error', 'capChange', 'ipc', 'schedule', 'debug']) expect(kinds).toContain(k);
    expect(snapshot.threads.map((t) => t.name).sort()).toEqual(['rootserver', 'server']);
  });
});

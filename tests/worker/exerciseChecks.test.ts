// The exercise checks through the in-process host on the real machine: the step's
// checks (setChecks) are answered at once, tick from failing to passing while the
// program runs (not only at its end), survive builds and resets (a reset starts a
// new run), and checks on kernel state (holdsCap, threadState) read a snapshot.

import { afterEach, describe, expect, it } from 'vitest';
import { type LabEvent, type SourceFile } from '../../src/shared/protocol.ts';
import type { Check } from '../../src/scenarios/format.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

/** Prints "done" through seL4_DebugPutChar, then spins forever (so it is still running). */
const PRINT_THEN_SPIN: SourceFile[] = [{
  name: 'spin.s',
  text: `        .global _start
        .text
_start:
        adr     x19, message
print:
        ldrb    w0, [x19], #1
        cbz     w0, spin
        mov     x7, #-9
        svc     #0
        b       print
spin:
        b       spin

        .section .rodata
message:
        .asciz  "done\\n"
`,
}];

type Results = Extract<LabEvent, { type: 'checkResults' }>;
let lab: LabDriver;

function open(): LabDriver {
  lab = openMachineLab();
  return lab;
}

const setChecks = (id: number, checks: Check[]) => lab.request({ type: 'setChecks', id, checks }, 'checkResults', (e) => e.id === id);

afterEach(() => lab?.close());

describe('exercise checks in the worker', () => {
  it('answers setChecks at once and ticks from failing to passing while the program runs', async () => {
    open();
    const checks: Check[] = [
      { kind: 'serialContains', text: 'done' },
      { kind: 'count', what: 'syscall:DebugPutChar', min: 5, max: 5 },
    ];
    const first = await setChecks(1, checks);
    expect(first.results.map((r) => r.ok)).toEqual([false, false]);
    expect(first.results[0]).toMatchObject({ wants: 'the serial output contains "done"', detail: 'nothing was printed yet' });

    const built = lab.next('checkResults', (e) => e.id === 1);
    expect((await lab.request({ type: 'build', files: PRINT_THEN_SPIN }, 'buildResult')).ok).toBe(true);
    expect((await built).results.map((r) => r.ok)).toEqual([false, false]);

    // The program never ends: a passing verdict can only come from a slice while running.
    const ticked = lab.next('checkResults', (e) => e.results.every((r) => r.ok));
    lab.send({ type: 'run' });
    const live = await ticked;
    expect(live.id).toBe(1);
    expect(live.results[1].detail).toBe('syscall:DebugPutChar happened 5 times');
    const at = lab.events.indexOf(live);
    expect(lab.events.slice(at).some((e) => e.type === 'stopped')).toBe(false);
    expect(lab.events.slice(0, at).filter((e): e is Extract<LabEvent, { type: 'state' }> => e.type === 'state').at(-1)?.state).toBe('running');

    // Unchanged verdicts are not sent again while running; a stop always sends them.
    const paused = lab.next('checkResults');
    await lab.request({ type: 'pause' }, 'stopped');
    expect((await paused).results.map((r) => r.ok)).toEqual([true, true]);
    const sent = lab.events.filter((e): e is Results => e.type === 'checkResults');
    const running = sent.slice(sent.indexOf(live) + 1, -1);
    expect(running).toEqual([]);

    // A reset boots a new run: the checks stay, their verdicts start over.
    const reset = await lab.request({ type: 'reset' }, 'checkResults');
    expect(reset.results[0]).toMatchObject({ ok: false, detail: 'nothing was printed yet' });
    expect(reset.results[1]).toMatchObject({ ok: false, detail: 'syscall:DebugPutChar happened 0 times' });
  });

  it('evaluates holdsCap and threadState on a kernel snapshot, and the instruction budget at the end', async () => {
    open();
    const before = await setChecks(7, [{ kind: 'holdsCap', thread: 'rootserver', capType: 'tcb', slot: 1 }]);
    expect(before.results[0]).toMatchObject({ ok: false, detail: 'no kernel state yet (run the program first)' });

    expect((await lab.request({ type: 'build', files: PRINT_THEN_SPIN }, 'buildResult')).ok).toBe(true);
    const checks: Check[] = [
      { kind: 'holdsCap', thread: 'rootserver', capType: 'tcb', slot: 1 },
      { kind: 'holdsCap', thread: 'rootserver', capType: 'endpoint' },
      { kind: 'threadState', thread: 'rootserver', state: 'Running' },
      { kind: 'threadState', thread: 'nobody', state: 'Running' },
    ];
    const r = await setChecks(8, checks);
    expect(r.results.map((x) => x.ok)).toEqual([true, false, true, false]);
    expect(r.results[0].detail).toMatch(/tcb/i);
    expect(r.results[1].detail).toMatch(/0 endpoint caps, none matching/);
    expect(r.results[3].detail).toMatch(/there is no thread called "nobody"/);

    // A program that ends: the budget check reads how it ended.
    const hello: SourceFile[] = [{ name: 'h.s', text: PRINT_THEN_SPIN[0].text.replace('b       spin', 'mov     x7, #-11\n        svc     #0') }];
    await lab.request({ type: 'build', files: hello }, 'buildResult');
    await setChecks(9, [{ kind: 'instructionBudget', max: 100 }, { kind: 'instructionBudget', max: 10 }]);
    const end = lab.next('checkResults', (e) => e.id === 9 && lab.events.some((x) => x.type === 'stopped' && x.reason.kind === 'halted'));
    lab.send({ type: 'run' });
    const done = await end;
    expect(done.results[0]).toMatchObject({ ok: true });
    expect(done.results[0].detail).toMatch(/^finished after \d+ instructions$/);
    expect(done.results[1].ok).toBe(false);
  });
});

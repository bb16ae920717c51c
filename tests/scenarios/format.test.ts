// The scenario format v1 validator: the built-ins pass; bad scenarios get errors
// with exact JSON paths and messages.
import { describe, expect, it } from 'vitest';
import { builtinProblems, BUILTINS, findBuiltin } from '../../src/scenarios/builtins.ts';
import { describeError, LIMITS, validateScenario } from '../../src/scenarios/format.ts';

const good = () => structuredClone(findBuiltin('hello-c')!) as unknown as Record<string, unknown>;

function messages(v: unknown): string[] {
  const r = validateScenario(v);
  return r.ok ? [] : r.errors.map(describeError);
}

describe('validateScenario', () => {
  it('accepts the built-ins', () => {
    expect(builtinProblems()).toEqual([]);
    expect(BUILTINS.map((s) => s.id).slice(0, 2)).toEqual(['hello-c', 'hello-asm']);
  });

  it('accepts a system-mode scenario with an XML system', () => {
    const s = good();
    s.mode = 'system';
    s.system = '<system><protection_domain name="a"/></system>';
    expect(messages(s)).toEqual([]);
  });

  it('rejects non-objects', () => {
    expect(messages(null)).toEqual(['a scenario must be a JSON object']);
    expect(messages([1])).toEqual(['a scenario must be a JSON object']);
  });

  it('names bad file names by path', () => {
    const s = good();
    (s.files as unknown[]).push({ name: 'notes.txt', text: '' });
    expect(messages(s)).toEqual(['files[2].name: must end in .c, .s or .h']);
    (s.files as { name: string }[])[2].name = 'my file.c';
    expect(messages(s)).toEqual(['files[2].name: may only contain letters, digits, _ . and - (no spaces or slashes)']);
    (s.files as { name: string }[])[2].name = 'main.c';
    expect(messages(s)).toEqual(['files[2].name: repeats the file name main.c']);
  });

  it('reports missing and mistyped fields', () => {
    const s = good();
    delete s.title;
    s.mode = 'kernel';
    (s.files as Record<string, unknown>[])[0].text = 3;
    expect(messages(s)).toEqual([
      'title: is missing (a string)',
      'mode: must be "root-task", "system" or "linux"',
      'files[0].text: must be a string',
    ]);
  });

  it('requires the system text in system mode only', () => {
    const s = good();
    s.mode = 'system';
    expect(messages(s)).toEqual(['system: is missing (a string)']);
    s.mode = 'root-task';
    s.system = '<system/>';
    expect(messages(s)).toEqual(['system: is only used in mode "system"']);
  });

  it('explains versions', () => {
    const s = good();
    s.version = 2;
    expect(messages(s)).toEqual(['version: is 2, newer than this lab understands (version 1): update the page']);
    delete s.version;
    expect(messages(s)).toEqual(['version: is missing (this lab reads version 1)']);
  });

  it('checks checks structurally', () => {
    const s = good();
    const steps = (s.exercise as { steps: { checks: unknown[] }[] }).steps;
    steps[0].checks = [
      { kind: 'explode' },
      { kind: 'serialMatches', pattern: '(' },
      { kind: 'instructionBudget', max: -1 },
      { kind: 'holdsCap', thread: 'a', capType: 'Endpoint', slot: 3, extra: 1 },
      { kind: 'count', what: 'threads', min: 1 },
    ];
    expect(messages(s)).toEqual([
      'exercise.steps[0].checks[0].kind: must be one of serialContains, serialMatches, holdsCap, threadState, count, ipcBetween, instructionBudget',
      'exercise.steps[0].checks[1].pattern: is not a valid regular expression',
      'exercise.steps[0].checks[2].max: must be a whole number, 0 or more',
      'exercise.steps[0].checks[3].extra: is not a field of this object',
      'exercise.steps[0].checks[3].capType: must be one of untyped, endpoint, notification, cnode, tcb, reply, irqControl, irqHandler, domain, asidControl, asidPool, frame, pageTable, vspace',
      'exercise.steps[0].checks[4].what: must be one of syscall, invocation, error, fault, ipc, irq, capChange, optionally followed by ":name"',
    ]);
  });

  it('checks the values of check fields', () => {
    const s = good();
    const steps = (s.exercise as { steps: { checks: unknown[] }[] }).steps;
    steps[0].checks = [
      { kind: 'threadState', thread: 'a', state: 'Blocked' },
      { kind: 'holdsCap', thread: 'a', capType: 'endpoint', rights: 'RW', absent: 'yes' },
      { kind: 'count', what: 'ipc:a' },
      { kind: 'holdsCap', thread: 'rootserver', capType: 'endpoint', rights: 'RW--', badge: 7, absent: true, slot: 9 },
      { kind: 'count', what: 'fault:VMFault', max: 0 },
    ];
    expect(messages(s)).toEqual([
      'exercise.steps[0].checks[0].state: must be one of Inactive, Running, Restart, BlockedOnReceive, BlockedOnSend, BlockedOnReply, BlockedOnNotification, Idle',
      'exercise.steps[0].checks[1].absent: must be true or false',
      'exercise.steps[0].checks[1].rights: must be four letters in the order R W G g, with - for a right left out (e.g. "RW--")',
      'exercise.steps[0].checks[2].what: ipc counts every transfer and takes no ":name"',
    ]);
  });

  it('enforces the limits with clear messages', () => {
    const s = good();
    s.files = Array.from({ length: LIMITS.maxFiles + 1 }, (_, i) => ({ name: `f${i}.c`, text: '' }));
    expect(messages(s)).toEqual([`files: has too many files (33; at most ${LIMITS.maxFiles})`]);
    s.files = [{ name: 'big.c', text: 'x'.repeat(LIMITS.maxFileBytes + 1) }];
    expect(messages(s)).toEqual(['files[0].text: is too large (64 KiB; a file may have at most 64 KiB)']);
    s.files = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.c`, text: 'x'.repeat(60 * 1024) }));
    expect(messages(s)).toEqual(['files: are too large together (300 KiB; at most 256 KiB)']);
    s.files = [];
    expect(messages(s)).toEqual(['files: must have at least one file']);
  });

  it('rejects unknown fields and bad ids', () => {
    const s = good();
    s.id = 'Hello C';
    s.script = 'alert(1)';
    expect(messages(s)).toEqual([
      'id: must be lower-case letters, digits and -, starting with a letter or digit (at most 64)',
      'script: is not a field of this object',
    ]);
  });
});

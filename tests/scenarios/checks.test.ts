// Exercise checks over a real run: a root task that names a server thread, talks
// to it over an endpoint, mints a badged cap and makes one bad invocation; every
// kind of check is evaluated passing and failing, with the words a student reads.
// Plus properties: evaluation never throws, whatever the facts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/cli/scenarioRun.ts';
import { describeCheck, evaluateCheck, RunFacts } from '../../src/scenarios/checks.ts';
import type { Check, Scenario } from '../../src/scenarios/format.ts';
import { TEST_HELPERS } from '../kernel/rootTaskRun.ts';

const MAIN = `#include <sel4/sel4.h>
#include <stdio.h>
${TEST_HELPERS}
#define R seL4_CapInitThreadCNode
#define D seL4_WordBits
static char stack[4096] __attribute__((aligned(16)));
static seL4_Word EP;
static void server(void) {
  seL4_Word badge;
  seL4_MessageInfo_t m = seL4_Recv(EP, &badge);
  for (;;) m = seL4_ReplyRecv(EP, seL4_MessageInfo_new(seL4_MessageInfo_get_label(m) + 1, 0, 0, 0), &badge);
}
int main(void) {
  seL4_Word s = seL4_GetBootInfo()->empty.start, ut = test_untyped(20);
  EP = s;
  seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, R, 0, 0, EP, 1);
  seL4_CNode_Mint(R, s + 1, D, R, EP, D, seL4_CanWrite, 7);
  test_thread(ut, s + 2, "server", 200, server, stack + 4096, 1024);
  for (int i = 0; i < 3; i++) seL4_Call(EP, seL4_MessageInfo_new(10, 0, 0, 0));
  int e = seL4_CNode_Copy(R, s + 9, D, R, s + 50, D, seL4_AllRights);
  printf("copy from an empty slot: %d\\n", e);
  return 0;
}
`;

function scenario(checks: Check[]): Scenario {
  return {
    id: 'checks-test', version: 1, title: 't', summary: 's', mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }],
    exercise: { instructions: '', steps: [{ title: 'all', instructions: '', hints: [], checks }] },
  };
}

const PASSING: Check[] = [
  { kind: 'serialContains', text: 'copy from an empty slot: 6' },
  { kind: 'serialMatches', pattern: 'empty slot: \\d' },
  { kind: 'holdsCap', thread: 'rootserver', capType: 'endpoint', rights: '-W--', badge: 7 },
  { kind: 'holdsCap', thread: 'server', capType: 'tcb' },
  { kind: 'holdsCap', thread: 'rootserver', capType: 'irqHandler', absent: true },
  { kind: 'threadState', thread: 'server', state: 'BlockedOnReceive' },
  { kind: 'count', what: 'error:seL4_FailedLookup', min: 1, max: 1 },
  { kind: 'count', what: 'invocation:CNodeMint', min: 1 },
  { kind: 'count', what: 'syscall:Call', min: 3 },
  { kind: 'count', what: 'fault', max: 0 },
  { kind: 'ipcBetween', from: 'rootserver', to: 'server', min: 3 },
  { kind: 'ipcBetween', from: 'server', to: 'rootserver', min: 3 },
  { kind: 'instructionBudget', max: 10_000_000 },
];

const FAILING: [Check, RegExp][] = [
  [{ kind: 'serialContains', text: 'goodbye' }, /not in the output \(it ends: ".*empty slot: 6\\n"\)/],
  [{ kind: 'holdsCap', thread: 'rootserver', capType: 'endpoint', badge: 8 }, /2 endpoint caps, none matching/],
  [{ kind: 'holdsCap', thread: 'nobody', capType: 'tcb' }, /no thread called "nobody" \(threads: rootserver, server\)/],
  [{ kind: 'threadState', thread: 'server', state: 'Inactive' }, /^server is BlockedOnReceive$/],
  [{ kind: 'count', what: 'fault:VMFault', min: 1 }, /^fault:VMFault happened 0 times$/],
  [{ kind: 'ipcBetween', from: 'server', to: 'server' }, /0 messages from server to server/],
  [{ kind: 'instructionBudget', max: 10 }, /^finished after [\d,]+ instructions$/],
];

describe('checks over a real run', () => {
  const run = runScenario(scenario([...PASSING, ...FAILING.map(([c]) => c)]));
  const results = run.steps[0].checks;

  it('runs the program to the end', () => {
    expect(run.problem).toBeNull();
    expect(run.facts.end).toEqual({ kind: 'exited', status: 0 });
    expect(run.facts.eventsLost).toBe(0);
  });

  it.each(PASSING.map((c, i) => [describeCheck(c), i] as const))('passes: %s', (_w, i) => {
    expect(results[i], results[i].detail).toMatchObject({ ok: true });
  });

  it.each(FAILING.map(([c, re], i) => [describeCheck(c), PASSING.length + i, re] as const))('fails with a reason: %s', (_w, i, re) => {
    expect(results[i].ok).toBe(false);
    expect(results[i].detail).toMatch(re);
  });

  it('describes checks in plain words', () => {
    expect(describeCheck({ kind: 'count', what: 'fault', max: 0 })).toBe('fault happens at most 0 times');
    expect(describeCheck({ kind: 'holdsCap', thread: 'a', capType: 'endpoint', rights: 'RW--', badge: 3, slot: 9 }))
      .toBe('a holds a endpoint cap with rights RW-- and badge 3 in slot 9');
    expect(describeCheck({ kind: 'instructionBudget', max: 1500 })).toBe('the program finishes within 1,500 instructions');
  });

  it('a program that does not build fails every check with the compiler\'s message', () => {
    const s = scenario([{ kind: 'serialContains', text: 'x' }]);
    s.files = [{ name: 'main.c', text: 'int main(void) { return 0 }\n' }];
    const r = runScenario(s);
    expect(r.failed).toBe(1);
    expect(r.steps[0].checks[0].detail).toMatch(/^the program does not build: main\.c:1:\d+: error: /);
  });
});

describe('check evaluation never throws', () => {
  const name = fc.constantFrom('rootserver', 'server', 'x', '');
  const check: fc.Arbitrary<Check> = fc.oneof(
    fc.record({ kind: fc.constant('serialContains' as const), text: fc.string() }),
    fc.record({ kind: fc.constant('holdsCap' as const), thread: name, capType: fc.constantFrom('endpoint', 'tcb', 'cnode'), slot: fc.option(fc.nat(5000), { nil: undefined }), absent: fc.option(fc.boolean(), { nil: undefined }) }),
    fc.record({ kind: fc.constant('threadState' as const), thread: name, state: fc.constantFrom('Running', 'Inactive') }),
    fc.record({ kind: fc.constant('count' as const), what: fc.constantFrom('ipc', 'fault', 'syscall:Call'), min: fc.option(fc.nat(), { nil: undefined }), max: fc.option(fc.nat(), { nil: undefined }) }),
    fc.record({ kind: fc.constant('ipcBetween' as const), from: name, to: name }),
    fc.record({ kind: fc.constant('instructionBudget' as const), max: fc.nat() }),
  );
  it('on empty facts and on random serial text', () => {
    fc.assert(fc.property(check, fc.string(), (c, serial) => {
      const f = new RunFacts();
      f.addSerial(serial);
      const r = evaluateCheck(c, f);
      expect(typeof r.wants).toBe('string');
      expect(typeof r.detail).toBe('string');
    }), { numRuns: 500 });
  });
});

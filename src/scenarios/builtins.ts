// The built-in scenarios (format v1): "hello-c", the page's starter (a seL4 root
// task in C with one function in assembly), "hello-asm", the assembly hello of
// issue 2, then the gallery of seL4 tutorials (gallery/, docs/tutorials.md) with
// their reference solutions, then "linux-compat" (a Linux program under the
// Linux-compatibility component, mode "linux"; gallery/linuxCompat.ts). Scenarios layer.

import { validateScenario, type Scenario, type ScenarioFile } from './format.ts';
import { GALLERY } from './gallery/index.ts';
import { linuxCompat } from './gallery/linuxCompat.ts';

export const HELLO_ASM_NAME = 'hello.s';

export const HELLO_ASM = `// hello.s: print a greeting through seL4_DebugPutChar.
// The kernel call: x7 = -9 (seL4_DebugPutChar), x0 = the character, then svc #0.

        .global _start
        .text
_start:
        adr     x19, message        // x19 walks the string
print:
        ldrb    w0, [x19], #1       // next character, then advance
        cbz     w0, done            // stop at the terminating zero
        mov     x7, #-9             // seL4_DebugPutChar
        svc     #0
        b       print
done:
        mov     x7, #-11            // seL4_DebugHalt: stop the machine
        svc     #0

        .section .rodata
message:
        .asciz  "Hello from CapLab\\n"
`;

const HELLO_C = `// main.c: a seL4 root task in C. printf writes to the kernel's debug
// console (one seL4_DebugPutChar per character); add_one is in add.s.
#include <stdio.h>

int add_one(int x);     /* in add.s */

int main(void) {
    printf("Hello from CapLab\\n");
    for (int i = 1; i <= 3; i++) {
        printf("%d + 1 = %d\\n", i, add_one(i));
    }
    return 0;
}
`;

const ADD_S = `// add.s: int add_one(int x), called from main.c.
// AAPCS64: the argument arrives in w0 and the result goes back in w0.
        .global add_one
        .text
add_one:
        add     w0, w0, #1
        ret
`;

const helloC: Scenario = {
  id: 'hello-c',
  version: 1,
  title: 'C: hello',
  summary: 'A seL4 root task in C that prints through the kernel debug console, with one function in assembly.',
  mode: 'root-task',
  files: [{ name: 'main.c', text: HELLO_C }, { name: 'add.s', text: ADD_S }],
  exercise: {
    instructions: '# Hello from C\n\n`main.c` is a *root task*: the first program the kernel starts. `printf` writes to the kernel\'s debug console, one `seL4_DebugPutChar` per character.\n\nPress **Run** (F5) and watch the serial console.',
    steps: [
      {
        title: 'Run it',
        instructions: 'Run the program and read its output in the serial console.',
        hints: ['Press Run, or F5.'],
        checks: [{ kind: 'serialContains', text: 'Hello from CapLab' }],
      },
      {
        title: 'Change add_one',
        instructions: 'Make `add_one` in `add.s` add two instead of one, and run again.',
        hints: ['The immediate is the `#1` in `add w0, w0, #1`.'],
        checks: [{ kind: 'serialMatches', pattern: '1 \\+ 1 = 3' }],
      },
    ],
  },
};

const helloAsm: Scenario = {
  id: 'hello-asm',
  version: 1,
  title: 'Assembly: hello',
  summary: 'A program in AArch64 assembly that prints a string one character at a time and halts the machine.',
  mode: 'root-task',
  files: [{ name: HELLO_ASM_NAME, text: HELLO_ASM }],
  exercise: {
    instructions: '# Hello in assembly\n\nEach character goes to the kernel with a system call: `x7 = -9` (seL4_DebugPutChar), the character in `x0`, then `svc #0`.\n\nStep through it with **Step instr** (F7) and watch `x0` and `x19`.',
    steps: [
      {
        title: 'Run it',
        instructions: 'Run the program; it prints a greeting and halts the machine.',
        hints: ['`seL4_DebugHalt` is `x7 = -11`.'],
        checks: [{ kind: 'serialContains', text: 'Hello from CapLab' }, { kind: 'instructionBudget', max: 1000 }],
      },
    ],
  },
};

export const BUILTINS: readonly Scenario[] = [helloC, helloAsm, ...GALLERY.map((g) => g.scenario), linuxCompat];

/** The project a first visit opens with. */
export const STARTER_SCENARIO = helloC;

export function findBuiltin(id: string): Scenario | undefined {
  return BUILTINS.find((s) => s.id === id);
}

/** The starter files of a built-in (for share links, which carry only the changes). */
export function builtinStarter(id: string): readonly ScenarioFile[] | undefined {
  return findBuiltin(id)?.files;
}

/** The .system description of a system-mode built-in (share links carry it only when edited). */
export function builtinSystem(id: string): string | undefined {
  const sc = findBuiltin(id);
  return sc?.mode === 'system' ? sc.system : undefined;
}

/** The reference solution of a built-in (the files that differ from its starter);
 *  undefined when the built-in has none (hello-c, hello-asm) or does not exist. */
export function builtinSolution(id: string): readonly ScenarioFile[] | undefined {
  return GALLERY.find((g) => g.scenario.id === id)?.solution;
}

/** Text a student is expected to type on the serial console while a built-in runs
 *  (the interrupts tutorial); headless runs feed it (RunOptions.input). */
export function builtinInput(id: string): string | undefined {
  return GALLERY.find((g) => g.scenario.id === id)?.input;
}

/** The built-ins must themselves be valid; tests call this. */
export function builtinProblems(): string[] {
  return BUILTINS.flatMap((s) => {
    const r = validateScenario(s);
    return r.ok ? [] : r.errors.map((e) => `${s.id}: ${e.path}: ${e.message}`);
  });
}

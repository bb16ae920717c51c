// Gallery: hello world (seL4 tutorials, "Hello world"). The first root task:
// printf through the kernel's debug console. Scenarios layer; docs/tutorials.md.
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: the root task, the first and only program seL4 starts by itself.
// It owns every capability the kernel hands out at boot; printf writes each
// character to the kernel's debug console with seL4_DebugPutChar.
#include <stdio.h>

int main(void) {
    printf("Hello, World!\\n");

    /* TODO: print a second line, "Second hello", then run again. */

    return 0;   /* returning halts the machine (a lab convention) */
}
`;

const SOLUTION = MAIN.replace('    /* TODO: print a second line, "Second hello", then run again. */\n', '    printf("Second hello\\n");\n');

export const helloWorld: GalleryScenario = {
  scenario: {
    id: 'sel4-hello-world',
    version: 1,
    title: 'seL4 1: Hello, world',
    summary: 'The first seL4 root task: a C program the kernel starts at boot, printing through the kernel debug console.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }],
    exercise: {
      instructions: [
        '# Hello, world',
        '',
        'When seL4 boots it starts exactly one user program, the **root task**. The kernel gives it',
        'capabilities to everything that exists (its own thread, CSpace and VSpace, all free memory as',
        '*untyped* objects) and describes them in the **BootInfo** structure. Everything else in an',
        'seL4 system is built by the root task from those capabilities.',
        '',
        'This root task only prints. `printf` ends in `seL4_DebugPutChar`, a debug system call that',
        'writes one character to the serial console (real systems use a UART driver instead; see the',
        'interrupts tutorial).',
      ].join('\n'),
      steps: [
        {
          title: 'Run it',
          instructions: 'Press **Run** and read the serial console. Open the kernel log to see each `DebugPutChar` system call.',
          hints: ['Run is F5.'],
          checks: [{ kind: 'serialContains', text: 'Hello, World!' }],
        },
        {
          title: 'Say it twice',
          instructions: 'Add a second `printf` that prints `Second hello` after the first line, then run again.',
          hints: ['Copy the first `printf` line and change the text; keep the `\\n` at the end.'],
          checks: [
            { kind: 'serialMatches', pattern: 'Hello, World!\\n(.*\\n)*Second hello' },
            { kind: 'instructionBudget', max: 2_000_000 },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
};

// The examples the Example menu offers, each a whole project (its files in tab
// order). "C: hello" is the starter: a seL4 root task in C whose printf goes to the
// kernel's debug console, with one function in assembly. UI layer.

import type { SourceFile } from '../../shared/protocol.ts';
import { EXAMPLE_FILE_NAME, EXAMPLE_PROGRAM } from './exampleProgram.ts';

export interface Example {
  id: string;
  label: string;
  files: SourceFile[];
}

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

export const EXAMPLES: readonly Example[] = [
  { id: 'c-hello', label: 'C: hello', files: [{ name: 'main.c', text: HELLO_C }, { name: 'add.s', text: ADD_S }] },
  { id: 'asm-hello', label: 'Assembly: hello', files: [{ name: EXAMPLE_FILE_NAME, text: EXAMPLE_PROGRAM }] },
];

/** The project a first visit opens with. */
export const STARTER = EXAMPLES[0];

// Gallery: notifications (seL4 tutorials, "Notifications"). Two producers and a
// consumer share buffers; badged signal caps to one notification tell the
// consumer which buffers are full (the word ORs the badges), and one
// notification per buffer says it is empty again. Scenarios layer;
// docs/tutorials.md; reference/sel4.md 1.2, 2.11.
import { LAB_H_FILE } from './labh.ts';
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: two producers, one consumer, shared buffers and notifications.
#include "lab.h"

#define ROUNDS 3

/* The shared buffers: one word per producer. The threads share the root task's
   VSpace here, so ordinary globals are shared memory. */
static volatile seL4_Word buffer[2];
static seL4_CPtr full;       /* the consumer waits on it */
static seL4_CPtr empty[2];   /* producer i waits on empty[i] until its buffer is free */

/* Producer 'id' (0 or 1) with its own badged cap to 'full'. */
static void producer(seL4_Word id, seL4_CPtr full_cap, seL4_Word unused) {
    for (seL4_Word round = 1; round <= ROUNDS; round++) {
        seL4_Wait(empty[id], NULL);
        buffer[id] = 100 * (id + 1) + round;
        /* TODO 2: tell the consumer that buffer[id] is full: signal full_cap. */
    }
}

static void consumer(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2) {
    int got = 0;
    while (got < 2 * ROUNDS) {
        seL4_Word word;
        seL4_Wait(full, &word);
        printf("consumer: signal word %lu\\n", (unsigned long)word);
        /* TODO 3: 'word' is the OR of the badges of every signal since the last
           Wait. For each producer i whose bit (1 << i) is set: print its value with
           printf("consumer: %lu from producer %d\\n", buffer[i], i + 1), count it
           in 'got', and signal empty[i] so the producer can write again. */
    }
    printf("consumer: got all %d values\\n", got);
}

int main(void) {
    lab_init();
    full = lab_retype(seL4_NotificationObject);
    empty[0] = lab_retype(seL4_NotificationObject);
    empty[1] = lab_retype(seL4_NotificationObject);
    seL4_CPtr full1 = lab_slot(), full2 = lab_slot();
    /* TODO 1: mint two copies of 'full': badge 1 (bit 0) into full1 for
       producer 1 and badge 2 (bit 1) into full2 for producer 2. */

    seL4_Signal(empty[0]);   /* both buffers start empty */
    seL4_Signal(empty[1]);
    lab_thread("consumer", consumer, 0, 0, 0, 150, 0);
    lab_thread("producer1", producer, 0, full1, 0, 200, 0);
    lab_thread("producer2", producer, 1, full2, 0, 200, 0);
    /* Drop below the others: the root task continues when all of them are blocked. */
    seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, 100);
    printf("root task: everyone else is blocked\\n");
    return 0;
}
`;

const SOLUTION = fillTodos(MAIN, [
  ['        /* TODO 2: tell the consumer that buffer[id] is full: signal full_cap. */\n',
    '        seL4_Signal(full_cap);\n'],
  ['        /* TODO 3: \'word\' is the OR of the badges of every signal since the last\n           Wait. For each producer i whose bit (1 << i) is set: print its value with\n           printf("consumer: %lu from producer %d\\n", buffer[i], i + 1), count it\n           in \'got\', and signal empty[i] so the producer can write again. */\n',
    '        for (int i = 0; i < 2; i++) {\n            if (!(word & (1ul << i))) continue;\n            printf("consumer: %lu from producer %d\\n", (unsigned long)buffer[i], i + 1);\n            got++;\n            seL4_Signal(empty[i]);\n        }\n'],
  ['    /* TODO 1: mint two copies of \'full\': badge 1 (bit 0) into full1 for\n       producer 1 and badge 2 (bit 1) into full2 for producer 2. */\n',
    '    seL4_CNode_Mint(ROOT_CNODE, full1, DEPTH, ROOT_CNODE, full, DEPTH, seL4_AllRights, 1);\n    seL4_CNode_Mint(ROOT_CNODE, full2, DEPTH, ROOT_CNODE, full, DEPTH, seL4_AllRights, 2);\n'],
]);

export const notifications: GalleryScenario = {
  scenario: {
    id: 'sel4-notifications',
    version: 1,
    title: 'seL4 7: Notifications',
    summary: 'Asynchronous signals: two producers and a consumer coordinate shared buffers with notifications; badges tell the consumer who signalled.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }, LAB_H_FILE],
    exercise: {
      instructions: [
        '# Notifications',
        '',
        'A **notification** is a word of binary semaphores. `seL4_Signal(cap)` never blocks: it ORs the',
        'cap\'s **badge** into the word. `seL4_Wait(ntfn, &word)` blocks until the word is non-zero, then',
        'returns it and clears it; `seL4_Poll` does the same without blocking. Signals that arrive',
        'while nobody waits are not lost, but they merge: two signals with badges 1 and 2 wake the',
        'waiter once with the word 3. Giving each sender a cap with its own bit lets the waiter see',
        'everyone who signalled. (A notification can also be bound to a TCB so that its signals end',
        'an `seL4_Recv` on an endpoint: `seL4_TCB_BindNotification`.)',
        '',
        'Here two producers each fill their own buffer and signal `full`; the consumer drains the',
        'buffers whose bits are set and signals each producer\'s `empty` notification. The producers',
        'run at a higher priority than the consumer, so both may signal before the consumer wakes.',
        '`lab.h` (read-only) has the thread helpers.',
      ].join('\n'),
      steps: [
        {
          title: 'Badged signal caps',
          instructions: 'Mint two badged copies of the `full` notification cap: badge 1 for producer 1, badge 2 for producer 2.',
          hints: ['`seL4_CNode_Mint(ROOT_CNODE, full1, DEPTH, ROOT_CNODE, full, DEPTH, seL4_AllRights, 1)`.', 'Use one bit per sender (1, 2, 4, ...) so that ORed badges can be taken apart again.'],
          checks: [
            { kind: 'holdsCap', thread: 'rootserver', capType: 'notification', badge: 1 },
            { kind: 'holdsCap', thread: 'rootserver', capType: 'notification', badge: 2 },
          ],
        },
        {
          title: 'Signal',
          instructions: 'After writing its buffer, the producer must signal its cap to `full`. The consumer then wakes and prints the word it got.',
          hints: ['`seL4_Signal(full_cap);`'],
          checks: [
            { kind: 'serialMatches', pattern: 'consumer: signal word [123]\\n' },
            { kind: 'count', what: 'fault', max: 0 },
          ],
        },
        {
          title: 'Read the badges',
          instructions: 'In the consumer, test each producer\'s bit in `word`, print that producer\'s value, count it and signal its `empty` notification, so all three rounds go through. Look for the wake-up whose word is 3: both producers signalled before the consumer ran.',
          hints: ['`if (word & (1ul << i))` for i = 0 and 1.', 'Without `seL4_Signal(empty[i])` the producer waits for ever in its next round.'],
          checks: [
            { kind: 'serialContains', text: 'consumer: signal word 3' },
            { kind: 'serialContains', text: 'consumer: 203 from producer 2' },
            { kind: 'serialContains', text: 'consumer: got all 6 values' },
            { kind: 'threadState', thread: 'producer1', state: 'BlockedOnNotification' },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
};

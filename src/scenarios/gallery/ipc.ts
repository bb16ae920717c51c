// Gallery: IPC (seL4 tutorials, "IPC"). Two clients Call one server through
// differently badged caps to one endpoint; the server tells them apart by the
// badge and answers with ReplyRecv. Scenarios layer; docs/tutorials.md;
// reference/sel4.md 1.2, 2.3, 2.11.
import { LAB_H_FILE } from './labh.ts';
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: a server that adds up numbers, and two clients, on one endpoint.
#include "lab.h"

static seL4_CPtr ep;   /* the endpoint (all rights, no badge): the server receives on it */

/* The server: each message is a list of words; the reply is their sum. */
static void server(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2) {
    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;) {
        seL4_Word n = seL4_MessageInfo_get_length(info), sum = 0;
        for (seL4_Word i = 0; i < n; i++) sum += seL4_GetMR(i);
        printf("server: %lu words from badge %lu\\n", (unsigned long)n, (unsigned long)badge);
        seL4_SetMR(0, sum);
        /* TODO 3: replace the seL4_Recv below with seL4_ReplyRecv: it replies to
           the caller with a one-word message (the sum in MR0) and waits for the
           next message in one system call. */
        info = seL4_Recv(ep, &badge);
    }
}

/* A client: x0 = its own badged cap to the endpoint, x1 = its name, x2 = a number. */
static void client(seL4_CPtr cap, seL4_Word name, seL4_Word first) {
    seL4_Word sum = 0;
    /* TODO 2: put first, first + 1 and first + 2 into MR0-MR2 (seL4_SetMR), send
       them with seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, 3)) and take the sum
       from MR0 of the reply. */
    printf("%s: %lu + %lu + %lu = %lu\\n", (const char *)name, (unsigned long)first,
           (unsigned long)first + 1, (unsigned long)first + 2, (unsigned long)sum);
}

int main(void) {
    lab_init();
    ep = lab_retype(seL4_EndpointObject);
    seL4_CPtr alice_cap = lab_slot(), bob_cap = lab_slot();
    /* TODO 1: mint two copies of ep, with all rights: badge 1 into alice_cap and
       badge 2 into bob_cap. */

    lab_thread("server", server, 0, 0, 0, 200, 0);
    lab_thread("alice", client, alice_cap, (seL4_Word)"alice", 1, 150, 0);
    lab_thread("bob", client, bob_cap, (seL4_Word)"bob", 10, 150, 0);
    /* Drop below the others: the root task continues when all of them are blocked. */
    seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, 100);
    printf("root task: everyone else is blocked\\n");
    return 0;
}
`;

const SOLUTION = fillTodos(MAIN, [
  ['        /* TODO 3: replace the seL4_Recv below with seL4_ReplyRecv: it replies to\n           the caller with a one-word message (the sum in MR0) and waits for the\n           next message in one system call. */\n        info = seL4_Recv(ep, &badge);\n',
    '        info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);\n'],
  ['    /* TODO 2: put first, first + 1 and first + 2 into MR0-MR2 (seL4_SetMR), send\n       them with seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, 3)) and take the sum\n       from MR0 of the reply. */\n',
    '    for (int i = 0; i < 3; i++) seL4_SetMR(i, first + i);\n    seL4_Call(cap, seL4_MessageInfo_new(0, 0, 0, 3));\n    sum = seL4_GetMR(0);\n'],
  ['    /* TODO 1: mint two copies of ep, with all rights: badge 1 into alice_cap and\n       badge 2 into bob_cap. */\n',
    '    seL4_CNode_Mint(ROOT_CNODE, alice_cap, DEPTH, ROOT_CNODE, ep, DEPTH, seL4_AllRights, 1);\n    seL4_CNode_Mint(ROOT_CNODE, bob_cap, DEPTH, ROOT_CNODE, ep, DEPTH, seL4_AllRights, 2);\n'],
]);

export const ipc: GalleryScenario = {
  scenario: {
    id: 'sel4-ipc',
    version: 1,
    title: 'seL4 6: IPC',
    summary: 'Synchronous IPC through an endpoint: badged caps for two clients, seL4_Call with message registers, and a server loop with seL4_ReplyRecv.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }, LAB_H_FILE],
    exercise: {
      instructions: [
        '# IPC',
        '',
        'An **endpoint** is a rendezvous point: `seL4_Send`/`seL4_Call` block until a receiver is in',
        '`seL4_Recv`, and the kernel copies the message straight across. A message is a',
        '`seL4_MessageInfo_t` (label, length in words, number of caps) plus **message registers** set',
        'with `seL4_SetMR(i, w)` and read with `seL4_GetMR(i)`; the first four travel in CPU registers,',
        'the rest in the IPC buffer (at most `seL4_MsgMaxLength`, 120 words).',
        '',
        '`seL4_Call` sends and then waits for the answer; the kernel gives the receiver a one-time',
        '**reply cap**, used by `seL4_Reply`, or by `seL4_ReplyRecv(ep, info, &badge)`, which replies and',
        'waits for the next message in one system call (the usual server loop). The receiver learns the',
        '**badge** of the cap the sender used, so minting one badged cap per client (`seL4_CNode_Mint`)',
        'lets a server tell its clients apart without trusting what they say.',
        '',
        '`lab.h` (read-only) has the helpers: `lab_init`, `lab_slot`, `lab_retype` and `lab_thread`,',
        'which starts a named thread in the root task\'s CSpace and VSpace.',
      ].join('\n'),
      steps: [
        {
          title: 'Badged caps',
          instructions: 'Mint two copies of the endpoint cap, badge 1 for alice and badge 2 for bob. Until then the clients invoke empty slots and take cap faults.',
          hints: ['`seL4_CNode_Mint(ROOT_CNODE, alice_cap, DEPTH, ROOT_CNODE, ep, DEPTH, seL4_AllRights, 1)`.'],
          checks: [
            { kind: 'holdsCap', thread: 'rootserver', capType: 'endpoint', badge: 1 },
            { kind: 'holdsCap', thread: 'rootserver', capType: 'endpoint', badge: 2 },
          ],
        },
        {
          title: 'Call the server',
          instructions: 'In `client`, put three numbers into MR0-MR2, `seL4_Call` the server through the client\'s own cap, and read the sum from MR0 of the reply. The server prints the badge each message came with.',
          hints: ['`seL4_MessageInfo_new(label, capsUnwrapped, extraCaps, length)`: here `(0, 0, 0, 3)`.', 'Read the reply with `seL4_GetMR(0)` after `seL4_Call` returns.'],
          checks: [
            { kind: 'ipcBetween', from: 'alice', to: 'server' },
            { kind: 'ipcBetween', from: 'bob', to: 'server' },
            { kind: 'serialContains', text: 'server: 3 words from badge 2' },
          ],
        },
        {
          title: 'Reply and wait',
          instructions: 'The server receives but never replies, so both clients stay blocked in their Calls (state BlockedOnReply). Replace the final `seL4_Recv` with `seL4_ReplyRecv`, replying with a one-word message.',
          hints: ['`info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);`'],
          checks: [
            { kind: 'serialContains', text: 'alice: 1 + 2 + 3 = 6' },
            { kind: 'serialContains', text: 'bob: 10 + 11 + 12 = 33' },
            { kind: 'count', what: 'syscall:ReplyRecv', min: 2 },
            { kind: 'ipcBetween', from: 'server', to: 'bob' },
            { kind: 'threadState', thread: 'server', state: 'BlockedOnReceive' },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
};

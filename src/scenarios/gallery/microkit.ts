// Gallery: "microkit-hello", the Microkit-style system tutorial. Two protection
// domains built from a .system description: a client and a higher-priority
// server joined by a channel (notifications and a protected procedure call) and
// one shared memory region. Scenarios layer; docs/microkit.md;
// reference/sel4.md 1.3 (Microkit tutorial), 3.
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const SYSTEM = `<?xml version="1.0" encoding="UTF-8"?>
<system>
    <!-- One page of memory both PDs map: the client writes, the server reads. -->
    <memory_region name="shared" size="0x1000" />

    <protection_domain name="server" priority="200">
        <program_image path="server.elf" />
        <map mr="shared" vaddr="0x4000000" perms="r" setvar_vaddr="shared" />
    </protection_domain>

    <protection_domain name="client" priority="100">
        <program_image path="client.elf" />
        <map mr="shared" vaddr="0x5000000" perms="rw" setvar_vaddr="shared" />
    </protection_domain>

    <!-- Channel 0 at the client is channel 1 at the server. pp="true": the
         client may call the server (which has the higher priority). -->
    <channel>
        <end pd="client" id="0" pp="true" />
        <end pd="server" id="1" />
    </channel>
</system>
`;

const CLIENT = `// client.c: the client protection domain (program_image client.elf).
// libmicrokit calls init() once, then notified() for every notification.
#include <microkit.h>
#include <stdio.h>
#include <string.h>

#define SERVER 0            /* the channel id of the server, at this end */

uintptr_t shared;           /* set by the loader: where "shared" is mapped here */

void init(void) {
    printf("client: hello from the client\\n");

    /* TODO 1: copy the text "hello through shared memory" into the shared
       page (strcpy to (char *)shared), then notify the server on its channel
       with microkit_notify. */

    /* TODO 2: ask the server to square 12 with a protected procedure call:
       put 12 in message register 0 (microkit_mr_set), call microkit_ppcall on
       the server's channel with microkit_msginfo_new(0, 1) (label 0, one word),
       then print "client: 12 squared is N" with N read from message register 0. */
}

void notified(microkit_channel ch) {
    printf("client: notified on channel %u\\n", ch);
}
`;

const SERVER = `// server.c: the server protection domain (program_image server.elf).
// It has a protected() entry point because the client may call it.
#include <microkit.h>
#include <stdio.h>

#define CLIENT 1            /* the channel id of the client, at this end */

uintptr_t shared;           /* set by the loader: where "shared" is mapped here */

void init(void) {
    printf("server: ready\\n");
}

void notified(microkit_channel ch) {
    if (ch == CLIENT) printf("server: the client says \\"%s\\"\\n", (const char *)shared);
}

microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo) {
    seL4_Word x = microkit_mr_get(0);
    printf("server: call on channel %u with %lu\\n", ch, (unsigned long)x);
    /* TODO 3: answer with x * x: put it in message register 0 and return a
       one-word message (microkit_msginfo_new(0, 1)) instead of an empty one. */
    return microkit_msginfo_new(0, 0);
}
`;

const CLIENT_SOLUTION = fillTodos(CLIENT, [
  [`    /* TODO 1: copy the text "hello through shared memory" into the shared
       page (strcpy to (char *)shared), then notify the server on its channel
       with microkit_notify. */`,
  `    strcpy((char *)shared, "hello through shared memory");
    microkit_notify(SERVER);`],
  [`    /* TODO 2: ask the server to square 12 with a protected procedure call:
       put 12 in message register 0 (microkit_mr_set), call microkit_ppcall on
       the server's channel with microkit_msginfo_new(0, 1) (label 0, one word),
       then print "client: 12 squared is N" with N read from message register 0. */`,
  `    microkit_mr_set(0, 12);
    microkit_ppcall(SERVER, microkit_msginfo_new(0, 1));
    printf("client: 12 squared is %lu\\n", (unsigned long)microkit_mr_get(0));`],
]);

const SERVER_SOLUTION = fillTodos(SERVER, [
  [`    /* TODO 3: answer with x * x: put it in message register 0 and return a
       one-word message (microkit_msginfo_new(0, 1)) instead of an empty one. */
    return microkit_msginfo_new(0, 0);`,
  `    microkit_mr_set(0, x * x);
    return microkit_msginfo_new(0, 1);`],
]);

const INSTRUCTIONS = [
  '# A Microkit system: two protection domains',
  '',
  'Until now one root task built everything from untyped memory. [seL4 Microkit](https://docs.sel4.systems/projects/microkit/)',
  'works the other way round: a **system description** (the `.system` XML, in the `system.system` tab) says which',
  '**protection domains** (PDs) exist, which memory they map and which **channels** join them; a tool builds',
  'every capability before the first PD runs. Each PD is one thread with its own CSpace and VSpace.',
  '',
  'A PD does not have `main`. `libmicrokit` calls your `init()` once, then waits for events and calls',
  '`notified(channel)` for each notification and `protected(channel, msginfo)` for each protected procedure',
  'call (PPC). Channel ids are local: here the client knows the server as channel 0, the server knows the',
  'client as channel 1.',
  '',
  'The PDs run by priority: the server (200) runs its `init` before the client (100).',
].join('\n');

export const microkitHello: GalleryScenario = {
  scenario: {
    id: 'microkit-hello',
    version: 1,
    title: 'Microkit: two protection domains',
    summary: 'A Microkit-style system: a client and a server protection domain, a channel for notifications and protected procedure calls, and a shared memory region.',
    mode: 'system',
    system: SYSTEM,
    files: [{ name: 'client.c', text: CLIENT }, { name: 'server.c', text: SERVER }],
    exercise: {
      instructions: INSTRUCTIONS,
      steps: [
        {
          title: 'Run the system',
          instructions: 'Press **Run**. Both `init` functions print, the server first. The threads view shows two threads named `server` and `client`; each one waits in the libmicrokit event loop at the end.',
          hints: ['The server has the higher priority, so its init runs first.'],
          checks: [
            { kind: 'serialMatches', pattern: 'server: ready\\n(.*\\n)*client: hello from the client' },
            { kind: 'holdsCap', thread: 'client', capType: 'notification', slot: 10, badge: 2 },
            { kind: 'holdsCap', thread: 'client', capType: 'endpoint', slot: 74 },
            { kind: 'holdsCap', thread: 'server', capType: 'endpoint', slot: 74, absent: true },
          ],
        },
        {
          title: 'Shared memory and a notification',
          instructions: [
            'The region `shared` is mapped in both PDs (at different addresses: the loader writes each address',
            'into the PD\'s `shared` variable, Microkit\'s `setvar_vaddr`). Do **TODO 1** in `client.c`: write the',
            'text into the page and `microkit_notify` the server. A notification carries no data, only "look',
            'now": the server reads the text from its own mapping in `notified`.',
          ].join('\n'),
          hints: [
            '`strcpy((char *)shared, "hello through shared memory");`',
            'The client knows the server as channel 0 (`SERVER`). Its notification cap is in slot 10 + 0, badged with bit 1: the server\'s id for this channel.',
          ],
          checks: [
            { kind: 'serialContains', text: 'server: the client says "hello through shared memory"' },
            { kind: 'count', what: 'syscall:Send', min: 1 },
          ],
        },
        {
          title: 'A protected procedure call',
          instructions: [
            'A PPC is a synchronous call into a PD of **higher** priority (`pp="true"` on the caller\'s end).',
            'Arguments and results travel in message registers. Do **TODO 2** in `client.c` (make the call) and',
            '**TODO 3** in `server.c` (answer with the square).',
          ].join('\n'),
          hints: [
            'Client: `microkit_mr_set(0, 12); microkit_ppcall(SERVER, microkit_msginfo_new(0, 1));` then read `microkit_mr_get(0)`.',
            'Server: `microkit_mr_set(0, x * x); return microkit_msginfo_new(0, 1);`',
          ],
          checks: [
            { kind: 'serialContains', text: 'server: call on channel 1 with 12' },
            { kind: 'serialContains', text: 'client: 12 squared is 144' },
            { kind: 'ipcBetween', from: 'client', to: 'server', min: 1 },
            { kind: 'ipcBetween', from: 'server', to: 'client', min: 1 },
            { kind: 'threadState', thread: 'server', state: 'BlockedOnReceive' },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'client.c', text: CLIENT_SOLUTION }, { name: 'server.c', text: SERVER_SOLUTION }],
};

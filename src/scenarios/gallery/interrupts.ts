// Gallery: interrupts (seL4 tutorials, "Interrupts"), translated from the
// zynq7000 timer to this machine's PL011 UART: a user-level driver gets an IRQ
// handler cap from IRQControl, binds it to a notification, maps the device's
// registers from its device untyped, and acknowledges every interrupt.
// Scenarios layer; docs/tutorials.md; reference/sel4.md 1.2, 2.15.
import { LAB_H_FILE } from './labh.ts';
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: a user-level driver for the UART's receive interrupt: it echoes what
// you type and reports the line when you press Enter.
#include "lab.h"

#define UART_IRQ   33            /* the PL011's interrupt line (SPI 1 = IRQ 33) */
#define UART_PADDR 0x9000000ul   /* its registers: one 4 KiB device page */
#define UART_VADDR 0x20000000ul  /* where the driver maps them */
/* PL011 registers (index of a 32-bit word) and bits */
#define DR      (0x00 / 4)       /* read: next received byte; write: send a byte */
#define FR      (0x18 / 4)       /* flags */
#define IMSC    (0x38 / 4)       /* interrupt mask set */
#define FR_RXFE (1 << 4)         /* receive buffer empty */
#define INT_RX  (1 << 4)         /* receive interrupt */

static volatile unsigned int *const uart = (volatile unsigned int *)UART_VADDR;

/* Maps the UART's device page (made from its device untyped) at UART_VADDR. */
static void map_uart(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();
    seL4_CPtr dev = 0;
    for (seL4_CPtr i = bi->untyped.start; i < bi->untyped.end; i++) {
        seL4_UntypedDesc *u = &bi->untypedList[i - bi->untyped.start];
        if (u->isDevice && u->paddr == UART_PADDR) dev = i;
    }
    seL4_CPtr frame = lab_slot(), pt = lab_retype(seL4_ARM_PageTableObject);
    seL4_Untyped_Retype(dev, seL4_ARM_SmallPageObject, 0, ROOT_CNODE, 0, 0, frame, 1);
    seL4_ARM_PageTable_Map(pt, ROOT_VSPACE, UART_VADDR, seL4_ARM_Default_VMAttributes);
    seL4_ARM_Page_Map(frame, ROOT_VSPACE, UART_VADDR, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
}

/* Keeps the machine busy at the lowest priority while the driver waits
   (the lab ends a run when no thread at all can run). */
static void idle(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2) {
    for (;;) {}
}

int main(void) {
    lab_init();
    map_uart();
    seL4_CPtr ntfn = lab_retype(seL4_NotificationObject);
    seL4_CPtr irq_handler = lab_slot();
    /* TODO 1: get a handler cap for UART_IRQ into slot irq_handler
       (seL4_IRQControl_Get on seL4_CapIRQControl) and make the interrupt signal
       ntfn (seL4_IRQHandler_SetNotification). */

    lab_thread("idle", idle, 0, 0, 0, 1, 0);
    uart[IMSC] = INT_RX;   /* the UART raises its line when a byte arrives */
    printf("driver: type a line and press Enter\\n");

    char line[64];
    int len = 0, interrupts = 0;
    for (;;) {
        /* TODO 2: acknowledge the interrupt line (seL4_IRQHandler_Ack). It starts
           masked, and after each interrupt the kernel masks it again until then. */
        seL4_Wait(ntfn, NULL);
        interrupts++;
        while (!(uart[FR] & FR_RXFE)) {
            char c = (char)uart[DR];
            if (c == '\\r' || c == '\\n') {
                line[len] = 0;
                printf("\\ndriver: you typed \\"%s\\" (%d interrupts)\\n", line, interrupts);
                return 0;
            }
            uart[DR] = c;   /* echo */
            if (len < 63) line[len++] = c;
        }
    }
}
`;

const SOLUTION = fillTodos(MAIN, [
  ['    /* TODO 1: get a handler cap for UART_IRQ into slot irq_handler\n       (seL4_IRQControl_Get on seL4_CapIRQControl) and make the interrupt signal\n       ntfn (seL4_IRQHandler_SetNotification). */\n',
    '    seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, ROOT_CNODE, irq_handler, DEPTH);\n    seL4_IRQHandler_SetNotification(irq_handler, ntfn);\n'],
  ['        /* TODO 2: acknowledge the interrupt line (seL4_IRQHandler_Ack). It starts\n           masked, and after each interrupt the kernel masks it again until then. */\n',
    '        seL4_IRQHandler_Ack(irq_handler);\n'],
]);

export const interrupts: GalleryScenario = {
  scenario: {
    id: 'sel4-interrupts',
    version: 1,
    title: 'seL4 8: Interrupts',
    summary: 'A user-level UART driver: take the receive interrupt with an IRQ handler cap, receive it as a notification, read the device registers, acknowledge.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }, LAB_H_FILE],
    exercise: {
      instructions: [
        '# Interrupts',
        '',
        'seL4 drivers run in user space. The kernel only turns a device\'s interrupt into a',
        '**notification** signal. The root task holds the single **IRQControl** cap',
        '(`seL4_CapIRQControl`); `seL4_IRQControl_Get(irq_control, irq, root, index, depth)` puts an',
        '**IRQHandler** cap for one interrupt line into a slot. With it,',
        '`seL4_IRQHandler_SetNotification(handler, ntfn)` chooses the notification to signal, and',
        '`seL4_IRQHandler_Ack(handler)` unmasks the line again: after each interrupt the kernel keeps',
        'the line masked until the driver acknowledges it.',
        '',
        'The device itself is memory: its registers are a frame made from a **device untyped** (here',
        'the PL011 UART at 0x0900_0000, interrupt 33), mapped uncached into the driver\'s VSpace. This',
        'driver waits on its notification, reads every byte the UART holds, echoes it, and stops at',
        'Enter. The UART keeps one byte at a time (its FIFO is off), so every key is one interrupt.',
        '',
        '**Type into the serial console** while it runs. The lab ends a run when no thread can run,',
        'so a thread called `idle` spins at priority 1 while the driver waits.',
      ].join('\n'),
      steps: [
        {
          title: 'Take the interrupt',
          instructions: 'Get an IRQHandler cap for `UART_IRQ` into `irq_handler` and bind it to `ntfn`. Nothing arrives yet: the line is still masked.',
          hints: ['`seL4_IRQControl_Get(seL4_CapIRQControl, UART_IRQ, ROOT_CNODE, irq_handler, DEPTH)`.', 'Only one handler cap can exist per line: a second Get for the same IRQ fails with `seL4_RevokeFirst`.'],
          checks: [
            { kind: 'holdsCap', thread: 'rootserver', capType: 'irqHandler' },
            { kind: 'count', what: 'invocation:IRQSetIRQHandler', min: 1 },
          ],
        },
        {
          title: 'Acknowledge',
          instructions: 'Acknowledge the line at the top of the loop, before each wait: the first Ack unmasks it, and every later one re-enables it after the kernel masked it for the interrupt just handled. Run, type a line and press Enter.',
          hints: ['`seL4_IRQHandler_Ack(irq_handler);` as the first statement of the loop.', 'With the Ack after the wait instead, the first key never arrives.'],
          checks: [
            { kind: 'count', what: 'irq:33', min: 3 },
            { kind: 'count', what: 'invocation:IRQAckIRQ', min: 3 },
            { kind: 'serialMatches', pattern: 'press Enter\\n(.+)\\ndriver: you typed "\\1" \\(\\d+ interrupts\\)' },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
  input: 'hello seL4\r',
};

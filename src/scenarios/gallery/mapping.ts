// Gallery: mapping (seL4 tutorials, "Mapping"), translated to AArch64: a frame
// mapped into the root VSpace needs one page table per missing level (the
// failed lookup says how many address bits were left), rights come from the
// map call and the cap, and a copy of a frame cap maps the same memory again.
// Scenarios layer; docs/tutorials.md; reference/sel4.md 1.2, 2.14.
import { fillTodos } from './solve.ts';
import type { GalleryScenario } from './index.ts';

const MAIN = `// main.c: frames and page tables in the root task's VSpace (AArch64, 4 KiB pages).
#include <sel4/sel4.h>
#include <stdio.h>

#define ROOT_CNODE seL4_CapInitThreadCNode
#define DEPTH      seL4_WordBits
#define VSPACE     seL4_CapInitThreadVSpace
#define ATTRS      seL4_ARM_Default_VMAttributes
#define VADDR      0x8000000000ul   /* 512 GiB: far from anything mapped so far */

/* libsel4's seL4_MappingFailedLookupLevel(): after a map fails with
   seL4_FailedLookup, MR2 holds how many address bits no table translated yet. */
#define failed_lookup_bits() seL4_GetMR(2)

static seL4_CPtr ut, next_slot;

/* A new object of a fixed-size type in the next free slot. */
static seL4_CPtr new_object(seL4_Word type) {
    seL4_CPtr slot = next_slot++;
    seL4_Untyped_Retype(ut, type, 0, ROOT_CNODE, 0, 0, slot, 1);
    return slot;
}

int main(void) {
    seL4_BootInfo *bi = seL4_GetBootInfo();
    next_slot = bi->empty.start;
    for (seL4_CPtr i = bi->untyped.start; i < bi->untyped.end; i++)
        if (!bi->untypedList[i - bi->untyped.start].isDevice && bi->untypedList[i - bi->untyped.start].sizeBits >= 16) { ut = i; break; }

    /* Step 1: map a fresh 4 KiB frame at VADDR. */
    seL4_CPtr frame = new_object(seL4_ARM_SmallPageObject);
    int err = seL4_ARM_Page_Map(frame, VSPACE, VADDR, seL4_CanRead, ATTRS);
    for (int tries = 0; err == seL4_FailedLookup && tries < 4; tries++) {
        printf("Page_Map: %lu address bits have no table yet\\n", (unsigned long)failed_lookup_bits());
        /* TODO 1: make a page table (seL4_ARM_PageTableObject) and map it at VADDR. */
        err = seL4_ARM_Page_Map(frame, VSPACE, VADDR, seL4_CanRead, ATTRS);
    }
    if (err) { printf("could not map the frame: error %d\\n", err); return 1; }
    printf("frame mapped at 0x%lx\\n", VADDR);

    /* Step 2: use it. */
    volatile unsigned long *p = (volatile unsigned long *)VADDR;
    printf("read %lu (new frames are zero)\\n", p[0]);
    /* TODO 2: the frame is mapped read-only, so the write below faults. Map the
       same frame cap again at VADDR with seL4_ReadWrite: that changes its rights. */
    p[0] = 42;
    printf("wrote %lu\\n", p[0]);

    /* Step 3: a second mapping of the same memory. */
    seL4_CPtr copy = next_slot++;
    /* TODO 3: copy the frame cap into slot 'copy' with only seL4_CanRead, then map
       the copy read-only at VADDR + 0x1000 (one mapping per frame cap). */
    volatile unsigned long *q = (volatile unsigned long *)(VADDR + 0x1000);
    printf("the second mapping sees %lu\\n", q[0]);
    return 0;
}
`;

const SOLUTION = fillTodos(MAIN, [
  ['        /* TODO 1: make a page table (seL4_ARM_PageTableObject) and map it at VADDR. */\n',
    '        seL4_ARM_PageTable_Map(new_object(seL4_ARM_PageTableObject), VSPACE, VADDR, ATTRS);\n'],
  ['    /* TODO 2: the frame is mapped read-only, so the write below faults. Map the\n       same frame cap again at VADDR with seL4_ReadWrite: that changes its rights. */\n',
    '    seL4_ARM_Page_Map(frame, VSPACE, VADDR, seL4_ReadWrite, ATTRS);\n'],
  ['    /* TODO 3: copy the frame cap into slot \'copy\' with only seL4_CanRead, then map\n       the copy read-only at VADDR + 0x1000 (one mapping per frame cap). */\n',
    '    seL4_CNode_Copy(ROOT_CNODE, copy, DEPTH, ROOT_CNODE, frame, DEPTH, seL4_CanRead);\n    seL4_ARM_Page_Map(copy, VSPACE, VADDR + 0x1000, seL4_CanRead, ATTRS);\n'],
]);

export const mapping: GalleryScenario = {
  scenario: {
    id: 'sel4-mapping',
    version: 1,
    title: 'seL4 4: Mapping',
    summary: 'Map a frame into the root VSpace on AArch64: add the page tables a failed map asks for, fix a write to a read-only page, map one frame twice through a cap copy.',
    mode: 'root-task',
    files: [{ name: 'main.c', text: MAIN }],
    exercise: {
      instructions: [
        '# Mapping',
        '',
        'A thread\'s address space is its **VSpace**. On AArch64 the VSpace object is the top (level 0)',
        'translation table; below it sit **page tables** (`seL4_ARM_PageTableObject`, one object type for',
        'levels 1 to 3, each covering 512 entries) and at the bottom **frames**',
        '(`seL4_ARM_SmallPageObject`, 4 KiB). The kernel never makes tables for you:',
        '`seL4_ARM_Page_Map(frame, vspace, vaddr, rights, attrs)` fails with `seL4_FailedLookup` while a',
        'level is missing, and MR2 (libsel4: `seL4_MappingFailedLookupLevel()`) says how many address bits',
        'are still untranslated: 39 means a level-1 table is missing, 30 a level-2 one, 21 a level-3 one.',
        '`seL4_ARM_PageTable_Map(pt, vspace, vaddr, attrs)` puts a table in place.',
        '',
        'A mapping\'s rights are those of the map call, masked by the rights of the frame cap. Each frame',
        'cap can be mapped once; to map the same memory twice, copy the cap.',
      ].join('\n'),
      steps: [
        {
          title: 'Page tables',
          instructions: 'Inside the loop, make a page table and map it at `VADDR`, so each retry of `seL4_ARM_Page_Map` gets one level further. Watch the printed bit counts go 39, 30, 21.',
          hints: ['`seL4_ARM_PageTable_Map(new_object(seL4_ARM_PageTableObject), VSPACE, VADDR, ATTRS)`.', 'The kernel places a table at the first missing level on the path to `VADDR`.'],
          checks: [
            { kind: 'serialContains', text: 'frame mapped at 0x8000000000' },
            { kind: 'count', what: 'invocation:ARMPageTableMap', min: 3 },
          ],
        },
        {
          title: 'Write access',
          instructions: 'Reading works, but the frame was mapped with `seL4_CanRead`, so the write raises a **VM fault**. The root task has no fault handler, so the kernel stops it (the kernel log shows the fault address and the FSR). Map the same frame cap again at the same address with `seL4_ReadWrite`: a second map at the same address changes the rights.',
          hints: ['`seL4_ARM_Page_Map(frame, VSPACE, VADDR, seL4_ReadWrite, ATTRS)`.'],
          checks: [
            { kind: 'serialContains', text: 'wrote 42' },
            { kind: 'count', what: 'fault:VMFault', max: 0 },
          ],
        },
        {
          title: 'Map it twice',
          instructions: 'Copy the frame cap with only the read right (`seL4_CNode_Copy(..., seL4_CanRead)`) and map the copy at `VADDR + 0x1000`. Both addresses now show the same physical memory, and the copy can never map it writable.',
          hints: ['Mapping the original cap a second time fails (`seL4_InvalidArgument`): it is already mapped.', 'The table for `VADDR + 0x1000` exists already: the level-3 table covers 2 MiB.'],
          checks: [
            { kind: 'holdsCap', thread: 'rootserver', capType: 'frame', rights: 'R---' },
            { kind: 'serialContains', text: 'the second mapping sees 42' },
            { kind: 'instructionBudget', max: 5_000_000 },
          ],
        },
      ],
    },
  },
  solution: [{ name: 'main.c', text: SOLUTION }],
};

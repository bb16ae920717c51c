// Literal pools: dedupe, .ltorg placement, 4/8-byte entries, section-end pool.
    .text
    .global load_consts
load_consts:
    ldr x0, =0x1122334455667788
    ldr w1, =0x12345678
    ldr x2, =some_symbol
    ldr x3, =0x1122334455667788
    ldr w4, =7
    ldr x5, =some_symbol + 8
    ldr x6, =local_data
    ret
    .ltorg
second:
    ldr x0, =0xfeedface
    ldr x1, =0x1122334455667788
    ldr w2, =external_word
    nop
    b second
    .section .text.other, "ax", %progbits
other:
    ldr x0, =0xcafe
    ldr x1, =second
    ret
    .data
local_data: .quad 5

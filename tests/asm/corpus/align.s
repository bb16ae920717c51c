// Alignment in code (NOP padding) and data (zero or fill padding).
    .text
a0: nop
    .align 3
a1: ret
    .balign 16
a2: nop
    .p2align 4
    .byte 1
    .p2align 3
a3: nop
    .p2align 5,,8
    nop
    .balign 8, 0xee
    .word 0
    .data
    .byte 1
    .align 2
    .byte 2
    .balign 16, 0x5a
    .byte 3
    .p2align 3, 0xff
    .fill 3, 2, 0x1234
    .fill 2, 8, -1
    .fill 4
    .space 5, 0x20

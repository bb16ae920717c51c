// Data directives, strings, expressions and cross-section references.
    .data
    .global table
table:
    .quad 1, 2, 3, -1
    .word 0x12345678, 0xdeadbeef
    .hword 0x1234, -2
    .short 7
    .byte 1, 2, 'A', '\n, 0x7f
    .2byte 0x55aa
    .4byte 99
    .8byte 0x0123456789abcdef
    .xword table
    .dword end_of_table - table
    .long (1 << 10) | 0xf, 100 / 7, -100 % 7, 5 * 3 - 1, ~0xff & 0xffff, 6 ^ 3, 1 + 2 << 3
    .word text_label, text_label + 8, undefined_sym - 4
    .word text_label - ., undefined_sym - .
    .quad undefined_sym + 16, text_label
msg:
    .ascii "Hello, \"world\"\t\x41\101\\\n"
    .asciz "one", "two"
    .string "three"
end_of_table:
    .equ NUM, 42
    .set DOUBLE, NUM * 2
    TRIPLE = NUM * 3
    .byte NUM, DOUBLE, TRIPLE
    .word msg - table, end_of_table - msg

    .section .rodata
    .balign 8
rotab:
    .quad msg, rotab, local_code
    .word 0

    .bss
    .balign 16
buffer: .space 256
    .zero 16
    .skip 8

    .text
text_label:
    nop
local_code:
    adrp x0, table
    add x0, x0, :lo12:table
    adrp x1, msg
    ldr x2, [x1, :lo12:msg]
    ldr w3, [x1, #:lo12:msg]
    ldrh w4, [x1, :lo12:msg]
    ldrb w5, [x1, :lo12:msg]
    adrp x6, buffer
    add x6, x6, :lo12:buffer
    adr x7, text_label
    ldr x8, text_label
    ret

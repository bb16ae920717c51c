    .text
    .global _start
_start:
    adrp x19, msg
    add x19, x19, :lo12:msg
    mov x0, x19
    bl strlen_
    mov x2, x0
    mov x1, x19
    mov x0, #1
    mov x8, #64
    svc #0
    ldr x1, =counter
    ldr x2, [x1]
    add x2, x2, #5
    str x2, [x1]
    adrp x3, table
    ldr x4, [x3, :lo12:table]
    ldr w5, [x3, :lo12:table+8]
    add x0, x2, x4
    add x0, x0, x5
    movz x6, #:abs_g1:counter
    movk x6, #:abs_g0_nc:counter
    ldr x6, [x6]
    add x0, x0, x6
    mov x8, #93
    svc #0
    .data
msg: .asciz "Hello from CapLab\n"
    .balign 8
table: .quad 10
    .word 20

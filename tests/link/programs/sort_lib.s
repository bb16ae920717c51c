    .text
    .global isort, print_digits, checksum
    .type isort, %function
isort:                          // x0 = base, x1 = n (64-bit elements)
    mov x2, #1
1:  cmp x2, x1
    b.ge 4f
    ldr x3, [x0, x2, lsl #3]
    sub x4, x2, #1
2:  tbnz x4, #63, 3f
    ldr x5, [x0, x4, lsl #3]
    cmp x5, x3
    b.le 3f
    add x6, x4, #1
    str x5, [x0, x6, lsl #3]
    sub x4, x4, #1
    b 2b
3:  add x6, x4, #1
    str x3, [x0, x6, lsl #3]
    add x2, x2, #1
    b 1b
4:  ret
    .size isort, . - isort

print_digits:                   // x0 = base, x1 = n
    adrp x9, outbuf
    add x9, x9, :lo12:outbuf
    mov x10, x9
1:  cbz x1, 2f
    ldr x3, [x0], #8
    add x3, x3, #'0'
    strb w3, [x10], #1
    sub x1, x1, #1
    b 1b
2:  mov w3, #'\n'
    strb w3, [x10], #1
    sub x2, x10, x9
    mov x1, x9
    mov x0, #1
    mov x8, #64
    svc #0
    ret

checksum:
    adrp x0, values
    add x0, x0, :lo12:values
    movz x1, #:abs_g1:count
    movk x1, #:abs_g0_nc:count
    ldr x1, [x1]
    mov x2, xzr
    mov x4, #1
1:  ldr x3, [x0], #8
    madd x2, x3, x4, x2
    add x4, x4, #1
    subs x1, x1, #1
    b.ne 1b
    and x0, x2, #0xff
    ret

    .data
    .global values, count
    .balign 8
values: .quad 7, 3, 9, 1, 4, 8, 2, 6, 5, 0
count:  .quad (count - values) / 8
    .section .rodata
    .word values - .
    .bss
outbuf: .space 32

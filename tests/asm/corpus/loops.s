/* Loops with local numeric labels, conditional branches and test-and-branch. */
    .text
    .global count_bits
count_bits:
    mov w1, wzr
1:  cbz x0, 2f
    and x2, x0, #1
    add w1, w1, w2
    lsr x0, x0, #1
    b 1b
2:  mov w0, w1
    ret

    .global find_zero
find_zero:
    mov x2, x0
1:  ldrb w3, [x2], #1
    cbnz w3, 1b
    sub x0, x2, x0
    tbz x0, #0, 1f
    tbnz w0, #3, 2f
1:  sub x0, x0, #1
2:  cmp x0, #100
    b.hi 3f
    b.le 1b
    csel x0, x0, x1, lt
3:  ret
# a hash comment at line start
    .global spin
spin:
    mov x0, #1000 ; mov x1, #0
0:  add x1, x1, x0
    subs x0, x0, #1
    b.gt 0b
    mov x0, x1
    ret

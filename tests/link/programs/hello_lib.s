    .text
    .global strlen_
    .type strlen_, %function
strlen_:
    mov x1, x0
1:  ldrb w2, [x1], #1
    cbnz w2, 1b
    sub x0, x1, x0
    sub x0, x0, #1
    b 2f
2:  ret
    .size strlen_, . - strlen_
    .global counter
    .bss
    .balign 8
counter: .space 8

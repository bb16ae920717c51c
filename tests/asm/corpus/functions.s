// Functions calling each other, a global and a static helper, frame setup.
    .text
    .global sum_array
    .type sum_array, %function
sum_array:                      // x0 = ptr, x1 = count
    stp x29, x30, [sp, #-32]!
    mov x29, sp
    str x19, [sp, #16]
    mov x19, xzr
    cbz x1, .Ldone
.Lloop:
    ldr x2, [x0], #8
    add x19, x19, x2
    subs x1, x1, #1
    b.ne .Lloop
.Ldone:
    mov x0, x19
    bl helper
    ldr x19, [sp, #16]
    ldp x29, x30, [sp], #32
    ret
    .size sum_array, .-sum_array

helper:
    add x0, x0, #1
    lsl x0, x0, #2
    ret

    .global caller
caller:
    stp x29, x30, [sp, #-16]!
    bl sum_array            // global: relocation even in the same section
    bl external_function
    b tail_target
    ldp x29, x30, [sp], #16
    ret
    .globl tail_target
tail_target:
    ret

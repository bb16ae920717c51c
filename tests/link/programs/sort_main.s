// Insertion sort over a table in .data, prints the sorted digits, exit code = checksum.
    .text
    .global _start
_start:
    adrp x0, values
    add x0, x0, :lo12:values
    ldr x1, =count
    ldr x1, [x1]
    bl isort
    adrp x0, values
    add x0, x0, :lo12:values
    ldr x1, =count
    ldr x1, [x1]
    bl print_digits
    bl checksum
    mov x8, #93
    svc #0
    .ltorg

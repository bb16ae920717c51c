    .text
    .global _start
_start:
    bl cmain
    mov x8, #93
    svc #0

// The program the editor opens with: prints a greeting one character at a time
// through seL4_DebugPutChar (svc #0 with x7 = -9 and the character in x0), then
// stops the machine with seL4_DebugHalt (x7 = -11). UI layer.

export const EXAMPLE_FILE_NAME = 'hello.s';

export const EXAMPLE_PROGRAM = `// hello.s: print a greeting through seL4_DebugPutChar.
// The kernel call: x7 = -9 (seL4_DebugPutChar), x0 = the character, then svc #0.

        .global _start
        .text
_start:
        adr     x19, message        // x19 walks the string
print:
        ldrb    w0, [x19], #1       // next character, then advance
        cbz     w0, done            // stop at the terminating zero
        mov     x7, #-9             // seL4_DebugPutChar
        svc     #0
        b       print
done:
        mov     x7, #-11            // seL4_DebugHalt: stop the machine
        svc     #0

        .section .rodata
message:
        .asciz  "Hello from CapLab\\n"
`;

// crt0 for --target linux: the kernel starts _start with sp at the initial
// stack (argc, argv[], NULL, envp[], NULL, auxv). Clears the frame chain and
// calls __caplab_start(argc, argv, envp), which runs main and exits.
	.text
	.globl _start
	.type _start, %function
_start:
	mov x29, #0
	mov x30, #0
	ldr x0, [sp]
	add x1, sp, #8
	add x2, x1, x0, lsl #3
	add x2, x2, #8
	bl __caplab_start
	brk #0x3e8
	.size _start, .-_start

// Process entry for the C test programs: call main, exit with its result.
	.text
	.globl _start
	.type _start, %function
_start:
	mov x29, #0
	mov x30, #0
	bl main
	bl rt_exit
	.size _start, .-_start

// crt0 for --target sel4 (a root task). seL4 starts the root task at _start
// with x0 = the BootInfo frame's address and no usable stack, so crt0 switches
// to its own 64 KiB stack in .bss, clears the frame chain and calls
// __caplab_sel4_start(bootinfo): seL4_InitBootInfo, then main(1, {"rootserver"}, {})
// and exit(main's result) (lab convention: status in x0, seL4_DebugHalt).
	.text
	.globl _start
	.type _start, %function
_start:
	adrp x9, __caplab_stack_top
	add x9, x9, :lo12:__caplab_stack_top
	mov sp, x9
	mov x29, #0
	mov x30, #0
	bl __caplab_sel4_start
	brk #0x3e8
	.size _start, .-_start

	.bss
	.p2align 4
__caplab_stack:
	.zero 65536
__caplab_stack_top:

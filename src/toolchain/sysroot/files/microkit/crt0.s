// crt0 for --target microkit (a protection domain). The system loader starts
// each PD at _start with sp at the top of its stack (stack_size bytes, mapped
// by the loader) and TPIDRRO_EL0 = its IPC buffer, as Microkit's tool and
// initialiser do; crt0 clears the frame chain and enters libmicrokit, which
// runs init() and then the event loop (it never returns).
	.text
	.globl _start
	.type _start, %function
_start:
	mov x29, #0
	mov x30, #0
	bl __caplab_microkit_start
	brk #0x3e8
	.size _start, .-_start

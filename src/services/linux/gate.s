// The in-process entry points of the Linux-compatibility library (modes c and d).
// lx_gate_common: called by a per-site gate the patcher wrote in place of an
//   `svc #0` (stp x29, x30, [sp, #-16]!; bl lx_gate_common; ldp x29, x30, [sp], #16;
//   b site+4). It saves every register the Linux syscall ABI preserves that C code
//   may clobber (x1-x18 and NZCV; x19-x28 are callee-saved in C, x29/x30 are saved
//   by the gate), calls lx_inproc(regs, LX_BY_INPROC) and returns with x0 = result.
// lx_vectors: the vCPU model's guest-kernel vector table; the lower-EL synchronous
//   entry (VBAR + 0x400) does the same on the guest kernel's stack and returns with eret.
	.text
	.globl lx_gate_common
	.type lx_gate_common, %function
lx_gate_common:
	sub sp, sp, #176
	stp x0, x1, [sp, #0]
	mov x1, #2              // LX_BY_INPROC
	b lx_common
	.size lx_gate_common, .-lx_gate_common

// The guest kernel's call into the emulation, from its vector (x29/x30 saved there).
lx_guest_common:
	sub sp, sp, #176
	stp x0, x1, [sp, #0]
	mov x1, #3              // LX_BY_GUEST

// Saves x2-x18 and NZCV (x0/x1 are saved by the entry), calls lx_inproc(regs, by),
// restores everything but x0 (the result) and returns to the gate or the vector.
lx_common:
	stp x2, x3, [sp, #16]
	stp x4, x5, [sp, #32]
	stp x6, x7, [sp, #48]
	stp x8, x9, [sp, #64]
	stp x10, x11, [sp, #80]
	stp x12, x13, [sp, #96]
	stp x14, x15, [sp, #112]
	stp x16, x17, [sp, #128]
	mrs x9, nzcv
	stp x18, x9, [sp, #144]
	stp x29, x30, [sp, #160]
	mov x0, sp
	bl lx_inproc
	ldp x29, x30, [sp, #160]
	ldp x18, x9, [sp, #144]
	msr nzcv, x9
	ldp x16, x17, [sp, #128]
	ldp x14, x15, [sp, #112]
	ldp x12, x13, [sp, #96]
	ldp x10, x11, [sp, #80]
	ldp x8, x9, [sp, #64]
	ldp x6, x7, [sp, #48]
	ldp x4, x5, [sp, #32]
	ldp x2, x3, [sp, #16]
	ldp x0, x1, [sp, #0]
	add sp, sp, #176
	ret

	.balign 2048
	.globl lx_vectors
lx_vectors:
	.space 0x400
lx_vector_lower_sync:
	stp x29, x30, [sp, #-16]!
	bl lx_guest_common
	ldp x29, x30, [sp], #16
	.inst 0xd69f03e0 // eret (the lab assembler has no EL1 mnemonics)

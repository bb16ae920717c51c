// Assembly helpers of the kernel conformance programs (framework.h):
// raw system calls with register-preservation dumps (sel4test TEST_REGISTERS,
// reference section 4.1), the helper-thread trampoline, and faulting routines
// with known PCs for the fault tests (section 2.12, sel4test PAGEFAULT*).
	.text

// void conf_svc_dump(seL4_Word sys, seL4_Word *io, seL4_Word *dump)
	.globl conf_svc_dump
	.type conf_svc_dump, %function
conf_svc_dump:
	stp x29, x30, [sp, #-384]!
	mov x29, sp
	stp x19, x20, [sp, #16]
	stp x21, x22, [sp, #32]
	stp x23, x24, [sp, #48]
	stp x25, x26, [sp, #64]
	stp x27, x28, [sp, #80]
	stp x1, x2, [sp, #96]
	mov x7, x0
	mov x9, x1
	movz x6, #0x0006
	movk x6, #0xdead, lsl #16
	movk x6, #0xbeef, lsl #32
	movk x6, #0xdead, lsl #48
	ldp x0, x1, [x9]
	ldp x2, x3, [x9, #16]
	ldp x4, x5, [x9, #32]
	add x8, x6, #2
	add x9, x6, #3
	add x10, x6, #4
	add x11, x6, #5
	add x12, x6, #6
	add x13, x6, #7
	add x14, x6, #8
	add x15, x6, #9
	add x16, x6, #10
	add x17, x6, #11
	add x18, x6, #12
	add x19, x6, #13
	add x20, x6, #14
	add x21, x6, #15
	add x22, x6, #16
	add x23, x6, #17
	add x24, x6, #18
	add x25, x6, #19
	add x26, x6, #20
	add x27, x6, #21
	add x28, x6, #22
	add x29, x6, #23
	add x30, x6, #24
	.globl conf_svc_dump_svc
conf_svc_dump_svc:
	svc #0
	stp x0, x1, [sp, #112]
	stp x2, x3, [sp, #128]
	stp x4, x5, [sp, #144]
	stp x6, x7, [sp, #160]
	stp x8, x9, [sp, #176]
	stp x10, x11, [sp, #192]
	stp x12, x13, [sp, #208]
	stp x14, x15, [sp, #224]
	stp x16, x17, [sp, #240]
	stp x18, x19, [sp, #256]
	stp x20, x21, [sp, #272]
	stp x22, x23, [sp, #288]
	stp x24, x25, [sp, #304]
	stp x26, x27, [sp, #320]
	stp x28, x29, [sp, #336]
	str x30, [sp, #352]
	ldp x1, x2, [sp, #96]
	ldp x3, x4, [sp, #112]
	stp x3, x4, [x1]
	ldp x3, x4, [sp, #128]
	stp x3, x4, [x1, #16]
	ldp x3, x4, [sp, #144]
	stp x3, x4, [x1, #32]
	add x3, sp, #112
	mov x4, #31
1:	ldr x5, [x3], #8
	str x5, [x2], #8
	subs x4, x4, #1
	b.ne 1b
	ldp x19, x20, [sp, #16]
	ldp x21, x22, [sp, #32]
	ldp x23, x24, [sp, #48]
	ldp x25, x26, [sp, #64]
	ldp x27, x28, [sp, #80]
	ldp x29, x30, [sp], #384
	ret
	.size conf_svc_dump, .-conf_svc_dump

// Helper-thread entry: x0 = fn, x1 = arg, x2 = own TCB cap.
// Calls fn(arg), then seL4_TCB_Suspend(tcb) through its IPC buffer-free
// encoding (label TCBSuspend = 11, length 0, seL4_Call), then spins.
	.globl conf_thread_trampoline
	.type conf_thread_trampoline, %function
conf_thread_trampoline:
	mov x29, #0
	mov x30, #0
	mov x19, x2
	mov x9, x0
	mov x0, x1
	blr x9
	mov x0, x19
	mov x1, #(11 << 12)
	mov x7, #-1
	svc #0
2:	mov x7, #-7
	svc #0
	b 2b
	.size conf_thread_trampoline, .-conf_thread_trampoline

// seL4_Word conf_fault_read(seL4_Word addr): ldr from addr (VMFault, read).
	.globl conf_fault_read
	.type conf_fault_read, %function
conf_fault_read:
	ldr x0, [x0]
	ret
	.size conf_fault_read, .-conf_fault_read

// void conf_fault_write(seL4_Word addr, seL4_Word v): str to addr (VMFault, write).
	.globl conf_fault_write
	.type conf_fault_write, %function
conf_fault_write:
	str x1, [x0]
	ret
	.size conf_fault_write, .-conf_fault_write

// seL4_Word conf_fault_undef(seL4_Word v): an undefined instruction (udf #0,
// ESR 0x02000000: EC 0 unknown, IL 1), then returns x0.
	.globl conf_fault_undef
	.type conf_fault_undef, %function
conf_fault_undef:
	.word 0x00000000
	ret
	.size conf_fault_undef, .-conf_fault_undef

// seL4_Word conf_fault_syscall(seL4_Word x0, seL4_Word number): svc #0 with an
// unknown syscall number in x7; returns x0 as the handler's reply left it.
	.globl conf_fault_syscall
	.type conf_fault_syscall, %function
conf_fault_syscall:
	mov x7, x1
	.globl conf_fault_syscall_svc
conf_fault_syscall_svc:
	svc #0
	ret
	.size conf_fault_syscall, .-conf_fault_syscall

// void conf_raw_send(seL4_CPtr cap, seL4_Word info, seL4_Word sys): svc with
// x0 = cap, x1 = info, x7 = sys (used to provoke cap faults at a known PC).
	.globl conf_raw_send
	.type conf_raw_send, %function
conf_raw_send:
	mov x7, x2
	.globl conf_raw_send_svc
conf_raw_send_svc:
	svc #0
	ret
	.size conf_raw_send, .-conf_raw_send

// Register dump thread (REGRESSIONS0001): entered by WriteRegisters with sp =
// a 31-word area; stores x0..x30 at [sp], then suspends itself (seL4_TCB_Suspend
// as a raw Call, label 11) on the TCB cap stored in conf_regdump_tcb.
	.globl conf_regdump_entry
	.type conf_regdump_entry, %function
conf_regdump_entry:
	stp x0, x1, [sp]
	stp x2, x3, [sp, #16]
	stp x4, x5, [sp, #32]
	stp x6, x7, [sp, #48]
	stp x8, x9, [sp, #64]
	stp x10, x11, [sp, #80]
	stp x12, x13, [sp, #96]
	stp x14, x15, [sp, #112]
	stp x16, x17, [sp, #128]
	stp x18, x19, [sp, #144]
	stp x20, x21, [sp, #160]
	stp x22, x23, [sp, #176]
	stp x24, x25, [sp, #192]
	stp x26, x27, [sp, #208]
	stp x28, x29, [sp, #224]
	str x30, [sp, #240]
	adrp x0, conf_regdump_tcb
	ldr x0, [x0, :lo12:conf_regdump_tcb]
	mov x1, #(11 << 12)
	mov x7, #-1
	svc #0
3:	mov x7, #-7
	svc #0
	b 3b
	.size conf_regdump_entry, .-conf_regdump_entry

	.data
	.p2align 3
	.globl conf_regdump_tcb
conf_regdump_tcb:
	.quad 0
	.text

// seL4_Word conf_excl_yield(seL4_Word *addr): ldxr from addr, seL4_Yield, then
// stxr to addr; returns the stxr status (1 = failed). REGRESSIONS0002: the kernel
// must clear the exclusive monitor when it switches threads.
	.globl conf_excl_yield
	.type conf_excl_yield, %function
conf_excl_yield:
	ldxr x1, [x0]
	mov x7, #-7
	svc #0
	add x1, x1, #1
	stxr w2, x1, [x0]
	mov x0, x2
	ret
	.size conf_excl_yield, .-conf_excl_yield

// Child of VSPACE0000, run in its own CSpace and VSpace: x0 = endpoint CPtr there,
// x1 = a value. Sends label 0x42, length 1, MR0 = the value (registers only: no
// memory, no IPC buffer), then yields forever.
	.p2align 12
	.globl conf_child_entry
	.type conf_child_entry, %function
conf_child_entry:
	mov x2, x1
	movz x1, #0x2001
	movk x1, #0x4, lsl #16
	mov x7, #-3
	svc #0
4:	mov x7, #-7
	svc #0
	b 4b
	.size conf_child_entry, .-conf_child_entry

// Child of IPC1001, in its own CSpace and VSpace with an IPC buffer there:
// x0 = endpoint CPtr, x1 = base value. Sends label 0x43, length 10: MR0-MR3 =
// base+0..3 in x2-x5, MR4-MR9 = base+4..9 written to its IPC buffer (found through
// TPIDRRO_EL0, msg[i] at byte 8 * (1 + i)); then yields forever.
	.globl conf_child_send_long
	.type conf_child_send_long, %function
conf_child_send_long:
	mrs x9, tpidrro_el0
	add x10, x1, #4
	str x10, [x9, #40]
	add x10, x1, #5
	str x10, [x9, #48]
	add x10, x1, #6
	str x10, [x9, #56]
	add x10, x1, #7
	str x10, [x9, #64]
	add x10, x1, #8
	str x10, [x9, #72]
	add x10, x1, #9
	str x10, [x9, #80]
	add x2, x1, #0
	add x3, x1, #1
	add x4, x1, #2
	add x5, x1, #3
	movz x1, #0x300a
	movk x1, #0x4, lsl #16
	mov x7, #-3
	svc #0
5:	mov x7, #-7
	svc #0
	b 5b
	.size conf_child_send_long, .-conf_child_send_long

// Child of IPC1002, in its own CSpace and VSpace (registers only): x0 = endpoint
// CPtr, x1 = a value. Calls with label 0x44, MR0 = the value; then Sends label
// 0x45 with MR0 = (reply MR0) + 1; then yields forever.
	.globl conf_child_call
	.type conf_child_call, %function
conf_child_call:
	mov x19, x0
	mov x2, x1
	movz x1, #0x4001
	movk x1, #0x4, lsl #16
	mov x7, #-1
	svc #0
	add x2, x2, #1
	mov x0, x19
	movz x1, #0x5001
	movk x1, #0x4, lsl #16
	mov x7, #-3
	svc #0
6:	mov x7, #-7
	svc #0
	b 6b
	.size conf_child_call, .-conf_child_call

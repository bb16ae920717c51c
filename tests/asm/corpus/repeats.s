// The same instruction text meaning different things at different places:
// the assembler reuses encodings of repeated text only when they depend on
// nothing but the text (no symbols, no literal pool slots).
	.text
	.set K, 1
f:	add x0, x0, #K
	mov x1, #K
	.set K, 2
	add x0, x0, #K
	mov x1, #K
	add x0, x0, #1
	add x0, x0, #1
1:	b 1b
	b 1f
1:	b 1b
	b 1f
1:	cbz x0, 1b
	adr x3, .
	adr x3, .
	ldr x2, =0x123456789
	ldr x2, =f
	ldr x2, =0x123456789
	.ltorg
	ldr x2, =0x123456789
	ldr x2, =f
	ldr w4, =7
	ldr x2, =f
	str x1, [sp, #K*8]
	.set K, 3
	str x1, [sp, #K*8]
	ret
	.section .text.other, "ax"
	adr x3, .
	b 1b
	ldr x2, =f
	add x0, x0, #1
	mov x1, #K

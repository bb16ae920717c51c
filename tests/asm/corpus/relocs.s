// Every relocation kind against undefined, global and local symbols.
    .text
    .global gfun
gfun:
    bl ext_fn
    b ext_fn
    b.eq ext_fn
    cbz x0, ext_fn
    cbnz w1, ext_fn
    tbz x2, #40, ext_fn
    tbnz w3, #1, ext_fn
    adr x4, ext_data
    adrp x5, ext_data
    add x5, x5, :lo12:ext_data
    ldrb w6, [x5, :lo12:ext_data]
    ldrh w6, [x5, :lo12:ext_data]
    ldr w6, [x5, :lo12:ext_data]
    ldr x6, [x5, :lo12:ext_data]
    strb w6, [x5, :lo12:ext_data+1]
    str x6, [x5, #:lo12:ext_data+16]
    ldr x7, ext_data
    movz x8, #:abs_g3:ext_data
    movk x8, #:abs_g2_nc:ext_data
    movk x8, #:abs_g1_nc:ext_data
    movk x8, #:abs_g0_nc:ext_data
    movz x9, #:abs_g0:ext_data
    movz x9, #:abs_g1:ext_data
    movz x9, #:abs_g2:ext_data
    bl gfun
    b lfun
    bl lfun
    adrp x10, lfun
    add x10, x10, :lo12:lfun+4
    adrp x11, ldat
    ldr x11, [x11, :lo12:ldat]
    b.lt lfun
lfun:
    ret
    .data
ldat:
    .quad gfun, lfun, ext_data + 100, ldat
    .word lfun - ., ext_fn - ., ldat - .
    .hword ext_data

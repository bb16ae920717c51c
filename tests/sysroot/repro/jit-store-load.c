/* Emulator repro (not a test): built with `caplab cc` (linux target) this prints
   "abcb77 2748" under qemu-aarch64-static and with Machine.step(), but Machine.run()
   (JIT blocks) faults in __caplab_fappend: after `str x16, [x29, #32]` (n -= k, now 0)
   a later `ldr x19, [x29, #32]; cbnz x19` reads the old value 8 (first divergence at
   instruction 2720, pc 0x401fec). Found by tests/sysroot; reported to the emulator owner. */
#include <stdio.h>
int main(void) { printf("%lx %lu\n", 0xabcb77UL, 2748UL); return 0; }

// The seL4 ABI as ONE table (non-MCS, AArch64, seL4 16.0.0-dev numbering):
// syscalls, registers, errors, faults, object types, constants, invocation labels
// and signatures, struct layouts, plus numeric enums for the kernel. Shared layer.
// libsel4 is generated from it (toolchain/sysroot/sel4gen.ts); the kernel decodes
// from it. Facts: reference/sel4.md 2.1-2.13.
export * from './syscalls.ts';
export * from './errors.ts';
export * from './objects.ts';
export * from './invocations.ts';
export * from './layouts.ts';
export * from './enums.ts';

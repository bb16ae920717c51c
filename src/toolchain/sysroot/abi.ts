// The seL4 ABI table now lives in src/shared/abi/ (shared by libsel4's generator
// and the kernel model); this file re-exports it for the sysroot's modules.
export * from '../../shared/abi/index.ts';

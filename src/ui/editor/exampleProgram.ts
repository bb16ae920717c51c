// The assembly hello (prints a greeting through seL4_DebugPutChar, then stops the
// machine with seL4_DebugHalt). UI layer; the text lives in the built-in scenario
// "hello-asm" (src/scenarios/builtins.ts), re-exported here for older importers.

export { HELLO_ASM as EXAMPLE_PROGRAM, HELLO_ASM_NAME as EXAMPLE_FILE_NAME } from '../../scenarios/builtins.ts';

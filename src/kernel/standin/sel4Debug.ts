// The seL4 personality of the stand-in kernel: the system calls a program can
// make before the seL4 model exists: seL4_DebugPutChar (x7 = -9, character in
// x0's low byte) to the UART, and seL4_DebugHalt (x7 = -11), which ends the run.
// Lab convention (not seL4's: its DebugHalt takes no argument): the run's exit
// status is x0's low byte at DebugHalt, so the sel4 crt0 can report main's result.
// Any other seL4 call number stops the run with a report.
// Kernel layer. ABI: reference/sel4.md (debug syscalls).
import type { CpuException } from '../../emulator/types.ts';
import { hex } from './faultReport.ts';
import { SIG, type Personality, type StandinKernel } from './kernel.ts';

export const SEL4_SYS_DEBUG_PUT_CHAR = -9n;
export const SEL4_SYS_DEBUG_HALT = -11n;

/** Names of the non-MCS seL4 syscall numbers, for the "unsupported" report. */
const SEL4_SYSCALL_NAMES: Record<string, string> = {
  '-1': 'seL4_Call', '-2': 'seL4_ReplyRecv', '-3': 'seL4_Send', '-4': 'seL4_NBSend', '-5': 'seL4_Recv',
  '-6': 'seL4_Reply', '-7': 'seL4_Yield', '-8': 'seL4_NBRecv', '-9': 'seL4_DebugPutChar',
  '-10': 'seL4_DebugDumpScheduler', '-11': 'seL4_DebugHalt', '-12': 'seL4_DebugCapIdentify',
  '-13': 'seL4_DebugSnapshot', '-14': 'seL4_DebugNameThread',
};

export const sel4Debug: Personality = {
  name: 'sel4',
  handleSvc(kernel: StandinKernel, ex: Extract<CpuException, { kind: 'svc' }>): void {
    const cpu = kernel.machine.cpu;
    const nr = BigInt.asIntN(64, cpu.getX(7));
    if (nr === SEL4_SYS_DEBUG_PUT_CHAR && ex.imm === 0) {
      kernel.machine.putChar(Number(cpu.getX(0) & 0xffn));
      kernel.returnFromSvc(ex);
      return;
    }
    if (nr === SEL4_SYS_DEBUG_HALT && ex.imm === 0) {
      kernel.exit(Number(cpu.getX(0) & 0xffn));
      return;
    }
    const name = SEL4_SYSCALL_NAMES[nr.toString()];
    const what = name ? `${name} (${nr})` : `number ${nr}`;
    const src = kernel.instructionSource();
    const detail = ex.imm !== 0 ? `svc #${hex(ex.imm)} (the seL4 ABI uses svc #0)` : `seL4 syscall ${what} is not implemented by the stand-in kernel`;
    kernel.kill(SIG.SYS, `unsupported system call: ${detail} (pc ${hex(ex.pc)}${disasmSuffix(src, ex.pc)})`);
  },
};

function disasmSuffix(src: ReturnType<StandinKernel['instructionSource']>, pc: bigint): string {
  const w = src.fetchWord(pc);
  if (w === undefined) return '';
  return `: ${src.disassemble?.(w, pc) ?? `.inst 0x${(w >>> 0).toString(16).padStart(8, '0')}`}`;
}

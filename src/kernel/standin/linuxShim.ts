// The Linux personality of the stand-in kernel (`caplab run --linux`): enough
// of the AArch64 Linux syscall ABI (number in x8, arguments in x0-x5, result in
// x0) for static programs that only print and exit: write to fd 1/2, exit and
// exit_group. Any other syscall stops the run naming it. Kernel layer.
import type { CpuException } from '../../emulator/types.ts';
import { describePc } from './faultReport.ts';
import { SIG, type Personality, type StandinKernel } from './kernel.ts';
import { LINUX_NR, linuxSyscallName } from './linuxSyscalls.ts';

const EBADF = 9n, EFAULT = 14n;
/** Largest single write copied at once (Linux caps a write at 0x7ffff000 bytes). */
const MAX_WRITE = 1 << 24;

export type OutputSink = (fd: 1 | 2, bytes: Uint8Array) => void;

export class LinuxShim implements Personality {
  readonly name = 'linux';
  /** Per-number call counts, for --stats and tests. */
  readonly calls = new Map<number, number>();

  constructor(private readonly output: OutputSink) {}

  handleSvc(kernel: StandinKernel, ex: Extract<CpuException, { kind: 'svc' }>): void {
    const cpu = kernel.machine.cpu;
    const nr = Number(BigInt.asUintN(32, cpu.getX(8)));
    this.calls.set(nr, (this.calls.get(nr) ?? 0) + 1);
    switch (nr) {
      case LINUX_NR.write: return this.write(kernel, ex);
      case LINUX_NR.exit:
      case LINUX_NR.exit_group:
        return kernel.exit(Number(cpu.getX(0) & 0xffn));
      default: {
        const name = linuxSyscallName(nr);
        const where = describePc(ex.pc, kernel.instructionSource());
        kernel.kill(SIG.SYS, `unsupported Linux syscall ${nr}${name ? ` (${name})` : ''} at ${where}`);
      }
    }
  }

  private write(kernel: StandinKernel, ex: { pc: bigint }): void {
    const cpu = kernel.machine.cpu;
    const fd = cpu.getX(0);
    const raw = BigInt.asUintN(64, cpu.getX(2));
    const len = raw > BigInt(MAX_WRITE) ? MAX_WRITE : Number(raw);
    if (fd !== 1n && fd !== 2n) return kernel.returnFromSvc(ex, -EBADF);
    const bytes = kernel.process.space.copyIn(cpu.getX(1), len);
    if (!bytes.ok) return kernel.returnFromSvc(ex, -EFAULT);
    this.output(fd === 1n ? 1 : 2, bytes.value);
    kernel.returnFromSvc(ex, BigInt(len));
  }
}

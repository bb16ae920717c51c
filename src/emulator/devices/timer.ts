// ARM generic timer, virtual timer only, on virtual time: CNTVCT_EL0 counts one tick
// per retired instruction (plus idle time skipped while waiting for an interrupt),
// CNTFRQ_EL0 = 100 MHz. CNTV_CTL/CVAL/TVAL are EL1 registers, exposed as methods.
// Emulator layer. Arm ARM D11 (The Generic Timer); interrupt = PPI 27 (level).

import type { Gic } from './gic.ts';

export const CNTFRQ_HZ = 100_000_000;
export const TIMER_PPI = 27;

const CTL_ENABLE = 1, CTL_IMASK = 2, CTL_ISTATUS = 4;

export class GenericTimer {
  private ctlBits = 0;
  private cvalue = 0n;
  /** cvalue as a number, for deadline() (asked after every exception). */
  private cnumber = 0;

  /** now(): the current virtual count (the machine's clock). */
  constructor(private readonly gic: Gic, private readonly now: () => number) {}

  get frequency(): number { return CNTFRQ_HZ; }
  get count(): bigint { return BigInt(this.now()); }

  /** CNTV_CTL_EL0: ENABLE (bit 0), IMASK (bit 1), ISTATUS (bit 2, read-only). */
  get ctl(): number {
    return (this.ctlBits & 3) | (this.conditionMet() ? CTL_ISTATUS : 0);
  }
  set ctl(v: number) {
    this.ctlBits = v & (CTL_ENABLE | CTL_IMASK);
    this.sync();
  }

  /** CNTV_CVAL_EL0: fire when CNTVCT >= CVAL (unsigned 64-bit). */
  get cval(): bigint { return this.cvalue; }
  set cval(v: bigint) {
    this.cvalue = BigInt.asUintN(64, v);
    this.cnumber = Number(this.cvalue);
    this.sync();
  }

  /** CNTV_TVAL_EL0: signed 32-bit view of CVAL - CNTVCT. */
  get tval(): number {
    return Number(BigInt.asIntN(32, this.cvalue - this.count));
  }
  set tval(v: number) {
    this.cval = this.count + BigInt(v | 0);
  }

  /** Virtual time at which the interrupt line will rise, or Infinity (disabled, masked,
   *  or already firing: every write to CTL/CVAL re-evaluates the line at once). */
  deadline(): number {
    if ((this.ctlBits & (CTL_ENABLE | CTL_IMASK)) !== CTL_ENABLE) return Infinity;
    const c = this.cnumber;
    return c > this.now() ? c : Infinity;
  }

  /** Recompute the level of PPI 27 (called by the machine when time reaches deadline()). */
  sync(): void {
    const fire = (this.ctlBits & (CTL_ENABLE | CTL_IMASK)) === CTL_ENABLE && this.conditionMet();
    this.gic.setLevel(TIMER_PPI, fire);
  }

  private conditionMet(): boolean {
    return (this.ctlBits & CTL_ENABLE) !== 0 && BigInt(this.now()) >= this.cvalue;
  }
}

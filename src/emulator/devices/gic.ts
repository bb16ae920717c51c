// GICv2-like interrupt controller: distributor enable, per-IRQ enable/pending/active,
// 8-bit priorities (lower is more urgent), level-sensitive lines from devices and
// acknowledge/EOI methods the kernel calls instead of GICC_IAR/GICC_EOIR.
// Emulator layer. Modelled on the GICv2 architecture spec (IHI 0048B) ch. 3-4;
// IDs: 0-15 SGI, 16-31 PPI (virtual timer = 27), 32+ SPI (UART = 33), 1023 spurious.

export const GIC_NUM_IRQS = 128;
export const SPURIOUS_IRQ = 1023;

export class Gic {
  private distributorOn = true;
  private readonly enabled = new Uint8Array(GIC_NUM_IRQS);
  private readonly pendingLatch = new Uint8Array(GIC_NUM_IRQS);
  private readonly level = new Uint8Array(GIC_NUM_IRQS);
  private readonly active = new Uint8Array(GIC_NUM_IRQS);
  private readonly priority = new Uint8Array(GIC_NUM_IRQS);
  /** Acknowledged and not yet EOI'd, most recent last (GICC running priority). */
  private readonly activeStack: number[] = [];
  /** Bumped on any change, so the CPU loop can cache "nothing pending". */
  version = 0;
  /** Count of IRQs currently pending-and-enabled-and-deliverable, recomputed lazily. */
  private cachedBest = -1;
  private cachedVersion = -1;

  setDistributorEnabled(on: boolean): void { this.distributorOn = on; this.version++; }
  get distributorEnabled(): boolean { return this.distributorOn; }

  enable(irq: number): void { this.check(irq); this.enabled[irq] = 1; this.version++; }
  disable(irq: number): void { this.check(irq); this.enabled[irq] = 0; this.version++; }
  isEnabled(irq: number): boolean { return this.enabled[irq] === 1; }

  setPriority(irq: number, prio: number): void { this.check(irq); this.priority[irq] = prio & 0xff; this.version++; }
  getPriority(irq: number): number { return this.priority[irq]; }

  /** Edge/software pending (GICD_ISPENDR). */
  setPending(irq: number): void { this.check(irq); this.pendingLatch[irq] = 1; this.version++; }
  /** GICD_ICPENDR: clears the latch; a line that is still high stays pending. */
  clearPending(irq: number): void { this.check(irq); this.pendingLatch[irq] = 0; this.version++; }
  /** A level-sensitive line from a device (timer PPI 27, UART SPI 33). */
  setLevel(irq: number, high: boolean): void {
    const v = high ? 1 : 0;
    if (this.level[irq] !== v) { this.level[irq] = v; this.version++; }
  }

  isPending(irq: number): boolean { return this.pendingLatch[irq] === 1 || this.level[irq] === 1; }
  isActive(irq: number): boolean { return this.active[irq] === 1; }

  /** The IRQ the CPU interface would signal now, or -1. */
  highestPending(): number {
    if (this.cachedVersion === this.version) return this.cachedBest;
    let best = -1;
    if (this.distributorOn) {
      const running = this.runningPriority();
      for (let i = 0; i < GIC_NUM_IRQS; i++) {
        if (!this.enabled[i] || this.active[i] || !this.isPending(i)) continue;
        if (this.priority[i] >= running) continue;
        if (best < 0 || this.priority[i] < this.priority[best]) best = i;
      }
    }
    this.cachedBest = best;
    this.cachedVersion = this.version;
    return best;
  }

  /** GICC_IAR: take the highest pending IRQ (pending -> active), or 1023. */
  acknowledge(): number {
    const irq = this.highestPending();
    if (irq < 0) return SPURIOUS_IRQ;
    this.pendingLatch[irq] = 0;
    this.active[irq] = 1;
    this.activeStack.push(irq);
    this.version++;
    return irq;
  }

  /** GICC_EOIR: end the handling of irq (active -> inactive). Returns false if it was not active. */
  eoi(irq: number): boolean {
    if (irq === SPURIOUS_IRQ || !this.active[irq]) return false;
    this.active[irq] = 0;
    const at = this.activeStack.lastIndexOf(irq);
    if (at >= 0) this.activeStack.splice(at, 1);
    this.version++;
    return true;
  }

  private runningPriority(): number {
    let p = 0x100;
    for (const irq of this.activeStack) p = Math.min(p, this.priority[irq]);
    return p;
  }

  private check(irq: number): void {
    if (!Number.isInteger(irq) || irq < 0 || irq >= GIC_NUM_IRQS) throw new Error(`GIC: no interrupt ${irq} (0..${GIC_NUM_IRQS - 1})`);
  }
}

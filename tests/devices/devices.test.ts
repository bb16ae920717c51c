// Devices: PL011 (TX to a callback, RX FIFO, flags, interrupt masks and clears), the
// generic timer on virtual time (fires at the exact instruction, also when stepped),
// the GIC (enable/pending/active, priorities, acknowledge/EOI, spurious) and waiting
// for interrupts (virtual time skips to the timer; idle without one).

import { describe, it, expect } from 'vitest';
import { Gic, SPURIOUS_IRQ } from '../../src/emulator/devices/gic.ts';
import { Pl011, UART_BASE, UART_REG, UART_SPI, FR_RXFE, FR_TXFE, FR_RXFF, INT_RX } from '../../src/emulator/devices/pl011.ts';
import { TIMER_PPI } from '../../src/emulator/devices/timer.ts';
import { Machine } from '../../src/emulator/machine.ts';
import { assemble, machineWith, type Policy } from '../cpu/harness.ts';

const UART_VA = 0x5000_0000n;
const dev = { read: true, write: true, exec: false, device: true };

describe('PL011', () => {
  it('guest writes to DR come out of the callback; FR says TX empty', () => {
    const out: number[] = [];
    const t = machineWith(assemble(`ldr x1, =${UART_VA}\nmov w2, #'h'\nstr w2, [x1]\nmov w2, #'i'\nstrb w2, [x1]\nldr w3, [x1, #0x18]\nsvc #0\n.ltorg`));
    t.m.uart.onTransmit = (b) => out.push(b);
    t.map(UART_VA, BigInt(UART_BASE), dev);
    t.m.run(100);
    expect(String.fromCharCode(...out)).toBe('hi');
    expect(Number(t.m.cpu.getX(3)) & (FR_TXFE | FR_RXFE)).toBe(FR_TXFE | FR_RXFE);
  });

  it('RX FIFO: flags, data order, overrun when full, 1-byte holding register without FEN', () => {
    const gic = new Gic();
    const u = new Pl011(gic);
    expect(u.receive(0x41)).toBe(true);
    expect(u.receive(0x42)).toBe(false);
    expect(u.overruns).toBe(1);
    expect(u.read(UART_REG.FR, 4) & FR_RXFF).toBe(FR_RXFF);
    u.write(UART_REG.LCR_H, 4, 1 << 4);
    expect(u.receiveString('BCDEFGHIJKLMNOPQR')).toBe(15);
    let s = '';
    while (!(u.read(UART_REG.FR, 4) & FR_RXFE)) s += String.fromCharCode(u.read(UART_REG.DR, 4));
    expect(s).toBe('ABCDEFGHIJKLMNOP');
  });

  it('RX interrupt: RIS set on input, MIS and the SPI follow IMSC, ICR and draining clear it', () => {
    const gic = new Gic();
    gic.enable(UART_SPI);
    const u = new Pl011(gic);
    u.receive(0x61);
    expect(u.read(UART_REG.RIS, 4) & INT_RX).toBe(INT_RX);
    expect(u.read(UART_REG.MIS, 4)).toBe(0);
    expect(gic.highestPending()).toBe(-1);
    u.write(UART_REG.IMSC, 4, INT_RX);
    expect(u.read(UART_REG.MIS, 4) & INT_RX).toBe(INT_RX);
    expect(gic.highestPending()).toBe(UART_SPI);
    u.write(UART_REG.ICR, 4, 0x7ff);
    expect(gic.highestPending()).toBe(-1);
    u.write(UART_REG.LCR_H, 4, 1 << 4);
    u.receive(0x62);
    expect(gic.highestPending()).toBe(UART_SPI);
    u.read(UART_REG.DR, 4);
    u.read(UART_REG.DR, 4);
    expect(gic.highestPending()).toBe(-1);
  });
});

describe('GIC', () => {
  it('delivers the highest-priority enabled pending IRQ; active IRQs wait for EOI', () => {
    const g = new Gic();
    expect(g.acknowledge()).toBe(SPURIOUS_IRQ);
    g.setPending(40);
    expect(g.highestPending()).toBe(-1);
    g.enable(40); g.enable(41);
    g.setPriority(40, 0x80); g.setPriority(41, 0x40);
    g.setPending(41);
    expect(g.acknowledge()).toBe(41);
    expect(g.isActive(41)).toBe(true);
    expect(g.highestPending()).toBe(-1); // 40 has lower priority than the running 41
    expect(g.eoi(41)).toBe(true);
    expect(g.eoi(41)).toBe(false);
    expect(g.acknowledge()).toBe(40);
    g.setPending(40);
    expect(g.highestPending()).toBe(-1); // active and pending: not signalled again until EOI
    g.eoi(40);
    expect(g.highestPending()).toBe(40);
    g.setDistributorEnabled(false);
    expect(g.highestPending()).toBe(-1);
    expect(() => g.enable(500)).toThrow(/no interrupt 500/);
  });

  it('level-sensitive lines stay pending while high', () => {
    const g = new Gic();
    g.enable(TIMER_PPI);
    g.setLevel(TIMER_PPI, true);
    expect(g.acknowledge()).toBe(TIMER_PPI);
    g.eoi(TIMER_PPI);
    expect(g.highestPending()).toBe(TIMER_PPI);
    g.setLevel(TIMER_PPI, false);
    expect(g.highestPending()).toBe(-1);
  });
});

describe('generic timer and interrupts', () => {
  const loop = 'mov x0, #0\n1: add x0, x0, #1\nb 1b';

  function timerMachine(fireAt: number): { t: ReturnType<typeof machineWith>; irqs: Array<[number, bigint, number]> } {
    const irqs: Array<[number, bigint, number]> = [];
    const policy: Policy = (ex, tm) => {
      if (ex.kind !== 'irq') { tm.m.halt(-1, ex.kind); return; }
      const id = tm.m.gic.acknowledge();
      irqs.push([id, tm.m.cpu.getX(0), tm.m.instret]);
      tm.m.timer.ctl = 0;
      tm.m.gic.eoi(id);
    };
    const t = machineWith(assemble(loop), policy);
    t.m.gic.enable(TIMER_PPI);
    t.m.timer.cval = BigInt(fireAt);
    t.m.timer.ctl = 1;
    return { t, irqs };
  }

  it('fires PPI 27 when CNTVCT reaches CVAL, at the same instruction whether run or stepped', () => {
    const a = timerMachine(1001);
    a.t.m.run(5000);
    expect(a.irqs).toEqual([[TIMER_PPI, 500n, 1001]]);
    const b = timerMachine(1001);
    for (let i = 0; i < 5000; i++) b.t.m.step();
    expect(b.irqs).toEqual(a.irqs);
    expect(b.t.m.cpu.getX(0)).toBe(a.t.m.cpu.getX(0));
  });

  it('TVAL is CVAL - CNTVCT (signed 32-bit); IMASK and ENABLE gate the line; ISTATUS reports it', () => {
    const m = new Machine({ ramBytes: 1 << 20 });
    m.timer.tval = 100;
    expect(m.timer.cval).toBe(100n);
    expect(m.timer.tval).toBe(100);
    m.timer.cval = 0n;
    m.timer.ctl = 3; // enabled, masked
    expect(m.timer.ctl & 4).toBe(4);
    expect(m.gic.isPending(TIMER_PPI)).toBe(false);
    m.timer.ctl = 1;
    expect(m.gic.isPending(TIMER_PPI)).toBe(true);
    expect(m.timer.tval).toBe(0);
    m.timer.ctl = 0;
    expect(m.gic.isPending(TIMER_PPI)).toBe(false);
  });

  it('UART input raises SPI 33 between instructions', () => {
    const seen: number[] = [];
    const t = machineWith(assemble(loop), (_ex, tm) => {
      const id = tm.m.gic.acknowledge();
      seen.push(id, tm.m.uart.read(UART_REG.DR, 4));
      tm.m.gic.eoi(id);
    });
    t.m.gic.enable(UART_SPI);
    t.m.uart.write(UART_REG.IMSC, 4, INT_RX);
    t.m.run(100);
    expect(seen).toEqual([]);
    t.m.uart.receive(0x7a);
    t.m.run(100);
    expect(seen).toEqual([UART_SPI, 0x7a]);
  });

  it('waiting for an interrupt skips virtual time to the timer; without one the machine is idle', () => {
    const log: Array<[number, number]> = [];
    const t = machineWith(assemble(loop), (_ex, tm) => {
      const id = tm.m.gic.acknowledge();
      log.push([id, tm.m.time]);
      tm.m.timer.ctl = 0;
      tm.m.gic.eoi(id);
      tm.m.waitForInterrupt();
    });
    t.m.gic.enable(TIMER_PPI);
    t.m.waitForInterrupt();
    t.m.timer.cval = 1_000_000n;
    t.m.timer.ctl = 1;
    expect(t.m.run(10_000_000)).toEqual({ kind: 'idle' });
    expect(log).toEqual([[TIMER_PPI, 1_000_000]]);
    expect(t.m.instret).toBe(0);
    expect(t.m.time).toBe(1_000_000);
  });

  it('an IRQ storm (kernel never acknowledges) halts with a reason', () => {
    const t = machineWith(assemble(loop), () => {});
    t.m.gic.enable(40);
    t.m.gic.setPending(40);
    expect(t.m.run(100)).toMatchObject({ kind: 'halted', message: expect.stringContaining('exception storm') });
  });
});

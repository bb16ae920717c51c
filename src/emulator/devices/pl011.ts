// PL011 UART (ARM PrimeCell r1p5, DDI 0183): DR, RSR/ECR, FR, IBRD/FBRD, LCR_H,
// CR, IFLS, IMSC/RIS/MIS/ICR, DMACR and the ID registers. Transmission is
// instantaneous (bytes go to a callback); received bytes wait in a 16-entry FIFO
// (or a 1-byte holding register when LCR_H.FEN is clear). Emulator layer. SPI 33.

import type { MmioDevice } from '../memory/physmem.ts';
import type { Gic } from './gic.ts';

export const UART_BASE = 0x0900_0000;
export const UART_SIZE = 0x1000;
export const UART_SPI = 33;

export const UART_REG = {
  DR: 0x000, RSR: 0x004, FR: 0x018, ILPR: 0x020, IBRD: 0x024, FBRD: 0x028, LCR_H: 0x02c,
  CR: 0x030, IFLS: 0x034, IMSC: 0x038, RIS: 0x03c, MIS: 0x040, ICR: 0x044, DMACR: 0x048,
} as const;
export const FR_BUSY = 1 << 3, FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7;
/** Interrupt bits of IMSC/RIS/MIS/ICR. */
export const INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6;
const LCRH_FEN = 1 << 4;
const CR_UARTEN = 1, CR_TXE = 1 << 8, CR_RXE = 1 << 9;
const FIFO_DEPTH = 16;
const ID = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

export class Pl011 implements MmioDevice {
  private rx: number[] = [];
  private ris = 0;
  private imsc = 0;
  private cr = CR_UARTEN | CR_TXE | CR_RXE;
  private lcrh = 0;
  private ibrd = 0;
  private fbrd = 0;
  private ifls = 0x12;
  private dmacr = 0;
  /** Bytes received while the FIFO was full (lost, as on hardware: overrun). */
  overruns = 0;

  constructor(private readonly gic: Gic, public onTransmit: (byte: number) => void = () => {}) {}

  /** Input from the outside world (keyboard, test). Returns false when the FIFO is full. */
  receive(byte: number): boolean {
    if (this.rx.length >= this.depth()) {
      this.overruns++;
      return false;
    }
    this.rx.push(byte & 0xff);
    this.ris |= INT_RX | INT_RT;
    this.update();
    return true;
  }

  /** Convenience for callers with a string. Returns how many bytes fit. */
  receiveString(s: string): number {
    let n = 0;
    for (const b of new TextEncoder().encode(s)) if (this.receive(b)) n++;
    return n;
  }

  get pendingInput(): number { return this.rx.length; }

  /** Input from outside would raise the interrupt (IMSC has the receive or receive-timeout bit). */
  get inputInterruptEnabled(): boolean { return (this.imsc & (INT_RX | INT_RT)) !== 0; }

  /** The kernel's own output path (seL4_DebugPutChar): same as a DR write. */
  transmit(byte: number): void {
    this.onTransmit(byte & 0xff);
    this.ris |= INT_TX;
    this.update();
  }

  read(offset: number, _size: number): number {
    switch (offset) {
      case UART_REG.DR: return this.readData();
      case UART_REG.RSR: return 0;
      case UART_REG.FR: return this.flags();
      case UART_REG.IBRD: return this.ibrd;
      case UART_REG.FBRD: return this.fbrd;
      case UART_REG.LCR_H: return this.lcrh;
      case UART_REG.CR: return this.cr;
      case UART_REG.IFLS: return this.ifls;
      case UART_REG.IMSC: return this.imsc;
      case UART_REG.RIS: return this.ris;
      case UART_REG.MIS: return this.ris & this.imsc;
      case UART_REG.DMACR: return this.dmacr;
      default:
        if (offset >= 0xfe0 && offset < 0x1000) return ID[(offset - 0xfe0) >> 2];
        return 0;
    }
  }

  write(offset: number, _size: number, value: number): void {
    switch (offset) {
      case UART_REG.DR: this.transmit(value & 0xff); break;
      case UART_REG.RSR: break;
      case UART_REG.IBRD: this.ibrd = value & 0xffff; break;
      case UART_REG.FBRD: this.fbrd = value & 0x3f; break;
      case UART_REG.LCR_H: this.lcrh = value & 0xff; break;
      case UART_REG.CR: this.cr = value & 0xffff; break;
      case UART_REG.IFLS: this.ifls = value & 0x3f; break;
      case UART_REG.IMSC: this.imsc = value & 0x7ff; this.update(); break;
      case UART_REG.ICR: this.ris &= ~value; this.update(); break;
      case UART_REG.DMACR: this.dmacr = value & 7; break;
      default: break;
    }
  }

  private readData(): number {
    const b = this.rx.shift();
    if (this.rx.length === 0) this.ris &= ~(INT_RX | INT_RT);
    this.update();
    return b ?? 0;
  }

  private flags(): number {
    let f = FR_TXFE;
    if (this.rx.length === 0) f |= FR_RXFE;
    if (this.rx.length >= this.depth()) f |= FR_RXFF;
    return f;
  }

  private depth(): number {
    return this.lcrh & LCRH_FEN ? FIFO_DEPTH : 1;
  }

  private update(): void {
    this.gic.setLevel(UART_SPI, (this.ris & this.imsc) !== 0);
  }
}

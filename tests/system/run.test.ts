// System mode end to end: a Microkit description with four protection domains
// built from C with --target microkit, loaded by the system loader and run on the
// kernel model with the invariant checker on. A channel carries notifications
// both ways and a protected procedure call; a memory region is shared; the UART
// receive interrupt reaches a driver PD; a PD that writes to a read-only map
// faults and is reported by the monitor, as Microkit's monitor does.
import { describe, expect, it } from 'vitest';
import { bootSystem, type BootedSystem } from '../../src/kernel/system/loader.ts';
import { buildImages, monitorImage } from '../../src/kernel/system/programs.ts';
import { describeSdfError, parseSystem, type SystemDesc } from '../../src/kernel/system/sdf.ts';
import { PD_SLOT } from '../../src/kernel/system/layout.ts';
import { SYSROOT_FILES } from '../../src/toolchain/sysroot/files.gen.ts';
import type { Slot } from '../../src/kernel/core/cdt.ts';

const SYSTEM = `<?xml version="1.0" encoding="UTF-8"?>
<system>
  <memory_region name="buffer" size="0x2000" />
  <memory_region name="uart" size="0x1000" phys_addr="0x9000000" />
  <protection_domain name="client" priority="100">
    <program_image path="client.elf" />
    <map mr="buffer" vaddr="0x2000000" perms="rw" setvar_vaddr="buffer" setvar_size="buffer_size" />
  </protection_domain>
  <protection_domain name="server" priority="200">
    <program_image path="server.elf" />
    <map mr="buffer" vaddr="0x3000000" perms="r" setvar_vaddr="buffer" />
  </protection_domain>
  <protection_domain name="serial" priority="250">
    <program_image path="serial.elf" />
    <map mr="uart" vaddr="0x5000000" perms="rw" cached="false" setvar_vaddr="uart_base" />
    <irq irq="33" id="7" setvar_id="uart_irq" />
  </protection_domain>
  <protection_domain name="crasher" priority="10">
    <program_image path="crasher.elf" />
    <map mr="buffer" vaddr="0x7000000" perms="r" setvar_vaddr="buffer" />
  </protection_domain>
  <channel>
    <end pd="client" id="1" pp="true" />
    <end pd="server" id="3" setvar_id="client_channel" />
  </channel>
</system>`;

const CLIENT = `#include <microkit.h>
#include <stdio.h>
#include <string.h>
uintptr_t buffer;
uintptr_t buffer_size;
void init(void) {
  printf("client: buffer at 0x%lx, %lu bytes\\n", buffer, buffer_size);
  strcpy((char *)buffer + 0x1000, "written by the client");
  microkit_mr_set(0, 41);
  microkit_mr_set(1, 1000);
  microkit_msginfo r = microkit_ppcall(1, microkit_msginfo_new(7, 2));
  printf("client: reply label %lu count %lu mr0 %lu\\n", microkit_msginfo_get_label(r), microkit_msginfo_get_count(r), microkit_mr_get(0));
  microkit_notify(1);
  microkit_notify(9);
}
void notified(microkit_channel ch) { printf("client: notified on %u\\n", ch); }
`;

const SERVER = `#include <microkit.h>
#include <stdio.h>
uintptr_t buffer;
uintptr_t client_channel;
void init(void) { printf("server: init, client channel %lu\\n", client_channel); }
void notified(microkit_channel ch) {
  printf("server: notified on %u, buffer says \\"%s\\"\\n", ch, (char *)buffer + 0x1000);
  microkit_notify(ch);
}
microkit_msginfo protected(microkit_channel ch, microkit_msginfo msginfo) {
  printf("server: call on %u label %lu count %lu\\n", ch, microkit_msginfo_get_label(msginfo), microkit_msginfo_get_count(msginfo));
  microkit_mr_set(0, microkit_mr_get(0) + microkit_mr_get(1));
  return microkit_msginfo_new(9, 1);
}
`;

const SERIAL = `#include <microkit.h>
#include <stdio.h>
uintptr_t uart_base;
uintptr_t uart_irq;
#define REG(off) (*(volatile unsigned int *)(uart_base + (off)))
void init(void) {
  REG(0x38) = 1 << 4;   /* IMSC: receive interrupt */
  printf("serial: init, irq channel %lu\\n", uart_irq);
}
void notified(microkit_channel ch) {
  while (!(REG(0x18) & (1 << 4))) printf("serial: got '%c' on %u\\n", (char)REG(0), ch);
  microkit_irq_ack(ch);
}
`;

const CRASHER = `#include <microkit.h>
uintptr_t buffer;
void init(void) { *(volatile char *)buffer = 'x'; }   /* mapped read-only */
void notified(microkit_channel ch) { (void)ch; }
`;

const FILES = [
  { name: 'client.c', text: CLIENT }, { name: 'server.c', text: SERVER },
  { name: 'serial.c', text: SERIAL }, { name: 'crasher.c', text: CRASHER },
];

function parse(text: string): SystemDesc {
  const d = parseSystem(text);
  if (!d.ok) throw new Error(describeSdfError(d.error));
  return d.value;
}

/** The four programs, built once for every test here. */
const images = (() => {
  const r = buildImages(parse(SYSTEM), FILES);
  if (!r.ok) throw new Error(r.problem);
  return r.images;
})();

function boot(): { booted: BootedSystem; out: number[] } {
  const out: number[] = [];
  const b = bootSystem({ system: parse(SYSTEM), images, monitor: monitorImage(), output: (c) => out.push(c), checkInvariants: true });
  if (!b.ok) throw new Error(b.error);
  return { booted: b.value, out };
}

describe('a Microkit system on the kernel model', () => {
  const { booted, out } = boot();
  booted.machine.uart.receive(0x4b);
  const stop = booted.machine.run(20_000_000);
  const serial = Buffer.from(out).toString('utf8');
  const lines = serial.split('\n');
  const pd = (name: string) => booted.pds.find((p) => p.name === name)!;
  const slot = (name: string, i: number): Slot => booted.kernel.state.cnodes.get(pd(name).cnode)![i];

  it('runs init by priority and ends with every PD waiting, the kernel idle until the UART interrupts again (no invariant broken)', () => {
    expect(lines.indexOf('serial: init, irq channel 7')).toBe(0);
    expect(lines.indexOf('server: init, client channel 3')).toBeGreaterThan(0);
    expect(stop.kind).toBe('idle');
    expect(booted.kernel.outcome.kind).toBe('running');
    expect(booted.kernel.state.current).toBeNull();
  });

  it('input typed while the kernel idles wakes the driver PD', () => {
    booted.machine.uart.receive(0x5a);
    expect(booted.machine.run(20_000_000).kind).toBe('idle');
    expect(Buffer.from(out).toString('utf8')).toContain("serial: got 'Z' on 7\n");
    expect(booted.kernel.outcome.kind).toBe('running');
  });

  it('names each PD thread after its protection domain, at its priority', () => {
    const threads = [...booted.kernel.state.tcbs.values()].map((t) => [t.name, t.priority]);
    expect(threads).toEqual([['client', 100], ['server', 200], ['serial', 250], ['crasher', 10], ['monitor', 255]]);
  });

  it('a protected procedure call carries label and MRs both ways, badged with the callee channel', () => {
    expect(serial).toContain('server: call on 3 label 7 count 2\n');
    expect(serial).toContain('client: reply label 9 count 1 mr0 1041\n');
  });

  it('notifications go both ways on the channel, and the shared region holds what the client wrote', () => {
    expect(serial).toContain('server: notified on 3, buffer says "written by the client"\n');
    expect(serial).toContain('client: notified on 1\n');
    expect(serial).toContain('client: buffer at 0x2000000, 8192 bytes\n');
  });

  it('an invalid channel is refused in user space, as libmicrokit does', () => {
    expect(serial).toContain("client microkit_notify: invalid channel given '9'\n");
  });

  it('the UART receive interrupt reaches the driver PD through its notification', () => {
    expect(serial).toContain("serial: got 'K' on 7\n");
    expect(booted.kernel.state.irqs.get(33)?.notification).toMatchObject({ type: 'notification', badge: 1n << 7n, paddr: pd('serial').notification });
  });

  it('a PD that faults is reported by the monitor and stays stopped; the others keep running', () => {
    expect(serial).toContain('MON|ERROR: received message 0x00000005  badge: 0x0000000000000004\n');
    expect(serial).toContain('MON|ERROR: faulting PD: crasher\n');
    expect(serial).toMatch(/MON\|ERROR: VMFault: ip=0x[0-9a-f]{16}  fault_addr=0x0000000007000000  fsr=0x[0-9a-f]{16}  \(data fault\)\n/);
    expect(pd('crasher').tcb.state).toBe('BlockedOnReply');
    expect(pd('crasher').tcb.faultEp).toBe(BigInt(PD_SLOT.MonitorEndpoint));
    expect(slot('crasher', PD_SLOT.MonitorEndpoint).cap).toMatchObject({ type: 'endpoint', paddr: booted.monitor!.endpoint, badge: 4n });
    expect(booted.monitor!.tcb.state).toBe('BlockedOnReceive');
    expect(pd('server').tcb.state).toBe('BlockedOnReceive');
    expect(pd('client').tcb.state).toBe('BlockedOnNotification');
  });

  it('without a monitor a faulting PD stops with a report naming it', () => {
    const b = bootSystem({ system: parse(SYSTEM), images });
    if (!b.ok) throw new Error(b.error);
    expect(b.value.machine.run(20_000_000).kind).toBe('idle');
    const crasher = b.value.pds.find((p) => p.name === 'crasher')!.tcb;
    expect(`crasher: ${crasher.stoppedBy}`).toMatch(/crasher: VMFault at pc 0x[0-9a-f]+: data access at 0x7000000/);
  });

  it('CSpaces follow Microkit: INPUT, badged notification and PPC caps, IRQ handlers', () => {
    expect(slot('server', PD_SLOT.Input).cap).toMatchObject({ type: 'endpoint', paddr: pd('server').endpoint, badge: 0n });
    expect(pd('server').tcb.boundNotification).toBe(pd('server').notification);
    expect(slot('client', PD_SLOT.Input).cap).toMatchObject({ type: 'notification', paddr: pd('client').notification });
    expect(slot('client', PD_SLOT.BaseOutputNotification + 1).cap).toMatchObject({ type: 'notification', paddr: pd('server').notification, badge: 1n << 3n });
    expect(slot('server', PD_SLOT.BaseOutputNotification + 3).cap).toMatchObject({ type: 'notification', paddr: pd('client').notification, badge: 1n << 1n });
    expect(slot('client', PD_SLOT.BaseEndpoint + 1).cap).toMatchObject({ type: 'endpoint', paddr: pd('server').endpoint, badge: (1n << 63n) | 3n });
    expect(slot('server', PD_SLOT.BaseEndpoint + 3).cap.type).toBe('null');
    expect(slot('serial', PD_SLOT.BaseIrq + 7).cap).toEqual({ type: 'irqHandler', irq: 33 });
    expect(pd('crasher').endpoint).toBeNull();
  });

  it("microkit.h repeats the loader's slot numbers", () => {
    const h = SYSROOT_FILES['microkit/microkit.h'];
    const def = (name: string) => Number(new RegExp(`#define ${name} (\\d+)`).exec(h)![1]);
    expect([def('MICROKIT_INPUT_CAP'), def('MICROKIT_MONITOR_EP'), def('MICROKIT_BASE_OUTPUT_NOTIFICATION_CAP'), def('MICROKIT_BASE_ENDPOINT_CAP'), def('MICROKIT_BASE_IRQ_CAP')])
      .toEqual([PD_SLOT.Input, PD_SLOT.MonitorEndpoint, PD_SLOT.BaseOutputNotification, PD_SLOT.BaseEndpoint, PD_SLOT.BaseIrq]);
  });
});

describe('loader errors', () => {
  it('a setvar symbol the program does not define is named with its line', () => {
    const text = SYSTEM.replace('setvar_vaddr="uart_base"', 'setvar_vaddr="uart_regs"');
    const b = bootSystem({ system: parse(text), images });
    expect(b.ok ? '' : b.error).toContain('protection domain "serial" (serial.elf): setvar symbol "uart_regs" (line 15) is not defined in the program');
  });

  it('a map over the program image is refused', () => {
    const text = SYSTEM.replace('vaddr="0x3000000"', 'vaddr="0x400000"');
    const b = bootSystem({ system: parse(text), images });
    expect(b.ok ? '' : b.error).toMatch(/protection domain "server": memory region "buffer" \(map at line 11\) at 0x400000 overlaps the program image server.elf/);
  });

  it('device memory must be a device the machine has', () => {
    const text = SYSTEM.replace('phys_addr="0x9000000"', 'phys_addr="0x9100000"');
    const b = bootSystem({ system: parse(text), images });
    expect(b.ok ? '' : b.error).toContain('memory region "uart" (line 4): phys_addr 0x9100000 is not device memory of the lab machine');
  });

  it('a program image without its source file is a clear build problem', () => {
    const r = buildImages(parse(SYSTEM), FILES.filter((f) => f.name !== 'crasher.c'));
    expect(r.ok ? '' : r.problem).toBe('protection domain "crasher" (line 18): program_image "crasher.elf" is built from crasher.c, which the scenario does not have');
  });

  it('a PD without notified() does not link', () => {
    const r = buildImages(parse(SYSTEM), FILES.map((f) => (f.name === 'crasher.c' ? { ...f, text: 'void init(void) {}\n' } : f)));
    expect(r.ok ? '' : r.problem).toMatch(/crasher.elf \(protection domain "crasher"\) does not build: .*notified/);
  });
});

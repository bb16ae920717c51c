// `caplab run --system FILE.system`: the protection domains are built from the C
// files beside the description; serial output on stdout; status 0 when the system
// ends idle, 1 when a PD faulted (the monitor's report on stdout), 2 for a bad description.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caplab } from '../cli/capture.ts';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'caplab-system-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const SYSTEM = `<system>
  <protection_domain name="ping" priority="10"><program_image path="ping.elf" /></protection_domain>
  <protection_domain name="pong" priority="20"><program_image path="pong.elf" /></protection_domain>
  <channel><end pd="ping" id="2" /><end pd="pong" id="4" /></channel>
</system>
`;
const PING = '#include <microkit.h>\n#include <stdio.h>\nvoid init(void) { microkit_notify(2); }\nvoid notified(microkit_channel ch) { printf("ping: pong answered on %u\\n", ch); }\n';
const PONG = '#include <microkit.h>\n#include <stdio.h>\nvoid notified(microkit_channel ch) { printf("pong: ping on %u\\n", ch); microkit_notify(ch); }\nvoid init(void) {}\n';

describe('caplab run --system', () => {
  it('runs a two-PD system to idle: output in order, status 0', async () => {
    const dir = project({ 'demo.system': SYSTEM, 'ping.c': PING, 'pong.c': PONG });
    const r = await caplab(['run', '--system', join(dir, 'demo.system')]);
    expect(r.stdout).toBe('pong: ping on 4\nping: pong answered on 2\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('a PD that faults: the monitor reports it, status 1 naming the PD', async () => {
    const dir = project({ 'demo.system': SYSTEM, 'ping.c': PING, 'pong.c': PONG.replace('void init(void) {}', 'void init(void) { *(volatile int *)8 = 0; }') });
    const r = await caplab(['run', '--system', join(dir, 'demo.system')]);
    expect(r.stdout).toContain('MON|ERROR: faulting PD: pong\n');
    expect(r.stderr).toBe('caplab: protection domain faulted: pong\n');
    expect(r.status).toBe(1);
  });

  it('a bad description: status 2 with the line and element', async () => {
    const dir = project({ 'demo.system': SYSTEM.replace('priority="20"', 'priority="twenty"') });
    const r = await caplab(['run', '--system', join(dir, 'demo.system')]);
    expect(r.stderr).toMatch(/demo\.system: line 3: <protection_domain> attribute priority: "twenty" is not a number/);
    expect(r.status).toBe(2);
  });
});

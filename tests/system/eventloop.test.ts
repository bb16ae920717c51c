// libmicrokit's event loop on the kernel model: notifications coalesce (three
// notifies before the receiver runs make one notified() call), a deferred notify
// goes out after the entry point returns, and two PDs can run one program image
// (each with its own patched microkit_name).
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../src/kernel/system/loader.ts';
import { buildImages, monitorImage } from '../../src/kernel/system/programs.ts';
import { describeSdfError, parseSystem } from '../../src/kernel/system/sdf.ts';

const SYSTEM = `<system>
  <protection_domain name="hub" priority="200"><program_image path="hub.elf" /></protection_domain>
  <protection_domain name="a" priority="50"><program_image path="echo.elf" /></protection_domain>
  <protection_domain name="b" priority="250" stack_size="0x1000"><program_image path="echo.elf" /></protection_domain>
  <channel><end pd="hub" id="0" /><end pd="a" id="5" /></channel>
  <channel><end pd="hub" id="1" /><end pd="b" id="6" /></channel>
</system>`;

const HUB = `#include <microkit.h>
#include <stdio.h>
void init(void) {
  microkit_notify(0); microkit_notify(0); microkit_notify(0);
  printf("hub: notified a three times\\n");
}
void notified(microkit_channel ch) {
  printf("hub: notified on %u\\n", ch);
  microkit_deferred_notify(1);
  printf("hub: end of notified\\n");
}
`;

const ECHO = `#include <microkit.h>
#include <stdio.h>
#include <string.h>
static int calls;
void init(void) { printf("%s: init\\n", microkit_name); }
void notified(microkit_channel ch) {
  printf("%s: notified on %u (call %d)\\n", microkit_name, ch, ++calls);
  if (strcmp(microkit_name, "a") == 0) microkit_notify(ch);
}
`;

describe('libmicrokit event loop', () => {
  const sys = parseSystem(SYSTEM);
  if (!sys.ok) throw new Error(describeSdfError(sys.error));
  const images = buildImages(sys.value, [{ name: 'hub.c', text: HUB }, { name: 'echo.c', text: ECHO }]);
  if (!images.ok) throw new Error(images.problem);
  const out: number[] = [];
  const b = bootSystem({ system: sys.value, images: images.images, monitor: monitorImage(), output: (c) => out.push(c), checkInvariants: true });
  if (!b.ok) throw new Error(b.error);
  b.value.machine.run(20_000_000);
  const lines = Buffer.from(out).toString('utf8').split('\n').filter(Boolean);

  it('runs in priority order; coalesced notifications make one notified() call; a deferred notify goes out after the entry point', () => {
    expect(lines).toEqual([
      'b: init',
      'hub: notified a three times',
      'a: init',
      'a: notified on 5 (call 1)',
      'hub: notified on 0',
      'hub: end of notified',
      'b: notified on 6 (call 1)',
    ]);
  });

  it('one image, two PDs: each has its own frames, name and stack', () => {
    const [, a, bb] = b.value.pds;
    expect(images.images.size).toBe(2);
    expect(a.vspace).not.toBe(bb.vspace);
    expect([a.tcb.name, bb.tcb.name]).toEqual(['a', 'b']);
    expect(a.stackTop).toBe(bb.stackTop);
  });
});

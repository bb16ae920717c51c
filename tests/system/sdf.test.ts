// The .system reader: XML errors with line and column, and Microkit's rules on
// the description with the element, attribute and line of each mistake.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseXml } from '../../src/kernel/system/xml.ts';
import { describeSdfError, parseNumber, parseSystem } from '../../src/kernel/system/sdf.ts';

const GOOD = `<?xml version="1.0" encoding="UTF-8"?>
<!-- two PDs -->
<system>
    <memory_region name="shared" size="0x2_000" />
    <memory_region name="uart" size="0x1000" phys_addr="0x9000000" />
    <protection_domain name="client" priority="100" stack_size="0x4000">
        <program_image path="client.elf" />
        <map mr="shared" vaddr="0x4000000" perms="rw" setvar_vaddr="shared_vaddr" setvar_size="shared_size" />
    </protection_domain>
    <protection_domain name="server" priority='200' budget="1000" period="1000">
        <program_image path="server.elf" />
        <map mr="shared" vaddr="0x5000000" perms="r" cached="true" />
        <map mr="uart" vaddr="0x6000000" perms="rw" cached="false" />
        <irq irq="33" id="5" trigger="level" setvar_id="uart_irq" />
    </protection_domain>
    <channel>
        <end pd="client" id="0" pp="true" />
        <end pd="server" id="1" notify="false" setvar_id="client_ch" />
    </channel>
</system>
`;

function sdfError(text: string): string {
  const r = parseSystem(text);
  if (r.ok) throw new Error('expected an error');
  return describeSdfError(r.error);
}

const wrap = (body: string) => `<system>\n<memory_region name="m" size="0x1000" />\n<protection_domain name="a" priority="1"><program_image path="a.elf" />\n${body}\n</protection_domain>\n<protection_domain name="b" priority="2"><program_image path="b.elf" /></protection_domain>\n</system>`;

describe('XML reader', () => {
  it('reads elements, attributes in either quotes, comments, entities and positions', () => {
    const r = parseXml(`<?xml version="1.0"?>\n<a x="1 &amp; 2" y='&#x41;&lt;'>\n  <!-- c -->\n  <b/>\n</a>`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe('a');
    expect(r.value.attrs.map((a) => [a.name, a.value, a.line, a.column])).toEqual([['x', '1 & 2', 2, 4], ['y', 'A<', 2, 18]]);
    expect(r.value.children[0]).toMatchObject({ name: 'b', line: 4, column: 3 });
  });

  it.each([
    ['<a>\n  <b>\n</a>', 3, 1, '</a> does not close <b> (opened at line 2)'],
    ['<a x="1" x="2"/>', 1, 10, 'attribute x is given twice'],
    ['<a x=1/>', 1, 6, 'the value of x must be in quotes'],
    ['<a>\n hello <b/></a>', 2, 2, 'text is not allowed inside <a>'],
    ['<a x="&nbsp;"/>', 1, 7, 'unknown entity &nbsp;'],
    ['<a/><b/>', 1, 5, 'a second root element'],
    ['<!DOCTYPE a><a/>', 1, 1, 'DOCTYPE and other <! declarations are not supported'],
    ['<a>\n<!-- open', 2, 1, 'comment is not closed'],
    ['<a>', 1, 4, '<a> (line 1) is never closed'],
    ['', 1, 1, 'the description is empty'],
    ['<a x="<"/>', 1, 7, "'<' in the value of x"],
    ['<a><![CDATA[x]]></a>', 1, 4, 'CDATA sections are not supported'],
  ])('%j: line %i column %i', (text, line, column, message) => {
    const r = parseXml(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ line, column });
    expect(r.error.message).toContain(message);
  });

  it('bounds nesting depth', () => {
    const r = parseXml('<a>'.repeat(40) + '</a>'.repeat(40));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('nested deeper');
  });
});

describe('system description', () => {
  it('reads a valid description with Microkit defaults', () => {
    const r = parseSystem(GOOD);
    if (!r.ok) throw new Error(describeSdfError(r.error));
    const [client, server] = r.value.pds;
    expect(client).toMatchObject({ name: 'client', priority: 100, stackSize: 0x4000n, programImage: 'client.elf' });
    expect(client.maps[0]).toMatchObject({ mr: 'shared', vaddr: 0x4000000n, perms: { read: true, write: true, exec: false }, cached: true, setvarVaddr: 'shared_vaddr', setvarSize: 'shared_size' });
    expect(server).toMatchObject({ priority: 200, stackSize: 0x2000n, budget: 1000n, period: 1000n });
    expect(server.maps[1]).toMatchObject({ cached: false, perms: { read: true, write: true } });
    expect(server.irqs).toEqual([{ irq: 33, id: 5, trigger: 'level', setvarId: 'uart_irq', line: 14 }]);
    expect(r.value.regions).toEqual([
      { name: 'shared', size: 0x2000n, pageSize: 0x1000n, physAddr: undefined, line: 4 },
      { name: 'uart', size: 0x1000n, pageSize: 0x1000n, physAddr: 0x9000000n, line: 5 },
    ]);
    expect(r.value.channels[0].ends).toEqual([
      { pd: 'client', id: 0, pp: true, notify: true, setvarId: undefined, line: 17 },
      { pd: 'server', id: 1, pp: false, notify: false, setvarId: 'client_ch', line: 18 },
    ]);
  });

  it('reads numbers as Microkit does (decimal, 0x hex, underscores)', () => {
    expect(parseNumber('4096')).toBe(4096n);
    expect(parseNumber('0x1_000')).toBe(0x1000n);
    expect(parseNumber('1k')).toBeNull();
    expect(parseNumber('-1')).toBeNull();
  });

  it.each([
    ['<systen/>', 'line 1: <systen>: the root element must be <system>'],
    ['<system></system>', 'line 1: <system>: the system has no <protection_domain>'],
    ['<system>\n<protection_domain name="a"/>\n</system>', 'line 2: <protection_domain>: protection domain "a" has no <program_image>'],
    ['<system>\n<protection_domain priority="1"><program_image path="a.elf"/></protection_domain></system>', 'line 2: <protection_domain>: attribute name is missing'],
    ['<system>\n<protection_domain name="a" priority="255"><program_image path="a.elf"/></protection_domain></system>', 'line 2: <protection_domain> attribute priority: 255 is out of range (at most 254)'],
    ['<system>\n<protection_domain name="a" priority="high"><program_image path="a.elf"/></protection_domain></system>', 'line 2: <protection_domain> attribute priority: "high" is not a number (decimal or 0x hex)'],
    ['<system>\n<protection_domain name="a" pririty="1"><program_image path="a.elf"/></protection_domain></system>', 'line 2: <protection_domain> attribute pririty: is not an attribute of <protection_domain>'],
    ['<system>\n<protection_domain name="a" passive="true"><program_image path="a.elf"/></protection_domain></system>', 'attribute passive: is not supported by the lab: passive PDs need MCS'],
    ['<system>\n<protection_domain name="a"><program_image path="a.elf"/><program_image path="b.elf"/></protection_domain></system>', 'line 2: <program_image>: protection domain "a" has more than one <program_image>'],
    ['<system>\n<protection_domain name="a"><program_image path="a.elf"/></protection_domain>\n<protection_domain name="a"><program_image path="a.elf"/></protection_domain></system>', 'line 3: <protection_domain> attribute name: protection domain "a" is defined twice (first at line 2)'],
    ['<system>\n<domains/></system>', 'line 2: <domains>: is not supported by the lab'],
    ['<system>\n<pd name="x"/></system>', 'line 2: <pd>: is not a child of <system>'],
    ['<system>\n<memory_region name="m" size="0x1800"/></system>', 'line 2: <memory_region> attribute size: 0x1800 must be a non-zero multiple of the page size 0x1000'],
    ['<system>\n<memory_region name="m" size="0x200000" page_size="0x200000"/></system>', 'attribute page_size: is not supported by the lab'],
  ])('%j', (text, message) => {
    expect(sdfError(text)).toContain(message);
  });

  it.each([
    ['<map mr="nope" vaddr="0x1000000"/>', 'line 4: <map> attribute mr: no <memory_region> is named "nope"'],
    ['<map mr="m" vaddr="0x1000010"/>', 'line 4: <map> attribute vaddr: 0x1000010 is not page aligned'],
    ['<map mr="m" vaddr="0x1000000" perms="w"/>', 'line 4: <map> attribute perms: "w": write access needs read'],
    ['<map mr="m" vaddr="0x1000000" perms="rq"/>', 'line 4: <map> attribute perms: "rq" is not a combination of r, w and x'],
    ['<map mr="m" vaddr="0x1000000" cached="no"/>', 'line 4: <map> attribute cached: must be "true" or "false", not "no"'],
    ['<map mr="m" vaddr="0x1000000" setvar_vaddr="1x"/>', 'line 4: <map> attribute setvar_vaddr: "1x" is not a C symbol name'],
    ['<map mr="m" vaddr="0x1000000"/>\n<map mr="m" vaddr="0x1000000"/>', 'line 5: <map> attribute vaddr: overlaps the map of "m" at 0x1000000 (line 4)'],
    ['<irq irq="33" id="62"/>', 'line 4: <irq> attribute id: 62 is out of range (at most 61)'],
    ['<irq irq="128" id="1"/>', 'line 4: <irq> attribute irq: 128 is out of range (at most 127)'],
    ['<irq irq="27" id="1"/>', 'line 4: <irq> attribute irq: 27 is not a shared peripheral interrupt'],
    ['<irq irq="33" id="1" trigger="rising"/>', 'line 4: <irq> attribute trigger: must be "level" or "edge"'],
    ['<irq irq="33" id="1"/>\n<irq irq="34" id="1"/>', 'line 5: <irq> attribute id: id 1 of "a" is already used by IRQ 33'],
    ['<virtual_machine name="vm"/>', 'line 4: <virtual_machine>: is not supported by the lab: virtual machines are not modelled'],
  ])('in a PD: %j', (body, message) => {
    expect(sdfError(wrap(body))).toContain(message);
  });

  const channel = (a: string, b: string) => wrap(`</protection_domain><protection_domain name="c" priority="3"><program_image path="c.elf"/>`).replace('</system>', `<channel>\n${a}\n${b}\n</channel>\n</system>`);

  it.each([
    ['<end pd="a" id="0"/>', '<end pd="x" id="0"/>', 'line 9: <end> attribute pd: no <protection_domain> is named "x"'],
    ['<end pd="a" id="0"/>', '<end pd="a" id="1"/>', 'line 7: <channel>: both ends are in "a"'],
    ['<end pd="b" id="0" pp="true"/>', '<end pd="a" id="0"/>', 'line 8: <end> attribute pp: "b" (priority 2) may only make protected calls to a higher priority; "a" has 1'],
    ['<end pd="a" id="0" pp="true"/>', '<end pd="b" id="0" pp="true"/>', 'line 9: <end> attribute pp: only one end of a channel may have pp="true"'],
    ['<end pd="a" id="63"/>', '<end pd="b" id="0"/>', 'line 8: <end> attribute id: 63 is out of range (at most 61)'],
    ['<end pd="a" id="0"/>', '', 'line 7: <channel>: a channel has exactly two <end> elements (this one has 1)'],
    ['<end pd="a" id="0"/>', '<map pd="b"/>', 'line 9: <map>: is not a child of <channel>'],
  ])('channel %j %j', (a, b, message) => {
    expect(sdfError(channel(a, b))).toContain(message);
  });

  it('channel ids are unique per PD across channels', () => {
    const text = wrap('').replace('</system>', '<channel><end pd="a" id="4"/><end pd="b" id="0"/></channel>\n<channel><end pd="a" id="4"/><end pd="b" id="1"/></channel></system>');
    expect(sdfError(text)).toContain('line 8: <end> attribute id: id 4 of "a" is already used by the channel at line 7');
  });

  it('an IRQ goes to one PD only', () => {
    const text = wrap('<irq irq="33" id="1"/>').replace('<program_image path="b.elf" />', '<program_image path="b.elf" /><irq irq="33" id="2"/>');
    expect(sdfError(text)).toContain('IRQ 33 is already given to "a"');
  });

  it('XML errors come back as description errors with their position', () => {
    expect(sdfError('<system>\n  <protection_domain name="a">\n</system>')).toBe('line 3: <system>: </system> does not close <protection_domain> (opened at line 2)');
  });
});

describe('hostile descriptions (fuzzed)', () => {
  const lineCount = (t: string) => t.split('\n').length;
  const wellFormedError = (text: string) => {
    const r = parseSystem(text);
    if (r.ok) return true;
    const e = r.error;
    return e.line >= 1 && e.line <= lineCount(text) && e.column >= 1 && e.message.length > 0 && e.element.length > 0;
  };

  it('never throws on arbitrary text; every error has a position inside the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => wellFormedError(s)), { numRuns: 300 });
  });

  it('never throws on a valid description with a slice cut out or characters changed', () => {
    const mutation = fc.tuple(fc.nat(GOOD.length - 1), fc.nat(40), fc.string({ maxLength: 6 }));
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (muts) => {
      let text = GOOD;
      for (const [at, cut, insert] of muts) text = text.slice(0, at % (text.length + 1)) + insert + text.slice((at % (text.length + 1)) + cut);
      return wellFormedError(text);
    }), { numRuns: 400 });
  });
});

// Share links of system-mode scenarios: the .system description travels in the link
// only when it differs from the built-in's (so an untouched microkit-hello link stays
// short), always without a scenario id, and a bad `system` field is refused with a
// sentence. docs/scenarios.md "Share links".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinStarter, builtinSystem } from '../../src/scenarios/builtins.ts';
import { decodeShare, deflateRaw, encodeShare, inflateRaw, toBase64Url, fromBase64Url } from '../../src/scenarios/codec.ts';
import { SYSTEM_FILE_NAME } from '../../src/shared/protocol.ts';

const id = 'microkit-hello';
const starter = () => builtinStarter(id)!.map((f) => ({ name: f.name, text: f.text }));
const system = builtinSystem(id)!;

async function payloadOf(link: string): Promise<Record<string, unknown>> {
  const b = fromBase64Url(link.slice('#s=v1.'.length));
  if (!b.ok) throw new Error(b.error);
  const r = await inflateRaw(b.bytes, 1 << 20);
  if (!r.ok) throw new Error(r.error);
  return JSON.parse(new TextDecoder().decode(r.bytes)) as Record<string, unknown>;
}

describe('share links with a system description', () => {
  it('builtinSystem gives the description of system-mode built-ins only', () => {
    expect(system).toContain('<protection_domain name="server"');
    expect(builtinSystem('hello-c')).toBeUndefined();
    expect(builtinSystem('nope')).toBeUndefined();
  });

  it('leaves an unchanged description out, and carries an edited one', async () => {
    const plain = await encodeShare({ scenarioId: id, files: starter(), step: 0, system }, builtinStarter, builtinSystem);
    expect(await payloadOf(plain)).not.toHaveProperty('system');
    const back = await decodeShare(plain, builtinStarter);
    expect(back).toEqual({ ok: true, state: { scenarioId: id, files: starter(), step: 0, active: 'client.c' } });

    const edited = system.replace('priority="100"', 'priority="150"');
    const link = await encodeShare({ scenarioId: id, files: starter(), step: 1, active: SYSTEM_FILE_NAME, system: edited }, builtinStarter, builtinSystem);
    expect((await payloadOf(link)).system).toBe(edited);
    expect(link.length).toBeLessThan(2000);
    expect(await decodeShare(link, builtinStarter)).toEqual({ ok: true, state: { scenarioId: id, files: starter(), step: 1, active: SYSTEM_FILE_NAME, system: edited } });
  });

  it('round-trips any description without a scenario id', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (text) => {
      const files = starter();
      const r = await decodeShare(await encodeShare({ files, step: 0, system: text }));
      expect(r).toEqual({ ok: true, state: { files, step: 0, active: 'client.c', system: text } });
    }), { numRuns: 40 });
  });

  it('refuses a system field that is not text or is too long', async () => {
    const raw = async (json: string) => `#s=v1.${toBase64Url(await deflateRaw(new TextEncoder().encode(json)))}`;
    expect(await decodeShare(await raw('{"files":[{"name":"a.c","text":""}],"step":0,"system":5}')))
      .toEqual({ ok: false, error: 'system: must be the text of a system description' });
    const long = JSON.stringify({ files: [{ name: 'a.c', text: '' }], step: 0, system: 'x'.repeat(70_000) });
    const r = await decodeShare(await raw(long));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^system: is too long \(70000 characters; at most 65536\)$/);
  });
});

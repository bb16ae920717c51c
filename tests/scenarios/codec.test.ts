// Share links: round trips (fast-check over arbitrary file sets), and fuzzing of
// the decoder: arbitrary strings, mutated and truncated links, bombs, wrong
// versions never throw and always give a clear error or a valid state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinStarter } from '../../src/scenarios/builtins.ts';
import {
  decodeShare, deflateRaw, encodeShare, fromBase64Url, MAX_JSON_BYTES, toBase64Url, type DecodeResult, type ShareState,
} from '../../src/scenarios/codec.ts';
import { validateFiles } from '../../src/scenarios/format.ts';
import { loadScenarioText, scenarioFileText } from '../../src/scenarios/loader.ts';
import { findBuiltin } from '../../src/scenarios/builtins.ts';

const fileName = fc.tuple(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,10}$/), fc.constantFrom('.c', '.s', '.h'))
  .map(([b, e]) => b + e);
const fileSet = fc.uniqueArray(fc.record({ name: fileName, text: fc.string({ unit: 'binary', maxLength: 300 }) }), {
  minLength: 1, maxLength: 6, selector: (f) => f.name,
});

function expectWellFormed(r: DecodeResult): void {
  if (r.ok) {
    expect(validateFiles(r.state.files, 'files')).toEqual([]);
    expect(r.state.files.length).toBeGreaterThan(0);
  } else {
    expect(typeof r.error).toBe('string');
    expect(r.error.length).toBeGreaterThan(5);
    expect(r.error.length).toBeLessThan(300);
  }
}

async function encodeRaw(json: string): Promise<string> {
  return `#s=v1.${toBase64Url(await deflateRaw(new TextEncoder().encode(json)))}`;
}

describe('base64url', () => {
  it('round-trips arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
      const r = fromBase64Url(toBase64Url(b));
      expect(r.ok && Array.from(r.bytes)).toEqual(Array.from(b));
    }));
  });
});

describe('encodeShare / decodeShare', () => {
  it('round-trips arbitrary file sets without a scenario', async () => {
    await fc.assert(fc.asyncProperty(fileSet, fc.nat(50), async (files, step) => {
      const r = await decodeShare(await encodeShare({ files, step }));
      expect(r).toEqual({ ok: true, state: { files, step, active: files[0].name } });
    }), { numRuns: 60 });
  });

  it('round-trips edits of a built-in, carrying only the changes', async () => {
    const starter = builtinStarter('hello-c')!;
    const edits = fc.record({
      changeMain: fc.option(fc.string({ maxLength: 200 })),
      dropAdd: fc.boolean(),
      extra: fc.option(fc.record({ name: fc.constantFrom('extra.c', 'util.s'), text: fc.string({ maxLength: 100 }) })),
      reverse: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(edits, fc.nat(3), async (e, step) => {
      let files = starter.map((f) => ({ ...f }));
      if (e.changeMain !== null) files[0].text = e.changeMain;
      if (e.dropAdd) files = files.slice(0, 1);
      if (e.extra) files.push(e.extra);
      if (e.reverse) files.reverse();
      const state: ShareState = { scenarioId: 'hello-c', files, step, active: files[files.length - 1].name };
      const r = await decodeShare(await encodeShare(state, builtinStarter), builtinStarter);
      expect(r).toEqual({ ok: true, state });
    }), { numRuns: 60 });
  });

  it('keeps a typical edited exercise link short', async () => {
    for (const id of ['hello-c', 'hello-asm']) {
      const files = builtinStarter(id)!.map((f) => ({ ...f }));
      files[0].text = files[0].text.replace('Hello from CapLab', 'Hello from my edited exercise, with a few more words');
      const link = await encodeShare({ scenarioId: id, files, step: 1 }, builtinStarter);
      expect(link.length).toBeLessThan(2000);
      const full = await encodeShare({ files, step: 1 });
      expect(full.length).toBeLessThan(2000);
    }
  });

  it('explains bad links', async () => {
    const cases: [string, string][] = [
      ['', 'the link has no shared state (it should contain #s=v1.…)'],
      ['#s=v2.AAAA', 'the link uses format v2, newer than this lab understands (v1): update the page'],
      ['#s=hello', 'the link is damaged: it does not say which format it uses'],
      ['#s=v1.a', 'the link is cut off (its data has an impossible length)'],
      ['#s=v1.ab$d', "the link's data has a character that does not belong there at position 3"],
      ['#s=v1.', 'the link is cut off (it carries no data)'],
      ['#s=v1.AAAAAAAA', 'the link is damaged or cut off (its data does not unpack)'],
    ];
    for (const [hash, msg] of cases) expect(await decodeShare(hash)).toEqual({ ok: false, error: msg });
    expect(await decodeShare(await encodeRaw('{"files": ['))).toEqual({ ok: false, error: 'the link is damaged (its data is not valid JSON)' });
    expect(await decodeShare(await encodeRaw('[1]'))).toEqual({ ok: false, error: 'the link is damaged (its data is not a shared state)' });
    expect(await decodeShare(await encodeRaw('{"files":[{"name":"a.txt","text":""}],"step":0}')))
      .toEqual({ ok: false, error: 'files[0].name: must end in .c, .s or .h' });
    expect(await decodeShare(await encodeRaw('{"id":"nope","files":[],"step":0}')))
      .toEqual({ ok: false, error: 'this link is for the scenario "nope", which this lab does not have' });
    expect(await decodeShare(await encodeRaw('{"files":[{"name":"a.c","text":""}],"step":0,"__proto__":{"x":1}}')))
      .toEqual({ ok: false, error: '__proto__: is not a field of a shared state' });
  });

  it('refuses a decompression bomb while inflating', async () => {
    const bomb = await encodeRaw(`{"files":[{"name":"a.c","text":"${'A'.repeat(MAX_JSON_BYTES + 10)}"}],"step":0}`);
    expect(bomb.length).toBeLessThan(4000);
    const r = await decodeShare(bomb);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^the link unpacks to more than \d+ KiB/);
  });

  it('refuses oversized files that fit the inflate cap', async () => {
    const r = await decodeShare(await encodeRaw(JSON.stringify({ files: [{ name: 'a.c', text: 'x'.repeat(70 * 1024) }], step: 0 })));
    expect(r).toEqual({ ok: false, error: 'files[0].text: is too large (70 KiB; a file may have at most 64 KiB)' });
  });

  it('never throws on arbitrary strings', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), fc.string().map((s) => `#s=v1.${s}`), fc.base64String().map((s) => `#s=v1.${s}`)), async (s) => {
      expectWellFormed(await decodeShare(s, builtinStarter));
    }), { numRuns: 300 });
  });

  it('never throws on mutated or truncated valid links', async () => {
    const valid = await encodeShare({ scenarioId: 'hello-c', files: [{ name: 'main.c', text: 'int main(void){return 1;}' }, { name: 'add.s', text: 'x' }], step: 1 }, builtinStarter);
    const mutation = fc.oneof(
      fc.nat(valid.length).map((n) => valid.slice(0, n)),
      fc.tuple(fc.nat(valid.length - 1), fc.constantFrom(...'ABCxyz019-_+/=%')).map(([i, c]) => valid.slice(0, i) + c + valid.slice(i + 1)),
      fc.tuple(fc.nat(valid.length - 1), fc.string({ maxLength: 5 })).map(([i, s]) => valid.slice(0, i) + s + valid.slice(i)),
    );
    await fc.assert(fc.asyncProperty(mutation, async (s) => {
      expectWellFormed(await decodeShare(s, builtinStarter));
    }), { numRuns: 400 });
  });

  it('never throws on arbitrary JSON payloads', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (v) => {
      expectWellFormed(await decodeShare(await encodeRaw(JSON.stringify(v)), builtinStarter));
    }), { numRuns: 200 });
  });
});

describe('scenario files', () => {
  it('round-trip through the file text', () => {
    const s = findBuiltin('hello-asm')!;
    expect(loadScenarioText(scenarioFileText(s))).toEqual({ ok: true, scenario: s });
  });

  it('explain what is wrong', () => {
    expect(loadScenarioText('{')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^the file is not valid JSON \(/)] });
    expect(loadScenarioText('x'.repeat(2_000_000))).toEqual({ ok: false, errors: ['the file is too large (1953 KiB; a scenario file may have at most 768 KiB)'] });
    const bad = JSON.parse(scenarioFileText(findBuiltin('hello-c')!));
    bad.files[1].name = '../etc/passwd.c';
    expect(loadScenarioText(JSON.stringify(bad))).toEqual({ ok: false, errors: ['files[1].name: may only contain letters, digits, _ . and - (no spaces or slashes)'] });
  });

  it('never throw on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
      const r = loadScenarioText(JSON.stringify(v));
      if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
    }), { numRuns: 300 });
  });
});

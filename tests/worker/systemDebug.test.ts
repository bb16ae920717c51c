// System mode in the worker, on the real machine: the live check says what a build
// would say about the .system description and the PDs' links (so those errors stay
// in the problem list until fixed), and the debugger reads the line table of the
// protection domain on the CPU: Step line from the reset stop lands in the first PD's
// init, Step over follows that PD's lines while the other PD runs in between, a line
// breakpoint in client.c stops only the client (the images share addresses).

import { afterEach, describe, expect, it } from 'vitest';
import { builtinSolution, findBuiltin } from '../../src/scenarios/builtins.ts';
import { SYSTEM_FILE_NAME, type ImageLines, type LabEvent, type SourceFile } from '../../src/shared/protocol.ts';
import { LabDriver } from './labDriver.ts';
import { openMachineLab } from './machineLab.ts';

const scenario = findBuiltin('microkit-hello')!;
const system = scenario.system!;
const solution: SourceFile[] = builtinSolution('microkit-hello')!.map((f) => ({ name: f.name, text: f.text }));
let lab: LabDriver;

function open(): LabDriver {
  lab = openMachineLab();
  return lab;
}

afterEach(() => lab?.close());

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
type Stopped = Extract<LabEvent, { type: 'stopped' }>;

describe('system mode: the live check', () => {
  it('reports a description error at its line and column, as the build does', async () => {
    open();
    const bad = system.replace('priority="200"', 'priority="900"');
    const line = lineOf(bad, 'priority="900"');
    const b = await lab.request({ type: 'build', files: solution, system: bad }, 'buildResult');
    const c = await lab.request({ type: 'check', id: 1, files: solution, system: bad }, 'checkResult');
    expect(c.diagnostics).toEqual(b.diagnostics);
    expect(c.diagnostics[0]).toMatchObject({ file: SYSTEM_FILE_NAME, line, severity: 'error' });
    expect(c.diagnostics[0].column).toBeGreaterThan(1);

    // Malformed XML: the reader's position.
    const broken = system.replace('<channel>', '<channel');
    const c2 = await lab.request({ type: 'check', id: 2, files: solution, system: broken }, 'checkResult');
    expect(c2.diagnostics).toHaveLength(1);
    expect(c2.diagnostics[0].file).toBe(SYSTEM_FILE_NAME);
    expect(c2.diagnostics[0].line).toBeGreaterThanOrEqual(lineOf(broken, '<channel'));

    // Fixed: nothing left.
    const ok = await lab.request({ type: 'check', id: 3, files: solution, system }, 'checkResult');
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reports a PD without its source file and a PD that does not link', async () => {
    open();
    const noServer = await lab.request({ type: 'check', id: 1, files: solution.filter((f) => f.name !== 'server.c'), system }, 'checkResult');
    expect(noServer.diagnostics[0]).toMatchObject({ file: SYSTEM_FILE_NAME, line: lineOf(system, 'name="server"') });

    // notified() is required by libmicrokit: a link error only a full build finds.
    const noNotified = solution.map((f) => (f.name === 'client.c' ? { ...f, text: f.text.replace('void notified(microkit_channel ch)', 'void other(microkit_channel ch)') } : f));
    const b = await lab.request({ type: 'build', files: noNotified, system }, 'buildResult');
    expect(b.ok).toBe(false);
    const c = await lab.request({ type: 'check', id: 2, files: noNotified, system }, 'checkResult');
    expect(c.diagnostics.some((d) => d.severity === 'error' && /notified/.test(d.message))).toBe(true);
    expect(c.diagnostics).toEqual(b.diagnostics);

    // A file no PD is built from is still compiled, so its mistakes show.
    const extra = [...solution, { name: 'spare.c', text: 'int f(void) { return x; }\n' }];
    const c3 = await lab.request({ type: 'check', id: 3, files: extra, system }, 'checkResult');
    expect(c3.diagnostics.some((d) => d.file === 'spare.c' && d.severity === 'error')).toBe(true);
  });
});

describe('system mode: source-level debugging', () => {
  let images: ImageLines[] = [];
  async function built(files: SourceFile[] = solution): Promise<Stopped> {
    open();
    const stop = lab.next('stopped', (e) => e.reason.kind === 'reset');
    const b = await lab.request({ type: 'build', files, system }, 'buildResult');
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(b.images?.map((i) => [i.image, i.pds, i.files])).toEqual([['server.elf', ['server'], ['server.c']], ['client.elf', ['client'], ['client.c']]]);
    expect(b.images!.every((i) => i.lines.length > 0)).toBe(true);
    images = b.images!;
    return stop;
  }

  const stepLine = (over: boolean) => lab.request({ type: 'stepLine', over }, 'stopped');

  it('steps by line in the PD on the CPU and shows its file', async () => {
    const reset = await built();
    expect(reset.registers.thread).toBe('monitor'); // the Microkit monitor runs first (priority 255)
    expect(reset.source).toBeNull();

    // Step line from outside project code stops at the first project line any thread
    // reaches: the server's init (the higher-priority PD runs first).
    const first = await stepLine(false);
    expect(first.reason.kind).toBe('step');
    expect(first.registers.thread).toBe('server');
    expect(first.source?.file).toBe('server.c');
    const server = solution.find((f) => f.name === 'server.c')!.text;
    expect(first.source?.line).toBeGreaterThanOrEqual(lineOf(server, 'void init(void)'));
    expect(first.source?.line).toBeLessThanOrEqual(lineOf(server, 'server: ready'));
    expect(first.disassembly.some((d) => d.source?.file === 'server.c')).toBe(true);

    // Step over the printf: the next line of server.c, still the server.
    let s = first;
    while (s.source?.line !== lineOf(server, 'server: ready')) s = await stepLine(true);
    const after = await stepLine(true);
    expect(after.registers.thread).toBe('server');
    expect(after.source?.file).toBe('server.c');
    expect(after.source!.line).toBeGreaterThan(lineOf(server, 'server: ready'));
    expect(lab.output).toContain('server: ready');

    // Stepping on past the end of init: the server's next entry point, notified(),
    // once the client (which ran meanwhile) has notified it.
    let n = after;
    for (let i = 0; i < 5 && n.source?.line !== undefined && n.source.line < lineOf(server, 'void notified'); i++) n = await stepLine(true);
    expect(n.reason.kind).toBe('step');
    expect(n.registers.thread).toBe('server');
    expect(n.source?.file).toBe('server.c');
    expect(n.source!.line).toBeGreaterThanOrEqual(lineOf(server, 'void notified'));
    expect(n.source!.line).toBeLessThanOrEqual(lineOf(server, 'the client says'));
    expect(lab.output).toContain('client: hello from the client');
    expect(lab.output).not.toContain('the client says');
  });

  it('stops at a line breakpoint in the client only, and steps over a PPC into the server and back', async () => {
    await built();
    const client = solution.find((f) => f.name === 'client.c')!.text;
    const ppc = lineOf(client, 'microkit_ppcall(SERVER');
    const bps = await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'client.c', line: ppc }] }, 'breakpoints');
    expect(bps.unresolved).toEqual([]);
    const hit = await lab.request({ type: 'run' }, 'stopped');
    expect(hit.reason.kind).toBe('breakpoint');
    expect(hit.registers.thread).toBe('client');
    expect(hit.source).toEqual({ file: 'client.c', line: ppc });
    expect(lab.output).not.toContain('server: call on channel');

    // Step over the call: the server runs (and prints) in between; the step ends on
    // the client's next line.
    const next = await stepLine(true);
    expect(next.reason.kind).toBe('step');
    expect(next.registers.thread).toBe('client');
    expect(next.source).toEqual({ file: 'client.c', line: ppc + 1 });
    expect(lab.output).toContain('server: call on channel 1 with 12');
    expect(lab.output).not.toContain('client: 12 squared');
    const printed = await stepLine(true);
    expect(printed.registers.thread).toBe('client');
    expect(lab.output).toContain('client: 12 squared is 144');
  });

  it('a line breakpoint at an address both images share stops only the PD whose file has the line', async () => {
    // The same code in both PDs: the same address in both images.
    const same = 'void init(void) {\n    microkit_dbg_puts("up\\n");\n}\nvoid notified(microkit_channel ch) {\n    (void)ch;\n}\n';
    const server = `#include <microkit.h>\nuintptr_t shared;\n${same}microkit_msginfo protected(microkit_channel ch, microkit_msginfo m) {\n    (void)ch;\n    return m;\n}\n`;
    const client = `#include <microkit.h>\nuintptr_t shared;\n${same}`;
    const files = [{ name: 'client.c', text: client }, { name: 'server.c', text: server }];
    const reset = await built(files);
    expect(reset.reason.kind).toBe('reset');
    const at = (image: string, file: string) => images.find((i) => i.image === image)!.lines.filter((l) => l.file === file && l.line === 4).map((l) => l.addr)[0];
    expect(at('client.elf', 'client.c')).toBe(at('server.elf', 'server.c'));
    const bps = await lab.request({ type: 'setBreakpoints', addresses: [], lines: [{ file: 'client.c', line: 4 }] }, 'breakpoints');
    expect(bps.addresses).toHaveLength(1);
    const hit = await lab.request({ type: 'run' }, 'stopped');
    expect(hit.reason.kind).toBe('breakpoint');
    expect(hit.registers.thread).toBe('client');
    expect(hit.source).toEqual({ file: 'client.c', line: 4 });
    // The server ran through the same address first (higher priority) and printed.
    expect(lab.output).toBe('up\n');
  });
});

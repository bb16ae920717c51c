// The Linux panel's state and actions against a recording transport (no DOM, no
// worker): a Linux scenario's builds and checks carry the chosen mode, a root-task
// scenario's do not; an upload is sent in the chosen mode and becomes the panel's
// program only when the worker says it loaded, a refusal keeps its reason and never
// touches the files; a mode change loads the uploaded binary again in that mode; an
// answer to an older comparison is ignored; the panel shows in a Linux scenario
// unless hidden, elsewhere when asked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchListener, LabEvent, LabRequest, LabTransport } from '../../src/shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../src/shared/protocol.ts';
import { build } from '../../src/ui/state/actions.ts';
import { loadExample } from '../../src/ui/state/files.ts';
import { applyBatch, connectLab, disconnectLab, sendCheck } from '../../src/ui/state/labClient.ts';
import { useLab } from '../../src/ui/state/store.ts';
import { compareModes, linuxPanelVisible, setMode, uploadFile } from '../../src/ui/panels/linux/linuxActions.ts';
import { linuxBuildField, useLinux } from '../../src/ui/panels/linux/linuxStore.ts';

let sent: LabRequest[] = [];
const transport: LabTransport = {
  send: (r) => { sent.push(r); },
  subscribe: (_l: BatchListener) => () => {},
  close: () => {},
};
const deliver = (...events: LabEvent[]) => applyBatch({ v: PROTOCOL_VERSION, events });
const last = <T extends LabRequest['type']>(type: T) => sent.filter((r) => r.type === type).at(-1) as Extract<LabRequest, { type: T }> | undefined;

function fakeFile(name: string, bytes: Uint8Array): File {
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer } as unknown as File;
}

beforeEach(() => {
  connectLab(transport);
  sent = [];
  useLinux.setState({ shown: null, mode: 'fault', source: 'editor', upload: null, pendingUpload: null, uploadError: null, stats: null, comparison: null, comparing: false, compareError: null, compareId: 0 });
});
afterEach(() => disconnectLab());

describe('the Linux panel', () => {
  it('sends the chosen mode with the builds and checks of a Linux scenario only', () => {
    loadExample('linux-compat');
    useLinux.setState({ mode: 'window' });
    expect(linuxBuildField()).toEqual({ linux: { mode: 'window' } });
    void build();
    expect(last('build')?.linux).toEqual({ mode: 'window' });
    sendCheck(useLab.getState().files);
    expect(last('check')?.linux).toEqual({ mode: 'window' });
    loadExample('hello-c');
    expect(linuxBuildField()).toEqual({});
    void build();
    expect(last('build')?.linux).toBeUndefined();
  });

  it('uploads in the chosen mode; the binary counts only once loaded, a refusal keeps the files', async () => {
    loadExample('linux-compat');
    const files = useLab.getState().files;
    useLinux.setState({ mode: 'patch' });
    await uploadFile(fakeFile('bad.txt', new TextEncoder().encode('not a program')));
    expect(last('loadLinux')).toMatchObject({ name: 'bad.txt', mode: 'patch' });
    expect(useLinux.getState().source).toBe('editor');
    deliver({ type: 'linuxLoaded', ok: false, name: 'bad.txt', mode: 'patch', error: 'not an ELF file (bad magic number)' });
    expect(useLinux.getState().uploadError).toEqual({ name: 'bad.txt', message: 'not an ELF file (bad magic number)' });
    expect(useLinux.getState().upload).toBeNull();
    expect(useLab.getState().files).toBe(files);

    const elf = Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1);
    await uploadFile(fakeFile('prog', elf));
    deliver({ type: 'linuxLoaded', ok: true, name: 'prog', mode: 'patch' });
    expect(useLinux.getState()).toMatchObject({ source: 'upload', uploadError: null });
    expect(useLinux.getState().upload?.name).toBe('prog');
    expect(useLab.getState().files).toBe(files);

    // Another mode: the same binary goes again, in that mode.
    sent = [];
    setMode('vcpu');
    const again = last('loadLinux');
    expect(again).toMatchObject({ name: 'prog', mode: 'vcpu' });
    expect([...again!.program]).toEqual([...elf]);
  });

  it('keeps only the answer to the latest comparison', async () => {
    loadExample('linux-compat');
    useLab.setState({ runState: 'ready', builtFiles: useLab.getState().files, builtSystem: useLab.getState().system });
    await compareModes();
    await compareModes();
    expect(sent.filter((r) => r.type === 'compare').map((r) => (r as { id: number }).id)).toEqual([1, 2]);
    const comparison = { program: 'ambiguous', baseline: { instructions: 1, problem: null }, rows: [] };
    deliver({ type: 'compareResult', id: 1, comparison });
    expect(useLinux.getState()).toMatchObject({ comparing: true, comparison: null });
    deliver({ type: 'compareResult', id: 2, comparison });
    expect(useLinux.getState()).toMatchObject({ comparing: false, comparison });
  });

  it('shows in a Linux scenario unless hidden, elsewhere when asked', () => {
    expect(linuxPanelVisible(null, true)).toBe(true);
    expect(linuxPanelVisible(null, false)).toBe(false);
    expect(linuxPanelVisible(false, true)).toBe(false);
    expect(linuxPanelVisible(true, false)).toBe(true);
  });
});

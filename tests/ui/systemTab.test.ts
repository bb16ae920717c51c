// The system description as an editor tab, in the store: a system-mode built-in
// brings its description, the tab opens and edits it (never the C files), edits mark
// the build dirty, a root-task scenario has none, and Reset to starter puts the
// scenario's back. UI state only (no DOM).
import { beforeEach, describe, expect, it } from 'vitest';
import { findBuiltin } from '../../src/scenarios/builtins.ts';
import { SYSTEM_FILE_NAME } from '../../src/shared/protocol.ts';
import { editorFiles, loadExample, openFile, setFileText, setSource } from '../../src/ui/state/files.ts';
import { selectDirty } from '../../src/ui/state/selectors.ts';
import { resetToStarter } from '../../src/ui/state/sharing.ts';
import { useLab } from '../../src/ui/state/store.ts';

const system = findBuiltin('microkit-hello')!.system!;

describe('the system description tab', () => {
  beforeEach(() => loadExample('microkit-hello'));

  it('comes with a system-mode built-in and opens like a file', () => {
    const s = useLab.getState();
    expect(s.system).toBe(system);
    expect(editorFiles(s.files, s.system).map((f) => f.name)).toEqual(['client.c', 'server.c', SYSTEM_FILE_NAME]);
    openFile(SYSTEM_FILE_NAME);
    expect(useLab.getState().fileName).toBe(SYSTEM_FILE_NAME);
    expect(useLab.getState().source).toBe(system);
  });

  it('edits the description, not the files, and the build is dirty until rebuilt with it', () => {
    const files = useLab.getState().files;
    useLab.setState({ builtFiles: files, builtSystem: system });
    expect(selectDirty(useLab.getState())).toBe(false);
    openFile(SYSTEM_FILE_NAME);
    setSource(system.replace('priority="100"', 'priority="150"'));
    expect(useLab.getState().system).toContain('priority="150"');
    expect(useLab.getState().source).toContain('priority="150"');
    expect(useLab.getState().files).toBe(files);
    expect(selectDirty(useLab.getState())).toBe(true);
    // The editor's change events for the description's model land there too.
    setFileText(SYSTEM_FILE_NAME, system);
    expect(useLab.getState().system).toBe(system);
    expect(selectDirty(useLab.getState())).toBe(false);
  });

  it('is put back by Reset to starter, and absent for a root task', () => {
    setFileText(SYSTEM_FILE_NAME, '<system/>');
    expect(resetToStarter(() => true)).toBe(true);
    expect(useLab.getState().system).toBe(system);
    loadExample('hello-c');
    expect(useLab.getState().system).toBeNull();
    openFile(SYSTEM_FILE_NAME);
    expect(useLab.getState().fileName).not.toBe(SYSTEM_FILE_NAME);
    setFileText(SYSTEM_FILE_NAME, '<system/>');
    expect(useLab.getState().system).toBeNull();
  });
});

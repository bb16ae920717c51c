// Keeps the work (all files, a system-mode scenario's .system description, the open
// one, the scenario and exercise step) across
// reloads and tab crashes in the browser's IndexedDB; every change is saved a
// moment after typing stops. UI layer. Work saved by earlier versions in
// localStorage is moved over once. When storage is unavailable (private mode) the
// lab starts from the starter and says nothing is kept. The theme and the speed stay
// in localStorage (one small word each, read before the first paint).

import type { SourceFile } from '../../shared/protocol.ts';
import { STARTER_SCENARIO, findBuiltin } from '../../scenarios/builtins.ts';
import { LIMITS, validateFiles, validateScenario, type Scenario } from '../../scenarios/format.ts';
import { registerTestHook } from '../app/testHooks.ts';
import { loadProject } from './files.ts';
import { useLab } from './store.ts';
import { SPEEDS } from './viewSlice.ts';

export const OLD_FILES_KEY = 'caplab.files.v1';
const OLDER_KEY = 'caplab.source.v1';
const THEME_KEY = 'caplab.theme';
const SPEED_KEY = 'caplab.speed';
const DB_NAME = 'caplab';
const STORE = 'work';
const RECORD = 'project';
const DELAY_MS = 300;

export interface SavedWork {
  version: 1;
  files: SourceFile[];
  active: string;
  scenarioId: string | null;
  /** The scenario (exercise and starter) of an imported project. */
  scenario?: Scenario;
  step: number;
  /** System mode: the .system description as edited (absent: a root task). */
  system?: string;
}

function readLocal(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function removeLocal(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // nothing to remove
  }
}

function writeLocal(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: the theme is not kept.
  }
}

let dbPromise: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
    req.onblocked = () => reject(new Error('IndexedDB blocked'));
  });
  return dbPromise;
}

function request<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return openDb().then((db) => new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result as T);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  }));
}

/** The saved work, checked like any other input (it may come from an older page). */
function asSaved(v: unknown): SavedWork | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Partial<SavedWork>;
  if (!Array.isArray(o.files) || o.files.length === 0 || validateFiles(o.files, 'files').length) return null;
  return {
    version: 1,
    files: o.files.map((f) => ({ name: f.name, text: f.text })),
    active: typeof o.active === 'string' ? o.active : o.files[0].name,
    scenarioId: typeof o.scenarioId === 'string' && findBuiltin(o.scenarioId) ? o.scenarioId : null,
    step: typeof o.step === 'number' && Number.isSafeInteger(o.step) && o.step >= 0 ? o.step : 0,
    ...(o.scenario !== undefined && validateScenario(o.scenario).ok ? { scenario: o.scenario } : {}),
    ...(typeof o.system === 'string' && o.system.length <= LIMITS.maxSystemBytes ? { system: o.system } : {}),
  };
}

/** What the localStorage of earlier versions holds, or null. */
function legacyWork(): SavedWork | null {
  const raw = readLocal(OLD_FILES_KEY);
  if (raw !== null) {
    try {
      const v = JSON.parse(raw) as { files?: unknown; active?: unknown };
      return asSaved({ files: v.files, active: v.active, scenarioId: null, step: 0 });
    } catch {
      return null;
    }
  }
  const old = readLocal(OLDER_KEY);
  return old === null ? null : asSaved({ files: [{ name: 'hello.s', text: old }], active: 'hello.s', scenarioId: null, step: 0 });
}

export async function readSavedWork(): Promise<SavedWork | null> {
  return asSaved(await request<unknown>('readonly', (s) => s.get(RECORD)));
}

function currentWork(): SavedWork {
  const s = useLab.getState();
  return {
    version: 1, files: s.files.map((f) => ({ name: f.name, text: f.text })), active: s.fileName, scenarioId: s.scenarioId, step: s.step,
    ...(s.scenarioId === null ? { scenario: s.scenario } : {}),
    ...(s.system !== null ? { system: s.system } : {}),
  };
}

/** What was last written (for the end-to-end tests: saving is asynchronous). */
const saveLog = { count: 0, lastJson: '' };

async function saveNow(): Promise<void> {
  const work = currentWork();
  await request('readwrite', (s) => s.put(work, RECORD));
  saveLog.count += 1;
  saveLog.lastJson = JSON.stringify(work);
}

function applySaved(w: SavedWork): void {
  const builtin = w.scenarioId === null ? undefined : findBuiltin(w.scenarioId);
  const scenario = builtin ?? w.scenario ?? STARTER_SCENARIO;
  // Work saved before the description was editable has none: the scenario's then.
  const system = scenario.mode === 'system' ? w.system ?? scenario.system ?? null : null;
  loadProject(w.files, w.active, system);
  useLab.setState({ scenarioId: w.scenarioId, scenario, step: w.step });
}

/** Restores the saved work (moving localStorage work over once), then saves every
 *  change. Resolves when the restore is done; `afterRestore` runs before the first
 *  save (the share link / ?scenario= of the address goes there). */
export async function installPersistence(afterRestore: () => Promise<void> = async () => undefined): Promise<() => void> {
  registerTestHook('saveLog', saveLog);
  if (readLocal(THEME_KEY) === 'dark') useLab.setState({ theme: 'dark' });
  const speed = Number(readLocal(SPEED_KEY) ?? '0');
  if (SPEEDS.includes(speed) && speed !== 0) useLab.setState({ speed });
  let storageOk = true;
  try {
    const saved = await readSavedWork();
    const legacy = saved ? null : legacyWork();
    if (saved) applySaved(saved);
    else if (legacy) {
      applySaved(legacy);
      await saveNow();
    }
    removeLocal(OLD_FILES_KEY);
    removeLocal(OLDER_KEY);
  } catch {
    storageOk = false;
    const legacy = legacyWork();
    if (legacy) applySaved(legacy);
  }
  await afterRestore();
  useLab.setState({ restored: true });
  if (!storageOk && !useLab.getState().notice) {
    useLab.setState({ notice: { kind: 'info', title: 'This browser does not let the lab keep your work (storage is off).', details: ['Use Export to keep a copy of your files.'] } });
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (storageOk) void saveNow().catch(() => undefined);
  };
  const unsubscribe = useLab.subscribe((s, prev) => {
    if (s.theme !== prev.theme) writeLocal(THEME_KEY, s.theme);
    if (s.speed !== prev.speed) writeLocal(SPEED_KEY, String(s.speed));
    if (s.files === prev.files && s.system === prev.system && s.fileName === prev.fileName && s.step === prev.step && s.scenario === prev.scenario) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DELAY_MS);
  });
  // A tab being closed or hidden saves at once (the debounce would lose the last keys).
  const onHide = () => {
    if (timer) flush();
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
    window.removeEventListener('pagehide', onHide);
    document.removeEventListener('visibilitychange', onHide);
  };
}

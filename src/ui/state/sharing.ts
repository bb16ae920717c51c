// Share links, scenario files and the address bar: Share (encode the work into
// the URL's #s=… and copy it), Export/Import of .caplab.json files, opening
// ?scenario=ID or #s=… at start-up, and Reset to starter. UI layer. Whatever
// comes in is decoded and validated first (src/scenarios); on any problem the
// notice banner says why and the student's work is left exactly as it was.

import { builtinStarter, builtinSystem, findBuiltin } from '../../scenarios/builtins.ts';
import { decodeShare, encodeShare, SHARE_COMFORT_CHARS, SHARE_PREFIX } from '../../scenarios/codec.ts';
import type { Scenario } from '../../scenarios/format.ts';
import { loadScenarioText, scenarioFileText, SCENARIO_FILE_SUFFIX } from '../../scenarios/loader.ts';
import { loadExample, loadProject } from './files.ts';
import type { Notice } from './scenarioSlice.ts';
import { useLab } from './store.ts';

function notify(notice: Notice | null): void {
  useLab.setState({ notice });
}

export function dismissNotice(): void {
  notify(null);
}

/** Builds the share link for the current work, puts it in the address bar and
 *  copies it. Above SHARE_COMFORT_CHARS it says so and offers Export instead. */
export async function share(): Promise<void> {
  const s = useLab.getState();
  const hash = await encodeShare(
    { ...(s.scenarioId !== null ? { scenarioId: s.scenarioId } : {}), files: s.files, step: s.step, active: s.fileName, ...(s.system !== null ? { system: s.system } : {}) },
    builtinStarter,
    builtinSystem,
  );
  const url = `${location.origin}${location.pathname}${location.search}${hash}`;
  history.replaceState(null, '', hash);
  // The link is shown at once; copying may wait on a permission prompt.
  useLab.setState({ share: { url, length: url.length, copied: false } });
  void navigator.clipboard?.writeText(url).then(
    () => {
      if (useLab.getState().share?.url === url) useLab.setState({ share: { url, length: url.length, copied: true } });
    },
    () => undefined,
  );
  if (url.length > SHARE_COMFORT_CHARS) {
    notify({
      kind: 'info',
      title: `This link is ${url.length.toLocaleString('en')} characters long, too long for most chat messages (the lab aims for under ${SHARE_COMFORT_CHARS.toLocaleString('en')}).`,
      details: ['Export the scenario as a file and send the file instead.'],
      offerExport: true,
    });
  } else if (useLab.getState().notice?.offerExport) notify(null);
}

export function closeShare(): void {
  useLab.setState({ share: null });
}

/** The current work as a scenario (v1): the files (and the system description) as
 *  they are now, the exercise of the scenario they started from. */
export function currentScenario(): Scenario {
  const s = useLab.getState();
  const base = s.scenario;
  const files = s.files.map((f) => ({ name: f.name, text: f.text }));
  return { ...base, files, ...(base.mode === 'system' && s.system !== null ? { system: s.system } : {}) };
}

export function exportScenario(): void {
  const scenario = currentScenario();
  const blob = new Blob([scenarioFileText(scenario)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${scenario.id}${SCENARIO_FILE_SUFFIX}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Opens a scenario file; a file that does not validate changes nothing. */
export async function importScenarioFile(file: File): Promise<boolean> {
  if (file.size > 2 * 1024 * 1024) {
    notify({ kind: 'error', title: `${file.name} could not be opened: your work is unchanged.`, details: [`the file is too large (${Math.round(file.size / 1024)} KiB)`] });
    return false;
  }
  const r = loadScenarioText(await file.text());
  if (!r.ok) {
    notify({ kind: 'error', title: `${file.name} is not a scenario this lab can open: your work is unchanged.`, details: r.errors.slice(0, 8) });
    return false;
  }
  const sc = r.scenario;
  loadProject(sc.files.map((f) => ({ name: f.name, text: f.text })), undefined, sc.mode === 'system' ? sc.system ?? null : null);
  useLab.setState({ scenarioId: null, scenario: sc, step: 0, share: null });
  notify({ kind: 'info', title: `Opened ${sc.title} from ${file.name}.`, details: [] });
  return true;
}

/** Replaces the files with the scenario's starter after asking. */
export function resetToStarter(ask: (question: string) => boolean = (q) => window.confirm(q)): boolean {
  const s = useLab.getState();
  if (!ask(`Replace all your files with the starter of "${s.scenario.title}"? Your changes to the files will be lost.`)) return false;
  if (s.scenarioId !== null && findBuiltin(s.scenarioId)) loadExample(s.scenarioId);
  else {
    loadProject(s.scenario.files.map((f) => ({ name: f.name, text: f.text })), undefined, s.scenario.mode === 'system' ? s.scenario.system ?? null : null);
    useLab.setState({ step: 0 });
  }
  return true;
}

/** Drops ?scenario= and #s= from the address (so a reload keeps the work as it is
 *  now rather than opening the link again). */
function cleanAddress(): void {
  const u = new URL(location.href);
  u.searchParams.delete('scenario');
  u.hash = '';
  history.replaceState(null, '', `${u.pathname}${u.search}`);
}

/** Opening a link replaces the project: when the student has changed it, ask. */
function mayReplace(what: string, ask: (q: string) => boolean): boolean {
  const s = useLab.getState();
  const sameSystem = s.system === (s.scenario.mode === 'system' ? s.scenario.system ?? null : null);
  const untouched = sameSystem && s.files.length === s.scenario.files.length && s.files.every((f, i) => f.name === s.scenario.files[i].name && f.text === s.scenario.files[i].text);
  if (untouched || ask(`Open ${what}? It replaces your current files (Cancel keeps them; Export saves a copy).`)) return true;
  notify({ kind: 'info', title: `Kept your work; ${what} was not opened.`, details: [] });
  return false;
}

/** At start-up, after the saved work is restored: opens `#s=…` or `?scenario=ID`. */
export async function openFromAddress(ask: (q: string) => boolean = (q) => window.confirm(q)): Promise<void> {
  const hash = location.hash;
  const id = new URLSearchParams(location.search).get('scenario');
  if (hash.startsWith(SHARE_PREFIX)) {
    const r = await decodeShare(hash, builtinStarter);
    if (!r.ok) {
      notify({ kind: 'error', title: 'This share link could not be opened: your work is unchanged.', details: [r.error] });
    } else if (mayReplace('the shared work of this link', ask)) {
      const st = r.state;
      const scenario = st.scenarioId !== undefined ? findBuiltin(st.scenarioId) : undefined;
      // A built-in's description unless the link changed it; a link without a scenario
      // id is a system project only when it carries one.
      const system = st.system ?? (scenario?.mode === 'system' ? scenario.system ?? null : null);
      loadProject(st.files, st.active, system);
      useLab.setState({ scenarioId: st.scenarioId ?? null, ...(scenario ? { scenario } : {}), step: st.step, share: null });
      notify({ kind: 'info', title: 'Opened the shared work from the link.', details: [] });
    }
    cleanAddress();
    return;
  }
  if (id !== null) {
    const builtin = findBuiltin(id);
    if (builtin) {
      if (mayReplace(`the scenario "${builtin.title}"`, ask)) loadExample(id);
    }
    else notify({ kind: 'error', title: `There is no built-in scenario called "${id.slice(0, 64)}": your work is unchanged.`, details: [] });
    cleanAddress();
  }
}

/** A share link pasted into the address bar of an open lab opens; an edit after
 *  Share takes the (now old) link out of the address bar, so a reload keeps the
 *  edit. */
export function installAddressListeners(): () => void {
  const onHash = () => {
    if (location.hash.startsWith(SHARE_PREFIX)) void openFromAddress();
  };
  window.addEventListener('hashchange', onHash);
  const unsubscribe = useLab.subscribe((s, prev) => {
    if (s.files === prev.files && s.system === prev.system && s.step === prev.step) return;
    if (location.hash.startsWith(SHARE_PREFIX)) cleanAddress();
    if (s.share) useLab.setState({ share: null });
  });
  return () => {
    window.removeEventListener('hashchange', onHash);
    unsubscribe();
  };
}

// The scenario format, version 1: a lab exercise as data (the system, the component
// sources, the exercise text with steps and hints, and checks), and its hand-written
// validator. Scenarios layer (no DOM). Documented in docs/scenarios.md; every error
// names a JSON path and says what is wrong in plain words.

import { parseCountWhat, THREAD_STATES } from './checks.ts';

export const SCENARIO_VERSION = 1;

export const LIMITS = {
  maxFiles: 32,
  maxFileBytes: 64 * 1024,
  maxTotalBytes: 256 * 1024,
  maxSystemBytes: 64 * 1024,
  maxTextBytes: 32 * 1024,
  maxSteps: 50,
  maxHints: 20,
  maxChecks: 50,
  maxShortText: 200,
} as const;

/** 'linux': the files are a Linux program (C, --target linux) run under the
 *  Linux-compatibility component; the page opens its Linux panel (issue 7). */
export type ScenarioMode = 'root-task' | 'system' | 'linux';

export interface ScenarioFile {
  name: string;
  text: string;
  readOnly?: boolean;
}

export type Check =
  | { kind: 'serialContains'; text: string }
  | { kind: 'serialMatches'; pattern: string; flags?: string }
  | { kind: 'holdsCap'; thread: string; capType: string; slot?: number; rights?: string; badge?: number; absent?: boolean }
  | { kind: 'threadState'; thread: string; state: string }
  | { kind: 'count'; what: string; min?: number; max?: number }
  | { kind: 'ipcBetween'; from: string; to: string; min?: number }
  | { kind: 'instructionBudget'; max: number };

export type CheckKind = Check['kind'];

export interface ExerciseStep {
  title: string;
  instructions: string;
  hints: string[];
  checks: Check[];
}

export interface Exercise {
  instructions: string;
  steps: ExerciseStep[];
}

export interface Scenario {
  id: string;
  version: 1;
  title: string;
  summary: string;
  mode: ScenarioMode;
  /** Microkit-style .system XML (mode 'system'); checked by the loader, not here. */
  system?: string;
  files: ScenarioFile[];
  exercise: Exercise;
}

export interface FormatError {
  /** JSON path of the offending value, e.g. "files[2].name" ("" for the whole). */
  path: string;
  message: string;
}

/** "files[2].name: must end in .c, .s or .h" */
export function describeError(e: FormatError): string {
  return e.path ? `${e.path}: ${e.message}` : e.message;
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const FILE_EXT = /\.(c|s|S|h)$/;

type Obj = Record<string, unknown>;

class Collector {
  errors: FormatError[] = [];
  add(path: string, message: string): void {
    if (this.errors.length < 50) this.errors.push({ path, message });
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

function kb(n: number): string {
  return `${Math.round(n / 1024)} KiB`;
}

function str(c: Collector, o: Obj, key: string, path: string, opts: { required?: boolean; max?: number; nonEmpty?: boolean } = {}): string | undefined {
  const p = join(path, key);
  const v = o[key];
  if (v === undefined) {
    if (opts.required !== false) c.add(p, 'is missing (a string)');
    return undefined;
  }
  if (typeof v !== 'string') {
    c.add(p, 'must be a string');
    return undefined;
  }
  if (opts.nonEmpty && v.trim() === '') c.add(p, 'must not be empty');
  const max = opts.max ?? LIMITS.maxTextBytes;
  if (v.length > max) c.add(p, `is too long (${v.length} characters; at most ${max})`);
  return v;
}

function arr(c: Collector, o: Obj, key: string, path: string, max: number, what: string): unknown[] | undefined {
  const p = join(path, key);
  const v = o[key];
  if (v === undefined) {
    c.add(p, `is missing (a list of ${what})`);
    return undefined;
  }
  if (!Array.isArray(v)) {
    c.add(p, `must be a list of ${what}`);
    return undefined;
  }
  if (v.length > max) {
    c.add(p, `has too many ${what} (${v.length}; at most ${max})`);
    return undefined;
  }
  return v;
}

function unknownKeys(c: Collector, o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) c.add(join(path, k), 'is not a field of this object');
}

function intField(c: Collector, o: Obj, key: string, path: string, required: boolean): void {
  const v = o[key];
  if (v === undefined) {
    if (required) c.add(join(path, key), 'is missing (a whole number)');
    return;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) c.add(join(path, key), 'must be a whole number, 0 or more');
}

/** Names of the required string fields and optional number fields of each check. */
const CHECK_FIELDS: Record<CheckKind, { strings: string[]; optStrings?: string[]; ints?: string[]; optInts?: string[]; optBools?: string[] }> = {
  serialContains: { strings: ['text'] },
  serialMatches: { strings: ['pattern'], optStrings: ['flags'] },
  holdsCap: { strings: ['thread', 'capType'], optStrings: ['rights'], optInts: ['slot', 'badge'], optBools: ['absent'] },
  threadState: { strings: ['thread', 'state'] },
  count: { strings: ['what'], optInts: ['min', 'max'] },
  ipcBetween: { strings: ['from', 'to'], optInts: ['min'] },
  instructionBudget: { strings: [], ints: ['max'] },
};

function checkCheck(c: Collector, v: unknown, path: string): void {
  if (!isObj(v)) return c.add(path, 'must be an object with a "kind"');
  const kind = v.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(CHECK_FIELDS, kind)) {
    return c.add(join(path, 'kind'), `must be one of ${Object.keys(CHECK_FIELDS).join(', ')}`);
  }
  const spec = CHECK_FIELDS[kind as CheckKind];
  for (const k of spec.strings) str(c, v, k, path, { max: LIMITS.maxShortText * 5, nonEmpty: true });
  for (const k of spec.optStrings ?? []) str(c, v, k, path, { required: false, max: LIMITS.maxShortText });
  for (const k of spec.ints ?? []) intField(c, v, k, path, true);
  for (const k of spec.optInts ?? []) intField(c, v, k, path, false);
  for (const k of spec.optBools ?? []) if (v[k] !== undefined && typeof v[k] !== 'boolean') c.add(join(path, k), 'must be true or false');
  unknownKeys(c, v, ['kind', ...spec.strings, ...(spec.optStrings ?? []), ...(spec.ints ?? []), ...(spec.optInts ?? []), ...(spec.optBools ?? [])], path);
  checkCheckValues(c, v, path);
  if (kind === 'serialMatches' && typeof v.pattern === 'string') {
    const flags = typeof v.flags === 'string' ? v.flags : '';
    if (!/^[imsu]*$/.test(flags)) c.add(join(path, 'flags'), 'may only contain the letters i, m, s, u');
    else {
      try {
        new RegExp(v.pattern, flags);
      } catch {
        c.add(join(path, 'pattern'), 'is not a valid regular expression');
      }
    }
  }
}

/** The values a check's fields may take (names of cap types, thread states, count categories, rights). */
function checkCheckValues(c: Collector, v: Obj, path: string): void {
  if (v.kind === 'count' && typeof v.what === 'string') {
    const w = parseCountWhat(v.what);
    if (typeof w === 'string') c.add(join(path, 'what'), w);
  }
  if (v.kind === 'threadState' && typeof v.state === 'string' && !(THREAD_STATES as readonly string[]).includes(v.state)) {
    c.add(join(path, 'state'), `must be one of ${THREAD_STATES.join(', ')}`);
  }
  if (v.kind === 'holdsCap' && typeof v.capType === 'string' && !CAP_TYPES.includes(v.capType)) {
    c.add(join(path, 'capType'), `must be one of ${CAP_TYPES.join(', ')}`);
  }
  if (v.kind === 'holdsCap' && typeof v.rights === 'string' && !/^[R-][W-][G-][g-]$/.test(v.rights)) {
    c.add(join(path, 'rights'), 'must be four letters in the order R W G g, with - for a right left out (e.g. "RW--")');
  }
}

const CAP_TYPES = ['untyped', 'endpoint', 'notification', 'cnode', 'tcb', 'reply', 'irqControl', 'irqHandler', 'domain', 'asidControl', 'asidPool', 'frame', 'pageTable', 'vspace'];

function checkStep(c: Collector, v: unknown, path: string): void {
  if (!isObj(v)) return c.add(path, 'must be an object (a step)');
  str(c, v, 'title', path, { max: LIMITS.maxShortText, nonEmpty: true });
  str(c, v, 'instructions', path);
  const hints = arr(c, v, 'hints', path, LIMITS.maxHints, 'hints');
  hints?.forEach((h, i) => {
    if (typeof h !== 'string') c.add(`${join(path, 'hints')}[${i}]`, 'must be a string');
    else if (h.length > LIMITS.maxTextBytes) c.add(`${join(path, 'hints')}[${i}]`, `is too long (${h.length} characters; at most ${LIMITS.maxTextBytes})`);
  });
  const checks = arr(c, v, 'checks', path, LIMITS.maxChecks, 'checks');
  checks?.forEach((x, i) => checkCheck(c, x, `${join(path, 'checks')}[${i}]`));
  unknownKeys(c, v, ['title', 'instructions', 'hints', 'checks'], path);
}

/** Checks a list of files: names, duplicates, count and sizes. Used for scenarios
 *  and for shared states. */
export function validateFiles(v: unknown, path: string, errors: FormatError[] = []): FormatError[] {
  const c = new Collector();
  c.errors = errors;
  if (!Array.isArray(v)) {
    c.add(path, 'must be a list of files');
    return c.errors;
  }
  if (v.length > LIMITS.maxFiles) {
    c.add(path, `has too many files (${v.length}; at most ${LIMITS.maxFiles})`);
    return c.errors;
  }
  const seen = new Set<string>();
  let total = 0;
  v.forEach((f, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(f)) return c.add(p, 'must be an object with a name and a text');
    const name = str(c, f, 'name', p, { max: 64 });
    if (name !== undefined) {
      if (!FILE_EXT.test(name)) c.add(`${p}.name`, 'must end in .c, .s or .h');
      else if (!FILE_NAME.test(name)) c.add(`${p}.name`, 'may only contain letters, digits, _ . and - (no spaces or slashes)');
      else if (seen.has(name)) c.add(`${p}.name`, `repeats the file name ${name}`);
      seen.add(name);
    }
    const text = f.text;
    if (typeof text !== 'string') c.add(`${p}.text`, text === undefined ? 'is missing (a string)' : 'must be a string');
    else {
      const n = utf8Bytes(text);
      total += n;
      if (n > LIMITS.maxFileBytes) c.add(`${p}.text`, `is too large (${kb(n)}; a file may have at most ${kb(LIMITS.maxFileBytes)})`);
    }
    if (f.readOnly !== undefined && typeof f.readOnly !== 'boolean') c.add(`${p}.readOnly`, 'must be true or false');
    unknownKeys(c, f, ['name', 'text', 'readOnly'], p);
  });
  if (total > LIMITS.maxTotalBytes) c.add(path, `are too large together (${kb(total)}; at most ${kb(LIMITS.maxTotalBytes)})`);
  return c.errors;
}

/** Validates an already-parsed JSON value as a scenario. Errors are listed in
 *  document order (at most 50). */
export function validateScenario(v: unknown): { ok: true; value: Scenario } | { ok: false; errors: FormatError[] } {
  const c = new Collector();
  if (!isObj(v)) {
    c.add('', 'a scenario must be a JSON object');
    return { ok: false, errors: c.errors };
  }
  if (v.version === undefined) c.add('version', 'is missing (this lab reads version 1)');
  else if (v.version !== SCENARIO_VERSION) {
    c.add('version', typeof v.version === 'number' && v.version > SCENARIO_VERSION
      ? `is ${v.version}, newer than this lab understands (version 1): update the page`
      : 'must be 1');
    return { ok: false, errors: c.errors };
  }
  const id = str(c, v, 'id', '', { max: 64 });
  if (id !== undefined && !ID.test(id)) c.add('id', 'must be lower-case letters, digits and -, starting with a letter or digit (at most 64)');
  str(c, v, 'title', '', { max: LIMITS.maxShortText, nonEmpty: true });
  str(c, v, 'summary', '', { max: LIMITS.maxShortText * 5 });
  const mode = v.mode;
  if (mode === undefined) c.add('mode', 'is missing ("root-task", "system" or "linux")');
  else if (mode !== 'root-task' && mode !== 'system' && mode !== 'linux') c.add('mode', 'must be "root-task", "system" or "linux"');
  const system = str(c, v, 'system', '', { required: mode === 'system', max: LIMITS.maxSystemBytes });
  if (mode !== 'system' && system !== undefined) c.add('system', 'is only used in mode "system"');
  if (v.files === undefined) c.add('files', 'is missing (a list of files)');
  else {
    validateFiles(v.files, 'files', c.errors);
    if (Array.isArray(v.files) && v.files.length === 0) c.add('files', 'must have at least one file');
  }
  const ex = v.exercise;
  if (ex === undefined) c.add('exercise', 'is missing (an object with instructions and steps)');
  else if (!isObj(ex)) c.add('exercise', 'must be an object with instructions and steps');
  else {
    str(c, ex, 'instructions', 'exercise');
    const steps = arr(c, ex, 'steps', 'exercise', LIMITS.maxSteps, 'steps');
    steps?.forEach((s, i) => checkStep(c, s, `exercise.steps[${i}]`));
    unknownKeys(c, ex, ['instructions', 'steps'], 'exercise');
  }
  unknownKeys(c, v, ['id', 'version', 'title', 'summary', 'mode', 'system', 'files', 'exercise'], '');
  if (c.errors.length) return { ok: false, errors: c.errors };
  return { ok: true, value: v as unknown as Scenario };
}

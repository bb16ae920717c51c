// Share links: the lab's whole state (which built-in it started from, the files, a
// system-mode scenario's .system description, the exercise step) as `#s=v1.<base64url(deflate-raw(JSON))>`, and back. Scenarios
// layer (no DOM; CompressionStream exists in Node 20 and Chromium). Decoding never
// throws and never runs anything: every bad input becomes a plain-words error.

import { SYSTEM_FILE_NAME } from '../shared/protocol.ts';
import { describeError, LIMITS, validateFiles, type ScenarioFile } from './format.ts';

export const SHARE_PREFIX = '#s=';
export const SHARE_VERSION = 'v1';
/** Links longer than this do not fit in a chat message: offer a file instead. */
export const SHARE_COMFORT_CHARS = 2000;
/** Longest hash fragment decode looks at (compressed, so well above any real state). */
export const MAX_ENCODED_CHARS = 400_000;
/** Decompressed JSON larger than this is refused while inflating (a "zip bomb"). */
export const MAX_JSON_BYTES = LIMITS.maxTotalBytes * 2 + 64 * 1024;

export interface ShareState {
  /** The built-in scenario the work started from (files then hold only the changes). */
  scenarioId?: string;
  files: ScenarioFile[];
  /** The exercise step the student is on (0-based). */
  step: number;
  /** The file open in the editor. */
  active?: string;
  /** System mode: the .system description (with a scenario id, carried only when it
   *  differs from the built-in's; absent after decoding: the built-in's, unchanged). */
  system?: string;
}

/** What the link carries: with a scenario id, only what differs from its starter. */
interface Payload {
  id?: string;
  files: ScenarioFile[];
  /** Starter files the student deleted (with an id). */
  removed?: string[];
  /** Tab order of the names, when it differs from the starter's (with an id). */
  order?: string[];
  step: number;
  active?: string;
  system?: string;
}

export type StarterLookup = (id: string) => readonly ScenarioFile[] | undefined;
/** A built-in's .system description (undefined: a root-task scenario, or none such). */
export type SystemLookup = (id: string) => string | undefined;

export type DecodeResult = { ok: true; state: ShareState } | { ok: false; error: string };

// --- base64url ---------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((ch, i) => [ch, i]));

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

export function fromBase64Url(text: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  if (text.length % 4 === 1) return { ok: false, error: 'the link is cut off (its data has an impossible length)' };
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const v = INDEX.get(text[i]);
    if (v === undefined) return { ok: false, error: `the link's data has a character that does not belong there at position ${i + 1}` };
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return { ok: true, bytes: out };
}

// --- deflate-raw ---------------------------------------------------------------------

async function readAll(stream: ReadableStream<Uint8Array>, cap: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: 'too-large' | 'corrupt' }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > cap) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, error: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, error: 'corrupt' };
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes: out };
}

function streamOf(bytes: Uint8Array): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(new Uint8Array(bytes));
      controller.close();
    },
  });
}

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const r = await readAll(streamOf(bytes).pipeThrough<Uint8Array>(new CompressionStream('deflate-raw')), Number.MAX_SAFE_INTEGER);
  if (!r.ok) throw new Error('compression failed');
  return r.bytes;
}

/** Inflates, stopping as soon as the output passes `cap` bytes. */
export async function inflateRaw(bytes: Uint8Array, cap: number) {
  return readAll(streamOf(bytes).pipeThrough<Uint8Array>(new DecompressionStream('deflate-raw')), cap);
}

// --- encode --------------------------------------------------------------------------

function sameText(a: readonly ScenarioFile[], b: readonly ScenarioFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.text === b[i].text);
}

function payloadOf(state: ShareState, starter: readonly ScenarioFile[] | undefined, starterSystem: string | undefined): Payload {
  const base: Payload = { files: state.files.map((f) => ({ name: f.name, text: f.text })), step: state.step };
  if (state.active) base.active = state.active;
  if (state.system !== undefined) base.system = state.system;
  if (state.scenarioId === undefined || starter === undefined) return base;
  const byName = new Map(starter.map((f) => [f.name, f.text]));
  const p: Payload = { id: state.scenarioId, files: base.files.filter((f) => byName.get(f.name) !== f.text), step: state.step };
  if (state.system !== undefined && state.system !== starterSystem) p.system = state.system;
  const names = new Set(state.files.map((f) => f.name));
  const removed = starter.filter((f) => !names.has(f.name)).map((f) => f.name);
  if (removed.length) p.removed = removed;
  const kept = starter.filter((f) => names.has(f.name)).map((f) => f.name);
  const added = state.files.filter((f) => !byName.has(f.name)).map((f) => f.name);
  const natural = [...kept, ...added];
  const actual = state.files.map((f) => f.name);
  if (natural.join('/') !== actual.join('/')) p.order = actual;
  if (state.active && state.active !== state.files[0]?.name) p.active = state.active;
  return p;
}

/** `#s=v1.…` for `state`. With a scenario id, only the files (and the system
 *  description) that differ from that built-in's starter are carried. */
export async function encodeShare(state: ShareState, starterOf: StarterLookup = () => undefined, systemOf: SystemLookup = () => undefined): Promise<string> {
  const starter = state.scenarioId === undefined ? undefined : starterOf(state.scenarioId);
  const starterSystem = state.scenarioId === undefined ? undefined : systemOf(state.scenarioId);
  const json = JSON.stringify(payloadOf(state, starter, starterSystem));
  const packed = await deflateRaw(new TextEncoder().encode(json));
  return `${SHARE_PREFIX}${SHARE_VERSION}.${toBase64Url(packed)}`;
}

/** True when the two file lists are the same files, in the same order. */
export function sameFiles(a: readonly ScenarioFile[], b: readonly ScenarioFile[]): boolean {
  return sameText(a, b);
}

// --- decode --------------------------------------------------------------------------

const fail = (error: string): DecodeResult => ({ ok: false, error });

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nameList(v: unknown, field: string): { ok: true; names: string[] } | { ok: false; error: string } {
  if (v === undefined) return { ok: true, names: [] };
  if (!Array.isArray(v) || v.length > LIMITS.maxFiles || !v.every((n) => typeof n === 'string' && n.length <= 64)) {
    return { ok: false, error: `${field}: must be a list of at most ${LIMITS.maxFiles} file names` };
  }
  return { ok: true, names: v as string[] };
}

function resolve(p: Record<string, unknown>, starterOf: StarterLookup): DecodeResult {
  const allowed = ['id', 'files', 'removed', 'order', 'step', 'active', 'system'];
  const extra = Object.keys(p).find((k) => !allowed.includes(k));
  if (extra !== undefined) return fail(`${extra}: is not a field of a shared state`);
  const fileErrors = validateFiles(p.files, 'files');
  if (fileErrors.length) return fail(describeError(fileErrors[0]));
  const step = p.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0 || step > LIMITS.maxSteps) return fail(`step: must be a whole number from 0 to ${LIMITS.maxSteps}`);
  if (p.active !== undefined && typeof p.active !== 'string') return fail('active: must be a file name');
  if (p.system !== undefined && typeof p.system !== 'string') return fail('system: must be the text of a system description');
  if (typeof p.system === 'string' && p.system.length > LIMITS.maxSystemBytes) return fail(`system: is too long (${p.system.length} characters; at most ${LIMITS.maxSystemBytes})`);
  const removed = nameList(p.removed, 'removed');
  if (!removed.ok) return fail(removed.error);
  const order = nameList(p.order, 'order');
  if (!order.ok) return fail(order.error);
  const files = (p.files as ScenarioFile[]).map((f) => ({ name: f.name, text: f.text }));
  let all = files;
  let scenarioId: string | undefined;
  if (p.id !== undefined) {
    if (typeof p.id !== 'string') return fail('id: must be the name of a built-in scenario');
    const starter = starterOf(p.id);
    if (!starter) return fail(`this link is for the scenario "${p.id.slice(0, 64)}", which this lab does not have`);
    scenarioId = p.id;
    const changed = new Map(files.map((f) => [f.name, f.text]));
    const gone = new Set(removed.names);
    const kept = starter.filter((f) => !gone.has(f.name)).map((f) => ({ name: f.name, text: changed.get(f.name) ?? f.text }));
    const starterNames = new Set(starter.map((f) => f.name));
    all = [...kept, ...files.filter((f) => !starterNames.has(f.name))];
    if (order.names.length) {
      const byName = new Map(all.map((f) => [f.name, f]));
      if (order.names.length !== all.length || !order.names.every((n) => byName.has(n))) return fail('order: does not list the same files');
      all = order.names.map((n) => byName.get(n)!);
    }
  }
  if (all.length === 0) return fail('files: the shared project has no files');
  const total = validateFiles(all, 'files');
  if (total.length) return fail(describeError(total[0]));
  const system = typeof p.system === 'string' ? { system: p.system } : {};
  const active = typeof p.active === 'string' && (all.some((f) => f.name === p.active) || p.active === SYSTEM_FILE_NAME) ? p.active : all[0].name;
  return { ok: true, state: { ...(scenarioId !== undefined ? { scenarioId } : {}), files: all, step, active, ...system } };
}

/** Reads a share link's hash (`#s=v1.…`, or the part after `#`). Never throws. */
export async function decodeShare(hash: string, starterOf: StarterLookup = () => undefined): Promise<DecodeResult> {
  try {
    return await decodeUnsafe(hash, starterOf);
  } catch {
    return fail('the link could not be read');
  }
}

async function decodeUnsafe(hash: string, starterOf: StarterLookup): Promise<DecodeResult> {
  if (typeof hash !== 'string') return fail('the link has no shared state');
  if (hash.length > MAX_ENCODED_CHARS) return fail(`the link is too long (${hash.length} characters; at most ${MAX_ENCODED_CHARS})`);
  const body = hash.startsWith(SHARE_PREFIX) ? hash.slice(SHARE_PREFIX.length) : hash.startsWith('s=') ? hash.slice(2) : null;
  if (body === null) return fail('the link has no shared state (it should contain #s=v1.…)');
  const dot = body.indexOf('.');
  const version = dot < 0 ? body : body.slice(0, dot);
  if (dot < 0 || !/^v\d{1,6}$/.test(version)) return fail('the link is damaged: it does not say which format it uses');
  if (version !== SHARE_VERSION) {
    return fail(Number(version.slice(1)) > 1 ? `the link uses format ${version.slice(0, 8)}, newer than this lab understands (v1): update the page` : `the link uses an unknown format ${version.slice(0, 8)}`);
  }
  const b64 = fromBase64Url(body.slice(dot + 1));
  if (!b64.ok) return fail(b64.error);
  if (b64.bytes.length === 0) return fail('the link is cut off (it carries no data)');
  const inflated = await inflateRaw(b64.bytes, MAX_JSON_BYTES);
  if (!inflated.ok) {
    return fail(inflated.error === 'too-large'
      ? `the link unpacks to more than ${Math.round(MAX_JSON_BYTES / 1024)} KiB, more than a scenario may hold`
      : 'the link is damaged or cut off (its data does not unpack)');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return fail('the link is damaged (its data is not text)');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('the link is damaged (its data is not valid JSON)');
  }
  if (!isObj(value)) return fail('the link is damaged (its data is not a shared state)');
  return resolve(value, starterOf);
}

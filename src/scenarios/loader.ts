// Reads a scenario file (.caplab.json) from its text: size cap, JSON, then the v1
// validator. Scenarios layer (no DOM). Never throws; the errors are plain sentences
// the page can show as they are. The .system XML is checked by the system loader
// that comes with the kernel model; here it is only a bounded string.

import { describeError, LIMITS, validateScenario, type Scenario } from './format.ts';

export const SCENARIO_FILE_SUFFIX = '.caplab.json';
export const MAX_SCENARIO_FILE_CHARS = LIMITS.maxTotalBytes * 2 + 256 * 1024;

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

export function loadScenarioText(text: string): LoadResult {
  if (typeof text !== 'string') return { ok: false, errors: ['the file is not text'] };
  if (text.length > MAX_SCENARIO_FILE_CHARS) {
    return { ok: false, errors: [`the file is too large (${Math.round(text.length / 1024)} KiB; a scenario file may have at most ${Math.round(MAX_SCENARIO_FILE_CHARS / 1024)} KiB)`] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof SyntaxError ? e.message.slice(0, 120) : 'unreadable';
    return { ok: false, errors: [`the file is not valid JSON (${detail})`] };
  }
  const r = validateScenario(value);
  return r.ok ? { ok: true, scenario: r.value } : { ok: false, errors: r.errors.map(describeError) };
}

/** The file text for `scenario` (pretty JSON, stable field order). */
export function scenarioFileText(scenario: Scenario): string {
  const { id, version, title, summary, mode, system, files, exercise } = scenario;
  return `${JSON.stringify({ id, version, title, summary, mode, ...(system !== undefined ? { system } : {}), files, exercise }, null, 2)}\n`;
}

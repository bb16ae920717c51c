// The sysroot's functions for the editor's hover: reads every function declaration
// (prototypes and static inline definitions) from the sysroot headers and joins it
// with its doc line (src/shared/apiDocs.ts). Worker layer, no DOM. Internal helpers
// (names starting with `__` other than __assert_fail, seL4_arm_*) are left out.

import { apiDoc } from '../shared/apiDocs.ts';
import type { ApiEntry } from '../shared/protocol.ts';

/** `[static inline] [_Noreturn] type name(params)` at the start of a line, then `;` or `{`. */
const DECLARATION = /^(?:extern\s+)?(?:static\s+inline\s+|inline\s+)?((?:_Noreturn\s+)?[A-Za-z_][\w\s]*?[\s*]+)([A-Za-z_]\w*)\s*\(((?:[^()]|\([^()]*\))*)\)\s*[;{]/;

function internal(name: string): boolean {
  return (name.startsWith('__') && name !== '__assert_fail') || name.startsWith('seL4_arm_');
}

export function declarationsOf(header: string, text: string): ApiEntry[] {
  const out: ApiEntry[] = [];
  for (const line of text.split('\n')) {
    const m = DECLARATION.exec(line);
    if (!m || internal(m[2]) || /^(?:return|if|while|for|switch|sizeof)\b/.test(m[1].trim())) continue;
    const type = m[1].replace(/\s+/g, ' ').trim();
    const signature = `${type}${type.endsWith('*') ? '' : ' '}${m[2]}(${m[3].replace(/\s+/g, ' ').trim()})`;
    out.push({ name: m[2], signature, header, doc: apiDoc(m[2]) });
  }
  return out;
}

/** Every documented-or-not function of the headers, first declaration wins, by name. */
export function apiEntries(headers: Readonly<Record<string, string>>): ApiEntry[] {
  const seen = new Map<string, ApiEntry>();
  for (const [header, text] of Object.entries(headers)) {
    for (const e of declarationsOf(header, text)) if (!seen.has(e.name)) seen.set(e.name, e);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

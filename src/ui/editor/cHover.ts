// Hover for C files: a libc or libsel4 function name shows its declaration (from the
// sysroot headers, sent by the machine worker), the header to include and one line of
// documentation. UI layer; the entries come from the store (apiEntries).

import type { ApiEntry } from '../../shared/protocol.ts';
import { useLab } from '../state/store.ts';
import { monaco } from './monacoSetup.ts';

let index: { from: ApiEntry[]; by: Map<string, ApiEntry> } = { from: [], by: new Map() };

function lookup(name: string): ApiEntry | undefined {
  const entries = useLab.getState().apiEntries;
  if (index.from !== entries) index = { from: entries, by: new Map(entries.map((e) => [e.name, e])) };
  return index.by.get(name);
}

export function hoverText(e: ApiEntry): monaco.IMarkdownString[] {
  const out: monaco.IMarkdownString[] = [{ value: '```c\n' + e.signature + '\n```' }];
  if (e.doc) out.push({ value: e.doc });
  out.push({ value: `*#include <${e.header}>*` });
  return out;
}

/** Registers the provider once for the 'c' language; returns its disposer. */
export function registerCHover(): monaco.IDisposable {
  return monaco.languages.registerHoverProvider('c', {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      const entry = word ? lookup(word.word) : undefined;
      if (!word || !entry) return null;
      return {
        range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
        contents: hoverText(entry),
      };
    },
  });
}

// The examples the Example menu offers: the built-in scenarios (src/scenarios/
// builtins.ts), each a whole project (its files in tab order). "C: hello" is the
// starter. UI layer.

import type { SourceFile } from '../../shared/protocol.ts';
import { BUILTINS, STARTER_SCENARIO } from '../../scenarios/builtins.ts';

export interface Example {
  id: string;
  label: string;
  files: SourceFile[];
}

export const EXAMPLES: readonly Example[] = BUILTINS.map((s) => ({
  id: s.id,
  label: s.title,
  files: s.files.map((f) => ({ name: f.name, text: f.text })),
}));

/** The project a first visit opens with. */
export const STARTER = EXAMPLES.find((e) => e.id === STARTER_SCENARIO.id)!;

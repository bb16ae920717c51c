// Builds the two program images of the Linux-compatibility component from its C
// and assembly sources (src/services/linux/, embedded in sources.gen.ts) with the
// lab's own toolchain: the fault-handler component (--target sel4: libsel4 and
// the lab's libc) and the in-process library (--target none, linked at
// LX_LIB_VA, entered by its gates). Built once per process and cached.
// Kernel layer (compat loader). Design: docs/linux-compat.md.
import { buildC } from '../../toolchain/ccdriver.ts';
import type { BuildResult } from '../../toolchain/build.ts';
import { SERVICE_SOURCES } from '../../services/sources.gen.ts';
import { LAYOUT } from './layout.ts';

const DIR = 'linux/';

function sources(names: string[]): Array<{ name: string; text: string }> {
  const headers = Object.keys(SERVICE_SOURCES).filter((p) => p.startsWith(DIR) && p.endsWith('.h'));
  return [...names, ...headers.map((h) => h.slice(DIR.length))].map((n) => {
    const text = SERVICE_SOURCES[DIR + n];
    if (text === undefined) throw new Error(`linux-compat: source ${n} is missing from src/services/linux`);
    return { name: n, text };
  });
}

function built(what: string, r: BuildResult): Uint8Array {
  if (r.ok && r.elf) return r.elf;
  const errors = r.diagnostics.filter((d) => d.severity === 'error').slice(0, 5).map((d) => `${d.file ?? '?'}:${d.line}:${d.column}: ${d.message}`);
  throw new Error(`linux-compat: the ${what} does not build: ${errors.join('; ') || 'link failed'}`);
}

let cache: { component: Uint8Array; library: Uint8Array } | null = null;

/** The component's and the in-process library's ELF images. */
export function compatImages(): { component: Uint8Array; library: Uint8Array } {
  if (cache) return cache;
  const component = built('component', buildC(sources(['compat.c', 'liblinux.c']), { target: 'sel4' }));
  const library = built('in-process library', buildC(sources(['inproc.c', 'liblinux.c', 'gate.s']), { target: 'none' }, { base: LAYOUT.LIB_VA, entry: 'lx_gate_common' }));
  cache = { component, library };
  return cache;
}

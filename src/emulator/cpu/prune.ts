// Dead-constant pruning for generated instruction code: semantics generators bind both
// halves of every operand (`const aL=r[2],aH=r[3];`) and 32-bit forms never read the high
// ones. Dropping unused pure declarators shrinks the source V8 parses and the bytecode the
// interpreter runs before a block is optimised. Emulator layer (JIT support).
// Cost matters (it runs on every translated instruction): identifiers are counted once
// and the counts updated as declarators are dropped, no per-name regular expressions.

/** Split `a=1,b=f(x,y)` at top-level commas. */
function declarators(list: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++; // ( [ {
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 0) { out.push(list.slice(start, i)); start = i + 1; }
  }
  out.push(list.slice(start));
  return out;
}

/** Initializers that call into the runtime or helpers may have effects: never dropped. */
const pure = (init: string): boolean => !/\b(m|H)\./.test(init);

/** Identifier-like words (number literals such as 0x1f start with a digit and are skipped;
 *  property names after a dot are counted too, which only makes pruning more conservative). */
const WORD = /[\w$]+/g;

function count(s: string, counts: Map<string, number>, delta: number): void {
  for (const w of s.match(WORD) ?? []) {
    const c = w.charCodeAt(0);
    if (c >= 48 && c <= 57) continue;
    counts.set(w, (counts.get(w) ?? 0) + delta);
  }
}

/** Remove `const` declarators (in `const ...;` statements) whose name is used nowhere else. */
export function pruneConsts(code: string): string {
  if (!code.includes('const ')) return code;
  const counts = new Map<string, number>();
  count(code, counts, 1);
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    code = code.replace(/const ([^;]*);/g, (_stmt, list: string) => {
      const keep = declarators(list).filter((d) => {
        const eq = d.indexOf('=');
        const name = d.slice(0, eq).trim();
        const init = d.slice(eq + 1);
        if (counts.get(name) !== 1 || !pure(init)) return true;
        count(d, counts, -1);
        changed = true;
        return false;
      });
      return keep.length ? `const ${keep.join(',')};` : '';
    });
    if (!changed) break;
  }
  return code;
}

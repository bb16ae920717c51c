// Dead-constant pruning for generated instruction code: semantics generators bind both
// halves of every operand (`const aL=r[2],aH=r[3];`) and 32-bit forms never read the high
// ones. Dropping unused pure declarators shrinks the source V8 parses and the bytecode the
// interpreter runs before a block is optimised. Emulator layer (JIT support).

/** Split `a=1,b=f(x,y)` at top-level commas. */
function declarators(list: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { out.push(list.slice(start, i)); start = i + 1; }
  }
  out.push(list.slice(start));
  return out;
}

/** Initializers that call into the runtime or helpers may have effects: never dropped. */
const pure = (init: string): boolean => !/\b(m|H)\./.test(init);

function uses(code: string, name: string): number {
  return code.match(new RegExp(`(?<![\\w$])${name}(?![\\w$])`, 'g'))?.length ?? 0;
}

/** Remove `const` declarators (in `const ...;` statements) whose name is used nowhere else. */
export function pruneConsts(code: string): string {
  for (let pass = 0; pass < 4; pass++) {
    let changed = false;
    code = code.replace(/const ([^;]*);/g, (_stmt, list: string) => {
      const keep = declarators(list).filter((d) => {
        const eq = d.indexOf('=');
        const name = d.slice(0, eq).trim();
        if (!pure(d.slice(eq + 1)) || uses(code, name) > 1) return true;
        changed = true;
        return false;
      });
      return keep.length ? `const ${keep.join(',')};` : '';
    });
    if (!changed) break;
  }
  return code;
}

// Builds every kernel conformance program (tests/kernel/conformance/*.c) with
// the lab's own toolchain (buildC, --target sel4, linked with conf_asm.s) and
// prints diagnostics and sizes. Test tooling; see docs/conformance.md.
// Usage: npx tsx tests/kernel/conformance/build-all.ts [name...]  (exit 1 on any error)
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConformance, CONFORMANCE_DIR } from './programs.ts';

function main(argv: string[]): number {
  const names = argv.length > 0 ? argv : readdirSync(CONFORMANCE_DIR).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
  let bad = 0;
  for (const name of names) {
    const t0 = performance.now();
    const r = buildConformance(name);
    const ms = Math.round(performance.now() - t0);
    for (const d of r.diagnostics) console.log(`  ${d.file ?? name}:${d.line ?? 0}:${d.column ?? 0}: ${d.severity}: ${d.message}`);
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${name}.c  ${r.elf ? `${r.elf.length} bytes` : 'no ELF'}  ${ms} ms`);
    if (!r.ok) bad++;
  }
  console.log(`build-all: ${names.length - bad}/${names.length} programs built`);
  return bad ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));

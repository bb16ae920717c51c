// Command-line option parsing for `caplab`: flags and valued options declared
// per command as data, positional arguments kept in order. CLI layer, Node only.
import { err, ok, type Result } from '../shared/result.ts';

export interface OptionSpec {
  /** Long name without dashes, e.g. "max-instructions". */
  name: string;
  /** Takes a value (`--name V` or `--name=V`), or is a boolean flag. */
  value?: 'number' | 'string';
  help: string;
}

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string | number>;
  positional: string[];
}

function parseValue(spec: OptionSpec, raw: string | undefined): Result<string | number, string> {
  if (raw === undefined) return err(`option --${spec.name} needs a value`);
  if (spec.value === 'number') {
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) return err(`option --${spec.name}: "${raw}" is not a non-negative integer`);
    return ok(n);
  }
  return ok(raw);
}

/** Parses argv against `specs`: options may come anywhere; everything after
 *  `--` is positional (the program's own arguments). */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): Result<ParsedArgs, string> {
  const out: ParsedArgs = { flags: new Set(), values: new Map(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '-') {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) return err(`unknown option ${a}`);
    if (!spec.value) {
      if (eq >= 0) return err(`option --${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    const v = parseValue(spec, eq >= 0 ? a.slice(eq + 1) : argv[++i]);
    if (!v.ok) return v;
    out.values.set(name, v.value);
  }
  return ok(out);
}

export function formatOptions(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => [`--${s.name}${s.value ? ` ${s.value === 'number' ? 'N' : 'VALUE'}` : ''}`, s.help]);
  const w = Math.max(0, ...rows.map((r) => r[0].length));
  return rows.map(([l, h]) => `  ${l.padEnd(w)}  ${h}`).join('\n');
}

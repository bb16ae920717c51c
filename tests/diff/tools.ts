// The Debian oracles the differential tests run (GNU as/ld/gcc for AArch64 and
// qemu-aarch64-static), found on PATH. Test helper. A missing tool is a failure
// naming the package to install, never a silent pass; CAPLAB_NO_ORACLES=1 opts
// out explicitly (the suites then report as skipped), as vitest.config.ts says.
import { spawnSync } from 'node:child_process';

export const TOOLS = {
  as: { cmd: 'aarch64-linux-gnu-as', pkg: 'binutils-aarch64-linux-gnu' },
  ld: { cmd: 'aarch64-linux-gnu-ld', pkg: 'binutils-aarch64-linux-gnu' },
  gcc: { cmd: 'aarch64-linux-gnu-gcc', pkg: 'gcc-aarch64-linux-gnu' },
  qemu: { cmd: 'qemu-aarch64-static', pkg: 'qemu-user-static' },
} as const;

export type ToolName = keyof typeof TOOLS;

export const oraclesOptedOut = process.env.CAPLAB_NO_ORACLES === '1';

/** Throws a readable error when a tool is not on PATH. */
export function requireTools(...names: ToolName[]): void {
  for (const n of names) {
    const t = TOOLS[n];
    const r = spawnSync(t.cmd, ['--version'], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      throw new Error(`oracle ${t.cmd} not found on PATH: install the Debian package ${t.pkg} (or set CAPLAB_NO_ORACLES=1 to skip oracle tests explicitly)`);
    }
  }
}

/** Runs a tool; throws with its stderr when it fails. */
export function runTool(name: ToolName, args: string[], opts: { cwd?: string; input?: string } = {}): string {
  const r = spawnSync(TOOLS[name].cmd, args, { encoding: 'utf8', cwd: opts.cwd, input: opts.input, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${TOOLS[name].cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${TOOLS[name].cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

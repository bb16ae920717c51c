// Runs `caplab` in-process with captured output (the same main() the binary
// runs), for the CLI and differential tests. Test helper.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/command.ts';

export interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

export async function caplab(argv: string[], interruptAfterMs?: number): Promise<Captured> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const chunk = (b: Uint8Array | string) => (typeof b === 'string' ? Buffer.from(b, 'latin1') : Buffer.from(b));
  const io: CliIo = {
    stdout: (b) => { out.push(chunk(b)); },
    stderr: (b) => { err.push(chunk(b)); },
    readFile: (p) => readFileSync(p),
    writeFile: (p, b) => { writeFileSync(p, b); },
    listDir: (p) => readdirSync(p, { withFileTypes: true }).map((d) => ({ name: d.name, isDir: d.isDirectory() })),
    onInterrupt(handler) {
      const t = interruptAfterMs === undefined ? undefined : setTimeout(handler, interruptAfterMs);
      return () => clearTimeout(t);
    },
  };
  const status = await main(argv, io);
  return { status, stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1') };
}

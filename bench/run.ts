// `npm run bench`: prints the CapLab figures as one JSON object, one key per
// figure group. Each group is a module in bench/sections/ exporting an async
// function returning its figures; later issues add groups to SECTIONS.
// `npm run bench -- linuxRun` runs only the named groups.
import { loadavg } from 'node:os';

type Section = () => Promise<Record<string, unknown>>;

/** Each group's module is imported only when it runs: some pull in heavy packages
 *  (vite, playwright) whose mere import slowed the IPC loop measured in the same
 *  process about fourfold (measured 2026-12-03: 540k -> 130k round trips/s). */
const SECTIONS: Record<string, Section> = {
  linuxRun: async () => (await import('./sections/linuxRun.ts')).linuxRun(),
  pause: async () => (await import('./sections/pauseLatency.ts')).pauseLatency(),
  ccQuality: async () => (await import('./sections/ccQuality.ts')).ccQuality(),
  toolchain: async () => (await import('./sections/toolchain.ts')).toolchainFigures(),
  ipc: async () => (await import('./sections/ipc.ts')).ipcRoundTrips(),
  views: async () => (await import('./sections/views.ts')).viewsFrameRate(),
  scenarios: async () => (await import('./sections/scenarios.ts')).scenarioFigures(),
  compat: async () => (await import('./sections/compat.ts')).compatFigures(),
};

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !(w in SECTIONS));
  if (unknown.length) {
    process.stderr.write(`bench: unknown section(s) ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}\n`);
    return 2;
  }
  const figures: Record<string, unknown> = { node: process.version, date: new Date().toISOString(), loadAverageAtStart: loadavg()[0] };
  let failed = false;
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stderr.write(`bench: ${name}...\n`);
    try {
      figures[name] = await run();
    } catch (e) {
      failed = true;
      figures[name] = { error: (e as Error).message };
    }
  }
  figures.loadAverageAtEnd = loadavg()[0];
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
  return failed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; });

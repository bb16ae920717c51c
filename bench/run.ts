// `npm run bench`: prints the CapLab figures as one JSON object, one key per
// figure group. Each group is a module in bench/sections/ exporting an async
// function returning its figures; later issues add groups to SECTIONS.
// `npm run bench -- linuxRun` runs only the named groups.
import { loadavg } from 'node:os';
import { linuxRun } from './sections/linuxRun.ts';
import { pauseLatency } from './sections/pauseLatency.ts';
import { ccQuality } from './sections/ccQuality.ts';
import { toolchainFigures } from './sections/toolchain.ts';
import { ipcRoundTrips } from './sections/ipc.ts';
import { viewsFrameRate } from './sections/views.ts';
import { scenarioFigures } from './sections/scenarios.ts';

type Section = () => Promise<Record<string, unknown>>;

const SECTIONS: Record<string, Section> = {
  linuxRun,
  pause: pauseLatency,
  ccQuality,
  toolchain: toolchainFigures,
  ipc: ipcRoundTrips,
  views: viewsFrameRate,
  scenarios: scenarioFigures,
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

// `caplab grade SCENARIO`: runs a scenario headless with a student's files (one
// folder, or a folder of submissions with one subfolder each), prints every
// check's result in words, optionally writes a JUnit XML report, and exits 1 when
// any check fails. SCENARIO is a built-in's id or a .caplab.json file. CLI layer.
import { builtinInput, builtinSolution, findBuiltin, BUILTINS } from '../scenarios/builtins.ts';
import type { Scenario, ScenarioFile } from '../scenarios/format.ts';
import { loadScenarioText } from '../scenarios/loader.ts';
import type { ParsedArgs } from './args.ts';
import { EXIT, type CliIo, type Command } from './command.ts';
import { mergeFiles, runScenario, type ScenarioRun } from './scenarioRun.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { MODES, type CompatMode } from '../kernel/compat/layout.ts';

/** File names a submission may contain (others in the folder are ignored and named). */
const SOURCE = /\.(c|s|S|h)$/;

interface Submission { name: string; files: ScenarioFile[]; ignored: string[] }
type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

function loadScenario(ref: string, io: CliIo): Loaded<Scenario> {
  const builtin = findBuiltin(ref);
  if (builtin) return { ok: true, value: builtin };
  let text: string;
  try {
    text = new TextDecoder().decode(io.readFile(ref));
  } catch {
    return { ok: false, error: `${ref}: neither a built-in scenario (${BUILTINS.map((b) => b.id).join(', ')}) nor a readable file` };
  }
  const r = loadScenarioText(text);
  return r.ok ? { ok: true, value: r.scenario } : { ok: false, error: `${ref}: ${r.errors.join('; ')}` };
}

function readSubmission(dir: string, name: string, io: CliIo): Loaded<Submission> {
  let entries: { name: string; isDir: boolean }[];
  try {
    entries = io.listDir(dir);
  } catch {
    return { ok: false, error: `${dir}: cannot read the folder` };
  }
  const files: ScenarioFile[] = [];
  const ignored: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDir || !SOURCE.test(e.name)) { ignored.push(e.name); continue; }
    files.push({ name: e.name, text: new TextDecoder().decode(io.readFile(`${dir}/${e.name}`)) });
  }
  return { ok: true, value: { name, files, ignored } };
}

/** `--reference`: the built-in's own reference solution, as one submission. */
function referenceSubmission(scenario: Scenario): Loaded<Submission[]> {
  const files = builtinSolution(scenario.id);
  if (!files) return { ok: false, error: `${scenario.id} has no reference solution (only the built-in tutorials have one)` };
  return { ok: true, value: [{ name: 'reference', files: [...files], ignored: [] }] };
}

function submissions(args: ParsedArgs, io: CliIo, scenario: Scenario): Loaded<Submission[]> {
  const one = args.values.get('solution');
  const many = args.values.get('submissions');
  const given = [one, many, args.flags.has('reference') || undefined].filter((v) => v !== undefined).length;
  if (given > 1) return { ok: false, error: 'give one of --solution DIR, --submissions DIR and --reference' };
  if (args.flags.has('reference')) return referenceSubmission(scenario);
  if (one !== undefined) {
    const s = readSubmission(String(one), String(one), io);
    return s.ok ? { ok: true, value: [s.value] } : s;
  }
  if (many === undefined) return { ok: true, value: [{ name: 'starter', files: [], ignored: [] }] };
  let dirs: string[];
  try {
    dirs = io.listDir(String(many)).filter((e) => e.isDir).map((e) => e.name).sort();
  } catch {
    return { ok: false, error: `${many}: cannot read the folder` };
  }
  if (dirs.length === 0) return { ok: false, error: `${many}: no submissions (it has no subfolders)` };
  const out: Submission[] = [];
  for (const d of dirs) {
    const s = readSubmission(`${many}/${d}`, d, io);
    if (!s.ok) return s;
    out.push(s.value);
  }
  return { ok: true, value: out };
}

function report(sub: Submission, run: ScenarioRun, io: CliIo): void {
  io.stdout(`== ${sub.name}: ${run.passed} passed, ${run.failed} failed\n`);
  if (sub.ignored.length) io.stdout(`   (ignored: ${sub.ignored.join(', ')})\n`);
  if (run.problem) io.stdout(`   ${run.problem}\n`);
  for (const step of run.steps) {
    io.stdout(`   ${step.title}\n`);
    for (const c of step.checks) io.stdout(`     ${c.ok ? 'PASS' : 'FAIL'}  ${c.wants}${c.ok ? '' : `: ${c.detail}`}\n`);
  }
}

const xml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one testsuite per submission, one testcase per check. */
export function junitXml(scenario: Scenario, results: { sub: Submission; run: ScenarioRun }[]): string {
  const suites = results.map(({ sub, run }) => {
    const cases = run.steps.flatMap((st) => st.checks.map((c) => {
      const name = xml(`${st.title}: ${c.wants}`);
      const failure = c.ok ? '' : `<failure message="${xml(c.detail)}"/>`;
      return `    <testcase classname="${xml(`${scenario.id}.${sub.name}`)}" name="${name}">${failure}</testcase>`;
    }));
    return `  <testsuite name="${xml(sub.name)}" tests="${run.passed + run.failed}" failures="${run.failed}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const total = results.reduce((n, r) => n + r.run.passed + r.run.failed, 0);
  const failed = results.reduce((n, r) => n + r.run.failed, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(scenario.id)}" tests="${total}" failures="${failed}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function parseLinuxMode(v: string | number | undefined): Result<CompatMode | undefined, string> {
  if (v === undefined) return ok(undefined);
  return MODES.includes(v as CompatMode) ? ok(v as CompatMode) : err(`--linux-mode takes one of ${MODES.join(', ')} (got "${String(v)}")`);
}

async function grade(args: ParsedArgs, io: CliIo): Promise<number> {
  const ref = args.positional[0];
  if (!ref) { io.stderr('caplab grade: missing SCENARIO (a built-in id or a .caplab.json file)\n'); return EXIT.cannotStart; }
  const scenario = loadScenario(ref, io);
  if (!scenario.ok) { io.stderr(`caplab grade: ${scenario.error}\n`); return EXIT.cannotStart; }
  const subs = submissions(args, io, scenario.value);
  if (!subs.ok) { io.stderr(`caplab grade: ${subs.error}\n`); return EXIT.cannotStart; }
  const max = args.values.get('max-instructions');
  const linuxMode = parseLinuxMode(args.values.get('linux-mode'));
  if (!linuxMode.ok) { io.stderr(`caplab grade: ${linuxMode.error}\n`); return EXIT.cannotStart; }
  const results = subs.value.map((sub) => {
    const run = runScenario(scenario.value, mergeFiles(scenario.value.files, sub.files), {
      maxInstructions: max === undefined || max === 0 ? undefined : Number(max),
      input: findBuiltin(scenario.value.id) === scenario.value ? builtinInput(scenario.value.id) : undefined,
      linuxMode: linuxMode.value,
    });
    report(sub, run, io);
    return { sub, run };
  });
  const failing = results.filter((r) => r.run.failed > 0).length;
  io.stdout(`grade: ${results.length - failing} of ${results.length} submission${results.length === 1 ? '' : 's'} passed every check\n`);
  const junit = args.values.get('junit');
  if (junit !== undefined) io.writeFile(String(junit), junitXml(scenario.value, results));
  return failing ? 1 : 0;
}

export const gradeCmd: Command = {
  name: 'grade',
  summary: 'run a scenario headless with a student\'s files and report each check',
  usage: 'grade SCENARIO [--solution DIR | --submissions DIR | --reference] [--junit FILE] [--max-instructions N] [--linux-mode MODE]',
  help: [
    'SCENARIO is a built-in scenario id (e.g. hello-c) or a .caplab.json file. The student\'s',
    '.c/.s/.S/.h files replace the scenario\'s files of the same name (and new ones are added).',
    'Without --solution or --submissions the scenario\'s own starter files are graded;',
    'with --reference, a built-in tutorial\'s reference solution. A built-in that expects',
    'typing on the serial console (sel4-interrupts) gets its text typed during the run.',
    '--submissions DIR grades every subfolder of DIR as one submission. Each check is printed',
    'as PASS or FAIL with what it wants and what happened; the exit status is 1 when any check',
    'of any submission fails, 2 when the scenario or a folder cannot be read.',
    'A Linux scenario (mode "linux") runs under linux-compat in --linux-mode (fault, window,',
    'patch or vcpu; default fault); grade each mode a step asks for separately.',
  ].join('\n'),
  options: [
    { name: 'solution', value: 'string', help: 'folder with one student\'s files' },
    { name: 'submissions', value: 'string', help: 'folder with one subfolder per student' },
    { name: 'reference', help: 'grade the built-in\'s reference solution' },
    { name: 'junit', value: 'string', help: 'also write a JUnit XML report to FILE' },
    { name: 'max-instructions', value: 'number', help: 'stop each run after N instructions (default 200,000,000)' },
    { name: 'linux-mode', value: 'string', help: 'mode "linux" scenarios: fault, window, patch or vcpu (default fault)' },
  ],
  run: grade,
};

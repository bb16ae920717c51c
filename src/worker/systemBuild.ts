// System mode's build and live check on the worker's side: parse the Microkit-style
// .system description (kernel/system/sdf.ts), then build each protection domain's
// program image from its <stem>.c/.s and the headers (--target microkit), as
// kernel/system/programs.ts does, but keeping every image's line table and symbols
// so the debugger can show source lines for whichever PD is on the CPU. Problems of
// the description are diagnostics of SYSTEM_FILE_NAME at their line and column.
// The live check does the same work short of booting (a description error, a
// missing PD source or a link error stays until its cause is fixed). Worker layer.
// docs/microkit.md "Program images".

import type { Diagnostic } from '../shared/diagnostic.ts';
import { formatDiagnostic } from '../shared/diagnostic.ts';
import { imageStem, sourcesOf } from '../kernel/system/programs.ts';
import { parseSystem, type SystemDesc } from '../kernel/system/sdf.ts';
import { SYSTEM_FILE_NAME, type ImageLines, type LineEntry, type SourceFile, type SymbolEntry } from '../shared/protocol.ts';
import { buildProgram, checkProject, type BuildOptions } from '../toolchain/build.ts';
import '../toolchain/ccdriver.ts';

const MICROKIT: BuildOptions = { cc: { target: 'microkit' } };
/** ELF section flag: the section holds instructions. */
const SHF_EXECINSTR = 4;

/** One built program image: its ELF and what the debugger needs to read it. */
export interface BuiltImage extends ImageLines {
  elf: Uint8Array;
  /** [start, end) of its executable sections. */
  code: [bigint, bigint][];
}

export type SystemBuild =
  | { ok: true; desc: SystemDesc; images: BuiltImage[]; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** A diagnostic of the description, at a line and column of it. */
export function systemDiagnostic(line: number, column: number, message: string): Diagnostic {
  return { file: SYSTEM_FILE_NAME, line, column, severity: 'error', message };
}

/** Parses the description, checks every PD has a source, builds every image. */
export function buildSystemProject(files: readonly SourceFile[], text: string): SystemBuild {
  const desc = parseSystem(text);
  if (!desc.ok) {
    const e = desc.error;
    // The place is the diagnostic's own line and column: the message says what and where in the XML.
    return { ok: false, diagnostics: [systemDiagnostic(e.line, e.column, `the system description is not valid: <${e.element}>${e.attribute ? ` attribute ${e.attribute}` : ''}: ${e.message}`)] };
  }
  const missing = missingSource(desc.value, files);
  if (missing) return { ok: false, diagnostics: [missing] };
  const diagnostics: Diagnostic[] = [];
  const images: BuiltImage[] = [];
  let failed = false;
  for (const path of imagePaths(desc.value)) {
    const pds = desc.value.pds.filter((pd) => pd.programImage === path);
    const src = sourcesOf(path, files);
    const r = buildProgram(src.map((f) => ({ name: f.name, text: f.text })), MICROKIT);
    diagnostics.push(...r.diagnostics);
    if (!r.ok || !r.elf || !r.image) {
      failed = true;
      if (!r.diagnostics.some((d) => d.severity === 'error')) {
        diagnostics.push(systemDiagnostic(pds[0].line, 1, `${path} (protection domain "${pds[0].name}") does not build`));
      }
      continue;
    }
    const lines: LineEntry[] = r.lines.map((l) => ({ addr: l.addr, file: l.file, line: l.line }));
    const symbols: SymbolEntry[] = r.symbols
      .filter((s) => s.type !== 'section' && s.type !== 'file' && s.name !== '')
      .map((s) => ({ name: s.name, addr: s.addr }));
    const code = r.image.sections
      .filter((sec) => (sec.flags & SHF_EXECINSTR) !== 0 && sec.addr !== 0n && sec.size > 0)
      .map((sec): [bigint, bigint] => [sec.addr, sec.addr + BigInt(sec.size)]);
    images.push({ image: path, pds: pds.map((pd) => pd.name), files: src.map((f) => f.name), lines, symbols, elf: r.elf, code });
  }
  const unique = dedupe(diagnostics);
  return failed ? { ok: false, diagnostics: unique } : { ok: true, desc: desc.value, images, diagnostics: unique };
}

/** The live check of a system project: everything a build would say, without booting.
 *  Files no program image uses are compiled on their own, so they get markers too. */
export function checkSystemProject(files: readonly SourceFile[], text: string): Diagnostic[] {
  const built = buildSystemProject(files, text);
  const desc = parseSystem(text);
  const used = new Set(desc.ok ? desc.value.pds.flatMap((pd) => sourcesOf(pd.programImage, files).map((f) => f.name)) : []);
  const rest = files.filter((f) => !used.has(f.name) && !f.name.endsWith('.h'));
  const headers = files.filter((f) => f.name.endsWith('.h'));
  const alone = rest.length > 0 ? checkProject([...rest, ...headers], MICROKIT).filter((d) => !used.has(d.file ?? '')) : [];
  return dedupe([...built.diagnostics, ...alone]);
}

/** Each program image once, in the order the PDs name them. */
function imagePaths(desc: SystemDesc): string[] {
  return [...new Set(desc.pds.map((pd) => pd.programImage))];
}

function missingSource(desc: SystemDesc, files: readonly SourceFile[]): Diagnostic | null {
  const pd = desc.pds.find((p) => !sourcesOf(p.programImage, files).some((f) => /\.[csS]$/.test(f.name)));
  if (!pd) return null;
  const stem = imageStem(pd.programImage);
  return systemDiagnostic(pd.line, 1, `protection domain "${pd.name}": program_image "${pd.programImage}" is built from ${stem}.c (or ${stem}.s), which the project does not have`);
}

/** A header built into two images reports its problems once. */
function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${formatDiagnostic(d)}|${d.endLine ?? ''}|${d.endColumn ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

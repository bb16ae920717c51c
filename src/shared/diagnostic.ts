// Diagnostics: the one shape every tool (assembler, linker, C compiler, loader)
// reports problems in. Shared layer: plain data, no DOM. Lines and columns are
// 1-based, as gcc and GNU as print them ("file:line:col: error: message").

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** Inclusive end of the span, when known (for editor squiggles). */
  endLine?: number;
  endColumn?: number;
  severity: Severity;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

// Diagnostic collector shared by the C compiler stages. Toolchain layer. Errors are
// values (src/shared/diagnostic.ts); `Bail` is the only exception the stages throw,
// caught by the nearest recovery point (statement, declaration or the driver).

import type { Diagnostic, Severity } from '../../shared/diagnostic.ts';
import type { Token } from './tokenize.ts';

export const MAX_ERRORS = 50;

/** Thrown to abandon the current statement/declaration after an error was recorded. */
export class Bail {
  constructor(readonly fatal: boolean) {}
}

export class Diags {
  readonly list: Diagnostic[] = [];
  errors = 0;

  report(tok: Token, severity: Severity, message: string, len?: number): void {
    const n = Math.max(1, len ?? tok.text.length);
    const d: Diagnostic = {
      file: tok.file.name, line: tok.line, column: tok.col, endLine: tok.line,
      endColumn: tok.col + n - 1, severity, message,
    };
    const last = this.list[this.list.length - 1];
    if (last && last.line === d.line && last.column === d.column && last.message === d.message) return;
    this.list.push(d);
    if (severity === 'error' && ++this.errors >= MAX_ERRORS) {
      this.list.push({ ...d, severity: 'note', message: `too many errors (${MAX_ERRORS}); stopping` });
      throw new Bail(true);
    }
  }

  error(tok: Token, message: string): void { this.report(tok, 'error', message); }
  warn(tok: Token, message: string): void { this.report(tok, 'warning', message); }
  note(tok: Token, message: string): void { this.report(tok, 'note', message); }

  /** Records an error and abandons the current construct. */
  fail(tok: Token, message: string): never {
    this.report(tok, 'error', message);
    throw new Bail(false);
  }
}

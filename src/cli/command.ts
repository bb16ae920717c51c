// The shape of a `caplab` command (STYLE rule 9: commands are data) and the
// I/O a command may use, so tests run commands in-process with captured output.
// CLI layer, Node only.
import type { OptionSpec, ParsedArgs } from './args.ts';

export interface CliIo {
  stdout(bytes: Uint8Array | string): void;
  stderr(bytes: Uint8Array | string): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, bytes: Uint8Array | string): void;
  /** The entries of a folder (names, with whether each is a folder); throws when it cannot be read. */
  listDir(path: string): { name: string; isDir: boolean }[];
  /** Registers a handler for Ctrl-C while a program runs; returns an unregister function. */
  onInterrupt(handler: () => void): () => void;
}

export interface Command {
  name: string;
  /** One line for `caplab --help`. */
  summary: string;
  /** Usage line(s) after "caplab ". */
  usage: string;
  /** Paragraphs shown by `caplab help NAME` after the options. */
  help: string;
  options: readonly OptionSpec[];
  /** The command parses its own arguments (gcc-style options such as -I dir): all of argv arrives as positional. */
  rawArgs?: boolean;
  /** Returns the process exit status. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Exit statuses of the CLI itself (a program's own status passes through unchanged). */
export const EXIT = {
  /** Bad usage, unreadable file, not a loadable program, assembly errors. */
  cannotStart: 2,
  /** --max-instructions reached before the program ended (as timeout(1) does). */
  limit: 124,
  /** Interrupted with Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

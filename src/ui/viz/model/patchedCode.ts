// Patched svc sites and their gates in a disassembly listing: a site is an address
// the Syscalls model saw a compatibility component patch (foreignCalls.ts
// patchedSites), or the one a gate in the listing returns past; a gate is the
// patcher's four instructions (stp x29, x30, [sp, #-16]!; bl <library>; ldp x29, x30,
// [sp], #16; b site+4). The Disassembly view notes both and links one to the other.
// Pure. UI layer, viz/model. Design: docs/linux-compat.md "Mode (c)".
import { branchTarget } from './branchTarget.ts';

export type CodeNote =
  /** A patched site: `gate` is where its branch goes (null: the word here is no branch, e.g. not patched in this VSpace). */
  | { kind: 'site'; gate: bigint | null }
  /** One of a gate's four instructions; `site` is the svc it stands for, `last` marks its branch back. */
  | { kind: 'gate'; site: bigint; last: boolean };

export interface CodeWord { addr: bigint; word: number | null }

const STP_FRAME = 0xa9bf7bfd, LDP_FRAME = 0xa8c17bfd;

/** Is the gate's shape at `i` (i is its last instruction, the branch back)? */
function gateEndsAt(lines: readonly CodeWord[], i: number): boolean {
  if (i < 3) return false;
  const [a, b, c] = [lines[i - 3], lines[i - 2], lines[i - 1]];
  const seq = a.addr + 4n === b.addr && b.addr + 4n === c.addr && c.addr + 4n === lines[i].addr;
  return seq && a.word === STP_FRAME && b.word !== null && branchTarget(b.word, b.addr)?.kind === 'bl' && c.word === LDP_FRAME;
}

/** The notes for the listing's lines, by address. */
export function patchNotes(lines: readonly CodeWord[], sites: ReadonlySet<bigint>): Map<bigint, CodeNote> {
  const notes = new Map<bigint, CodeNote>();
  lines.forEach((l, i) => {
    const br = l.word === null ? null : branchTarget(l.word, l.addr);
    if (br?.kind !== 'b' || !gateEndsAt(lines, i)) return;
    const site = br.target - 4n;
    for (let k = 3; k >= 0; k--) notes.set(lines[i - k].addr, { kind: 'gate', site, last: k === 0 });
  });
  for (const l of lines) {
    if (!sites.has(l.addr) || notes.has(l.addr)) continue;
    const br = l.word === null ? null : branchTarget(l.word, l.addr);
    notes.set(l.addr, { kind: 'site', gate: br?.kind === 'b' ? br.target : null });
  }
  return notes;
}

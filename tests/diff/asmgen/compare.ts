// Explains a difference between qemu's and our dump of a generated program:
// the first differing case, each differing register or buffer word side by
// side, and the case's source. Test helper.
import { LINES_PER_CASE } from './program.ts';

const REG_NAMES = [...Array.from({ length: 31 }, (_, i) => `x${i}`), 'nzcv'];

export function lineName(i: number): string {
  if (i === 0) return 'case marker';
  if (i <= 32) return REG_NAMES[i - 1];
  return `buf+${(i - 33) * 8}`;
}

/** Names the first differing case and its registers/buffer words, with the case's source. */
export function explainMismatch(qemu: string, ours: string, bodies: string[]): string {
  const q = qemu.split('\n');
  const o = ours.split('\n');
  const n = Math.max(q.length, o.length);
  for (let i = 0; i < n; i++) {
    if (q[i] === o[i]) continue;
    const c = Math.floor(i / LINES_PER_CASE);
    const start = c * LINES_PER_CASE;
    const diffs: string[] = [];
    for (let j = start; j < start + LINES_PER_CASE; j++) {
      if (q[j] !== o[j]) diffs.push(`  ${lineName(j - start).padEnd(10)} qemu ${q[j] ?? '(missing)'}  ours ${o[j] ?? '(missing)'}`);
    }
    return `case ${c} differs:\n${diffs.slice(0, 12).join('\n')}\n--- case ${c} body ---\n${bodies[c] ?? '(no body)'}`;
  }
  return 'outputs differ only in length';
}


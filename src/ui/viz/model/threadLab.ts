// A thread's lab-extension settings from the kernel snapshot, in words: its syscall
// origin window, its pinned syscall sites and the vCPU model (none of them seL4).
// The Caps view shows them under the thread's CSpace and in a TCB cap's details.
// Pure (no DOM). UI layer, viz/model. Shapes: src/shared/kernelView.ts ThreadView.
import type { ThreadView } from '../../../shared/kernelView.ts';

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** One [name, text] pair per setting the thread has; empty when it has none. */
export function labExtensionFields(t: Pick<ThreadView, 'syscallWindow' | 'syscallPins' | 'vcpu'>): [string, string][] {
  const out: [string, string][] = [];
  const w = t.syscallWindow;
  if (w) out.push(['syscall window', `${hex(w.start)}–${hex(w.end)}: an svc outside it raises UnknownSyscall, whatever x7 holds`]);
  if (t.syscallPins) {
    const pins = t.syscallPins.map((p) => `${p.syscall} (${p.nr}) ${p.site === null ? 'from any site' : `only from ${hex(p.site)}`}`);
    out.push(['pinned syscalls', `${pins.length ? pins.join('; ') : 'none pinned'}; any other seL4 call kills the thread`]);
  }
  const v = t.vcpu;
  if (v) out.push(['vCPU model', `on: an svc outside the guest kernel's code ${hex(v.codeStart)}–${hex(v.codeEnd)} goes to its vector at ${hex(v.vbar + 0x400n)}, no seL4 entry`]);
  return out;
}

/** The same as lines (for a detail pane's list), each labelled as a lab extension. */
export function labExtensionLines(t: Pick<ThreadView, 'syscallWindow' | 'syscallPins' | 'vcpu'>): string[] {
  return labExtensionFields(t).map(([k, v]) => `lab extension, ${k}: ${v}`);
}

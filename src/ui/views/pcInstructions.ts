// The instruction at each kernel entry's pc, for the Syscalls view: asked of the
// worker lazily through the bridge's 'disassemble' request (one pc at a time, each
// unique pc once) and cached per build (a new line table empties the cache). The
// answer arrives as the store's disassembly; the listing it replaced (the
// Disassembly tab's) is put back at once. The worker reads in the VSpace of the
// thread on the CPU: a text the caller finds wrong for its pc (an entry's pc holds an
// svc) is asked again once another thread is on the CPU. UI layer.

import { useEffect, useState } from 'react';
import type { DisasmLine } from '../../shared/protocol.ts';
import { sendRequest } from '../state/labClient.ts';
import { useLab } from '../state/store.ts';

/** An answer that does not come (machine gone) stops blocking the queue after this. */
const ANSWER_MS = 3000;

let build: unknown = null;
/** pc -> its text and the thread on the CPU (whose VSpace the worker read) when asked. */
const texts = new Map<bigint, { text: string; reader: string }>();
const queue: bigint[] = [];
let asked: { pc: bigint; reader: string; timer: number } | null = null;

const readerNow = () => useLab.getState().registers?.thread ?? '';
const listeners = new Set<() => void>();

/** Empties the cache when the build changed. */
function sameBuild(): void {
  const lines = useLab.getState().lines;
  if (lines === build) return;
  build = lines;
  texts.clear();
  queue.length = 0;
  if (asked) clearTimeout(asked.timer);
  asked = null;
}

function answered(pc: bigint, text: string): void {
  texts.set(pc, { text, reader: asked?.pc === pc ? asked.reader : readerNow() });
  if (asked) clearTimeout(asked.timer);
  asked = null;
  for (const l of listeners) l();
  askNext();
}

function askNext(): void {
  if (asked) return;
  const s = useLab.getState();
  if (!s.connected || s.runState === 'idle') return;
  const pc = queue.shift();
  if (pc === undefined) return;
  asked = { pc, reader: readerNow(), timer: window.setTimeout(() => answered(pc, '?'), ANSWER_MS) };
  sendRequest({ type: 'disassemble', address: pc, before: 0, after: 0 });
}

/** A one-instruction answer is ours: keep its text, give the Disassembly tab its listing back. */
function onDisassembly(now: readonly DisasmLine[], before: DisasmLine[]): void {
  if (!asked || now.length > 1) return;
  const pc = asked.pc;
  const line = now.find((l) => l.addr === pc);
  useLab.setState({ disassembly: before });
  answered(pc, line ? line.text : '(not readable)');
}

let watching = false;
function watch(): void {
  if (watching) return;
  watching = true;
  useLab.subscribe((s, prev) => {
    if (s.disassembly !== prev.disassembly) onDisassembly(s.disassembly, prev.disassembly);
    if (s.lines !== prev.lines) sameBuild();
  });
}

/** The instruction text at `pc` if known (see useInstructions). */
export function instructionAt(pc: bigint | null): string | undefined {
  return pc === null || build !== useLab.getState().lines ? undefined : texts.get(pc)?.text;
}

/** Asks for the instructions at `pcs` not known yet, and again for a text `valid` refuses
 *  once another thread is on the CPU; re-renders the caller as answers come. */
export function useInstructions(pcs: readonly bigint[], valid?: (text: string) => boolean): void {
  const [, setCount] = useState(0);
  useEffect(() => {
    watch();
    const l = () => setCount((n) => n + 1);
    listeners.add(l);
    return () => { listeners.delete(l); };
  }, []);
  useEffect(() => {
    sameBuild();
    const reader = readerNow();
    for (const pc of pcs) {
      const known = texts.get(pc);
      const again = known !== undefined && valid !== undefined && !valid(known.text) && known.reader !== reader;
      if ((!known || again) && !queue.includes(pc) && asked?.pc !== pc) queue.push(pc);
    }
    askNext();
  }, [pcs, valid]);
}

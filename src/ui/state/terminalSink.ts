// Serial output path from the machine to the terminal, outside React and outside the
// store: bytes go straight to whoever subscribed (the xterm panel), and a copy of the
// last 64 KiB is kept so a terminal mounted later, or a test, can read it. UI layer.

type Writer = (bytes: Uint8Array) => void;
type Clearer = () => void;

const KEEP = 64 * 1024;
const writers = new Set<Writer>();
const clearers = new Set<Clearer>();
let history = new Uint8Array(0);

export function writeOutput(bytes: Uint8Array): void {
  const all = new Uint8Array(history.length + bytes.length);
  all.set(history);
  all.set(bytes, history.length);
  history = all.length > KEEP ? all.slice(all.length - KEEP) : all;
  for (const w of writers) w(bytes);
}

export function clearOutput(): void {
  history = new Uint8Array(0);
  for (const c of clearers) c();
}

export function outputText(): string {
  return new TextDecoder().decode(history);
}

export function outputHistory(): Uint8Array {
  return history;
}

export function subscribeOutput(write: Writer, clear: Clearer): () => void {
  writers.add(write);
  clearers.add(clear);
  return () => {
    writers.delete(write);
    clearers.delete(clear);
  };
}

// A minimal test harness for the end-to-end specs (playwright-core has no test
// runner): specs register tests with `test(name, fn)`; run.mjs runs them, each on a
// fresh page, and counts passes and failures. Assertions: node:assert plus the
// waiting helpers in lab.mjs (which wait on visible state, never on fixed sleeps).

const registered = [];

/** Registers a test; `fn` receives { page, lab, screenshot }. */
export function test(name, fn) {
  registered.push({ name, fn });
}

export function registeredTests() {
  return registered.slice();
}

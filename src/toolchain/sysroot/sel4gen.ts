// placeholder until the ABI generator lands (replaced in the next commit)
export function sel4Headers(): Record<string, string> { return {}; }
export function sel4LibrarySources(): Array<[string, string]> { return []; }

// The initial user stack of a freshly exec'd Linux process, as the kernel's
// create_elf_tables builds it: argc, argv[], NULL, envp[], NULL, auxv pairs
// ending in AT_NULL, then the strings and AT_RANDOM's 16 bytes above them.
// Kernel layer, stand-in kernel. Pure: it returns bytes, the loader copies them.

/** Auxiliary vector keys (include/uapi/linux/auxvec.h). */
export const AT = {
  NULL: 0, PHDR: 3, PHENT: 4, PHNUM: 5, PAGESZ: 6, BASE: 7, FLAGS: 8, ENTRY: 9,
  UID: 11, EUID: 12, GID: 13, EGID: 14, PLATFORM: 15, HWCAP: 16, CLKTCK: 17,
  SECURE: 23, RANDOM: 25, HWCAP2: 26, EXECFN: 31,
} as const;

export interface StackSpec {
  /** Highest address + 1 of the stack region; the image ends just below it. */
  top: bigint;
  argv: readonly string[];
  envp: readonly string[];
  /** Auxv entries other than AT_RANDOM, AT_EXECFN, AT_PLATFORM and AT_NULL (added here). */
  auxv: ReadonlyArray<readonly [number, bigint]>;
  /** The 16 bytes AT_RANDOM points at (deterministic: the caller chooses them). */
  random: Uint8Array;
}

export interface StackImage {
  /** Initial SP (16-byte aligned): points at argc. */
  sp: bigint;
  /** Bytes to copy to [sp, top). */
  bytes: Uint8Array;
}

const enc = new TextEncoder();

/** Lays out the strings area from `top` downwards; returns each string's address. */
function placeStrings(top: bigint, strings: string[], out: Map<bigint, Uint8Array>): { addrs: bigint[]; low: bigint } {
  let cur = top;
  const addrs: bigint[] = [];
  for (const s of strings) {
    const b = enc.encode(s + '\0');
    cur -= BigInt(b.length);
    out.set(cur, b);
    addrs.push(cur);
  }
  return { addrs, low: cur };
}

export function buildInitialStack(spec: StackSpec): StackImage {
  const chunks = new Map<bigint, Uint8Array>();
  const execfn = spec.argv[0] ?? '';
  const strs = placeStrings(spec.top - 8n, [...spec.argv, ...spec.envp, execfn, 'aarch64'], chunks);
  const nArg = spec.argv.length;
  const nEnv = spec.envp.length;
  const randomAt = (strs.low - 16n) & ~15n;
  chunks.set(randomAt, spec.random.slice(0, 16));

  const aux: Array<readonly [number, bigint]> = [
    ...spec.auxv,
    [AT.RANDOM, randomAt],
    [AT.EXECFN, strs.addrs[nArg + nEnv]],
    [AT.PLATFORM, strs.addrs[nArg + nEnv + 1]],
    [AT.NULL, 0n],
  ];
  const words: bigint[] = [BigInt(nArg), ...strs.addrs.slice(0, nArg), 0n, ...strs.addrs.slice(nArg, nArg + nEnv), 0n];
  for (const [k, v] of aux) words.push(BigInt(k), v);
  const sp = (randomAt - BigInt(words.length * 8)) & ~15n;

  const bytes = new Uint8Array(Number(spec.top - sp));
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setBigUint64(i * 8, BigInt.asUintN(64, w), true));
  for (const [addr, b] of chunks) bytes.set(b, Number(addr - sp));
  return { sp, bytes };
}

// The kernel's event records and snapshot shapes, written once here: the kernel
// produces them (src/kernel/events.ts, src/kernel/snapshot.ts), the protocol carries
// them and the page's live views read them without importing the kernel.
// tests/ui/kernelView.test.ts checks a real run's values against them.
// Shared layer (types only). ARCHITECTURE.md "Events".

export type KernelEventRecord =
  /** `lr`: x30 at the svc, where a library stub returns to (the caller's line is just before it).
   *  `x8`: x8 at the svc, where a Linux program puts its syscall number (the views name a foreign
   *  call with it); kept only when x7 is no seL4 syscall number or the thread has an origin window. */
  | { kind: 'entry'; syscall: string; thread: string; pc: bigint; lr: bigint; x8?: bigint }
  | { kind: 'invocation'; thread: string; label: string; cap: string; args: Record<string, string> }
  | { kind: 'error'; thread: string; label: string; error: string; mrs: bigint[]; reason: string }
  | { kind: 'capChange'; op: string; slot: string; cap: string }
  | { kind: 'fault'; thread: string; fault: string; detail: string; delivered: boolean }
  /** A message delivered. `ep`: the endpoint it went through ("endpoint@0x..."), null for a reply;
   *  `mrs`: its first min(length, 4) message words as the receiver got them (unsigned). */
  | { kind: 'ipc'; from: string; to: string; ep: string | null; label: bigint; length: number; caps: number; badge: bigint; fault: boolean; mrs: bigint[] }
  /** A thread stops running: `on` is "endpoint@0x...", "notification@0x..." or "reply", `state` its new
   *  Blocked* state. No unblock record: the thread's next `ipc` (as receiver) or `schedule` ends the wait. */
  | { kind: 'block'; thread: string; on: string; state: ThreadStateName }
  | { kind: 'irq'; irq: number; signalled: boolean }
  | { kind: 'schedule'; thread: string | null }
  | { kind: 'debug'; thread: string; what: string }
  /** Lab extension (syscall origin window / pins), not seL4: an svc the window or a pin
   *  refused. `decision` "outside": raised as UnknownSyscall; "pin": the thread was killed. */
  | { kind: 'origin'; thread: string; pc: bigint; syscall: string; decision: 'outside' | 'pin'; detail: string }
  /** The vCPU model: a guest EL0 svc delivered to the guest kernel's vector ("trap") and the
   *  guest kernel's eret back ("eret"). Neither is a seL4 kernel entry. */
  | { kind: 'guest'; thread: string; pc: bigint; what: 'trap' | 'eret'; /** x8 at the trap (a Linux guest's syscall number). */ x8?: bigint };

export type KernelEventKind = KernelEventRecord['kind'];

/** One record: sequence number (gaps mean records were dropped), virtual time, the event. */
export interface StampedEvent { seq: number; time: number; event: KernelEventRecord }

export type CapType =
  | 'null' | 'untyped' | 'endpoint' | 'notification' | 'cnode' | 'tcb' | 'reply' | 'irqControl' | 'irqHandler'
  | 'domain' | 'asidControl' | 'asidPool' | 'frame' | 'pageTable' | 'vspace';

export type ThreadStateName =
  | 'Inactive' | 'Running' | 'Restart' | 'BlockedOnReceive' | 'BlockedOnSend' | 'BlockedOnReply'
  | 'BlockedOnNotification' | 'Idle';

/** "0x40000000:5": CNode (or TCB) address and index. */
export type SlotIdText = string;

export interface CapView { type: CapType; object: string | null; rights: string | null; badge: bigint | null; text: string }

export interface SlotView {
  id: SlotIdText;
  container: bigint;
  index: number;
  inTcb: boolean;
  cap: CapView;
  parent: SlotIdText | null;
  revocable: boolean;
}

export interface CNodeView { paddr: bigint; radix: number; used: number }

export interface ThreadView {
  paddr: bigint;
  name: string;
  state: ThreadStateName;
  priority: number;
  mcp: number;
  current: boolean;
  faultEp: bigint;
  ipcBuffer: bigint;
  boundNotification: bigint | null;
  blockedOn: string | null;
  cspace: { cnode: bigint; radix: number; guardSize: number; guard: bigint } | null;
  asid: number | null;
  stoppedBy: string | null;
  /** Lab extension (not seL4), null when unset: svc outside [start, end) raises UnknownSyscall. */
  syscallWindow: { start: bigint; end: bigint } | null;
  /** Lab extension (not seL4), null when unset: each seL4 syscall's one allowed svc site
   *  (`site` null: any site), in number order. */
  syscallPins: SyscallPinView[] | null;
  /** The vCPU model (a model, not seL4), null when off: svc outside the guest kernel's code
   *  [codeStart, codeEnd) goes to the guest kernel's vector at vbar + 0x400. */
  vcpu: { codeStart: bigint; codeEnd: bigint; vbar: bigint } | null;
}

export interface SyscallPinView { nr: number; syscall: string; site: bigint | null }

export interface QueueView { paddr: bigint; kind: 'endpoint' | 'notification'; state: string; queue: string[]; word: bigint | null; bound: bigint | null }

export interface UntypedView {
  slot: SlotIdText;
  paddr: bigint;
  sizeBits: number;
  isDevice: boolean;
  watermark: bigint;
  children: { paddr: bigint; bits: number; type: CapType; slot: SlotIdText }[];
}

export interface MappingView { asid: number; vaddr: bigint; paddr: bigint; sizeBits: number; rights: string; kind: 'frame' | 'pageTable'; level: number | null; slot: SlotIdText }

export interface KernelSnapshotView {
  time: number;
  current: string | null;
  threads: ThreadView[];
  cnodes: CNodeView[];
  slots: SlotView[];
  queues: QueueView[];
  untypeds: UntypedView[];
  mappings: MappingView[];
  irqs: { irq: number; notification: string | null }[];
}

// Generates libsel4 for --target sel4 from the ABI table (abi.ts): the headers
// <sel4/sel4.h> (types, constants, errors, object types, syscall numbers,
// invocation labels, MessageInfo/CapRights accessors, BootInfo) and
// <sel4/syscalls.h> (system calls over svc #0) and <interfaces/sel4_client.h>
// (one static inline stub per invocation), plus the library source of
// seL4_InitBootInfo/seL4_GetBootInfo. Toolchain layer. reference/sel4.md 2.1-2.13.
import {
  BOOTINFO, CAP_RIGHTS_FIELDS, CONSTANTS, ERRORS, FAULTS, INITIAL_CAPS, INVOCATION_LABELS, IPC_BUFFER, LOOKUP_FAILURES,
  MESSAGE_INFO_FIELDS, METHODS, EXTENSION_LABELS, EXTENSION_LABEL_BASE, OBJECT_TYPE_COUNT, OBJECT_TYPES, REGISTERS, SLOT_REGION, SYSCALLS, UNTYPED_DESC, USER_CONTEXT,
  ARG_TYPES, packParams, offsets, type Field, type Method,
} from './abi.ts';

const GUARD = (name: string, body: string[]): string =>
  [`/* GENERATED from src/toolchain/sysroot/abi.ts by sel4gen.ts: do not edit. */`, `#ifndef ${name}`, `#define ${name}`, ...body, '#endif', ''].join('\n');

function enumOf(name: string, items: ReadonlyArray<readonly [string, number]>, extra: string[] = []): string[] {
  return [`typedef enum {`, ...items.map(([n, v]) => `  ${n} = ${v},`), ...extra.map((e) => `  ${e},`), `} ${name};`];
}

function structOf(name: string, fields: readonly Field[], tag = name): string[] {
  const lines = fields.map((f) => {
    const ptr = f.ctype.endsWith('*');
    const type = ptr ? f.ctype : `${f.ctype} `;
    return f.array !== undefined ? `  ${type}${f.name}[${f.array}];` : `  ${type}${f.name};`;
  });
  return [`typedef struct ${tag} {`, ...lines, `} ${name};`];
}

/** Getters/setters of a one-word bit-field type (seL4_MessageInfo_t, seL4_CapRights_t). */
function bitfieldType(type: string, fields: ReadonlyArray<readonly [string, number]>, ctorOrder: string[]): string[] {
  const out = [`typedef struct ${type.replace(/_t$/, '')} { seL4_Uint64 words[1]; } ${type};`];
  let shift = 0;
  const pos: Record<string, [number, number]> = {};
  for (const [f, bits] of fields) { pos[f] = [shift, bits]; shift += bits; }
  for (const [f, [sh, bits]] of Object.entries(pos)) {
    const mask = bits === 64 ? '~0ULL' : `0x${((1n << BigInt(bits)) - 1n).toString(16)}ULL`;
    const base = type.replace(/_t$/, '');
    out.push(
      `static inline seL4_Uint64 ${base}_get_${f}(${type} v) { return (v.words[0] >> ${sh}) & ${mask}; }`,
      `static inline ${type} ${base}_set_${f}(${type} v, seL4_Uint64 x) { v.words[0] = (v.words[0] & ~(${mask} << ${sh})) | ((x & ${mask}) << ${sh}); return v; }`,
    );
  }
  const base = type.replace(/_t$/, '');
  const args = ctorOrder.map((f) => `seL4_Uint64 ${f}`).join(', ');
  const expr = ctorOrder.map((f) => `((${f} & 0x${((1n << BigInt(pos[f][1])) - 1n).toString(16)}ULL) << ${pos[f][0]})`).join(' | ');
  out.push(`static inline ${type} ${base}_new(${args}) { ${type} v; v.words[0] = ${expr}; return v; }`);
  return out;
}

function typesHeader(): string {
  const body = [
    '#include <stdint.h>',
    'typedef int8_t seL4_Int8; typedef int16_t seL4_Int16; typedef int32_t seL4_Int32; typedef int64_t seL4_Int64;',
    'typedef uint8_t seL4_Uint8; typedef uint16_t seL4_Uint16; typedef uint32_t seL4_Uint32; typedef uint64_t seL4_Uint64;',
    'typedef seL4_Int8 seL4_Bool;',
    'typedef seL4_Uint64 seL4_Word;',
    'typedef seL4_Word seL4_CPtr;',
    'typedef seL4_Word seL4_NodeId; typedef seL4_Word seL4_PAddr; typedef seL4_Word seL4_Domain; typedef seL4_Word seL4_SlotPos;',
    'typedef seL4_CPtr seL4_CNode; typedef seL4_CPtr seL4_IRQHandler; typedef seL4_CPtr seL4_IRQControl; typedef seL4_CPtr seL4_TCB;',
    'typedef seL4_CPtr seL4_Untyped; typedef seL4_CPtr seL4_DomainSet; typedef seL4_CPtr seL4_SchedContext; typedef seL4_CPtr seL4_SchedControl;',
    'typedef seL4_CPtr seL4_ARM_Page; typedef seL4_CPtr seL4_ARM_PageTable; typedef seL4_CPtr seL4_ARM_VSpace;',
    'typedef seL4_CPtr seL4_ARM_ASIDControl; typedef seL4_CPtr seL4_ARM_ASIDPool; typedef seL4_CPtr seL4_ARM_VCPU;',
    'typedef seL4_Word seL4_ARM_VMAttributes;',
    '#define seL4_ARM_PageCacheable 0x01',
    '#define seL4_ARM_ParityEnabled 0x02',
    '#define seL4_ARM_Default_VMAttributes 0x03',
    '#define seL4_ARM_ExecuteNever 0x04',
    '#define seL4_Null ((void *)0)',
    '#define seL4_True 1',
    '#define seL4_False 0',
    ...CONSTANTS.map(([n, v]) => `#define ${n} ${v}`),
    ...enumOf('seL4_Error', ERRORS, ['seL4_NumErrors']),
    ...enumOf('seL4_ObjectType', OBJECT_TYPES.map(([n, v]) => [n, v] as const), [`seL4_ObjectTypeCount = ${OBJECT_TYPE_COUNT}`]),
    'typedef seL4_Word api_object_t;',
    ...enumOf('seL4_Syscall_ID', SYSCALLS.map(([n, v]) => [`seL4_Sys${n}`, v] as const)),
    ...enumOf('seL4_RootCNodeCapSlots', INITIAL_CAPS),
    ...enumOf('seL4_FaultType', FAULTS),
    ...enumOf('seL4_LookupFailureType', LOOKUP_FAILURES),
    'enum invocation_label {',
    '  InvalidInvocation = 0,',
    ...INVOCATION_LABELS.map((l, i) => `  ${l} = ${i + 1},`),
    '  nInvocationLabels',
    '};',
    '/* Lab extensions, not seL4 (docs/linux-compat.md): the kernel refuses them unless its config enables them. */',
    ...EXTENSION_LABELS.map((l, i) => `#define ${l} ${EXTENSION_LABEL_BASE + i}`),
    ...bitfieldType('seL4_MessageInfo_t', MESSAGE_INFO_FIELDS, ['label', 'capsUnwrapped', 'extraCaps', 'length']),
    ...bitfieldType('seL4_CapRights_t', CAP_RIGHTS_FIELDS, ['capAllowGrantReply', 'capAllowGrant', 'capAllowRead', 'capAllowWrite']),
    '#define seL4_AllRights seL4_CapRights_new(1, 1, 1, 1)',
    '#define seL4_CanRead seL4_CapRights_new(0, 0, 1, 0)',
    '#define seL4_CanWrite seL4_CapRights_new(0, 0, 0, 1)',
    '#define seL4_CanGrant seL4_CapRights_new(0, 1, 0, 0)',
    '#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0)',
    '#define seL4_ReadWrite seL4_CapRights_new(0, 0, 1, 1)',
    '#define seL4_NoWrite seL4_CapRights_new(1, 1, 1, 0)',
    '#define seL4_NoRead seL4_CapRights_new(1, 1, 0, 1)',
    '#define seL4_NoRights seL4_CapRights_new(0, 0, 0, 0)',
    'static inline seL4_Word seL4_CNode_CapData_new(seL4_Word guard, seL4_Word guardSize) { return (guard << 6) | (guardSize & 0x3f); }',
    ...structOf('seL4_IPCBuffer', IPC_BUFFER, 'seL4_IPCBuffer_'),
    ...structOf('seL4_SlotRegion', SLOT_REGION),
    ...structOf('seL4_UntypedDesc', UNTYPED_DESC),
    ...structOf('seL4_BootInfo', BOOTINFO),
    'typedef struct seL4_BootInfoHeader { seL4_Word id; seL4_Word len; } seL4_BootInfoHeader;',
    `typedef struct seL4_UserContext_ { ${USER_CONTEXT.map((r) => `seL4_Word ${r};`).join(' ')} } seL4_UserContext;`,
    '_Static_assert(sizeof(seL4_IPCBuffer) == 1024, "seL4_IPCBuffer is 128 words");',
    '_Static_assert(sizeof(seL4_UntypedDesc) == 16, "seL4_UntypedDesc is 2 words");',
    `_Static_assert(__builtin_offsetof(seL4_BootInfo, untypedList) == ${BOOTINFO.slice(0, -1).reduce((a, f) => a + f.size, 0)}, "BootInfo layout");`,
  ];
  return GUARD('__LIBSEL4_SEL4_TYPES_H', body);
}

/** The register-level syscall: one asm statement with the ABI registers as operands. */
function syscallsHeader(): string {
  const [m0, m1, m2, m3] = REGISTERS.messageRegisters;
  const regs = [
    `  register seL4_Word r0 __asm__("${REGISTERS.capOrBadge}") = *dest_badge;`,
    `  register seL4_Word r1 __asm__("${REGISTERS.msgInfo}") = *info;`,
    `  register seL4_Word r2 __asm__("${m0}") = *mr0;`,
    `  register seL4_Word r3 __asm__("${m1}") = *mr1;`,
    `  register seL4_Word r4 __asm__("${m2}") = *mr2;`,
    `  register seL4_Word r5 __asm__("${m3}") = *mr3;`,
    `  register seL4_Word r7 __asm__("${REGISTERS.syscallNumber}") = (seL4_Word)sys;`,
  ];
  const body = [
    '#include <sel4/types.h>',
    `/* IPC buffer: the kernel keeps its address in ${REGISTERS.ipcBufferRegister} (read-only at EL0). */`,
    'static inline seL4_IPCBuffer *seL4_GetIPCBuffer(void) {',
    '  seL4_Word reg;',
    `  __asm__ volatile("mrs %0, ${REGISTERS.ipcBufferRegister}" : "=r"(reg));`,
    '  return (seL4_IPCBuffer *)reg;',
    '}',
    'static inline seL4_Word seL4_GetMR(int i) { return seL4_GetIPCBuffer()->msg[i]; }',
    'static inline void seL4_SetMR(int i, seL4_Word v) { seL4_GetIPCBuffer()->msg[i] = v; }',
    'static inline seL4_Word seL4_GetUserData(void) { return seL4_GetIPCBuffer()->userData; }',
    'static inline void seL4_SetUserData(seL4_Word v) { seL4_GetIPCBuffer()->userData = v; }',
    'static inline seL4_Word seL4_GetBadge(int i) { return seL4_GetIPCBuffer()->caps_or_badges[i]; }',
    'static inline seL4_CPtr seL4_GetCap(int i) { return (seL4_CPtr)seL4_GetIPCBuffer()->caps_or_badges[i]; }',
    'static inline void seL4_SetCap(int i, seL4_CPtr cptr) { seL4_GetIPCBuffer()->caps_or_badges[i] = (seL4_Word)cptr; }',
    'static inline void seL4_GetCapReceivePath(seL4_CPtr *root, seL4_CPtr *index, seL4_Word *depth) {',
    '  seL4_IPCBuffer *b = seL4_GetIPCBuffer();',
    '  if (root) *root = b->receiveCNode;',
    '  if (index) *index = b->receiveIndex;',
    '  if (depth) *depth = b->receiveDepth;',
    '}',
    'static inline void seL4_SetCapReceivePath(seL4_CPtr root, seL4_CPtr index, seL4_Word depth) {',
    '  seL4_IPCBuffer *b = seL4_GetIPCBuffer();',
    '  b->receiveCNode = root; b->receiveIndex = index; b->receiveDepth = depth;',
    '}',
    `/* ${REGISTERS.trap}: ${REGISTERS.syscallNumber} = number, ${REGISTERS.capOrBadge} = cap in / badge out, ${REGISTERS.msgInfo} = MessageInfo, ${REGISTERS.messageRegisters.join('-')} = MR0-MR3. */`,
    'static inline void seL4_arm_sys(seL4_Word sys, seL4_Word *dest_badge, seL4_Word *info, seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3) {',
    ...regs,
    `  __asm__ volatile("${REGISTERS.trap}" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5) : "r"(r7) : "memory");`,
    '  *dest_badge = r0; *info = r1; *mr0 = r2; *mr1 = r3; *mr2 = r4; *mr3 = r5;',
    '}',
    '/* The IPC calls are hand-written assembly in the library (sel4/ipc.s, generated by',
    '   sel4gen.ts ipcAssembly): they move MR0-MR3 between the IPC buffer and x2-x5 around',
    '   the svc in a dozen instructions, as gcc makes of libsel4\'s inline versions. */',
    'void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t info);',
    'void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t info);',
    'seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t info);',
    'seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender);',
    'seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender);',
    'void seL4_Reply(seL4_MessageInfo_t info);',
    'seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t info, seL4_Word *sender);',
    '/* Notifications (non-MCS): Signal = Send with an empty message, Wait = Recv, Poll = NBRecv. */',
    'static inline void seL4_Signal(seL4_CPtr dest) { seL4_Word d = dest, i = 0, z = 0; seL4_arm_sys(seL4_SysSend, &d, &i, &z, &z, &z, &z); }',
    'static inline void seL4_Wait(seL4_CPtr src, seL4_Word *sender) { seL4_Recv(src, sender); }',
    'static inline seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender) { return seL4_NBRecv(src, sender); }',
    'static inline void seL4_Yield(void) {',
    `  register seL4_Word r7 __asm__("${REGISTERS.syscallNumber}") = (seL4_Word)seL4_SysYield;`,
    `  __asm__ volatile("${REGISTERS.trap}" : : "r"(r7) : "memory");`,
    '}',
    '/* Debug calls (CONFIG_PRINTING / CONFIG_DEBUG_BUILD kernels). */',
    'static inline void seL4_DebugPutChar(char c) {',
    `  register seL4_Word r0 __asm__("${REGISTERS.capOrBadge}") = (seL4_Word)(unsigned char)c;`,
    `  register seL4_Word r7 __asm__("${REGISTERS.syscallNumber}") = (seL4_Word)seL4_SysDebugPutChar;`,
    `  __asm__ volatile("${REGISTERS.trap}" : "+r"(r0) : "r"(r7) : "memory");`,
    '}',
    'static inline void seL4_DebugHalt(void) {',
    `  register seL4_Word r7 __asm__("${REGISTERS.syscallNumber}") = (seL4_Word)seL4_SysDebugHalt;`,
    `  __asm__ volatile("${REGISTERS.trap}" : : "r"(r7) : "memory");`,
    '}',
    'static inline void seL4_DebugDumpScheduler(void) {',
    `  register seL4_Word r7 __asm__("${REGISTERS.syscallNumber}") = (seL4_Word)seL4_SysDebugDumpScheduler;`,
    `  __asm__ volatile("${REGISTERS.trap}" : : "r"(r7) : "memory");`,
    '}',
    'static inline seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap) {',
    `  register seL4_Word r0 __asm__("${REGISTERS.capOrBadge}") = cap;`,
    `  register seL4_Word r7 __asm__("${REGISTERS.syscallNumber}") = (seL4_Word)seL4_SysDebugCapIdentify;`,
    `  __asm__ volatile("${REGISTERS.trap}" : "+r"(r0) : "r"(r7) : "memory");`,
    '  return (seL4_Uint32)r0;',
    '}',
    '/* The name goes into the IPC buffer from msg[0] as a NUL-terminated string. */',
    'static inline void seL4_DebugNameThread(seL4_CPtr tcb, const char *name) {',
    '  char *dst = (char *)&seL4_GetIPCBuffer()->msg[0];',
    '  seL4_Word i = 0;',
    '  for (; name[i] && i < seL4_MsgMaxLength * sizeof(seL4_Word) - 1; i++) dst[i] = name[i];',
    '  dst[i] = 0;',
    `  register seL4_Word r0 __asm__("${REGISTERS.capOrBadge}") = tcb;`,
    `  register seL4_Word r7 __asm__("${REGISTERS.syscallNumber}") = (seL4_Word)seL4_SysDebugNameThread;`,
    `  __asm__ volatile("${REGISTERS.trap}" : "+r"(r0) : "r"(r7) : "memory");`,
    '}',
  ];
  return GUARD('__LIBSEL4_SEL4_SYSCALLS_H', body);
}

function cParam(p: { name: string; type: string }): string {
  return `${p.type} ${p.name}`;
}

function stubName(m: Method): string {
  return `${m.iface}_${m.name}`;
}

function resultType(m: Method): string {
  return m.out ? `${stubName(m)}_t` : 'seL4_Error';
}

/** The value a parameter contributes to its message word. */
function wordExpr(name: string, type: string, shift: number): string {
  const bits = ARG_TYPES[type].bits;
  const member = ARG_TYPES[type].word ?? '';
  const v = bits === 64 ? `(seL4_Word)${name}${member}` : `((seL4_Word)${name} & 0x${((1n << BigInt(bits)) - 1n).toString(16)}ULL)`;
  return shift ? `(${v} << ${shift})` : v;
}

function stub(m: Method): string[] {
  if (m.special) return specialStub(m);
  const slots = packParams(m.params);
  const words: string[][] = [];
  for (const s of slots) (words[s.word] ??= []).push(wordExpr(s.param.name, s.param.type, s.shift));
  const caps = m.params.filter((p) => p.cap);
  const args = [`${m.iface} _service`, ...m.params.map(cParam)].join(', ');
  const ret = resultType(m);
  const out = [`static inline ${ret} ${stubName(m)}(${args}) {`];
  out.push(`  seL4_MessageInfo_t tag = seL4_MessageInfo_new(${m.label}, 0, ${caps.length}, ${words.length});`);
  caps.forEach((c, i) => out.push(`  seL4_SetCap(${i}, ${c.name});`));
  words.forEach((parts, i) => out.push(`  seL4_SetMR(${i}, ${parts.join(' | ')});`));
  out.push('  seL4_MessageInfo_t reply = seL4_Call(_service, tag);');
  if (m.out) {
    out.push(`  ${ret} result;`, '  result.error = (int)seL4_MessageInfo_get_label(reply);');
    m.out.forEach((o, i) => out.push(`  result.${o.name} = seL4_GetMR(${i});`));
    out.push('  return result;', '}');
    return [`typedef struct ${stubName(m)} { int error; ${m.out.map((o) => `${o.type} ${o.name};`).join(' ')} } ${ret};`, ...out];
  }
  out.push('  return (seL4_Error)seL4_MessageInfo_get_label(reply);', '}');
  return out;
}

/** Read/WriteRegisters move a seL4_UserContext: MR0 flags, MR1 count, then registers. */
function specialStub(m: Method): string[] {
  const read = m.name === 'ReadRegisters';
  const flag = read ? 'suspend_source' : 'resume_target';
  const ctx = read ? 'seL4_UserContext *regs' : 'const seL4_UserContext *regs';
  const n = USER_CONTEXT.length;
  const lines = [
    `static inline seL4_Error ${stubName(m)}(${m.iface} _service, seL4_Bool ${flag}, seL4_Uint8 arch_flags, seL4_Word count, ${ctx}) {`,
    `  seL4_SetMR(0, ((seL4_Word)${flag} & 1) | (((seL4_Word)arch_flags & 0xff) << 8));`,
    '  seL4_SetMR(1, count);',
  ];
  if (read) {
    lines.push(
      `  seL4_MessageInfo_t reply = seL4_Call(_service, seL4_MessageInfo_new(${m.label}, 0, 0, 2));`,
      '  seL4_Error e = (seL4_Error)seL4_MessageInfo_get_label(reply);',
      `  if (e == seL4_NoError) for (seL4_Word i = 0; i < count && i < ${n}; i++) ((seL4_Word *)regs)[i] = seL4_GetMR((int)i);`,
      '  return e;', '}',
    );
  } else {
    lines.push(
      `  for (seL4_Word i = 0; i < count && i < ${n}; i++) seL4_SetMR((int)i + 2, ((const seL4_Word *)regs)[i]);`,
      `  seL4_MessageInfo_t reply = seL4_Call(_service, seL4_MessageInfo_new(${m.label}, 0, 0, 2 + (count < ${n} ? count : ${n})));`,
      '  return (seL4_Error)seL4_MessageInfo_get_label(reply);', '}',
    );
  }
  return lines;
}

function clientHeader(): string {
  return GUARD('__LIBSEL4_SEL4_CLIENT_H', ['#include <sel4/syscalls.h>', ...METHODS.flatMap(stub)]);
}

function umbrella(): string {
  return GUARD('__LIBSEL4_SEL4_H', [
    '#include <sel4/types.h>',
    '#include <sel4/syscalls.h>',
    '#include <interfaces/sel4_client.h>',
    '#include <sel4/bootinfo.h>',
  ]);
}

function bootinfoHeader(): string {
  return GUARD('__LIBSEL4_BOOTINFO_H', [
    '#include <sel4/types.h>',
    '/* Set by crt0 from x0 at entry (the kernel passes the BootInfo frame address there). */',
    'void seL4_InitBootInfo(seL4_BootInfo *bi);',
    'seL4_BootInfo *seL4_GetBootInfo(void);',
  ]);
}

let cache: Record<string, string> | undefined;

/** Include name -> text of every generated libsel4 header. */
export function sel4Headers(): Record<string, string> {
  cache ??= {
    'sel4/sel4.h': umbrella(),
    'sel4/types.h': typesHeader(),
    'sel4/syscalls.h': syscallsHeader(),
    'interfaces/sel4_client.h': clientHeader(),
    'sel4/bootinfo.h': bootinfoHeader(),
  };
  return cache;
}

/** Library sources of libsel4 (what is not static inline). */
/** One IPC system call as an assembly function: load MR0-MR3 from the IPC buffer
 *  (when it sends), svc, store them back and the badge through `sender` (when it
 *  receives), return the MessageInfo. Arguments arrive per AAPCS64 (x0 cap, x1 info
 *  or sender, x2 sender); only caller-saved registers are used. */
function ipcStub(name: string, sys: number, form: { send: boolean; recv: boolean; args: 'cap-info' | 'cap-sender' | 'info' | 'cap-info-sender' }): string[] {
  const [m0, m1, m2, m3] = REGISTERS.messageRegisters;
  const msg = offsets(IPC_BUFFER).msg;
  const buf = `mrs     x9, ${REGISTERS.ipcBufferRegister}`;
  const load = [`ldp     ${m0}, ${m1}, [x9, #${msg}]`, `ldp     ${m2}, ${m3}, [x9, #${msg + 16}]`];
  const store = [`stp     ${m0}, ${m1}, [x9, #${msg}]`, `stp     ${m2}, ${m3}, [x9, #${msg + 16}]`];
  const body: string[] = [];
  if (form.args === 'cap-sender') body.push('mov     x10, x1');
  if (form.args === 'cap-info-sender') body.push('mov     x10, x2');
  if (form.args === 'info') body.push('mov     x1, x0', 'mov     x0, #0');
  body.push(buf);
  if (form.send) body.push(...load);
  body.push(`mov     ${REGISTERS.syscallNumber}, #${sys}`, REGISTERS.trap);
  if (form.recv) body.push(...store);
  if (form.args === 'cap-sender' || form.args === 'cap-info-sender') body.push(`cbz     x10, 1f`, 'str     x0, [x10]', '1:');
  if (form.recv) body.push('mov     x0, x1');
  body.push('ret');
  return [`        .global ${name}`, `        .type   ${name}, %function`, `${name}:`, ...body.map((l) => (l.endsWith(':') ? l : `        ${l}`)), ''];
}

/** sel4/ipc.s: seL4_Send/NBSend/Call/Recv/NBRecv/Reply/ReplyRecv. */
export function ipcAssembly(): string {
  const n = (name: string) => SYSCALLS.find(([s]) => s === name)![1];
  return [
    '// GENERATED by sel4gen.ts (ipcAssembly): libsel4\'s IPC system calls.',
    '        .text',
    ...ipcStub('seL4_Send', n('Send'), { send: true, recv: false, args: 'cap-info' }),
    ...ipcStub('seL4_NBSend', n('NBSend'), { send: true, recv: false, args: 'cap-info' }),
    ...ipcStub('seL4_Call', n('Call'), { send: true, recv: true, args: 'cap-info' }),
    ...ipcStub('seL4_Recv', n('Recv'), { send: false, recv: true, args: 'cap-sender' }),
    ...ipcStub('seL4_NBRecv', n('NBRecv'), { send: false, recv: true, args: 'cap-sender' }),
    ...ipcStub('seL4_Reply', n('Reply'), { send: true, recv: false, args: 'info' }),
    ...ipcStub('seL4_ReplyRecv', n('ReplyRecv'), { send: true, recv: true, args: 'cap-info-sender' }),
  ].join('\n');
}

export function sel4LibrarySources(): Array<[string, string]> {
  return [['<sysroot>/sel4/ipc.s', ipcAssembly()], ['<sysroot>/sel4/bootinfo.c', [
    '/* GENERATED by sel4gen.ts: the root task\'s BootInfo pointer. */',
    '#include <sel4/bootinfo.h>',
    'static seL4_BootInfo *bootinfo;',
    'void seL4_InitBootInfo(seL4_BootInfo *bi) { bootinfo = bi; }',
    'seL4_BootInfo *seL4_GetBootInfo(void) { return bootinfo; }',
    '',
  ].join('\n')]];
}

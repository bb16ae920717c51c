// Typed syntax tree produced by the parser and consumed by the code generator.
// Toolchain layer, C compiler. Every expression node carries its C type after the
// implicit conversions (C11 6.3) were made explicit as 'cast' nodes.

import type { Token } from './tokenize.ts';
import type { Member, Type } from './type.ts';

export type BinOp = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'band' | 'bor' | 'bxor' | 'shl' | 'shr';
export type CmpOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type NodeKind =
  // expressions
  | 'num' | 'var' | 'member' | 'deref' | 'addr' | 'assign' | 'opassign' | 'preinc' | 'postinc'
  | 'cast' | 'call' | 'neg' | 'not' | 'bitnot' | BinOp | CmpOp | 'logand' | 'logor' | 'cond'
  | 'comma' | 'memzero' | 'vastart' | 'vaarg' | 'vacopy' | 'stmtexpr' | 'nop'
  // statements
  | 'block' | 'exprstmt' | 'if' | 'for' | 'do' | 'switch' | 'case' | 'return' | 'goto'
  | 'label' | 'asm';

export interface AsmOperand {
  constraint: string;
  name?: string;
  expr: Node;
}

export interface Node {
  kind: NodeKind;
  tok: Token;
  ty: Type;
  lhs?: Node;
  rhs?: Node;
  /** if/for/cond/do/switch */
  cond?: Node;
  then?: Node;
  els?: Node;
  init?: Node;
  inc?: Node;
  body?: Node[];
  val?: bigint;
  obj?: Obj;
  member?: Member;
  args?: Node[];
  /** Call: the callee's function type. */
  fnTy?: Type;
  /** opassign: operator; the arithmetic happens in type `cty`. */
  op?: BinOp;
  cty?: Type;
  /** Labels for loops/switch/goto. */
  brk?: string;
  cont?: string;
  label?: string;
  /** switch: case list and default label. */
  cases?: Array<{ lo: bigint; hi: bigint; label: string }>;
  defLabel?: string;
  /** asm statement */
  asmText?: string;
  outputs?: AsmOperand[];
  inputs?: AsmOperand[];
  clobbers?: string[];
}

export interface Reloc { offset: number; label: string; addend: number }

export interface InitData { bytes: Uint8Array; relocs: Reloc[] }

export interface Obj {
  name: string;
  asmName: string;
  ty: Type;
  tok: Token;
  isLocal: boolean;
  offset: number;
  /** Internal linkage (or a static local). */
  isStatic: boolean;
  isDefinition: boolean;
  isFunction: boolean;
  isExtern?: boolean;
  init?: InitData;
  /** Local register variable: register name from `asm("x8")`. */
  reg?: string;
  align?: number;
  // functions
  params?: Obj[];
  locals?: Obj[];
  body?: Node;
  isInline?: boolean;
  /** Referenced from emitted code (static functions, string literals). */
  referenced?: boolean;
}

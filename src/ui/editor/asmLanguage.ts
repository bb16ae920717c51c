// Monarch tokenizer and language settings for AArch64 assembly in GNU as syntax:
// `//` and `/* */` comments (and `#` at the start of a line), labels, directives,
// mnemonics, condition suffixes, x/w/v registers, `#` immediates, strings. UI layer.

import type * as Monaco from 'monaco-editor/editor/editor.api';

export const ASM_LANGUAGE_ID = 'aarch64-asm';

const gpr = 'x(?:[12]?[0-9]|30)|w(?:[12]?[0-9]|30)|sp|wsp|xzr|wzr|lr|fp|ip[01]';
const simd = '[vqdshb](?:[12]?[0-9]|3[01])(?:\\.(?:16b|8b|8h|4h|4s|2s|2d|1d|b|h|s|d))?';
const sysreg = 'nzcv|fpcr|fpsr|tpidr_el0|tpidrro_el0|cntvct_el0|cntfrq_el0|cntpct_el0|daif';

const language: Monaco.languages.IMonarchLanguage = {
  ignoreCase: true,
  defaultToken: '',
  tokenPostfix: '.asm',
  tokenizer: {
    root: [
      [/^\s*#.*$/, 'comment'],
      [/^(\s*)([A-Za-z_.$][\w.$]*|[0-9]+)(:)/, ['', 'type.identifier', 'delimiter']],
      [/^(\s*)([A-Za-z][\w]*)(\.)(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al|nv)\b/, ['', 'keyword', 'delimiter', 'keyword.condition']],
      [/^(\s*)([A-Za-z][\w]*)\b/, ['', 'keyword']],
      { include: '@whitespace' },
      [/\.[A-Za-z_][\w]*/, 'keyword.directive'],
      [new RegExp(`\\b(?:${gpr})\\b`), 'variable.register'],
      [new RegExp(`\\b(?:${simd})\\b`), 'variable.register'],
      [new RegExp(`\\b(?:${sysreg})\\b`), 'variable.predefined'],
      [/#-?(?:0x[0-9a-f]+|0b[01]+|[0-9]+)/, 'number'],
      [/-?\b0x[0-9a-f]+\b/, 'number.hex'],
      [/-?\b[0-9]+[bf]?\b/, 'number'],
      [/'(?:\\.|[^\\'])'?/, 'string'],
      [/"/, 'string', '@string'],
      [/[A-Za-z_.$][\w.$]*/, 'identifier'],
      [/[[\]{}!,]/, 'delimiter'],
      [/[#=+\-*/<>|&^~:]/, 'operator'],
      [/;/, 'delimiter'],
    ],
    whitespace: [
      [/\s+/, ''],
      [/\/\/.*$/, 'comment'],
      [/\/\*/, 'comment', '@blockComment'],
    ],
    blockComment: [
      [/[^*]+/, 'comment'],
      [/\*\//, 'comment', '@pop'],
      [/\*/, 'comment'],
    ],
    string: [
      [/[^\\"]+/, 'string'],
      [/\\(?:[0-7]{1,3}|x[0-9a-f]+|.)/, 'string.escape'],
      [/"/, 'string', '@pop'],
    ],
  },
};

const configuration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] },
  brackets: [['[', ']'], ['{', '}']],
  autoClosingPairs: [
    { open: '[', close: ']' },
    { open: '{', close: '}' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
  wordPattern: /[A-Za-z_.$][\w.$]*|#?-?(?:0x[0-9a-fA-F]+|[0-9]+)/,
};

export function registerAsmLanguage(monaco: typeof Monaco): void {
  monaco.languages.register({ id: ASM_LANGUAGE_ID, extensions: ['.s', '.S', '.asm'], aliases: ['AArch64 assembly'] });
  monaco.languages.setMonarchTokensProvider(ASM_LANGUAGE_ID, language);
  monaco.languages.setLanguageConfiguration(ASM_LANGUAGE_ID, configuration);
  monaco.editor.defineTheme('caplab-light', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'comment', foreground: '6a737d', fontStyle: 'italic' },
      { token: 'keyword', foreground: '0b4f9c', fontStyle: 'bold' },
      { token: 'keyword.condition', foreground: '0b4f9c' },
      { token: 'keyword.directive', foreground: '8a3ffc' },
      { token: 'type.identifier', foreground: 'a0430a', fontStyle: 'bold' },
      { token: 'variable.register', foreground: '0a7d55' },
      { token: 'variable.predefined', foreground: '0a7d55', fontStyle: 'italic' },
      { token: 'number', foreground: 'b3261e' },
      { token: 'number.hex', foreground: 'b3261e' },
      { token: 'string', foreground: '7a5c00' },
      { token: 'string.escape', foreground: 'a0430a' },
    ],
    colors: {
      'editor.background': '#fdfdfc',
      'editorGutter.background': '#f4f4f1',
    },
  });
  monaco.editor.defineTheme('caplab-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'comment', foreground: '8b949e', fontStyle: 'italic' },
      { token: 'keyword', foreground: '79b8ff', fontStyle: 'bold' },
      { token: 'keyword.condition', foreground: '79b8ff' },
      { token: 'keyword.directive', foreground: 'd2a8ff' },
      { token: 'type.identifier', foreground: 'ffab70', fontStyle: 'bold' },
      { token: 'variable.register', foreground: '7ee2b8' },
      { token: 'variable.predefined', foreground: '7ee2b8', fontStyle: 'italic' },
      { token: 'number', foreground: 'ff9492' },
      { token: 'number.hex', foreground: 'ff9492' },
      { token: 'string', foreground: 'f2cc60' },
      { token: 'string.escape', foreground: 'ffab70' },
    ],
    colors: {
      'editor.background': '#1b1e23',
      'editorGutter.background': '#1f2228',
    },
  });
}

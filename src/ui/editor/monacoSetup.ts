// Monaco, bundled: the editor API, the few editor features the lab uses, and the
// editor's web worker through a Vite `?worker` import, so nothing is fetched from a
// CDN at run time. C highlighting is Monaco's own (cpp definitions, language 'c'),
// and so is XML's (the .system description of a system-mode scenario).
// UI layer. Import `monaco` from here, never from 'monaco-editor'.

import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/languages/definitions/cpp/register';
import 'monaco-editor/languages/definitions/xml/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { registerAsmLanguage } from './asmLanguage.ts';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

registerAsmLanguage(monaco);

export { monaco };

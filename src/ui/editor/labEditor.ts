// The program editor: a Monaco editor wired to the lab store without React renders.
// Diagnostics become markers (red squiggles), line breakpoints glyph-margin dots
// that follow their lines as text is edited, and the line about to execute is
// highlighted while the machine is stopped. UI layer; a factory (el) -> { dispose }.

import type { Diagnostic } from '../../shared/diagnostic.ts';
import * as actions from '../state/actions.ts';
import { selectDiagnostics, selectLineBreakpoints, selectPcLine, selectTheme, selectUnresolvedLines } from '../state/selectors.ts';
import type { LabStore } from '../state/store.ts';
import { useLab } from '../state/store.ts';
import { ASM_LANGUAGE_ID } from './asmLanguage.ts';
import { monaco } from './monacoSetup.ts';

type Editor = monaco.editor.IStandaloneCodeEditor;
type Model = monaco.editor.ITextModel;

export interface LabEditor {
  editor: Editor;
  /** The build markers now on the model (what the squiggles show). */
  markers(): monaco.editor.IMarker[];
  /** Puts the cursor at a line and column and shows it. */
  goTo(line: number, column: number): void;
  dispose(): void;
}

export const MARKER_OWNER = 'caplab-build';

export function createLabEditor(el: HTMLElement): LabEditor {
  const s = useLab.getState();
  const model = monaco.editor.createModel(s.source, ASM_LANGUAGE_ID, monaco.Uri.parse(`file:///${s.fileName}`));
  const editor = monaco.editor.create(el, {
    model,
    theme: s.theme === 'dark' ? 'caplab-dark' : 'caplab-light',
    glyphMargin: true,
    lineNumbersMinChars: 3,
    lineDecorationsWidth: 8,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
    scrollBeyondLastLine: false,
    renderLineHighlight: 'line',
    ariaLabel: `Program source ${s.fileName}`,
    tabSize: 8,
  });
  const breakpoints = editor.createDecorationsCollection();
  const pcLine = editor.createDecorationsCollection();
  const subs = [
    model.onDidChangeContent(() => onEdited(model, breakpoints)),
    editor.onMouseDown((e) => {
      if (e.target.type === monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN && e.target.position) {
        actions.toggleLineBreakpoint(e.target.position.lineNumber);
      }
    }),
  ];
  const unsubs = [
    watch(selectDiagnostics, (ds) => showDiagnostics(model, ds)),
    watch(selectLineBreakpoints, () => showBreakpoints(breakpoints)),
    watch(selectUnresolvedLines, () => showBreakpoints(breakpoints)),
    watch(selectPcLine, (line) => showPcLine(editor, pcLine, line)),
    watch(selectSource, (text) => followSource(editor, text)),
    watch(selectTheme, (theme) => monaco.editor.setTheme(theme === 'dark' ? 'caplab-dark' : 'caplab-light')),
  ];
  return {
    editor,
    markers: () => monaco.editor.getModelMarkers({ owner: MARKER_OWNER, resource: model.uri }),
    goTo(line, column) {
      editor.setPosition({ lineNumber: line, column: Math.max(1, column) });
      editor.revealLineInCenterIfOutsideViewport(line);
      editor.focus();
    },
    dispose() {
      for (const d of subs) d.dispose();
      for (const u of unsubs) u();
      editor.dispose();
      model.dispose();
    },
  };
}

/** Calls `apply` now and whenever the selected value changes. */
function watch<T>(select: (s: LabStore) => T, apply: (v: T) => void): () => void {
  let last = select(useLab.getState());
  apply(last);
  return useLab.subscribe((s) => {
    const next = select(s);
    if (Object.is(next, last)) return;
    last = next;
    apply(next);
  });
}

const selectSource = (s: LabStore) => s.source;

/** The source changed outside the editor (Example, restore): one undoable edit. */
function followSource(editor: Editor, text: string): void {
  const model = editor.getModel();
  if (!model || model.getValue() === text) return;
  editor.pushUndoStop();
  editor.executeEdits('caplab', [{ range: model.getFullModelRange(), text }]);
  editor.pushUndoStop();
}

function onEdited(model: Model, breakpoints: monaco.editor.IEditorDecorationsCollection): void {
  actions.setSource(model.getValue());
  const lines = breakpoints.getRanges().map((r) => r.startLineNumber);
  actions.moveLineBreakpoints(lines);
}

function showDiagnostics(model: Model, ds: readonly Diagnostic[]): void {
  const name = model.uri.path.replace(/^\//, '');
  const markers = ds.filter((d) => d.file === name || d.file === '').map((d) => toMarker(model, d));
  monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
}

function toMarker(model: Model, d: Diagnostic): monaco.editor.IMarkerData {
  const line = Math.min(Math.max(1, d.line), model.getLineCount());
  const column = Math.max(1, d.column);
  let endLine = d.endLine ?? line;
  let endColumn = d.endColumn !== undefined ? d.endColumn + 1 : 0;
  if (endColumn <= column && endLine === line) {
    const word = model.getWordAtPosition({ lineNumber: line, column });
    endColumn = word ? word.endColumn : model.getLineMaxColumn(line);
    endLine = line;
    if (endColumn <= column) endColumn = column + 1;
  }
  const severity = d.severity === 'error' ? monaco.MarkerSeverity.Error
    : d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info;
  return { startLineNumber: line, startColumn: column, endLineNumber: endLine, endColumn, severity, message: d.message, source: 'as' };
}

function showBreakpoints(collection: monaco.editor.IEditorDecorationsCollection): void {
  const { lineBreakpoints, unresolvedLines } = useLab.getState();
  collection.set(lineBreakpoints.map((line) => {
    const unresolved = unresolvedLines.includes(line);
    return {
      range: new monaco.Range(line, 1, line, 1),
      options: {
        glyphMarginClassName: unresolved ? 'bp-glyph bp-unresolved' : 'bp-glyph',
        glyphMarginHoverMessage: { value: unresolved ? 'Breakpoint (no code on or after this line)' : 'Breakpoint: click to remove' },
        stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
      },
    };
  }));
}

function showPcLine(editor: Editor, collection: monaco.editor.IEditorDecorationsCollection, line: number | null): void {
  if (line === null) {
    collection.clear();
    return;
  }
  collection.set([{
    range: new monaco.Range(line, 1, line, 1),
    options: { isWholeLine: true, className: 'pc-line', linesDecorationsClassName: 'pc-arrow' },
  }]);
  editor.revealLineInCenterIfOutsideViewport(line);
}

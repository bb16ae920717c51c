// The program editor: one Monaco editor showing one model per project file, wired to
// the lab store without React renders. Diagnostics become markers (squiggles) on the
// model of their file, line breakpoints glyph-margin dots that follow their lines as
// text is edited, and the line about to execute is highlighted while the machine is
// stopped. A system-mode scenario's .system description is one more model (XML),
// edited like a file. UI layer; a factory (el) -> LabEditor.

import type { Diagnostic } from '../../shared/diagnostic.ts';
import { SYSTEM_FILE_NAME } from '../../shared/protocol.ts';
import * as actions from '../state/actions.ts';
import { editorFiles } from '../state/files.ts';
import { selectActiveBreakpointLines, selectActiveUnresolvedLines, selectDiagnostics, selectFileName, selectFiles, selectPcLine, selectSystem, selectTheme } from '../state/selectors.ts';
import type { LabStore } from '../state/store.ts';
import { useLab } from '../state/store.ts';
import { ASM_LANGUAGE_ID } from './asmLanguage.ts';
import { registerCHover } from './cHover.ts';
import { monaco } from './monacoSetup.ts';
import { setSourceRevealer } from './reveal.ts';

type Editor = monaco.editor.IStandaloneCodeEditor;
type Model = monaco.editor.ITextModel;

export interface LabEditor {
  editor: Editor;
  /** The markers now on the open file's model (what the squiggles show). */
  markers(): monaco.editor.IMarker[];
  /** Puts the cursor at a line and column of a file (opening it) and shows it. */
  goTo(line: number, column: number, file?: string): void;
  dispose(): void;
}

export const MARKER_OWNER = 'caplab-build';

const languageOf = (name: string) => (name.endsWith('.c') || name.endsWith('.h') ? 'c' : name === SYSTEM_FILE_NAME ? 'xml' : ASM_LANGUAGE_ID);

/** The models of the project's files, created, renamed and dropped with the files. */
class ModelSet {
  readonly models = new Map<string, Model>();
  readonly breakpointIds = new Map<string, string[]>();
  private readonly subs = new Map<string, monaco.IDisposable>();

  sync(files: readonly { name: string; text: string }[]): void {
    const names = new Set(files.map((f) => f.name));
    for (const [name, model] of this.models) if (!names.has(name)) this.drop(name, model);
    for (const f of files) {
      const model = this.models.get(f.name);
      if (!model) this.create(f.name, f.text);
      else if (model.getValue() !== f.text) replaceText(model, f.text);
    }
  }

  private create(name: string, text: string): void {
    const model = monaco.editor.createModel(text, languageOf(name), monaco.Uri.parse(`file:///${name}`));
    this.models.set(name, model);
    this.subs.set(name, model.onDidChangeContent(() => this.edited(name, model)));
  }

  private drop(name: string, model: Model): void {
    this.subs.get(name)?.dispose();
    this.subs.delete(name);
    this.breakpointIds.delete(name);
    this.models.delete(name);
    model.dispose();
  }

  private edited(name: string, model: Model): void {
    // Read where the dots moved before the store hears of the edit (which redraws them).
    const ids = this.breakpointIds.get(name) ?? [];
    const lines = ids.map((id) => model.getDecorationRange(id)?.startLineNumber).filter((l): l is number => l !== undefined);
    actions.moveLineBreakpoints(name, lines);
    actions.setFileText(name, model.getValue());
  }

  dispose(): void {
    for (const [name, model] of [...this.models]) this.drop(name, model);
  }
}

/** The text changed outside the editor (Example, restore): one undoable edit. */
function replaceText(model: Model, text: string): void {
  model.pushStackElement();
  model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
  model.pushStackElement();
}

export function createLabEditor(el: HTMLElement): LabEditor {
  const s = useLab.getState();
  const set = new ModelSet();
  set.sync(editorFiles(s.files, s.system));
  const editor = monaco.editor.create(el, {
    model: set.models.get(s.fileName) ?? null,
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
    ariaLabel: 'Program source',
    tabSize: 8,
    hover: { delay: 250 },
    // Hovers and suggestions may extend past the editor panel instead of being cut off.
    fixedOverflowWidgets: true,
  });
  const views = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  const pcLine = editor.createDecorationsCollection();
  const disposables = [
    registerCHover(),
    editor.onMouseDown((e) => {
      // No breakpoints in the system description: it is not code.
      if (e.target.type === monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN && e.target.position && useLab.getState().fileName !== SYSTEM_FILE_NAME) {
        actions.toggleLineBreakpoint(e.target.position.lineNumber);
      }
    }),
  ];
  const showAll = () => {
    showDiagnostics(set, useLab.getState().diagnostics);
    showBreakpoints(set);
  };
  const unsubs = [
    watch(selectFiles, (files) => {
      set.sync(editorFiles(files, useLab.getState().system));
      showAll();
    }),
    watch(selectSystem, (system) => {
      set.sync(editorFiles(useLab.getState().files, system));
      showAll();
    }),
    watch(selectFileName, (name) => openModel(editor, set, views, name)),
    watch(selectDiagnostics, (ds) => showDiagnostics(set, ds)),
    watch(selectActiveBreakpointLines, () => showBreakpoints(set)),
    watch(selectActiveUnresolvedLines, () => showBreakpoints(set)),
    watch(selectPcLineHere, () => showPcLine(editor, pcLine, selectPcLine(useLab.getState()))),
    watch(selectActiveReadOnly, (readOnly) => editor.updateOptions({
      readOnly,
      readOnlyMessage: { value: 'This file belongs to the scenario and cannot be edited.' },
    })),
    watch(selectTheme, (theme) => monaco.editor.setTheme(theme === 'dark' ? 'caplab-dark' : 'caplab-light')),
    setSourceRevealer((file, line) => {
      if (file !== useLab.getState().fileName) actions.openFile(file);
      editor.setPosition({ lineNumber: line, column: 1 });
      editor.revealLineInCenter(line);
    }),
  ];
  return {
    editor,
    markers: () => {
      const model = editor.getModel();
      return model ? monaco.editor.getModelMarkers({ owner: MARKER_OWNER, resource: model.uri }) : [];
    },
    goTo(line, column, file) {
      if (file && file !== useLab.getState().fileName) actions.openFile(file);
      editor.setPosition({ lineNumber: line, column: Math.max(1, column) });
      editor.revealLineInCenterIfOutsideViewport(line);
      editor.focus();
    },
    dispose() {
      for (const d of disposables) d.dispose();
      for (const u of unsubs) u();
      editor.dispose();
      set.dispose();
    },
  };
}

/** The open file is marked read-only by its scenario. */
const selectActiveReadOnly = (s: LabStore) => s.scenario.files.some((f) => f.readOnly === true && f.name === s.fileName);

/** The pc line and the open file together: the highlight moves with either. */
const selectPcLineHere = (s: LabStore) => `${s.fileName}:${selectPcLine(s) ?? ''}`;

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

function openModel(editor: Editor, set: ModelSet, views: Map<string, monaco.editor.ICodeEditorViewState | null>, name: string): void {
  const model = set.models.get(name);
  const current = editor.getModel();
  if (!model || current === model) return;
  if (current) views.set(current.uri.path.slice(1), editor.saveViewState());
  editor.setModel(model);
  const view = views.get(name);
  if (view) editor.restoreViewState(view);
  showBreakpoints(set);
}

function showDiagnostics(set: ModelSet, ds: readonly Diagnostic[]): void {
  const first = useLab.getState().files[0]?.name;
  for (const [name, model] of set.models) {
    // A diagnostic without a file (a link error with no place) goes on the first file.
    const mine = ds.filter((d) => d.file === name || (d.file === '' && name === first));
    monaco.editor.setModelMarkers(model, MARKER_OWNER, mine.map((d) => toMarker(model, d)));
  }
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
  const language = model.getLanguageId();
  const source = language === 'c' ? 'cc' : language === 'xml' ? 'system' : 'as';
  return { startLineNumber: line, startColumn: column, endLineNumber: endLine, endColumn, severity, message: d.message, source };
}

function showBreakpoints(set: ModelSet): void {
  const { lineBreakpoints, unresolvedLines } = useLab.getState();
  for (const [name, model] of set.models) {
    const unresolved = new Set(unresolvedLines.filter((b) => b.file === name).map((b) => b.line));
    const decorations = lineBreakpoints.filter((b) => b.file === name && b.line <= model.getLineCount()).map((b) => ({
      range: new monaco.Range(b.line, 1, b.line, 1),
      options: {
        glyphMarginClassName: unresolved.has(b.line) ? 'bp-glyph bp-unresolved' : 'bp-glyph',
        glyphMarginHoverMessage: { value: unresolved.has(b.line) ? 'Breakpoint (no code on or after this line)' : 'Breakpoint: click to remove' },
        stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
      },
    }));
    set.breakpointIds.set(name, model.deltaDecorations(set.breakpointIds.get(name) ?? [], decorations));
  }
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

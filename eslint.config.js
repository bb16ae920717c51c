// Lint rules, including the layer boundaries of docs/architecture.md:
// core layers never import DOM/React code, and the UI reaches the machine only
// through the worker bridge (src/ui/state/workerBridge.ts and src/shared/).
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const uiOnly = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'monaco-editor', 'monaco-editor/*',
  '@xterm/*', 'd3', 'd3-*'];
const coreLayers = ['emulator', 'kernel', 'toolchain', 'world', 'worker', 'scenarios', 'cli', 'shared', 'services'];

const coreRestriction = (layer) => ({
  files: [`src/${layer}/**/*.ts`],
  languageOptions: { globals: { ...globals.node } },
  rules: {
    'no-restricted-imports': ['error', {
      paths: uiOnly.filter((n) => !n.includes('*')).map((name) => ({ name, message: `core layer ${layer} must not import UI libraries` })),
      patterns: [
        { group: uiOnly.filter((n) => n.includes('*')), message: `core layer ${layer} must not import UI libraries` },
        { group: ['**/ui/**', '../ui', '../../ui'], message: `core layer ${layer} must not import from src/ui` },
      ],
    }],
    'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'navigator'],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '**/*.d.ts', 'tests/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...coreLayers.map(coreRestriction),
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/emulator/**', '**/kernel/**', '**/toolchain/**', '**/worker/**', '**/world/**', '**/services/**', '**/cli/**'],
            message: 'the UI reaches the machine only through the worker bridge (src/ui/state/workerBridge.ts) and src/shared' },
        ],
      }],
    },
  },
  {
    files: ['src/ui/state/workerBridge.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.{js,mjs}', 'e2e/**', 'bench/**', 'tests/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);

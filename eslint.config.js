// Layer rules (VS Code's code-layering, in the small): the core and the contract never import
// Electron; the renderer and the contract never import Node; the renderer talks to the core only
// through the contract.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'crypto', 'child_process', 'os', 'http', 'https', 'net', 'stream', 'url', 'util', 'zlib', 'worker_threads'];
const nodePatterns = [{ regex: `^(node:.*|(${nodeBuiltins.join('|')})(/.*)?)$`, message: 'Node modules cannot run here (renderer or contract).' }];
const electronPattern = { regex: '^(electron|electron-updater)(/.*)?$', message: 'Only electron/main and electron/preload may import Electron.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/tmp/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {},
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web/**/*.ts', 'central/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronPattern] }] },
  },
  {
    // Services are thin and side by side: what two of them share lives in its domain folder
    // (e.g. journal/loadClass.ts), never in another service.
    files: ['electron/core/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electronPattern, { regex: '^\\./[^/]+$', message: 'A service imports no other service: move what they share to its domain folder.' }] },
      ],
    },
  },
  {
    // The small helpers every folder uses (dates, ids, a mutex) know no feature either.
    files: ['electron/core/util/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electronPattern, { regex: '^\\.\\./(?!\\.\\./contract/)', message: 'electron/core/util imports no feature folder (only the contract).' }] },
      ],
    },
  },
  {
    // The PDF base (writer, fonts, document helpers, QR) serves every feature and knows none of them.
    files: ['electron/core/pdf/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electronPattern, { regex: '^\\.\\./(?!util/|\\.\\./contract/)', message: 'electron/core/pdf imports no feature folder (only util/ and the contract).' }] },
      ],
    },
  },
  {
    // The store keeps the data and knows no feature: the shapes it keeps are its own (store/schema.ts)
    // and what it derives is its own (class summaries, aggregates). It may use util/, the audit log's
    // chain and sink (audit/: the log it persists and backs up), the host seam's types and the contract.
    files: ['electron/core/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPattern,
            {
              regex: '^(\\.\\./)+(extracts|journal|registry|services|stats|finals|auth|sync|people|forms|setup|update|demo|dispatch|pdf)/',
              message: 'electron/core/store imports no feature folder: define the shape in the store, or let the feature register what it needs.',
            },
            { regex: '^(\\.\\./)+(app|core|handlers|context|inProcessTransport)\\.js$', message: 'electron/core/store imports nothing of the core above it.' },
          ],
        },
      ],
    },
  },
  {
    // The central server and the workstation agree through the sync contract (electron/contract/sync);
    // the central server never reaches into the workstation's sync engine.
    files: ['central/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electronPattern, { regex: 'electron/core/sync/', message: 'The central server imports the sync protocol from electron/contract/sync, never the workstation engine.' }] },
      ],
    },
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPattern,
            ...nodePatterns,
            { regex: '(/core/|/main/|/web/|^react)', message: 'The contract depends on nothing but zod.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPattern,
            ...nodePatterns,
            { regex: 'electron/(core|main|web|preload)/', message: 'The renderer talks to the core only through the contract.' },
          ],
        },
      ],
    },
  },
);

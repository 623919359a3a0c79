// Layer rules (VS Code's code-layering, in the small): the core and the contract never import
// Electron; the renderer and the contract never import Node; the renderer talks to the core only
// through the contract.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'crypto', 'child_process', 'os', 'http', 'https', 'net', 'stream', 'url', 'util', 'zlib', 'worker_threads'];
const nodePatterns = [{ regex: `^(node:.*|(${nodeBuiltins.join('|')})(/.*)?)$`, message: 'Node modules cannot run here (renderer or contract).' }];
const electronPattern = { regex: '^(electron|electron-updater)(/.*)?$', message: 'Only electron/main and electron/preload may import Electron.' };

/**
 * An inner layer of the core (`electron/core/<folder>`) that may leave its folder only for the
 * places listed (paths relative to electron/core, e.g. 'util/', 'host.js'; the contract is always
 * allowed). An allow-list, so a feature folder added later is refused too. no-restricted-imports sees
 * the specifier only, so there is one block per depth: from store/codec/x.ts the core is '../../'.
 */
function innerLayer(folder, allowed, message) {
  const escape = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ok = [...allowed.map(escape), '\\.\\./contract/'].join('|');
  return [1, 2, 3].map((depth) => {
    const up = '\\.\\./'.repeat(depth);
    return {
      files: [`electron/core/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
      rules: { 'no-restricted-imports': ['error', { patterns: [electronPattern, { regex: `^${up}(?!${ok})`, message }] }] },
    };
  });
}

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
        { patterns: [electronPattern, { regex: '^(\\./[^/]+|\\.\\./services/.*)$', message: 'A service imports no other service: move what they share to its domain folder.' }] },
      ],
    },
  },
  // The small helpers every folder uses (dates, ids, a mutex) know no feature either.
  ...innerLayer('util', [], 'electron/core/util imports no feature folder (only the contract).'),
  // The PDF base (writer, fonts, document helpers, QR) serves every feature and knows none of them.
  ...innerLayer('pdf', ['util/'], 'electron/core/pdf imports no feature folder (only util/ and the contract).'),
  // The store keeps the data and knows no feature: the shapes it keeps are its own (store/schema.ts)
  // and what it derives is its own (class summaries, aggregates). It may use util/, the audit log's
  // chain and sink (audit/: the log it persists and backs up), the host seam's types and the contract.
  ...innerLayer(
    'store',
    ['util/', 'audit/', 'host.js'],
    'electron/core/store imports no feature folder and nothing of the core above it (only util/, audit/, host.js and the contract): define the shape in the store, or let the feature register what it needs.',
  ),
  {
    // Two programs, one contract: the central server imports of the workstation's code only the
    // contract (electron/contract: the sync protocol, entities, the shared pure rules). What it needs
    // from the workstation otherwise (the demo school generator) is given to it by its launcher
    // (scripts/central/). Its tests may join the two programs.
    files: ['central/**/*.ts'],
    ignores: ['central/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronPattern,
            { regex: '(^|/)electron/(?!contract/)', message: 'The central server imports only the contract (electron/contract), never the workstation (electron/core, main, web, preload).' },
            { regex: '^(\\.\\./)+(scripts|tests|bench)/', message: 'The central server imports no tool, test or bench: a launcher gives it what it needs.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/electron\\/(core|main|web|preload)\\//]', message: 'The central server imports only the contract, not even lazily.' },
      ],
    },
  },
  {
    files: ['central/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronPattern, { regex: '(^|/)electron/(main|web|preload)/', message: 'Tests of the central server join it to the workstation only through the core.' }] }] },
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

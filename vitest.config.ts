import { configDefaults, defineConfig } from 'vitest/config';
import LongestFirstSequencer from './tests/longestFirstSequencer.js';

/**
 * Unit tests in two speeds. `npm test` (and `npx vitest run`) runs every project, as CI does;
 * `npm run test:fast` runs `fast` and `fast-isolated` (the goal: under two minutes on a quiet
 * 2-core machine), not `slow`.
 *
 * The rule: a test file is slow when it starts something outside its own process — a child Node
 * process or tsx, a bundle built with esbuild, the central server or a database (PGlite,
 * PostgreSQL), the packager or electronegativity — or when it generates a demo school of 300
 * students or more, writes the demo school to disk or prints many PDFs. Everything else (pure
 * rules, the core in memory behind testApp or MemoryBackend, a small demo school, a few temp
 * files, a PDF read back with pdftotext) is fast.
 * tests/unit/testProjects.test.ts checks the first half of the rule: a fast file that spawns,
 * bundles or opens a central database fails it.
 */
export const SLOW_TESTS = [
  // the central server, PGlite or PostgreSQL
  'central/admin.test.ts',
  'central/entities.test.ts',
  'central/pgliteBytes.test.ts',
  'central/pullAhead.test.ts',
  'central/server.test.ts',
  'tests/unit/exchange/classList.test.ts',
  'tests/unit/exchange/copyWrite.test.ts',
  'tests/unit/exchange/docExamples.test.ts',
  'tests/unit/exchange/import.test.ts',
  'tests/unit/exchange/roundtrip.test.ts',
  'tests/unit/exchange/workstation.test.ts',
  'tests/unit/sync/auditHead.test.ts',
  'tests/unit/sync/compromise.test.ts',
  'tests/unit/sync/convergence.property.test.ts',
  'tests/unit/sync/crash.test.ts',
  'tests/unit/sync/faults.test.ts',
  'tests/unit/sync/firstPull.test.ts',
  'tests/unit/sync/hostilePull.test.ts',
  'tests/unit/sync/poison.test.ts',
  'tests/unit/sync/protocol.test.ts',
  'tests/unit/sync/verify.test.ts',
  // child processes, esbuild bundles, the packager, electronegativity
  'tests/unit/electron/mainHost.test.ts',
  'tests/unit/sync/lineHashWorker.bundle.test.ts',
  'tests/unit/release/electronegativity.test.ts',
  'tests/unit/release/packaging.test.ts',
  'tests/unit/release/releaseTools.test.ts',
  'tests/unit/store/backup.test.ts',
  'tests/unit/store/degrade.test.ts',
  'tests/unit/store/durable/crashSafety.test.ts',
  'tests/unit/store/walFaults.test.ts',
  // a demo school of 300 students or more, the demo school on disk, many PDFs
  'tests/unit/core/adminPrivacy.test.ts',
  'tests/unit/demo/benchDensity.test.ts',
  'tests/unit/demo/demoSchool.test.ts',
  'tests/unit/demo/determinism.test.ts',
  'tests/unit/demo/edgeDates.test.ts',
  'tests/unit/demo/handovers.test.ts',
  'tests/unit/demo/schema.test.ts',
  'tests/unit/extracts/demoPdf.test.ts',
  'tests/unit/registry/forms.test.ts',
  'tests/unit/store/fileStore.test.ts',
];

/**
 * Files run without isolation (one module cache per worker: four times quicker on a busy 2-core
 * machine for the fast files; for the slow ones, ~2 s of CPU less per file, the core, central and
 * PGlite's modules loaded once per worker instead of once per file), but for these, each in a fresh
 * process: they mock a module (vi.mock) or read module state that another file changes (the names'
 * inflection). A file that needs a fresh process goes here (none of the slow ones does: each opens
 * its own databases, servers, folders and children, and closes them).
 */
export const ISOLATED_FAST_TESTS = [
  'tests/unit/core/loginUniform.test.ts',
  'tests/unit/electron/preload.test.ts',
  'tests/unit/electron/updater.test.ts',
  'tests/unit/people/names.test.ts',
];

const ALL_TESTS = ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'central/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: one file per core. Most slow files wait on a child process, a server or a timer,
    // so two at a time also overlap their waiting (vitest's default would be one on 2 cores).
    maxWorkers: 2,
    // One queue for the three projects, longest files first: neither worker is left alone at the end.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      { extends: true, test: { name: 'fast', include: ALL_TESTS, exclude: [...configDefaults.exclude, ...SLOW_TESTS, ...ISOLATED_FAST_TESTS], isolate: false } },
      { extends: true, test: { name: 'fast-isolated', include: ISOLATED_FAST_TESTS } },
      { extends: true, test: { name: 'slow', include: SLOW_TESTS, isolate: false } },
    ],
  },
});

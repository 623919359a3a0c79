import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The unit test files in one queue, longest first, whatever their project (vitest's own order runs
 * the projects one after another: the slow project's long files came last, and one worker ran the
 * tail alone while the other waited). With durations from an earlier run (vitest's cache), longest
 * first; on a fresh machine (CI), the files known to be long first, in this order, then the others
 * largest first.
 */
export const KNOWN_LONG = [
  'tests/unit/store/durable/crashSafety.test.ts',
  'tests/unit/release/packaging.test.ts',
  'tests/unit/store/walFaults.test.ts',
  'tests/unit/sync/crash.test.ts',
  'tests/unit/sync/convergence.property.test.ts',
  'tests/unit/sync/faults.test.ts',
  'central/entities.test.ts',
  'tests/unit/exchange/classList.test.ts',
  'tests/unit/electron/mainHost.test.ts',
  'tests/unit/release/electronegativity.test.ts',
  'tests/unit/exchange/import.test.ts',
  'tests/unit/stats/service.test.ts',
  'tests/unit/stats/summaryEquality.test.ts',
  'central/admin.test.ts',
  'tests/unit/journal/summarySheetSignatures.test.ts',
  'tests/unit/core/adminPrivacy.test.ts',
  'tests/unit/demo/demoSchool.test.ts',
];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const path = (f: TestSpecification) => relative(root, f.moduleId);
    const durations = files.map((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${path(f)}`)?.duration);
    if (durations.every((d) => d !== undefined)) {
      return files.map((f, i) => ({ f, d: durations[i]! })).sort((a, b) => b.d - a.d).map((x) => x.f);
    }
    const rank = (f: TestSpecification) => {
      const i = KNOWN_LONG.indexOf(path(f));
      return i < 0 ? KNOWN_LONG.length : i;
    };
    const size = (f: TestSpecification) => this.ctx.cache.getFileStats(`${f.project.name}:${path(f)}`)?.size ?? 0;
    return [...files].sort((a, b) => rank(a) - rank(b) || size(b) - size(a));
  }
}

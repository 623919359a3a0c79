/**
 * The layer rules of eslint.config.js (issue 16, point 8) refuse what they should and let pass what
 * the code does: a table of one import each, linted by ESLint's Node API as if it were a file at
 * that path (lintText with a filePath: nothing is written).
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The messages of the layer rules for `code` at `file` (relative to the repository). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const CASES: Array<{ file: string; code: string; refused: RegExp | null }> = [
  // central/ imports only the contract
  { file: 'central/x.ts', code: "import { a } from '../electron/core/demo/index.js';", refused: /only the contract/ },
  { file: 'central/x.ts', code: "import { a } from '../electron/core/sync/engine.js';", refused: /only the contract/ },
  { file: 'central/exchange/classList/x.ts', code: "import { a } from '../../../electron/core/people/names.js';", refused: /only the contract/ },
  { file: 'central/x.ts', code: "import type { A } from '../electron/web/main.js';", refused: /only the contract/ },
  { file: 'central/x.ts', code: "export async function f() { return import('../electron/core/demo/index.js'); }", refused: /not even lazily/ },
  { file: 'central/x.ts', code: "import { a } from '../scripts/central/workstationDemo.js';", refused: /no tool, test or bench/ },
  { file: 'central/x.ts', code: "import { a } from '../electron/contract/sync/kinds.js';", refused: null },
  { file: 'central/x.ts', code: "import { a } from './entities.js';", refused: null },
  { file: 'central/x.test.ts', code: "import { a } from '../scripts/central/workstationDemo.js';", refused: null },
  // services import no other service
  { file: 'electron/core/services/x.ts', code: "import { a } from './extracts.js';", refused: /no other service/ },
  { file: 'electron/core/services/x.ts', code: "import { a } from '../services/extracts.js';", refused: /no other service/ },
  { file: 'electron/core/services/x.ts', code: "import { a } from '../extracts/load.js';", refused: null },
  // the store imports no feature and nothing above it
  { file: 'electron/core/store/x.ts', code: "import { a } from '../extracts/record.js';", refused: /store imports no feature/ },
  { file: 'electron/core/store/x.ts', code: "import { a } from '../journal/finalMarks.js';", refused: /store imports no feature/ },
  { file: 'electron/core/store/x.ts', code: "import { a } from '../app.js';", refused: /store imports no feature/ },
  { file: 'electron/core/store/x.ts', code: "import { a } from '../newFeature/thing.js';", refused: /store imports no feature/ },
  { file: 'electron/core/store/codec/x.ts', code: "import { a } from '../../registry/status.js';", refused: /store imports no feature/ },
  { file: 'electron/core/store/x.ts', code: "import { a } from '../util/mutex.js';", refused: null },
  { file: 'electron/core/store/x.ts', code: "import { a } from '../audit/auditLog.js';", refused: null },
  { file: 'electron/core/store/x.ts', code: "import type { A } from '../host.js';", refused: null },
  { file: 'electron/core/store/x.ts', code: "import { a } from '../../contract/errors.js';", refused: null },
  { file: 'electron/core/store/codec/x.ts', code: "import { a } from '../delta.js';", refused: null },
  { file: 'electron/core/store/durable/x.ts', code: "import { a } from '../../../contract/errors.js';", refused: null },
  // pdf/ and util/ import no feature
  { file: 'electron/core/pdf/x.ts', code: "import { a } from '../extracts/pdf.js';", refused: /pdf imports no feature/ },
  { file: 'electron/core/pdf/x.ts', code: "import { a } from '../util/dates.js';", refused: null },
  { file: 'electron/core/util/x.ts', code: "import { a } from '../pdf/qr.js';", refused: /util imports no feature/ },
  { file: 'electron/core/util/x.ts', code: "import { a } from '../../contract/errors.js';", refused: null },
  // the contract depends on no program
  { file: 'electron/contract/x.ts', code: "import { a } from '../core/extracts/code.js';", refused: /nothing but zod/ },
];

describe('layer rules (eslint.config.js)', () => {
  it.each(CASES)('$file: $code', async ({ file, code, refused }) => {
    const errors = await layerErrors(file, code);
    if (refused) {
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('\n')).toMatch(refused);
    } else {
      expect(errors).toEqual([]);
    }
  });
});

/** The examples of docs/exchange-format.md are one valid export: every file of the format, imported as it is. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILES } from '../../../central/exchange/format.js';
import { importExport } from '../../../central/exchange/import.js';
import { createSchool } from '../../../central/schools.js';
import { openTestDb } from '../sync/helpers.js';
import { writeFolder } from './sample.js';

describe('docs/exchange-format.md', () => {
  it('has an example of every file, and together they import without a problem', async () => {
    const doc = await readFile(join(import.meta.dirname, '../../../docs/exchange-format.md'), 'utf8');
    const files: Record<string, string> = {};
    const re = /^### ([a-z_]+\.csv)[^\n]*\n[\s\S]*?```csv\n([\s\S]*?)```/gm;
    for (let m = re.exec(doc); m; m = re.exec(doc)) files[m[1]!] = m[2]!;
    files['manifest.csv'] = /## 2\. manifest\.csv[\s\S]*?```csv\n([\s\S]*?)```/.exec(doc)![1]!;
    expect(Object.keys(files).sort()).toEqual([...FILES.map((f) => f.file), 'manifest.csv'].sort());
    const t = await openTestDb('pglite');
    const dir = await mkdtemp(join(tmpdir(), 'ezhd-doc-'));
    try {
      await createSchool(t.db, 'doc', 'Школа из документа');
      const r = await importExport(t.db, 'doc', { path: writeFolder(dir, files) });
      for (const f of FILES) expect(r.byKind[f.kind]?.added ?? 0, f.file).toBeGreaterThan(0);
    } finally {
      await t.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

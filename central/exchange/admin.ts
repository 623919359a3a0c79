/**
 * The exchange commands of `npm run central:admin` (central/adminOps.ts hands them here):
 *
 *   import --school <id> <folder|zip> [--dry-run]   check an export and write its differences
 *   export --school <id> <folder>                    the school in the exchange format
 *   import-class-list --school <id> <file> [--dry-run]  a school's class list (XLSX or CSV; classList/)
 *
 * Run against the database directly or inside the running server (its loopback admin endpoint):
 * the path is then read by the server's process, on the same machine.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { parseOptions } from '../adminOptions.js';
import type { Db } from '../db.js';
import { exportSchool } from './export.js';
import { formatReport, importExport } from './import.js';
import { formatClassListReport } from './classList/preview.js';
import { importClassList } from './classList/importClassList.js';

const SchoolId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'идентификатор школы: латинские буквы, цифры, . _ -');
/** The path a command reads or writes (given without an option's name). */
const Path = (what: string) => z.string({ error: `укажите ${what}` }).min(1, `укажите ${what}`).max(4096, 'путь слишком длинный').refine(isAbsolute, 'путь должен быть полным');
const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

export const EXCHANGE_COMMANDS = {
  import: z.object({ school: SchoolId, path: Path('папку выгрузки или ZIP-архив'), 'dry-run': Flag.optional() }),
  export: z.object({ school: SchoolId, path: Path('папку, в которую выгрузить') }),
  'import-class-list': z.object({ school: SchoolId, path: Path('файл списка классов (.xlsx или .csv)'), 'dry-run': Flag.optional() }),
} as const;

export const isExchangeCommand = (c: string): c is keyof typeof EXCHANGE_COMMANDS => Object.hasOwn(EXCHANGE_COMMANDS, c);

export async function runExchangeCommand(db: Db, command: keyof typeof EXCHANGE_COMMANDS, rawArgs: Record<string, unknown>, log: (line: string) => void = () => undefined): Promise<string> {
  const a = parseOptions(command, EXCHANGE_COMMANDS[command], rawArgs, ['path']) as { school: string; path: string; 'dry-run'?: boolean };
  if (command === 'export') {
    const r = await exportSchool(db, a.school, a.path);
    return [`Выгружено: школа ${r.schoolId} → ${r.folder} (${(r.ms / 1000).toFixed(1)} с)`, ...Object.entries(r.files).map(([f, n]) => `  ${f}: ${n}`)].join('\n');
  }
  if (command === 'import-class-list') {
    log(`проверяю список классов ${a.path}…`);
    const dryRun = a['dry-run'] === true;
    // The first rows as they will be imported: only in a dry run, to the person holding the file.
    return formatClassListReport(await importClassList(db, a.school, { path: a.path, dryRun }), dryRun ? { rows: 5 } : {});
  }
  log(`проверяю выгрузку ${a.path}…`);
  return formatReport(await importExport(db, a.school, { path: a.path, dryRun: a['dry-run'] === true }));
}

/**
 * Administration of the central server: what `npm run central:admin -- <command>` does. The same
 * functions run against the database directly, or inside the running server through its loopback
 * admin endpoint (a PGlite data folder can be open in one process only).
 */
import { z } from 'zod';
import { AdminError } from './adminError.js';
import { parseOptions } from './adminOptions.js';
import { num, type Db } from './db.js';
import { addMarks, loadDemo, purgeTombstones } from './demo.js';
import { schoolCompromises } from './compromise.js';
import { getEntity } from './entities.js';
import { prepareAfterChange } from './firstPull.js';
import { createSchool, getSchool, issueCode, listSchools, listWorkstations, revokeWorkstation } from './schools.js';

const SchoolId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'идентификатор школы: латинские буквы, цифры, . _ -');
const Int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ADMIN_COMMANDS = {
  'create-school': z.object({ id: SchoolId, name: z.string().min(1).max(300) }),
  'issue-code': z.object({ school: SchoolId, hours: Int(1, 24 * 90).optional() }),
  'load-demo': z.object({
    school: SchoolId.optional(),
    seed: Int(0, 2 ** 31).optional(),
    students: Int(1, 5000).optional(),
    'as-of': z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'нужна дата вида ГГГГ-ММ-ДД').optional(),
    density: z.coerce.number().min(0).max(10).optional(),
  }),
  'add-marks': z.object({
    school: SchoolId,
    count: Int(0, 1_000_000),
    changed: Int(0, 1_000_000).optional(),
    deleted: Int(0, 1_000_000).optional(),
    class: z.string().max(64).optional(),
    seed: Int(0, 2 ** 31).optional(),
  }),
  'list-schools': z.object({}),
  'list-workstations': z.object({ school: SchoolId }),
  revoke: z.object({ school: SchoolId, workstation: z.string().min(1).max(64) }),
  'purge-tombstones': z.object({ school: SchoolId, 'older-than-days': Int(0, 3650) }),
  'show-entity': z.object({ school: SchoolId, part: z.string().max(140), kind: z.string().max(40), id: z.string().max(64) }),
  count: z.object({ school: SchoolId }),
  compromises: z.object({ school: SchoolId }),
} as const;

export type AdminCommand = keyof typeof ADMIN_COMMANDS;

export function isAdminCommand(c: string): c is AdminCommand {
  return Object.hasOwn(ADMIN_COMMANDS, c);
}

export async function runAdmin(db: Db, command: string, rawArgs: Record<string, unknown>, log: (line: string) => void = () => undefined): Promise<unknown> {
  // import / export of the exchange format and class lists (issue 17): central/exchange/admin.ts
  // (loaded only for them: the CSV and ZIP readers are not needed by the other commands)
  if (command === 'import' || command === 'export' || command === 'import-class-list') {
    const report = await (await import('./exchange/admin.js')).runExchangeCommand(db, command, rawArgs, log);
    // After an import that wrote, a new workstation's first pull is prepared if the log moved enough (firstPull.ts).
    if (command === 'export' || rawArgs['dry-run'] === true || typeof rawArgs.school !== 'string') return report;
    return `${report}\n${(await prepareAfterChange(db, rawArgs.school)).line}`;
  }
  if (!isAdminCommand(command)) throw new AdminError(`неизвестная команда: ${command}; команды: ${Object.keys(ADMIN_COMMANDS).join(', ')}`);
  const a = parseOptions(command, ADMIN_COMMANDS[command], rawArgs) as Record<string, unknown>;
  const school = a.school as string;
  switch (command) {
    case 'create-school':
      return createSchool(db, a.id as string, a.name as string);
    case 'issue-code':
      return issueCode(db, school, a.hours !== undefined ? { hours: a.hours as number } : {});
    case 'load-demo': {
      let last = 0;
      const loaded = await loadDemo(db, {
        ...(a.school ? { schoolId: school } : {}),
        ...(a.seed !== undefined ? { seed: a.seed as number } : {}),
        ...(a.students !== undefined ? { students: a.students as number } : {}),
        ...(a['as-of'] ? { asOf: a['as-of'] as string } : {}),
        ...(a.density !== undefined ? { markDensity: a.density as number } : {}),
        onProgress: (done, total) => {
          const pct = Math.floor((done / total) * 10);
          if (pct !== last) log(`  ${done}/${total}`);
          last = pct;
        },
      });
      const prepared = await prepareAfterChange(db, loaded.schoolId);
      log(prepared.line);
      return { ...loaded, firstPull: { pages: prepared.result?.pages ?? 0, rows: prepared.result?.rows ?? 0, ms: prepared.result?.ms ?? 0 } };
    }
    case 'add-marks':
      return addMarks(db, school, {
        count: a.count as number,
        ...(a.changed !== undefined ? { changed: a.changed as number } : {}),
        ...(a.deleted !== undefined ? { deleted: a.deleted as number } : {}),
        ...(a.class ? { classId: a.class as string } : {}),
        ...(a.seed !== undefined ? { seed: a.seed as number } : {}),
      });
    case 'list-schools':
      return listSchools(db);
    case 'list-workstations':
      return listWorkstations(db, school);
    case 'revoke':
      return { revoked: await revokeWorkstation(db, school, a.workstation as string) };
    case 'purge-tombstones': {
      const purged = await purgeTombstones(db, school, a['older-than-days'] as number);
      // The stored first pull was read under the old purge point: prepared again (firstPull.ts).
      if (purged.purged > 0) log((await prepareAfterChange(db, school)).line);
      return purged;
    }
    case 'show-entity':
      return getEntity(db, school, a.part as string, a.kind as string, a.id as string);
    case 'count': {
      if (!(await getSchool(db, school))) throw new AdminError(`школа ${school} не найдена: проверьте идентификатор (list-schools)`);
      const r = await db.query<{ kind: string; live: unknown; dead: unknown }>(
        `SELECT kind, count(*) FILTER (WHERE live) AS live, count(*) FILTER (WHERE NOT live) AS dead FROM entities WHERE school_id = $1 GROUP BY kind ORDER BY kind`,
        [school],
      );
      return Object.fromEntries(r.rows.map((x) => [x.kind, { live: num(x.live), tombstones: num(x.dead) }]));
    }
    case 'compromises': {
      // Read-only: the school's compromise records as stored, with what each revoked.
      if (!(await getSchool(db, school))) throw new AdminError(`школа ${school} не найдена: проверьте идентификатор (list-schools)`);
      return schoolCompromises(db, school);
    }
  }
}

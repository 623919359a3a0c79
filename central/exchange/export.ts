/**
 * Export of a school of the central server in the exchange format: one CSV file per kind (UTF-8
 * with a BOM and `;`, as a Russian Excel opens them) and manifest.csv that declares the export
 * complete for every file — imported into another school it makes the same entities, and imported
 * into the same school it changes nothing.
 */
import { mkdir, open, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AdminError } from '../adminError.js';
import { fileProblemText, systemErrorCode } from './fileProblem.js';
import type { Db } from '../db.js';
import { getSchool } from '../schools.js';
import { FILES, FORMAT_VERSION, MANIFEST_FILE, fileOfEntity, type Entity, type FileSpec } from './format.js';
import { OWN_SOURCE } from './ids.js';

/** A CSV cell: quoted when it holds the delimiter, a quote, a line break or edge spaces. */
export function csvCell(v: string): string {
  return /[;"\r\n,]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const csvLine = (cells: readonly string[]) => `${cells.map(csvCell).join(';')}\r\n`;

const BOM = '\ufeff';

export interface ExportReport {
  schoolId: string;
  folder: string;
  files: Record<string, number>;
  ms: number;
}

/** The rows of an entity: a guardian has one row per student, every other entity one. */
function rowsOf(spec: FileSpec, data: Entity, part: string): Array<Record<string, string>> {
  if (spec.kind === 'guardian') return (data.studentIds as string[]).map((sid) => spec.write({ ...data, studentIds: [sid] }, part));
  return [spec.write(data, part)];
}

export async function exportSchool(db: Db, schoolId: string, folder: string, o: { now?: Date } = {}): Promise<ExportReport> {
  const started = performance.now();
  const school = await getSchool(db, schoolId);
  if (!school) throw new AdminError(`школа ${schoolId} не найдена (список школ: list-schools)`);
  // The folder's and files' failures told in Russian (a file where the folder should be, no rights, a full disk).
  const written = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e: unknown) => {
      const code = systemErrorCode(e);
      throw code === undefined ? e : new AdminError(`${folder}: ${fileProblemText(code, 'write')}`);
    });
  await written(mkdir(folder, { recursive: true }));
  const handles = new Map<string, { fh: FileHandle; buf: string[]; rows: number }>();
  const flush = async (h: { fh: FileHandle; buf: string[] }) => {
    if (h.buf.length) await written(h.fh.write(h.buf.join('')));
    h.buf.length = 0;
  };
  try {
    for (const spec of FILES) {
      const fh = await written(open(join(folder, spec.file), 'w'));
      // Closed below even if the first write fails (a full disk).
      handles.set(spec.file, { fh, buf: [], rows: 0 });
      await written(fh.write(BOM + csvLine(spec.columns.map((c) => c.name))));
    }
    // One snapshot: a school being written meanwhile is exported as it was at one moment. Long by
    // design (the files are written inside it): the server's time limits do not cut it short.
    await db.tx(
      async (q) => {
        // Partition by partition (a range of the primary key), each in the order of its key.
        const parts = await q.query<{ part: string }>(`SELECT part FROM parts WHERE school_id = $1 AND count > 0 ORDER BY part`, [schoolId]);
        for (const { part } of parts.rows) {
          const r = await q.query<{ kind: string; line: string }>(`SELECT kind, line FROM entities WHERE school_id = $1 AND part = $2 AND live`, [schoolId, part]);
          for (const row of r.rows) {
            const data = (JSON.parse(row.line) as [string, string, string, number, Entity])[4];
            const spec = fileOfEntity(row.kind, data);
            if (!spec) continue; // compromise records and import records are this system's own, not exchanged
            const h = handles.get(spec.file)!;
            for (const cells of rowsOf(spec, data, part)) {
              h.buf.push(csvLine(spec.columns.map((c) => cells[c.name] ?? '')));
              h.rows++;
            }
            if (h.buf.length >= 5_000) await flush(h);
          }
        }
      },
      { snapshot: true, readOnly: true, unbounded: true },
    );
    for (const h of handles.values()) await flush(h);
  } finally {
    for (const h of handles.values()) await h.fh.close();
  }
  const exportedAt = (o.now ?? new Date()).toISOString();
  const manifest = [
    ['key', 'value', 'from', 'to'],
    ['format', FORMAT_VERSION, '', ''],
    ['source', OWN_SOURCE, '', ''],
    ['source_name', 'ЭЖД Офис, центральная система', '', ''],
    ['school', schoolId, '', ''],
    ['exported_at', exportedAt, '', ''],
    ...FILES.map((f) => ['complete', f.file.replace('.csv', ''), '', '']),
  ];
  await written(writeFile(join(folder, MANIFEST_FILE), BOM + manifest.map(csvLine).join('')));
  const files: Record<string, number> = {};
  for (const [f, h] of handles) files[f] = h.rows;
  return { schoolId, folder, files, ms: Math.round(performance.now() - started) };
}

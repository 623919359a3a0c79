/**
 * Import of another source's export: what the rows become (ids of the source, special marks,
 * attendance codes, other scales), the encodings and delimiters Excel writes, a ZIP, a week of
 * changes, and every kind of bad input refused with its place named and nothing written.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPg, type Db, type Queryable } from '../../../central/db.js';
import { exportSchool } from '../../../central/exchange/export.js';
import { importExport } from '../../../central/exchange/import.js';
import { ImportRefused } from '../../../central/exchange/problems.js';
import { getEntity, writeEntitiesTx } from '../../../central/entities.js';
import { migrate } from '../../../central/schema.js';
import { createSchool, getSchool } from '../../../central/schools.js';
import { DB_KINDS, openTestDb, PG_URL, skipDb, uniqueSchoolId, type TestDb } from '../sync/helpers.js';
import { sampleExport, writeFolder, zipOf, type Files } from './sample.js';

let n = 0;

/** The sample with 30,000 more marks: more than one slice of marks.csv, so rows are written while the file is still read. */
const withManyMarks = (): Files => {
  const s = sampleExport();
  const more = Array.from({ length: 30_000 }, (_, i) => `x${i};L${1 + (i % 2)};${1001 + (i % 2)};${1 + (i % 5)};;1;`).join('\r\n');
  return { ...s, 'marks.csv': `${s['marks.csv']}${more}\r\n` };
};

describe.each(DB_KINDS)('exchange import (%s)', (kind) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    if (skipDb(kind)) return;
    t = await openTestDb(kind);
    dir = await mkdtemp(join(tmpdir(), 'ezhd-import-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const fresh = async () => {
    const id = uniqueSchoolId();
    await createSchool(t.db, id, 'Школа');
    return id;
  };
  const folder = (files: Record<string, string | Buffer>, enc: 'utf8' | 'win1251' = 'utf8') => writeFolder(join(dir, `x${++n}`), files, enc);
  const count = async (school: string) => Number((await t.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM entities WHERE school_id = $1`, [school])).rows[0]!.n);

  /** What a school has stored: its sequence number, entities, partitions and the record of its last import. */
  const stateOf = async (school: string) => ({
    seq: (await getSchool(t.db, school))!.seq,
    entities: (await t.db.query(`SELECT part, kind, id, seq::text AS seq, live, line, h::text AS h FROM entities WHERE school_id = $1 ORDER BY part, kind, id`, [school])).rows,
    parts: (await t.db.query(`SELECT part, hash, count, seq::text AS seq FROM parts WHERE school_id = $1 ORDER BY part`, [school])).rows,
    lastImport: (await t.db.query(`SELECT value FROM ezhd_meta WHERE key LIKE $1`, [`%${school}%`])).rows,
  });

  /**
   * Imports bad input: refused, with these words in its problems, and nothing written — into a
   * school that has data, and into an empty one (whose rows a first load on PostgreSQL writes as
   * it reads them: import.ts).
   */
  async function refused(files: Record<string, string | Buffer> | string, ...words: string[]): Promise<string> {
    const school = await fresh();
    await importExport(t.db, school, { path: folder(sampleExport()) });
    const before = await getSchool(t.db, school);
    const entities = await count(school);
    const path = typeof files === 'string' ? files : folder(files);
    const e = await importExport(t.db, school, { path }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportRefused);
    const msg = (e as Error).message;
    for (const w of words) expect(msg).toContain(w);
    expect(msg).toContain('Ничего не записано');
    expect((await getSchool(t.db, school))!.seq).toBe(before!.seq);
    expect(await count(school)).toBe(entities);
    const empty = await fresh();
    const emptyBefore = await stateOf(empty);
    const e2 = await importExport(t.db, empty, { path }).catch((x: unknown) => x);
    expect(e2).toBeInstanceOf(ImportRefused);
    for (const w of words) expect((e2 as Error).message).toContain(w);
    expect(await stateOf(empty)).toEqual(emptyBefore);
    return msg;
  }

  /** The database, with the COPYs of its transactions counted (or taken away: the rows then go by INSERT). */
  function watched(copy: boolean): { db: Db; copies: { opened: number; bytes: number } } {
    const copies = { opened: 0, bytes: 0 };
    const wrap = (q: Queryable): Queryable => {
      const copyFrom = q.copyFrom;
      return {
        query: (sql, params) => q.query(sql, params),
        ...(copy && copyFrom
          ? {
              copyFrom: async (table: string, columns: readonly string[]) => {
                const stream = await copyFrom(table, columns);
                copies.opened++;
                return {
                  write: (bytes: Uint8Array) => {
                    copies.bytes += bytes.length;
                    return stream.write(bytes);
                  },
                  end: () => stream.end(),
                  abort: () => stream.abort(),
                };
              },
            }
          : {}),
      };
    };
    return { db: { ...t.db, tx: (fn, o) => t.db.tx((q) => fn(wrap(q)), o) }, copies };
  }

  it.skipIf(skipDb(kind))('a first load written as it is read stores what the ordinary write stores', async () => {
    const files = folder(withManyMarks());
    const streamed = watched(true);
    const ordinary = watched(false);
    const a = await fresh();
    const b = await fresh();
    const ra = await importExport(streamed.db, a, { path: files, now: new Date('2026-11-20T10:00:00Z') });
    const rb = await importExport(ordinary.db, b, { path: files, now: new Date('2026-11-20T10:00:00Z') });
    if (kind === 'pg') {
      // One COPY open while the files were read and checked, one for the record of the import at the end.
      expect(streamed.copies.opened).toBe(2);
      expect(streamed.copies.bytes).toBeGreaterThan(1_000_000);
    } else expect(streamed.copies.opened).toBe(0);
    expect(ordinary.copies.opened).toBe(0);
    expect({ ...ra, schoolId: '', ms: 0, phases: null, cpu: null }).toEqual({ ...rb, schoolId: '', ms: 0, phases: null, cpu: null });
    expect(ra.byKind.mark!.added).toBe(30_002);
    const sa = await stateOf(a);
    const sb = await stateOf(b);
    expect(sa.entities).toEqual(sb.entities);
    expect(sa.parts).toEqual(sb.parts);
    expect(sa.seq).toBe(sb.seq);
    // A re-import finds everything in place.
    const again = await importExport(t.db, a, { path: files, compareAll: true });
    expect([again.added, again.changed, again.removed, again.written]).toEqual([0, 0, 0, 0]);
  });

  it.skipIf(skipDb(kind))('a problem found after rows were written leaves the school exactly as it was', async () => {
    const s = withManyMarks();
    // The last row of the last file read: everything before it has been read, checked and written.
    const bad = { ...s, 'attendance.csv': `${s['attendance.csv']}a3;L9;1002;УП\r\n` };
    const w = watched(true);
    const school = await fresh();
    const before = await stateOf(school);
    const e = await importExport(w.db, school, { path: folder(bad) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportRefused);
    expect((e as Error).message).toContain('attendance.csv, строка 4, столбец «lesson_id»: нет урока «L9»');
    expect((e as Error).message).toContain('Ничего не записано');
    if (kind === 'pg') expect(w.copies.bytes).toBeGreaterThan(1_000_000); // the marks had gone to the database
    expect(await stateOf(school)).toEqual(before);
    // The school is as usable as before: the right files go in whole.
    const r = await importExport(w.db, school, { path: folder(s) });
    expect(r.byKind.mark!.added).toBe(30_002);
    expect((await stateOf(school)).entities).toHaveLength(r.written);
  });

  it.skipIf(skipDb(kind))('imports another source: namespaced ids, marks of other scales, absences and special marks, defaults', async () => {
    const school = await fresh();
    const r = await importExport(t.db, school, { path: folder(sampleExport()), now: new Date('2026-11-20T10:00:00Z') });
    expect(r.source).toBe('sgo');
    expect(r.byKind.mark!.added).toBe(2);
    expect(r.byKind.attendance!.added).toBe(2); // a1 (УП) and m3 (Н in the marks)
    expect(r.skipped).toEqual({ зачёт: 1, опоздание: 1 });
    const get = (part: string, k: string, id: string) => getEntity(t.db, school, part, k, id);
    expect(await get('class/sgo.77', 'student', 'sgo.1001')).toMatchObject({ classId: 'sgo.77', birthDate: '2015-03-02', gender: 'm', enrolledOn: '2026-09-01', lastName: 'Ёлкин' });
    expect(await get('journal/sgo.2026/sgo.77', 'mark', 'sgo.m1')).toEqual({ id: 'sgo.m1', lessonId: 'sgo.L1', studentId: 'sgo.1001', value: 5, weight: 1, work: 'Ответ на уроке' });
    expect(await get('journal/sgo.2026/sgo.77', 'mark', 'sgo.m2')).toMatchObject({ value: 4, weight: 2.5 });
    expect(await get('journal/sgo.2026/sgo.77', 'attendance', 'sgo.m3')).toMatchObject({ kind: 'н' });
    expect(await get('journal/sgo.2026/sgo.77', 'attendance', 'sgo.a1')).toMatchObject({ kind: 'у' });
    expect(await get('journal/sgo.2026/sgo.77', 'lesson', 'sgo.L2')).toMatchObject({ type: 'контрольная', group: '1 группа', topic: 'Сложение' });
    expect(await get('class/sgo.77', 'guardian', 'sgo.9001')).toMatchObject({ relation: 'мать', studentIds: ['sgo.1001', 'sgo.1002'] });
    expect(await get('class/sgo.77', 'document', 'sgo.c1')).toMatchObject({ kind: 'contacts', channels: ['sms', 'paper'], source: 'written', signerId: 'sgo.9001', registeredAt: '2026-11-20T09:00:00.000Z' });
    expect(await get('class/sgo.77', 'finalMark', 'sgo.f1')).toMatchObject({ value: '5', periodId: 'sgo.q1', knownOn: '2026-10-30' });
    expect(await get('class/sgo.77', 'finalMark', 'sgo.f2')).toMatchObject({ value: 'н/а', periodId: 'year:sgo.2026', knownOn: '2027-05-31' });
    expect(await get('class/sgo.77', 'diaryView', 'sgo.9001:sgo.1001:2026-09-05T16:30:00.000Z')).toBeTruthy();
    expect(await get('school', 'importInfo', 'sgo')).toMatchObject({ id: 'sgo', sourceName: 'Сетевой город. Образование', exportedAt: '2026-11-20T09:00:00.000Z', importedAt: '2026-11-20T10:00:00.000Z', kinds: { student: 2, mark: 2 } });
    // The same files again, every row read and compared: nothing at all is written.
    const again = await importExport(t.db, school, { path: folder(sampleExport()), compareAll: true });
    expect([again.added, again.changed, again.removed, again.written]).toEqual([0, 0, 0, 0]);
    expect(again.sameAsLast).toBeUndefined();
    // And without comparing them (the same files, nothing written since): the same report.
    const quick = await importExport(t.db, school, { path: folder(sampleExport()) });
    expect(quick.sameAsLast).toBe(true);
    const counts = (x: typeof again) => ({ source: x.source, sourceName: x.sourceName, exportedAt: x.exportedAt, files: x.files, byKind: x.byKind, skipped: x.skipped, head: x.head, added: x.added, changed: x.changed, removed: x.removed, written: x.written });
    expect(counts(quick)).toEqual(counts(again));
  });

  it.skipIf(skipDb(kind))('the files of the last import are not compared again only while nothing was written in the school since', async () => {
    const school = await fresh();
    const first = await importExport(t.db, school, { path: folder(sampleExport()) });
    expect(first.sameAsLast).toBeUndefined();
    // A ZIP of the same files, a dry run: nothing to compare.
    const zip = join(dir, `z${++n}.zip`);
    await writeFile(zip, zipOf(Object.entries(sampleExport()).map(([name, s]) => ({ name: `выгрузка/${name}`, data: Buffer.from(s) }))));
    expect((await importExport(t.db, school, { path: zip })).sameAsLast).toBe(true);
    const dry = await importExport(t.db, school, { path: folder(sampleExport()), dryRun: true });
    expect([dry.sameAsLast, dry.dryRun, dry.added, dry.changed, dry.removed]).toEqual([true, true, 0, 0, 0]);
    // One byte of one file differs (the same data, another line ending): compared.
    const crlf = { ...sampleExport() };
    crlf['subjects.csv'] = crlf['subjects.csv']!.replace(/\r\n/g, '\n');
    const other = await importExport(t.db, school, { path: folder(crlf) });
    expect([other.sameAsLast, other.added, other.changed, other.removed]).toEqual([undefined, 0, 0, 0]);
    // A dry run of other files leaves the last import as it was kept.
    await importExport(t.db, school, { path: folder(sampleExport()), dryRun: true });
    expect((await importExport(t.db, school, { path: folder(crlf) })).sameAsLast).toBe(true);
    // The school rebuilt under the same id (a new epoch, the same sequence number): compared.
    await t.db.query(`UPDATE schools SET epoch = $2 WHERE id = $1`, [school, `rebuilt-${n}`]);
    expect((await importExport(t.db, school, { path: folder(crlf) })).sameAsLast).toBeUndefined();
    // A workstation's write in between (even one undone again): compared, and what it changed restored.
    const part = 'journal/sgo.2026/sgo.77';
    await writeEntitiesTx(t.db, school, [{ part, kind: 'mark', id: 'sgo.m1', data: { id: 'sgo.m1', lessonId: 'sgo.L1', studentId: 'sgo.1001', value: 2, weight: 1, work: 'Ответ на уроке' } }]);
    const restored = await importExport(t.db, school, { path: folder(crlf) });
    expect(restored.sameAsLast).toBeUndefined();
    expect(restored.byKind.mark).toMatchObject({ changed: 1 });
    expect(await getEntity(t.db, school, part, 'mark', 'sgo.m1')).toMatchObject({ value: 5 });
    expect((await importExport(t.db, school, { path: folder(crlf) })).sameAsLast).toBe(true);
  });

  it.skipIf(skipDb(kind))('Windows-1251 with commas (Excel), and a ZIP, give the same entities as UTF-8 with semicolons', async () => {
    const commas: Files = {};
    for (const [name, text] of Object.entries(sampleExport())) {
      commas[name] = text
        .split('\r\n')
        .map((line) => line.split(';').map((c) => (c.includes(',') ? `"${c}"` : c)).join(','))
        .join('\r\n');
    }
    const school = await fresh();
    const r = await importExport(t.db, school, { path: folder(commas, 'win1251') });
    expect(r.added).toBeGreaterThan(15);
    expect(await getEntity(t.db, school, 'class/sgo.77', 'student', 'sgo.1001')).toMatchObject({ lastName: 'Ёлкин', firstName: 'Пётр' });
    const utf = await importExport(t.db, school, { path: folder(sampleExport()) });
    expect([utf.added, utf.changed, utf.removed]).toEqual([0, 0, 0]);
    const zip = join(dir, `z${++n}.zip`);
    await writeFile(zip, zipOf(Object.entries(sampleExport()).map(([name, s]) => ({ name: `выгрузка/${name}`, data: Buffer.from(s) }))));
    const z = await importExport(t.db, school, { path: zip });
    expect([z.added, z.changed, z.removed]).toEqual([0, 0, 0]);
  });

  it.skipIf(skipDb(kind))('a week of changes changes only what changed; removals only within a complete period of the source', async () => {
    const school = await fresh();
    await importExport(t.db, school, { path: folder(sampleExport()) });
    const week: Files = {
      'manifest.csv': 'key;value;from;to\r\nformat;1;;\r\nsource;sgo;;\r\nexported_at;2026-11-27T09:00:00Z;;\r\ncomplete;marks;01.09.2026;01.09.2026\r\n',
      'lessons.csv': 'id;class_id;date;lesson_no;subject_id;teacher_id;topic\r\nL3;77;03.09.2026;1;12;501;Звуки речи\r\n',
      // m1 changed, m2 gone (L1 is on 01.09, inside the complete period), a new mark on the new lesson.
      'marks.csv': 'id;lesson_id;student_id;value\r\nm1;L1;1001;4\r\nm5;L3;1002;3\r\n',
    };
    const dry = await importExport(t.db, school, { path: folder(week), dryRun: true });
    expect([dry.added, dry.changed, dry.removed, dry.written]).toEqual([2, 1, 1, 0]);
    expect(dry.examples).toContain('удалено: mark sgo.m2 (journal/sgo.2026/sgo.77)');
    const before = (await getSchool(t.db, school))!.seq;
    const r = await importExport(t.db, school, { path: folder(week) });
    expect(r.written).toBe(5); // 4 entities and the import record
    expect((await getSchool(t.db, school))!.seq).toBe(before + 5);
    expect(await getEntity(t.db, school, 'journal/sgo.2026/sgo.77', 'mark', 'sgo.m2')).toBeNull();
    expect(await getEntity(t.db, school, 'journal/sgo.2026/sgo.77', 'mark', 'sgo.m1')).toMatchObject({ value: 4 });
    // Students were declared complete in the first export only: not removed now.
    expect(await getEntity(t.db, school, 'class/sgo.77', 'student', 'sgo.1002')).toBeTruthy();
  });

  it.skipIf(skipDb(kind))('a re-import restores a mark changed on the server since (its partition no longer matches the export)', async () => {
    const school = await fresh();
    await importExport(t.db, school, { path: folder(sampleExport()) });
    const part = 'journal/sgo.2026/sgo.77';
    await writeEntitiesTx(t.db, school, [{ part, kind: 'mark', id: 'sgo.m1', data: { id: 'sgo.m1', lessonId: 'sgo.L1', studentId: 'sgo.1001', value: 2, weight: 1, work: 'Ответ на уроке' } }]);
    const r = await importExport(t.db, school, { path: folder(sampleExport()) });
    expect(r.sameAsLast).toBeUndefined();
    expect(r.byKind.mark).toMatchObject({ changed: 1, added: 0, removed: 0 });
    expect(r.written).toBe(2); // the mark and the import record
    expect(await getEntity(t.db, school, part, 'mark', 'sgo.m1')).toMatchObject({ value: 5 });
    // A mark added on the server to a partition that is otherwise the export's: removed (marks.csv is complete).
    await writeEntitiesTx(t.db, school, [{ part, kind: 'mark', id: 'sgo.m9', data: { id: 'sgo.m9', lessonId: 'sgo.L1', studentId: 'sgo.1002', value: 3, weight: 1 } }]);
    const again = await importExport(t.db, school, { path: folder(sampleExport()) });
    expect(again.byKind.mark).toMatchObject({ changed: 0, removed: 1 });
    expect(await getEntity(t.db, school, part, 'mark', 'sgo.m9')).toBeNull();
  });

  it.skipIf(skipDb(kind))('a student moved to another class leaves the old class partition', async () => {
    const school = await fresh();
    await importExport(t.db, school, { path: folder(sampleExport()) });
    const r = await importExport(t.db, school, {
      path: folder({
        'manifest.csv': 'key;value\r\nformat;1\r\nsource;sgo\r\nexported_at;2026-11-27T09:00:00Z\r\n',
        'classes.csv': 'id;year_id;grade;letter;name;period_scheme\r\n78;2026;5;Б;5Б;четверти\r\n',
        'students.csv': 'id;class_id;last_name;first_name;birth_date;gender\r\n1002;78;Евдокимова;Алёна;19.07.2015;ж\r\n',
      }),
    });
    expect(r.byKind.student).toMatchObject({ changed: 1 });
    expect(await getEntity(t.db, school, 'class/sgo.77', 'student', 'sgo.1002')).toBeNull();
    expect(await getEntity(t.db, school, 'class/sgo.78', 'student', 'sgo.1002')).toMatchObject({ classId: 'sgo.78', enrolledOn: '2026-09-01' });
  });

  // ------------------------------------------------------------ bad input

  it.skipIf(skipDb(kind))('a wrong encoding: UTF-16 without a mark, KOI8-R, bytes of neither', async () => {
    const koi = { ...sampleExport() };
    await refused({ ...koi, 'students.csv': Buffer.from(sampleExport()['students.csv']!, 'utf16le') }, 'students.csv, строка 1', 'нулевые байты', 'UTF-8 или Windows-1251');
    const names = 'id;class_id;last_name;first_name;birth_date;gender\r\n' + Array.from({ length: 6 }, (_, i) => `s${i};77;Иванова;Александра;01.01.2015;ж`).join('\r\n');
    await refused({ ...koi, 'students.csv': iconv.encode(names, 'koi8-r') }, 'students.csv', 'KOI8-R');
    await refused({ ...koi, 'marks.csv': Buffer.concat([Buffer.from('id;lesson_id;student_id;value\r\nm1;L1;1001;'), Buffer.from([0x98]), Buffer.from('\r\n')]) }, 'marks.csv, строка 2', 'байт 0x98');
  });

  it.skipIf(skipDb(kind))('a missing column, an unknown one', async () => {
    await refused({ ...sampleExport(), 'students.csv': 'id;class_id;last_name;first_name;gender\r\n1001;77;Ёлкин;Пётр;м\r\n' }, 'students.csv, строка 1, столбец «birth_date»: нет столбца');
    await refused({ ...sampleExport(), 'marks.csv': 'id;lesson_id;student_id;value;weigth\r\nm1;L1;1001;5;2\r\n' }, 'marks.csv, строка 1, столбец «weigth»: неизвестный столбец');
  });

  it.skipIf(skipDb(kind))('a date that is not in the calendar', async () => {
    const s = sampleExport();
    await refused({ ...s, 'lessons.csv': s['lessons.csv']!.replace('02.09.2026', '30.02.2026') }, 'lessons.csv, строка 3, столбец «date»: даты 30.02.2026 нет в календаре');
  });

  it.skipIf(skipDb(kind))('a student in an unknown class; a mark on an unknown lesson', async () => {
    const s = sampleExport();
    await refused({ ...s, 'students.csv': s['students.csv']!.replace('1002;77;', '1002;99;') }, 'students.csv, строка 3, столбец «class_id»: нет класса «99» ни в выгрузке, ни в центральной системе');
    await refused({ ...s, 'marks.csv': s['marks.csv']!.replace('m2;L1;', 'm2;L9;') }, 'marks.csv, строка 3, столбец «lesson_id»: нет урока «L9»');
  });

  it.skipIf(skipDb(kind))('duplicate ids', async () => {
    const s = sampleExport();
    const msg = await refused({ ...s, 'marks.csv': s['marks.csv']!.replace('m2;L1;', 'm1;L1;') }, 'marks.csv, строка 3, столбец «id»: повтор: та же запись уже есть в marks.csv, строка 2');
    expect(msg).not.toContain('Ёлкин');
  });

  it.skipIf(skipDb(kind))('a 200 MB file is refused by its size before it is read', async () => {
    const d = folder(sampleExport());
    await writeFile(join(d, 'marks.csv'), '');
    await truncate(join(d, 'marks.csv'), 200 * 1024 * 1024); // sparse: nothing is really written
    await refused(d, 'marks.csv: файл 200 МБ — больше предела 150 МБ');
    // In a ZIP: by the size its directory declares, before inflating.
    const zip = join(dir, `big${++n}.zip`);
    await writeFile(zip, zipOf([{ name: 'manifest.csv', data: Buffer.from(sampleExport()['manifest.csv']!) }, { name: 'marks.csv', data: Buffer.alloc(200 * 1024 * 1024, 0x20) }]));
    await refused(zip, 'marks.csv: файл 200 МБ — больше предела');
  });

  it.skipIf(skipDb(kind))('a ZIP with paths outside its folder', async () => {
    const zip = join(dir, `evil${++n}.zip`);
    await writeFile(zip, zipOf([...Object.entries(sampleExport()).map(([name, s]) => ({ name, data: Buffer.from(s) })), { name: '../../etc/marks.csv', data: Buffer.from('x') }]));
    await refused(zip, '../../etc/marks.csv', 'выходит за пределы папки архива');
    const abs = join(dir, `abs${++n}.zip`);
    await writeFile(abs, zipOf([{ name: '/tmp/students.csv', data: Buffer.from('x') }]));
    await refused(abs, '/tmp/students.csv', 'абсолютный путь');
  });

  it.skipIf(skipDb(kind))('every problem of a file is reported, not just the first', async () => {
    const s = sampleExport();
    const bad = s['students.csv']!.replace('02.03.2015', '31.04.2015').replace(';ж;', ';x;');
    const msg = await refused({ ...s, 'students.csv': bad, 'manifest.csv': s['manifest.csv']!.replace('source;sgo', 'source;SGO!') }, 'manifest.csv, строка 3, столбец «value»');
    expect(msg).not.toContain('students.csv'); // the manifest is read first: without a source no id can be mapped
    const msg2 = await refused({ ...s, 'students.csv': bad });
    expect(msg2).toContain('students.csv, строка 2, столбец «birth_date»');
    expect(msg2).toContain('students.csv, строка 3, столбец «gender»');
  });
});

describe.skipIf(!PG_URL)('an import on a PostgreSQL server whose sessions have time limits', () => {
  const STATEMENT = { statement_timeout: '1s' };
  const IDLE = { idle_in_transaction_session_timeout: '1s' };
  const schema = `import_t_${randomBytes(5).toString('hex')}`;
  let admin: Db;
  let dir: string;
  const limited: Db[] = [];
  beforeAll(async () => {
    admin = await openPg(PG_URL!, { schema, max: 2 });
    await migrate(admin, { partitions: 4 });
    dir = await mkdtemp(join(tmpdir(), 'ezhd-import-limits-'));
  });
  afterAll(async () => {
    for (const db of limited) await db.close();
    await admin?.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await admin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The schema's database whose connections have `settings`, as the server's, the database's or the role's settings would give them. */
  const limitedBy = async (settings: Record<string, string>): Promise<Db> => {
    const db = await openPg(PG_URL!, { schema, max: 2, settings });
    limited.push(db);
    return db;
  };

  /**
   * `db`, slowed where the import of a big export is long: 'copy': the COPY of a first load stays
   * open 1.5 s past its first rows (reading the rest of the files); 'lock': the transaction waits
   * 1.5 s after taking the school's lock (reading the files of a school that has data).
   */
  const slowed = (db: Db, where: 'copy' | 'lock' | 'read'): Db => {
    const sleep = () => new Promise((r) => setTimeout(r, 1500));
    const wrap = (q: Queryable): Queryable => {
      let locked = false;
      const copyFrom = q.copyFrom;
      return {
        query: async <T>(sql: string, params?: unknown[]) => {
          if (locked) {
            locked = false;
            await sleep();
          }
          const r = await q.query<T>(sql, params);
          // An export's snapshot: idle after its first read (writing the files of a big school).
          if (where === 'read' && sql.startsWith('SELECT part FROM parts')) locked = true;
          // The import's own lock (lockSchool), not the short look at the last import before it.
          if (where === 'lock' && sql.startsWith('SELECT seq FROM schools WHERE id = $1 FOR UPDATE')) locked = true;
          return r;
        },
        ...(copyFrom
          ? {
              copyFrom: async (table: string, columns: readonly string[]) => {
                const stream = await copyFrom(table, columns);
                let first = where === 'copy';
                return {
                  write: async (bytes: Uint8Array) => {
                    await stream.write(bytes);
                    if (first) await sleep();
                    first = false;
                  },
                  end: () => stream.end(),
                  abort: () => stream.abort(),
                };
              },
            }
          : {}),
      };
    };
    return { ...db, tx: (fn, o) => db.tx((q) => fn(wrap(q)), o) };
  };

  const countOf = async (school: string) => Number((await admin.query<{ n: unknown }>(`SELECT count(*) AS n FROM entities WHERE school_id = $1`, [school])).rows[0]!.n);

  /** What the connections of `db` have for `settings` now (two transactions at once: both connections). */
  const settingsOf = (db: Db, settings: Record<string, string>) =>
    Promise.all([0, 1].map(() => db.tx(async (q) => Promise.all(Object.keys(settings).map(async (k) => (await q.query<{ v: string }>('SELECT current_setting($1) AS v', [k])).rows[0]!.v)))));

  it('a first load whose COPY stays open longer than statement_timeout goes in whole; the connections keep the limit', async () => {
    const db = await limitedBy(STATEMENT);
    const school = uniqueSchoolId();
    await createSchool(admin, school, 'Школа');
    const r = await importExport(slowed(db, 'copy'), school, { path: writeFolder(join(dir, 'first'), withManyMarks()) });
    expect(r.byKind.mark!.added).toBe(30_002);
    expect(await countOf(school)).toBe(r.written);
    // Lifted for the import's transaction only.
    expect(await settingsOf(db, STATEMENT)).toEqual([['1s'], ['1s']]);
  });

  it('a re-import idle in its transaction longer than idle_in_transaction_session_timeout goes in whole; the connections keep the limit', async () => {
    const db = await limitedBy(IDLE);
    const school = uniqueSchoolId();
    await createSchool(admin, school, 'Школа');
    const files = withManyMarks();
    await importExport(admin, school, { path: writeFolder(join(dir, 'before'), files) });
    // A week later: one mark changed, into a school that has data (its files read inside the transaction).
    const changed = { ...files, 'marks.csv': files['marks.csv']!.replace('x7;L2;1002;3;;1;', 'x7;L2;1002;5;;1;') };
    const r = await importExport(slowed(db, 'lock'), school, { path: writeFolder(join(dir, 'again'), changed) });
    expect([r.added, r.changed, r.removed]).toEqual([0, 1, 0]);
    expect(await settingsOf(db, IDLE)).toEqual([['1s'], ['1s']]);
  });

  it('an export whose snapshot stays open longer than idle_in_transaction_session_timeout writes every file whole; the connections keep the limit', async () => {
    const db = await limitedBy(IDLE);
    const school = uniqueSchoolId();
    await createSchool(admin, school, 'Школа');
    await importExport(admin, school, { path: writeFolder(join(dir, 'to-export'), withManyMarks()) });
    const r = await exportSchool(slowed(db, 'read'), school, join(dir, 'exported'));
    expect(r.files['marks.csv']).toBe(30_002);
    expect(await settingsOf(db, IDLE)).toEqual([['1s'], ['1s']]);
  });

  it('any other transaction idle past the limit fails, not the process; the lost connection leaves the pool', async () => {
    const db = await limitedBy(IDLE);
    const idle = db.tx(async (q) => {
      await q.query('SELECT 1');
      await new Promise((r) => setTimeout(r, 1500));
      return q.query('SELECT 2');
    });
    await expect(idle).rejects.toThrow();
    // The next transactions get working connections (an unhandled 'error' of the lost one would have failed this test).
    expect(await settingsOf(db, IDLE)).toEqual([['1s'], ['1s']]);
  });
});

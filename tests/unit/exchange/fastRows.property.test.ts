/**
 * The fast reading of marks.csv, attendance.csv, diary_views.csv and final_marks.csv rows (central/exchange/fastRows.ts) against the
 * ordinary one (`Row`, the file's `read`, the contract schema): whenever the fast one accepts a
 * row, the ordinary one accepts it too and makes the same entity (the same canonical JSON) with the
 * same references, or skips it with the same label; a row the ordinary reading refuses is never
 * accepted by the fast one (it goes to the ordinary reading, which reports it in Russian).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/contract/sync/hash.js';
import { KINDS } from '../../../electron/contract/sync/kinds.js';
import { FILE_BY_NAME, FILES, Row, type RowContext } from '../../../central/exchange/format.js';
import { fastReaderOf } from '../../../central/exchange/fastRows.js';
import { internalId } from '../../../central/exchange/ids.js';

const ctxOf = (source: string): RowContext => ({ source, tz: '+03:00', exportedAt: '2026-11-20T09:00:00.000Z', id: (raw) => internalId(source, raw) });

type Outcome = { refused: true } | { skipped: string } | { kind: string; text: string; refs: string[] };

/** What the import makes of a row the ordinary way (before references and placement). */
function ordinary(file: string, header: string[], cells: string[], ctx: RowContext): Outcome {
  const spec = FILE_BY_NAME.get(file)!;
  const row = new Row(file, 2, cells, new Map(header.map((h, i) => [h, i])), ctx);
  const res = spec.read(row);
  if (row.problems.length || !res) return { refused: true };
  if (res.skipped) return { skipped: res.skipped };
  const schemaSpec = res.kind === spec.kind ? spec : FILES.find((f) => f.kind === res.kind)!;
  if (!schemaSpec.schema.safeParse(res.data).success) return { refused: true };
  // The import refuses an entity whose key (a diary view's is made of three parts) is longer than 64.
  if (KINDS[res.kind].key(res.data).length > 64) return { refused: true };
  return { kind: res.kind, text: canonicalJson(res.data), refs: res.refs.map((r) => `${r.kind}:${r.id}`).sort() };
}

function fastOutcome(file: string, header: string[], cells: string[], ctx: RowContext): Outcome | null {
  const f = fastReaderOf(file, header, ctx)!(cells);
  if (f === null) return null;
  if (f.kind === 'skipped') return { skipped: f.label };
  const data = JSON.parse(f.text) as Record<string, unknown>;
  // The id the fast row gives is the one the import keys the entity by.
  expect(f.id).toBe(KINDS[f.kind].key(data));
  if (f.kind === 'finalMark') {
    expect([data.id, data.studentId, data.subjectId]).toEqual([f.id, f.studentId, f.subjectId]);
    return { kind: f.kind, text: f.text, refs: [`student:${f.studentId}`, `subject:${f.subjectId}`, `${f.periodRef.kind}:${f.periodRef.id}`].sort() };
  }
  if (f.kind === 'diaryView') {
    expect([data.guardianId, data.studentId]).toEqual([f.guardianId, f.studentId]);
    return { kind: f.kind, text: f.text, refs: [`guardian:${f.guardianId}`, `student:${f.studentId}`].sort() };
  }
  expect([data.id, data.lessonId, data.studentId]).toEqual([f.id, f.lessonId, f.studentId]);
  return { kind: f.kind, text: f.text, refs: [`lesson:${f.lessonId}`, `student:${f.studentId}`].sort() };
}

const idCell = fc.oneof(
  fc.constantFrom('m1', 'L1', '1001', 'sgo.5', 'a:b', 'x_y-z.1', '', ' m1', 'x y', 'Ёлка', 'a'.repeat(24), 'a'.repeat(25), 'a'.repeat(64), 'a'.repeat(65), 'a/b'),
  fc.string({ maxLength: 6 }),
);
const valueCell = fc.oneof(
  fc.constantFrom('1', '2', '3', '4', '5', '0', '6', '4+', '5-', '5−', '3/4', '44', ' 5', '5 ', 'Н', 'н', 'нб', 'Б', 'у', 'УП', 'ОП', 'опоздал', 'зач', 'Незач', '.', 'точка', 'н/а', 'осв.', '10', '7', '100', '85', '101', '-1', '', 'abc'),
  fc.string({ maxLength: 4 }),
);
const scaleCell = fc.constantFrom('', '5', '10', '100', '7', ' 10', 'x');
const weightCell = fc.oneof(fc.constantFrom('', '1', '0', '2,5', '2.5', '10', '10,5', '11', '-1', '-0', 'x', '1 ', '1 000', ',5', '0,25'), fc.string({ maxLength: 4 }));
const workCell = fc.constantFrom('', 'Ответ на уроке', 'Контрольная работа', 'x'.repeat(100), 'x'.repeat(101), '"кавычки"', '\\');
const codeCell = fc.oneof(fc.constantFrom('н', 'б', 'у', 'Н', 'НБ', 'н/б', 'НП', 'Б', 'бол', 'УП', 'ув', 'оп', 'ОП', 'опоздание', ' н ', 'x', '', 'n'), fc.string({ maxLength: 3 }));
const source = fc.constantFrom('ezhd', 'sgo', 'dnevnik');

/** The required columns and some of the optional ones, in any order. */
function headerOf(required: string[], optional: string[]) {
  return fc.tuple(fc.subarray(optional), fc.array(fc.double({ noNaN: true }), { minLength: required.length + optional.length, maxLength: required.length + optional.length })).map(([opt, keys]) => {
    const cols = [...required, ...opt];
    return cols.map((c, i) => ({ c, k: keys[i]! })).sort((a, b) => a.k - b.k).map((x) => x.c);
  });
}

function check(file: string, header: string[], cells: string[], src: string) {
  const ctx = ctxOf(src);
  const slow = ordinary(file, header, cells, ctx);
  const fast = fastOutcome(file, header, cells, ctx);
  if (fast !== null) expect(fast).toEqual(slow);
  else expect(slow).toBeDefined();
  return { slow, fast };
}

describe('fast rows of marks.csv and attendance.csv', () => {
  it('a mark row: the fast reading, when it accepts, makes what the ordinary reading makes; it never accepts what the ordinary one refuses', () => {
    const header = headerOf(['id', 'lesson_id', 'student_id', 'value'], ['scale', 'weight', 'work']);
    fc.assert(
      fc.property(header, fc.record({ id: idCell, lesson_id: idCell, student_id: idCell, value: valueCell, scale: scaleCell, weight: weightCell, work: workCell }), fc.nat({ max: 2 }), source, (h, cellsBy, drop, src) => {
        // A short row (csv-parse keeps rows shorter than the header): the missing cells are empty.
        const cells = h.map((c) => cellsBy[c as keyof typeof cellsBy]).slice(0, Math.max(1, h.length - drop));
        check('marks.csv', h, cells, src);
      }),
      { numRuns: 5000 },
    );
  });

  it('an attendance row: the same', () => {
    const header = headerOf(['id', 'lesson_id', 'student_id', 'code'], []);
    fc.assert(
      fc.property(header, fc.record({ id: idCell, lesson_id: idCell, student_id: idCell, code: codeCell }), source, (h, cellsBy, src) => {
        check('attendance.csv', h, h.map((c) => cellsBy[c as keyof typeof cellsBy]), src);
      }),
      { numRuns: 3000 },
    );
  });

  it('a diary view row: the same', () => {
    const header = headerOf(['guardian_id', 'student_id', 'at'], []);
    const at = fc.oneof(
      fc.constantFrom('2026-09-09T10:35:46.000Z', '2026-02-30T10:00:00.000Z', '2026-13-01T10:00:00.000Z', '2026-09-09T24:00:00.000Z', '2026-09-09T10:35:46Z', '2026-09-09T10:35:46.000+03:00', '09.09.2026 10:35', '2026-09-09 10:35', ' 2026-09-09T10:35:46.000Z', '2026-09-09T10:35:46.000Z ', '', 'x'),
      fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    );
    fc.assert(
      fc.property(header, fc.record({ guardian_id: idCell, student_id: idCell, at }), fc.nat({ max: 1 }), source, (h, cellsBy, drop, src) => {
        const cells = h.map((c) => cellsBy[c as keyof typeof cellsBy]).slice(0, Math.max(1, h.length - drop));
        check('diary_views.csv', h, cells, src);
      }),
      { numRuns: 4000 },
    );
    // An export's row is read fast; a key over 64 characters is not.
    const h = ['guardian_id', 'student_id', 'at'];
    expect(check('diary_views.csv', h, ['g.c10a.036', 's00926', '2026-09-09T10:35:46.000Z'], 'ezhd').fast).toEqual({ kind: 'diaryView', text: '{"at":"2026-09-09T10:35:46.000Z","guardianId":"g.c10a.036","studentId":"s00926"}', refs: ['guardian:g.c10a.036', 'student:s00926'] });
    expect(check('diary_views.csv', h, ['g'.repeat(40), 's00926', '2026-09-09T10:35:46.000Z'], 'ezhd')).toEqual({ slow: { refused: true }, fast: null });
  });

  it('a final mark row: the same', () => {
    const header = headerOf(['id', 'student_id', 'subject_id', 'period_id', 'value'], ['deferral_reason', 'deferral_due_on', 'known_on', 'published_at', 'entered_by', 'entered_at', 'hlc']);
    const moment = fc.oneof(
      fc.constantFrom('', '2026-12-30T17:33:00.000Z', '2026-12-30T24:00:00.000Z', '2026-02-30T10:00:00.000Z', '2026-12-30T17:33:00Z', '2026-12-30T17:33:00.000+03:00', '30.12.2026 17:33', ' 2026-12-30T17:33:00.000Z', 'x'),
      fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    );
    const day = fc.constantFrom('', '2026-12-30', '30.12.2026', '2026-02-30', '2026-2-3', '1899-12-31', '2101-01-01', '2100-12-31', ' 2026-12-30', 'x');
    const period = fc.oneof(idCell, fc.constantFrom('year:2026', 'exam:2026', 'final:y2026', 'year:', 'semester:2026', 'year:a b', `year:${'a'.repeat(70)}`));
    const value = fc.constantFrom('', '1', '5', '0', '6', 'н/а', 'осв.', 'осв', 'зач', ' 4', '4 ', '44', 'x');
    const hlc = fc.constantFrom('', '2026-12-30T15:38:00.000Z-0000-ws-demo', 'x"y', 'ё\\');
    fc.assert(
      fc.property(
        header,
        fc.record({ id: idCell, student_id: idCell, subject_id: idCell, period_id: period, value, deferral_reason: fc.constantFrom('', 'болезнь'), deferral_due_on: fc.constantFrom('', '2027-01-15'), known_on: day, published_at: moment, entered_by: fc.oneof(fc.constant(''), idCell), entered_at: moment, hlc }),
        source,
        (h, cellsBy, src) => {
          check('final_marks.csv', h, h.map((c) => cellsBy[c as keyof typeof cellsBy]), src);
        },
      ),
      { numRuns: 5000 },
    );
    // An export's row is read fast.
    const h = ['id', 'student_id', 'subject_id', 'period_id', 'value', 'deferral_reason', 'deferral_due_on', 'known_on', 'published_at', 'entered_by', 'entered_at', 'hlc'];
    const row = ['fm.c10a.00001', 's00903', 'rus', 'y2026.h1', '4', '', '', '2026-12-30', '2026-12-30T17:33:00.000Z', 't022', '2026-12-30T15:38:00.000Z', '2026-12-30T15:38:00.000Z-0000-ws-demo'];
    expect(check('final_marks.csv', h, row, 'ezhd').fast).toMatchObject({ kind: 'finalMark', refs: ['period:y2026.h1', 'student:s00903', 'subject:rus'] });
    expect(check('final_marks.csv', h, ['f2', '1001', '12', 'year:2026', '', '', '', '2027-05-31', '', '', '', ''], 'sgo').fast).toMatchObject({ kind: 'finalMark', refs: ['student:sgo.1001', 'subject:sgo.12', 'year:sgo.2026'] });
  });

  it('the rows an export of this system writes are all read fast', () => {
    const h = ['id', 'lesson_id', 'student_id', 'value', 'scale', 'weight', 'work'];
    for (const cells of [
      ['m1', 'L1', '1001', '5', '', '1', 'Ответ на уроке'],
      ['m2', 'L1', '1002', '3', '', '2,5', ''],
      ['m3', 'L1', '1002', '4', '', '0', 'Контрольная работа'],
    ]) {
      const { slow, fast } = check('marks.csv', h, cells, 'ezhd');
      expect(fast).not.toBeNull();
      expect(slow).toMatchObject({ kind: 'mark' });
    }
    expect(check('attendance.csv', ['id', 'lesson_id', 'student_id', 'code'], ['a1', 'L1', '1001', 'б'], 'ezhd').fast).toMatchObject({ kind: 'attendance' });
    // Another source's cells: mapped ids, a 10-point mark, an absence and a special mark among the marks.
    expect(check('marks.csv', h, ['m1', 'L1', '1001', '8', '10', '', ''], 'sgo').fast).toEqual({ kind: 'mark', text: '{"id":"sgo.m1","lessonId":"sgo.L1","studentId":"sgo.1001","value":4,"weight":1}', refs: ['lesson:sgo.L1', 'student:sgo.1001'] });
    expect(check('marks.csv', h, ['m3', 'L2', '1001', 'Н', '', '', ''], 'sgo').fast).toMatchObject({ kind: 'attendance', text: '{"id":"sgo.m3","kind":"н","lessonId":"sgo.L2","studentId":"sgo.1001"}' });
    expect(check('marks.csv', h, ['m4', 'L2', '1002', 'зач', '', '', ''], 'sgo').fast).toEqual({ skipped: 'зачёт' });
  });

  it('bad rows go to the ordinary reading', () => {
    const h = ['id', 'lesson_id', 'student_id', 'value', 'scale', 'weight', 'work'];
    for (const cells of [
      ['', 'L1', '1001', '5', '', '', ''],
      ['m1', 'L1', '1001', '6', '', '', ''],
      ['m1', 'L1', '1001', '5', '', '11', ''],
      ['m1', 'L1', '1001', '5', '7', '', ''],
      ['m1', 'L1', '1001', '5', '', '', 'x'.repeat(101)],
      ['m 1', 'L1', '1001', '5', '', '', ''],
    ]) {
      const { slow, fast } = check('marks.csv', h, cells, 'ezhd');
      expect(fast).toBeNull();
      expect(slow).toEqual({ refused: true });
    }
  });
});

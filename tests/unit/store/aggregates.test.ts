import { describe, expect, it } from 'vitest';
import { generateDemoSchool } from '../../../electron/core/demo/index.js';
import type { JournalAggregates } from '../../../electron/core/store/aggregates.js';
import { MemoryBackend } from '../../../electron/core/store/backend.js';
import type { ClassData, JournalData, SchoolData } from '../../../electron/core/store/schema.js';
import { Store, aggregatesPath } from '../../../electron/core/store/store.js';

type Key = string;

/** The aggregates computed the slow, obvious way, straight from the marks. */
function naive(school: Pick<SchoolData, 'periods' | 'classes' | 'timetableChanges'>, cls: ClassData, j: JournalData) {
  const c = school.classes.find((x) => x.id === j.classId)!;
  const periods = school.periods.filter((p) => p.yearId === c.yearId && p.scheme === c.periodScheme).sort((a, b) => a.index - b.index);
  const periodOf = (date: string) => periods.find((p) => p.start <= date && date <= p.end)?.id ?? null;
  const lessonById = new Map(j.lessons.map((l) => [l.id, l]));
  const cells = new Map<Key, { marks: number; sumVW: number; sumW: number; counts: number[]; absences: Record<string, number>; held: number }>();
  const cellOf = (s: string, subj: string, p: string | null) => {
    const k = `${s}|${subj}|${p}`;
    let x = cells.get(k);
    if (!x) cells.set(k, (x = { marks: 0, sumVW: 0, sumW: 0, counts: [0, 0, 0, 0, 0], absences: { н: 0, б: 0, у: 0 }, held: 0 }));
    return x;
  };
  for (const m of j.marks) {
    const l = lessonById.get(m.lessonId)!;
    const x = cellOf(m.studentId, l.subjectId, periodOf(l.date));
    x.marks++;
    x.sumVW += m.value * m.weight;
    x.sumW += m.weight;
    x.counts[m.value - 1]!++;
  }
  for (const a of j.attendance) {
    const l = lessonById.get(a.lessonId)!;
    cellOf(a.studentId, l.subjectId, periodOf(l.date)).absences[a.kind]!++;
  }
  for (const s of cls.students) {
    for (const l of j.lessons) {
      if (l.date < s.enrolledOn || (s.leftOn && l.date >= s.leftOn)) continue;
      cellOf(s.id, l.subjectId, periodOf(l.date)).held++;
    }
  }
  const subjects = new Map<Key, { held: number; byType: Record<string, number>; substitutions: number; moved: number }>();
  const changes = school.timetableChanges.filter((x) => x.classId === j.classId);
  for (const l of j.lessons) {
    const k = `${l.subjectId}|${periodOf(l.date)}`;
    let x = subjects.get(k);
    if (!x) subjects.set(k, (x = { held: 0, byType: {}, substitutions: 0, moved: 0 }));
    x.held++;
    x.byType[l.type] = (x.byType[l.type] ?? 0) + 1;
    if (changes.some((ch) => ch.kind === 'substitution' && ch.date === l.date && ch.lessonNo === l.lessonNo)) x.substitutions++;
    if (changes.some((ch) => ch.kind === 'moved' && (ch.toDate ?? ch.date) === l.date && (ch.toLessonNo ?? ch.lessonNo) === l.lessonNo)) x.moved++;
  }
  return { cells, subjects };
}

function compare(agg: JournalAggregates, expected: ReturnType<typeof naive>): void {
  const got = new Map(agg.cells.map((c) => [`${c.studentId}|${c.subjectId}|${c.periodId}`, c]));
  expect(got.size).toBe(expected.cells.size);
  for (const [k, e] of expected.cells) {
    const g = got.get(k);
    expect(g, k).toBeDefined();
    expect(g!.marks).toBe(e.marks);
    expect(g!.sumVW).toBeCloseTo(e.sumVW, 9);
    expect(g!.sumW).toBeCloseTo(e.sumW, 9);
    expect(g!.counts).toEqual(e.counts);
    expect(g!.absences).toEqual(e.absences);
    expect(g!.held).toBe(e.held);
  }
  const subj = new Map(agg.subjects.map((s) => [`${s.subjectId}|${s.periodId}`, s]));
  for (const [k, e] of expected.subjects) {
    const g = subj.get(k);
    expect(g, k).toBeDefined();
    expect({ held: g!.held, byType: g!.byType, substitutions: g!.substitutions, moved: g!.moved }).toEqual(e);
  }
  expect(subj.size).toBeGreaterThanOrEqual(expected.subjects.size);
}

describe('journal aggregates', () => {
  const demo = generateDemoSchool({ seed: 11, students: 90, asOf: '2027-03-15', markDensity: 0.8 });
  const school = { ...demo.school, users: [], compromises: [], mutations: [], workstation: { id: 'ws', lastHlc: '', nextMutationSeq: 1 } } as SchoolData;

  it('equal a naive recomputation from the marks, for every class', async () => {
    const store = new Store(new MemoryBackend());
    await store.initSchool(school);
    for (const c of demo.classes) await store.updateClass(c.classId, (d) => Object.assign(d, c));
    for (const j of demo.journals) await store.updateJournal(j.yearId, j.classId, (d) => Object.assign(d, j));
    let withSubstitutions = 0;
    for (const j of demo.journals) {
      const agg = await store.journalAggregates(j.yearId, j.classId);
      const cls = demo.classes.find((c) => c.classId === j.classId)!;
      compare(agg, naive(school, cls, j));
      withSubstitutions += agg.subjects.reduce((n, s) => n + s.substitutions, 0);
      expect(agg.periods.length).toBeGreaterThan(0);
    }
    expect(withSubstitutions).toBeGreaterThan(0);
  });

  it('are read from their own file without loading the journal', async () => {
    const backend = new MemoryBackend();
    const first = new Store(backend);
    await first.initSchool(school);
    const j = demo.journals[3]!;
    const cls = demo.classes.find((c) => c.classId === j.classId)!;
    await first.updateClass(cls.classId, (d) => Object.assign(d, cls));
    await first.updateJournal(j.yearId, j.classId, (d) => Object.assign(d, j));
    expect(backend.files.has(aggregatesPath(j.yearId, j.classId))).toBe(true);

    const reads: string[] = [];
    const spy = Object.create(backend) as MemoryBackend;
    spy.adapter = <T>(p: string) => {
      reads.push(p);
      return backend.adapter<T>(p);
    };
    const second = new Store(spy);
    const agg = await second.journalAggregates(j.yearId, j.classId);
    expect(reads).not.toContain(`journal/${j.yearId}/${j.classId}.json`);
    compare(agg, naive(school, cls, j));
  });

  it('follow every journal write, and are recomputed when the periods change', async () => {
    const store = new Store(new MemoryBackend());
    await store.initSchool(school);
    const j = demo.journals[5]!;
    await store.updateJournal(j.yearId, j.classId, (d) => Object.assign(d, j));
    const before = await store.journalAggregates(j.yearId, j.classId);
    const lesson = j.lessons.find((l) => !j.marks.some((m) => m.lessonId === l.id && m.studentId === 'zz'))!;
    await store.updateJournal(j.yearId, j.classId, (d) => {
      d.marks.push({ id: 'new-mark', lessonId: lesson.id, studentId: 'zz', value: 5, weight: 2 });
    });
    const after = await store.journalAggregates(j.yearId, j.classId);
    const cell = after.cells.find((c) => c.studentId === 'zz')!;
    expect(cell).toMatchObject({ marks: 1, sumVW: 10, sumW: 2, counts: [0, 0, 0, 0, 1] });
    expect(before.cells.some((c) => c.studentId === 'zz')).toBe(false);

    // Only one long period now: everything falls into it.
    await store.updateSchool((d) => {
      const cls = d.classes.find((c) => c.id === j.classId)!;
      d.periods = d.periods.filter((p) => p.scheme !== cls.periodScheme);
      d.periods.push({ id: 'whole', yearId: j.yearId, scheme: cls.periodScheme, index: 1, name: 'Год', start: '2026-01-01', end: '2027-12-31' });
    });
    const whole = await store.journalAggregates(j.yearId, j.classId);
    expect(whole.periods.map((p) => p.id)).toEqual(['whole']);
    expect(whole.subjects.every((s) => s.periodId === 'whole')).toBe(true);
    const total = (a: JournalAggregates) => a.cells.reduce((n, c) => n + c.marks, 0);
    expect(total(whole)).toBe(total(after));
  });

  it('are recomputed when they were made from another version of the journal (crash between the writes)', async () => {
    const backend = new MemoryBackend();
    const store = new Store(backend);
    await store.initSchool(school);
    const j = demo.journals[2]!;
    await store.updateJournal(j.yearId, j.classId, (d) => Object.assign(d, j));
    const stale = structuredClone(backend.files.get(aggregatesPath(j.yearId, j.classId)));
    await store.updateJournal(j.yearId, j.classId, (d) => {
      d.marks = [];
    });
    // As if the process died after the journal write, before the aggregates write.
    backend.files.set(aggregatesPath(j.yearId, j.classId), stale);
    const fresh = new Store(backend);
    const agg = await fresh.journalAggregates(j.yearId, j.classId);
    expect(agg.cells.reduce((n, c) => n + c.marks, 0)).toBe(0);
  });
});

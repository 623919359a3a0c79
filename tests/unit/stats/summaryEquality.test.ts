import { invalidDocumentIdsIn, NO_COMPROMISE } from '../../../electron/contract/auth/compromise.js';
import { describe, expect, it } from 'vitest';
import { MemoryAuditSink } from '../../../electron/core/audit/auditLog.js';
import { createApp } from '../../../electron/core/app.js';
import { generateDemoSchool } from '../../../electron/core/demo/index.js';
import type { ExtractRecord } from '../../../electron/core/extracts/record.js';
import { compareEntries } from '../../../electron/core/journal/finalMarks.js';
import { loadStatsSource } from '../../../electron/core/services/stats.js';
import { aggregateContext, computeAggregates, expandAggregates } from '../../../electron/core/store/aggregates.js';
import { MemoryBackend } from '../../../electron/core/store/backend.js';
import type { ClassSummary, FinalIndex } from '../../../electron/core/store/classSummary.js';
import { SCHEMA_VERSION, type ClassData, type SchoolData } from '../../../electron/core/store/schema.js';
import { Store } from '../../../electron/core/store/store.js';
import {
  classStats,
  finalsReport,
  fulfilmentReport,
  lessonTypesReport,
  overview,
  regulationsReport,
  resultsReport,
  studentStats,
} from '../../../electron/core/stats/reports.js';
import { prepareSource, type StatsSource } from '../../../electron/core/stats/source.js';

/**
 * The statistics read the class summaries (classes/<id>.sum.json), never the whole partitions.
 * Every report must say exactly what it says when computed the slow, obvious way from the whole
 * partitions: every final-mark entry of every cell, every diary view, every extract, the pending
 * mutations. The demo school is given what it lacks: deferrals before marks and in force,
 * corrections, entries arriving with an earlier clock, extracts handed over and not, a document
 * made by a compromised login, diary views written in another zone.
 */

const ASOF = '2027-03-15';

function enrich(c: ClassData, n: number): ClassData {
  const d = structuredClone(c);
  const marks = d.finalMarks;
  const add = (i: number, over: Partial<(typeof marks)[number]>) => {
    const base = marks[i % Math.max(1, marks.length)];
    if (base) d.finalMarks.push({ ...base, id: `${base.id}.x${d.finalMarks.length}`, ...over });
  };
  for (let i = 0; i < 6 && marks.length > 0; i++) {
    const step = Math.floor(marks.length / 7) + 1;
    add(i * step, { hlc: `0000-early-${i}`, value: null, deferral: { reason: 'болезнь, справка', dueOn: '2027-01-20' } });
    add(i * step + 1, { hlc: `zzzz-late-${i}`, value: i % 2 ? '3' : 'н/а', publishedAt: i % 2 ? '2027-03-01T12:00:00+03:00' : undefined });
    add(i * step + 2, { hlc: `zzzz-def-${i}`, value: null, deferral: { reason: 'по заявлению родителей', dueOn: i % 2 ? '2027-03-01' : '2027-04-01' } });
  }
  const [s0, s1, s2] = d.students;
  if (s0 && s1 && s2) {
    const extract = (studentId: string, k: number, date?: string): ExtractRecord =>
      ({
        id: `ex.${d.classId}.${k}`,
        number: n * 10 + k,
        studentId,
        classId: d.classId,
        periodStart: '2027-03-01',
        periodEnd: '2027-03-07',
        reason: 'weekly',
        issuedOn: '2027-03-09',
        sections: [],
        contentHash: '0',
        prepared: { at: '2027-03-09T08:00:00.000Z', by: 'u1', role: 'office' },
        printed: [],
        ...(date ? { handedOver: { at: `${date}T09:00:00.000Z`, by: 'u1', role: 'office', guardianId: 'g', date } } : {}),
        versions: [],
      }) as ExtractRecord;
    d.extracts.push(extract(s0.id, 1, '2027-03-10'), extract(s1.id, 2, '2027-02-20'), extract(s2.id, 3));
  }
  const doc = d.documents[n % Math.max(1, d.documents.length)];
  if (doc) d.mutations.push({ id: `ws:${n}`, seq: n, kind: 'document', payload: doc, hlc: doc.hlc, author: 'u', createdAt: doc.registeredAt, invalid: true });
  for (const [i, g] of d.guardians.slice(0, 4).entries()) {
    d.diaryViews.push({ guardianId: g.id, studentId: g.studentIds[0]!, at: i % 2 ? `2027-03-1${i}T23:30:00+03:00` : `2027-03-0${i + 1}T10:00:00Z` });
  }
  return d;
}

/** The class as the statistics would see it from the whole partition, the obvious way. */
function wholeView(d: ClassData): ClassSummary {
  const finals: FinalIndex = new Map();
  for (const e of [...d.finalMarks].sort(compareEntries)) {
    let byStudent = finals.get(e.periodId);
    if (!byStudent) finals.set(e.periodId, (byStudent = new Map()));
    let bySubject = byStudent.get(e.studentId);
    if (!bySubject) byStudent.set(e.studentId, (bySubject = new Map()));
    bySubject.set(e.subjectId, [...(bySubject.get(e.subjectId) ?? []), e]);
  }
  const lastViews = new Map<string, string>();
  for (const v of d.diaryViews) {
    const best = lastViews.get(v.guardianId);
    if (best === undefined || Date.parse(v.at) > Date.parse(best)) lastViews.set(v.guardianId, v.at);
  }
  return {
    classId: d.classId,
    students: d.students,
    guardians: d.guardians,
    documents: d.documents,
    extracts: d.extracts,
    invalidIds: invalidDocumentIdsIn(NO_COMPROMISE, d),
    lastViews,
    finals,
  };
}

/** Every report the statistics give, for every period, class and a few students of each class. */
function everything(src: StatsSource): unknown[] {
  const out: unknown[] = [];
  const keys = [undefined, ...src.columns.map((c) => c.key)];
  for (const key of keys) {
    out.push(overview(src, key), resultsReport(src, key), fulfilmentReport(src, key), lessonTypesReport(src, key), finalsReport(src, key), regulationsReport(src, key, 7));
    for (const c of src.classes) {
      try {
        out.push(classStats(src, c.cc.cls.id, key));
      } catch (e) {
        out.push(String(e));
      }
      for (const s of c.data.students.slice(0, 3)) out.push(studentStats(src, c.cc.cls.id, s.id, key));
    }
  }
  return out;
}

describe('statistics from the class summaries', () => {
  it('equal the statistics computed from the whole partitions, for the demo school', async () => {
    const demo = generateDemoSchool({ seed: 17, students: 150, asOf: ASOF, markDensity: 0.3 });
    const backend = new MemoryBackend();
    const now = new Date(`${ASOF}T12:00:00+03:00`);
    const writer = createApp({ backend, auditSink: new MemoryAuditSink(), now: () => now });
    const school: SchoolData = { ...demo.school, schemaVersion: SCHEMA_VERSION.school, users: [], compromises: [], mutations: [], workstation: { id: 'ws', lastHlc: '', nextMutationSeq: 1 } };
    await writer.core.store.initSchool(school);
    const classes = demo.classes.map((c, i) => enrich(c, i + 1));
    for (const [i, c] of classes.entries()) {
      const j = demo.journals[i]!;
      await writer.core.store.updateJournal(j.yearId, j.classId, (d) => Object.assign(d, j));
      // Written in two steps: the summary follows each write.
      await writer.core.store.updateClass(c.classId, (d) => Object.assign(d, { ...c, diaryViews: [], extracts: [] }));
      await writer.core.store.updateClass(c.classId, (d) => Object.assign(d, c));
    }
    expect(classes.some((c) => c.finalMarks.some((e) => e.deferral))).toBe(true);

    // The whole partitions, the obvious way.
    const whole = prepareSource(
      school,
      classes.map((c, i) => {
        const j = demo.journals[i]!;
        const agg = expandAggregates(computeAggregates(j, aggregateContext(school, j.yearId, j.classId), null), c.students);
        return { data: wholeView(c), agg };
      }),
      ASOF,
    );
    const want = everything(whole);
    expect(want.length).toBeGreaterThan(100);

    // The app's source, on the store that wrote (summaries in memory) and on a cold one (read from their files).
    const warm = await loadStatsSource(writer.core, ASOF);
    expect(everything(warm)).toEqual(want);
    const reader = createApp({ backend, auditSink: new MemoryAuditSink(), now: () => now });
    const partitionsRead: string[] = [];
    const read = backend.adapter.bind(backend);
    backend.adapter = <T>(p: string) => {
      const a = read<T>(p);
      return {
        read: () => {
          if (/^classes\/[^/]+\.json$/.test(p) && !p.endsWith('.sum.json')) partitionsRead.push(p);
          return a.read();
        },
        write: (x: T) => a.write(x),
      };
    };
    const cold = await loadStatsSource(reader.core, ASOF);
    expect(partitionsRead).toEqual([]);
    expect(everything(cold)).toEqual(want);
    expect(reader.core.store).toBeInstanceOf(Store);
  });
});

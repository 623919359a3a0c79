import type { FinalMarkEntry, FinalValue } from '../../contract/entities/journal.js';
import type { Period } from '../../contract/entities/school.js';
import { DEFAULT_SETTINGS } from '../../contract/entities/settings.js';
import type { ClassSpec } from './classes.js';
import { dayOf, isoOf, timestampMs, type Day } from './dates.js';
import { demoHlc } from './documents.js';
import { aggIndex, type JournalAggregates } from './journal.js';
import type { StudentProfile } from './people.js';
import type { Rng } from './rng.js';
import { isMarked, type SubjectId } from './subjects.js';

/**
 * Final marks for the periods that ended before `asOf` (and the year, once it is over): the
 * weighted mean of the student's marks in the period, rounded up from .6 as the school's settings
 * say; «осв.» for students exempt from physical education; «н/а» for too few marks; for a student
 * who was ill much of the period, a deferral (отсрочка) and, once it is due, the mark. Mostly
 * published the same day, some a day later, a few late (the deadline check has work to do).
 * After the school year (an `asOf` in summer), grade 9 has its ОГЭ marks (Russian, algebra and two
 * subjects of the student's choice) and grades 9 and 11 their итоговые marks (the mean of the year
 * and exam marks for exam subjects in grade 9, the year mark otherwise). ЕГЭ results are 100-point
 * scores, not marks, so grade 11 has no exam entries.
 */
const OGE_ELECTIVES: readonly SubjectId[] = ['phys', 'chem', 'bio', 'hist', 'soc', 'geo', 'inf', 'eng', 'lit'];
const MIN_MARKS = DEFAULT_SETTINGS.forecast.minMarks;
const ROUND_UP_FROM = DEFAULT_SETTINGS.forecast.roundUpFrom;

export function roundMark(avg: number): number {
  const base = Math.floor(avg);
  const v = avg - base >= ROUND_UP_FROM - 1e-9 ? base + 1 : base;
  return Math.max(1, Math.min(5, v));
}

export function generateFinalMarks(
  spec: ClassSpec,
  yearId: string,
  periods: readonly Period[],
  profiles: readonly StudentProfile[],
  agg: JournalAggregates,
  teacherOf: (subjectId: SubjectId) => string,
  schoolDays: readonly Day[],
  yearEnd: Day,
  asOf: Day,
  rng: Rng,
): FinalMarkEntry[] {
  if (spec.grade === 1) return [];
  const out: FinalMarkEntry[] = [];
  const push = (e: Omit<FinalMarkEntry, 'id' | 'hlc' | 'enteredAt' | 'publishedAt'>, knownOn: Day) => {
    const enteredMs = timestampMs(knownOn, rng.int(13, 18), rng.int(0, 59), rng.int(0, 59));
    const delay = rng.weighted([[0, 80], [1, 12], [rng.int(2, 4), 6], [-1, 2]] as const);
    const entry: FinalMarkEntry = { id: `fm.${spec.id}.${String(out.length + 1).padStart(5, '0')}`, ...e, enteredAt: new Date(enteredMs).toISOString(), hlc: demoHlc(enteredMs, out.length % 10000) };
    if (delay >= 0 && knownOn + delay <= asOf) entry.publishedAt = new Date(enteredMs + delay * 86_400_000 + rng.int(10, 120) * 60_000).toISOString();
    out.push(entry);
  };

  const yearValues = new Map<string, FinalValue[]>();
  let allEnded = periods.length > 0;
  periods.forEach((period, pi) => {
    const end = dayOf(period.end);
    const start = dayOf(period.start);
    if (end >= asOf) {
      allEnded = false;
      return;
    }
    for (const p of profiles) {
      if (p.enrolled > end || (p.left !== null && p.left <= end)) continue;
      agg.subjects.forEach((subjectId, si) => {
        if (!isMarked(subjectId, spec.grade)) return;
        const k = aggIndex(agg, p.index, si, pi);
        const base = { studentId: p.student.id, subjectId, periodId: period.id, enteredBy: teacherOf(subjectId), knownOn: isoOf(end) };
        let value: FinalValue;
        const count = agg.count[k] ?? 0;
        if (subjectId === 'pe' && p.peExempt) value = 'осв.';
        else if (count >= MIN_MARKS) value = String(roundMark((agg.sumVW[k] ?? 0) / (agg.sumW[k] || 1))) as FinalValue;
        else {
          const held = agg.held[k] ?? 0;
          const ill = held > 0 && (agg.absent[k] ?? 0) / held >= 0.35 && p.enrolled <= start;
          if (ill && rng.chance(0.8)) {
            const dueOn = end + 14;
            push({ ...base, value: null, deferral: { reason: 'Длительная болезнь (медицинская справка)', dueOn: isoOf(dueOn) } }, end);
            // Settled on a school day a week or two after the period, by the due date.
            const after = schoolDays.filter((d) => d > end + 5 && d <= dueOn);
            const settledOn = after.length > 0 ? rng.pick(after) : dueOn;
            if (settledOn <= asOf) {
              value = String(count > 0 ? roundMark((agg.sumVW[k] ?? 0) / (agg.sumW[k] || 1)) : Math.max(3, Math.round(p.ability + (p.offsets[si] ?? 0)))) as FinalValue;
              push({ ...base, value, knownOn: isoOf(settledOn) }, settledOn);
              addYear(yearValues, p.student.id, subjectId, value);
            }
            return;
          }
          value = 'н/а';
        }
        push({ ...base, value }, end);
        addYear(yearValues, p.student.id, subjectId, value);
      });
    }
  });

  if (allEnded) {
    const last = periods[periods.length - 1];
    const end = last ? dayOf(last.end) : asOf;
    for (const p of profiles) {
      if (p.left !== null && p.left <= end) continue;
      for (const subjectId of agg.subjects) {
        const values = yearValues.get(`${p.student.id}:${subjectId}`);
        if (!values || values.length === 0) continue;
        const numeric = values.filter((v) => /^[1-5]$/.test(v)).map(Number);
        const value: FinalValue = values.every((v) => v === 'осв.')
          ? 'осв.'
          : numeric.length === 0
            ? 'н/а'
            : (String(roundMark(numeric.reduce((a, b) => a + b, 0) / numeric.length)) as FinalValue);
        push({ studentId: p.student.id, subjectId, periodId: `year:${yearId}`, value, enteredBy: teacherOf(subjectId), knownOn: isoOf(end) }, end);
        yearValues.set(`${p.student.id}:${subjectId}`, [value]);
      }
    }
    if ((spec.grade === 9 || spec.grade === 11) && asOf > yearEnd) examsAndFinals(end);
  }
  return out;

  function examsAndFinals(lastLesson: Day) {
    for (const p of profiles) {
      if (p.left !== null && p.left <= lastLesson) continue;
      const exams = new Map<SubjectId, FinalValue>();
      let lastResult = yearEnd;
      if (spec.grade === 9) {
        const electives = rng.shuffle(OGE_ELECTIVES.filter((s) => agg.subjects.includes(s))).slice(0, 2);
        for (const subjectId of ['rus', 'alg', ...electives] as SubjectId[]) {
          const si = agg.subjects.indexOf(subjectId);
          if (si < 0) continue;
          const knownOn = yearEnd + rng.int(8, 25);
          if (knownOn > asOf) continue;
          const value = String(Math.max(2, Math.min(5, Math.round(p.ability + (p.offsets[si] ?? 0) + rng.normal(0, 0.6))))) as FinalValue;
          exams.set(subjectId, value);
          lastResult = Math.max(lastResult, knownOn);
          push({ studentId: p.student.id, subjectId, periodId: `exam:${yearId}`, value, enteredBy: teacherOf(subjectId), knownOn: isoOf(knownOn) }, knownOn);
        }
      }
      const finalOn = Math.max(lastResult + rng.int(1, 3), yearEnd + rng.int(22, 28));
      if (finalOn > asOf) continue;
      for (const subjectId of agg.subjects) {
        const year = yearValues.get(`${p.student.id}:${subjectId}`)?.[0];
        if (!year) continue;
        const exam = exams.get(subjectId);
        const value: FinalValue =
          exam && /^[1-5]$/.test(year) ? (String(Math.floor((Number(year) + Number(exam)) / 2 + 0.5)) as FinalValue) : year;
        push({ studentId: p.student.id, subjectId, periodId: `final:${yearId}`, value, enteredBy: teacherOf(subjectId), knownOn: isoOf(finalOn) }, finalOn);
      }
    }
  }
}

function addYear(map: Map<string, FinalValue[]>, studentId: string, subjectId: string, v: FinalValue) {
  const key = `${studentId}:${subjectId}`;
  const list = map.get(key) ?? [];
  list.push(v);
  map.set(key, list);
}

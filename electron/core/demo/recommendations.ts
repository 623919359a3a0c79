import type { Recommendation } from '../../contract/entities/people.js';
import type { Day } from './dates.js';
import { aggIndex, type JournalAggregates } from './journal.js';
import type { PlannedLesson } from './lessonPlan.js';
import type { StudentProfile } from './people.js';
import type { Rng } from './rng.js';
import { isMarked, type SubjectId } from './subjects.js';

const CREATIVE: ReadonlySet<string> = new Set(['mus', 'izo', 'tech']);

/**
 * Teachers' recommendations: to a student who is behind in a subject (what to revise), to one who
 * missed many lessons (catch up the topics), to a strong one (the olympiad).
 */
export function generateRecommendations(
  classId: string,
  grade: number,
  plan: readonly PlannedLesson[],
  profiles: readonly StudentProfile[],
  agg: JournalAggregates,
  asOf: Day,
  rng: Rng,
): Recommendation[] {
  const bySubject = new Map<SubjectId, PlannedLesson[]>();
  for (const l of plan) {
    if (l.day > asOf || l.type !== 'урок') continue;
    const list = bySubject.get(l.subjectId) ?? [];
    list.push(l);
    bySubject.set(l.subjectId, list);
  }
  const out: Recommendation[] = [];
  for (const p of profiles) {
    agg.subjects.forEach((subjectId, si) => {
      if (!isMarked(subjectId, grade)) return;
      let vw = 0;
      let w = 0;
      let count = 0;
      let absent = 0;
      let held = 0;
      for (let pi = 0; pi < agg.periods; pi++) {
        const k = aggIndex(agg, p.index, si, pi);
        vw += agg.sumVW[k] ?? 0;
        w += agg.sumW[k] ?? 0;
        count += agg.count[k] ?? 0;
        absent += agg.absent[k] ?? 0;
        held += agg.held[k] ?? 0;
      }
      const lessons = bySubject.get(subjectId) ?? [];
      const recent = lessons.slice(Math.floor(lessons.length / 3));
      if (recent.length === 0) return;
      const at = rng.pick(recent);
      const avg = w > 0 ? vw / w : 0;
      let text: string | undefined;
      if (count >= 4 && avg < 3.2 && rng.chance(0.55)) {
        text = rng.pick([
          `Повторить тему «${at.topic}», выполнить работу над ошибками.`,
          `Есть пробелы по теме «${at.topic}»: рекомендую посещать консультации (вторник, 7-й урок).`,
          `Необходимо регулярно выполнять домашние задания; повторить тему «${at.topic}».`,
        ]);
      } else if (held >= 10 && absent / held >= 0.25 && rng.chance(0.4)) {
        text = `Много пропусков: самостоятельно изучить пропущенные темы (в том числе «${at.topic}») и сдать задолженности.`;
      } else if (count >= 6 && avg >= 4.75 && rng.chance(0.12)) {
        text =
          subjectId === 'pe'
            ? 'Хорошие результаты: рекомендую записаться в школьную спортивную секцию.'
            : CREATIVE.has(subjectId)
              ? 'Отличная работа! Рекомендую принять участие в школьном творческом конкурсе.'
              : rng.pick([
                  'Рекомендую принять участие в школьном этапе Всероссийской олимпиады школьников.',
                  'Отличная работа! Рекомендую подготовить проект для научно-практической конференции.',
                ]);
      }
      if (!text) return;
      out.push({ id: '', studentId: p.student.id, subjectId, teacherId: at.teacherId, date: at.date, text });
    });
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  out.forEach((r, i) => (r.id = `rec.${classId}.${String(i + 1).padStart(4, '0')}`));
  return out;
}

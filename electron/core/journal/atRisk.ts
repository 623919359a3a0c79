import { RISK_CATEGORY_LABELS, RISK_LABELS, RISK_SIGNS, type RiskItem, type RiskSign } from '../../contract/groups/journal.js';
import { compareRu } from '../../contract/text/collate.js';
import { ruDate } from '../../contract/text/format.js';
import type { ReportDoc } from '../stats/export/reportDoc.js';
import { DEFAULT_LESSONS_PER_MARK, type ForecastRules } from './forecast.js';

/**
 * The list of students at risk a class teacher acts on: each row (student × subject) falls in
 * the category of its worst sign — forecast «2», then the risk of «н/а» (too many lessons
 * missed), then too few marks for the lessons held (RISK_SIGNS is in that order) — and the list
 * is sorted riskiest first: by category, then the forecast (lower first, no forecast last), the
 * average (lower first), the share of lessons missed (more first), then class, student and subject.
 */

/** The category of a row: its worst sign (null: no sign, the row is not at risk). */
export function riskCategory(risks: readonly RiskSign[]): RiskSign | null {
  for (const sign of RISK_SIGNS) if (risks.includes(sign)) return sign;
  return null;
}

const rank = (r: Pick<RiskItem, 'forecast'>) => {
  const c = riskCategory(r.forecast.risks);
  return c === null ? RISK_SIGNS.length : RISK_SIGNS.indexOf(c);
};

/** Riskiest first (see above). */
export function compareRisk(a: RiskItem, b: RiskItem): number {
  const fa = a.forecast.forecast ?? Number.POSITIVE_INFINITY;
  const fb = b.forecast.forecast ?? Number.POSITIVE_INFINITY;
  return (
    rank(a) - rank(b) ||
    (fa === fb ? 0 : fa < fb ? -1 : 1) ||
    (a.forecast.average ?? Number.POSITIVE_INFINITY) - (b.forecast.average ?? Number.POSITIVE_INFINITY) ||
    b.forecast.absenceShare - a.forecast.absenceShare ||
    compareRu(a.className, b.className) ||
    compareRu(a.studentName, b.studentName) ||
    compareRu(a.subjectName, b.subjectName)
  );
}

/** The rows of the chosen categories (none chosen: all), riskiest first. */
export function riskList(items: readonly RiskItem[], categories?: readonly RiskSign[]): RiskItem[] {
  const wanted = categories && categories.length > 0 ? new Set(categories) : null;
  return items.filter((r) => {
    const c = riskCategory(r.forecast.risks);
    return c !== null && (!wanted || wanted.has(c));
  }).sort(compareRisk);
}

/** Rows per category (each row once, in the category of its worst sign). */
export function riskCounts(items: readonly RiskItem[]): Record<RiskSign, number> {
  const out = Object.fromEntries(RISK_SIGNS.map((s) => [s, 0])) as Record<RiskSign, number>;
  for (const r of items) {
    const c = riskCategory(r.forecast.risks);
    if (c) out[c]++;
  }
  return out;
}

/** The rule in words: «… Мало отметок — меньше 1 отметки на каждые 3 проведённых урока, но ожидается не больше 3 за период». */
export function ruleText(rules: Pick<ForecastRules, 'minMarks' | 'lessonsPerMark' | 'maxAbsenceShare'>): string {
  const per = rules.lessonsPerMark ?? DEFAULT_LESSONS_PER_MARK;
  const lessons = per === 1 ? 'каждый проведённый урок' : `каждые ${per} проведённых ${per <= 4 ? 'урока' : 'уроков'}`;
  const pct = `${Math.round(rules.maxAbsenceShare * 100)} %`;
  return `Прогноз «2» — средний взвешенный балл округляется до «2» или ниже. Риск «н/а» — пропущено больше ${pct} проведённых уроков. Мало отметок — меньше 1 отметки на ${lessons}, но ожидается не больше ${rules.minMarks} за период.`;
}

export interface RiskDocMeta {
  schoolName: string;
  /** «5А» or «все доступные классы». */
  scope: string;
  asOf: string;
  generated: string;
  rules: Pick<ForecastRules, 'minMarks' | 'lessonsPerMark' | 'maxAbsenceShare'>;
  categories: readonly RiskSign[];
}

const pctText = (x: number) => `${Math.round(x * 100)} %`;

/** The list as a document to file (PDF or XLSX, the statistics' report writers). */
export function riskDoc(items: readonly RiskItem[], meta: RiskDocMeta): ReportDoc {
  const periods = [...new Set(items.map((r) => r.periodName))];
  const shown = meta.categories.length > 0 && meta.categories.length < RISK_SIGNS.length ? meta.categories.map((c) => RISK_CATEGORY_LABELS[c]).join(', ') : 'все';
  const counts = riskCounts(items);
  return {
    title: 'Ученики в зоне риска',
    schoolName: meta.schoolName,
    subtitle: `${meta.scope}; ${periods.length ? periods.join(', ') : 'текущий период'}; по состоянию на ${ruDate(meta.asOf)}. Категории: ${shown}.`,
    generated: meta.generated,
    date: meta.asOf,
    landscape: true,
    notes: [ruleText(meta.rules), 'Сначала самые опасные: прогноз «2», затем риск «н/а», затем мало отметок; внутри — по прогнозу, строки без прогноза — последними.'],
    sections: [
      {
        title: `Список (${items.length}: ${RISK_SIGNS.filter((s) => counts[s] > 0).map((s) => `${RISK_CATEGORY_LABELS[s]} — ${counts[s]}`).join(', ') || 'никого'})`,
        columns: [
          { header: 'Класс', kind: 'text', width: 7 },
          { header: 'Ученик', kind: 'text', width: 27 },
          { header: 'Предмет', kind: 'text', width: 19 },
          { header: 'Категория', kind: 'text', width: 15 },
          { header: 'Прогноз', kind: 'int', width: 10 },
          { header: 'Ср. балл', kind: 'dec', width: 9 },
          { header: 'Отметок', kind: 'int', width: 10 },
          { header: 'Нужно', kind: 'int', width: 8 },
          { header: 'Уроков', kind: 'int', width: 9 },
          { header: 'Пропущено', kind: 'text', width: 12 },
          { header: 'Все признаки', kind: 'text', width: 22 },
        ],
        rows: items.map((r) => [
          r.className,
          r.studentName,
          r.subjectName,
          RISK_CATEGORY_LABELS[riskCategory(r.forecast.risks)!],
          r.forecast.forecast,
          r.forecast.average,
          r.forecast.marks,
          r.forecast.expected,
          r.forecast.lessons,
          `${r.forecast.absences} (${pctText(r.forecast.absenceShare)})`,
          r.forecast.risks.map((k) => RISK_LABELS[k]).join(', '),
        ]),
      },
    ],
  };
}

/** «В зоне риска — 5А — 2026-12-04.pdf». */
export function riskFileName(scope: string, asOf: string, ext: 'pdf' | 'xlsx'): string {
  return `${`В зоне риска — ${scope}`.replace(/[\\/:*?"<>|«»]+/g, ' ').replace(/\s+/g, ' ').trim()} — ${asOf}.${ext}`;
}

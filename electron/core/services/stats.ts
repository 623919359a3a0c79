import { AppError } from '../../contract/errors.js';
import type { stats } from '../../contract/groups/stats.js';
import { ruDateTime, shortName } from '../../contract/text/format.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { toBase64 } from '../pdf/document.js';
import { classDoc, finalsDoc, fulfilmentDoc, lessonTypesDoc, overviewDoc, regulationsDoc, resultsDoc, studentDoc, type DocMeta } from '../stats/export/documents.js';
import { reportFileName, type ReportDoc } from '../stats/export/reportDoc.js';
import { reportPdf } from '../stats/export/reportPdf.js';
import { reportXlsx } from '../stats/export/reportXlsx.js';
import {
  classStats,
  DEFAULT_DAYS,
  finalsReport,
  fulfilmentReport,
  lessonTypesReport,
  overview,
  regulationsReport,
  resultsReport,
  studentStats,
} from '../stats/reports.js';
import { prepareSource, type StatsSource } from '../stats/source.js';
import type { SchoolData } from '../store/schema.js';
import { isoDay } from '../util/dates.js';
import { compromiseRule, finalMarkInvalid, invalidDocumentIdsOf, stepInvalid, type CompromiseRule } from '../../contract/auth/compromise.js';
import { expandClassSummary, summarizeClass, type ClassSummary } from '../store/classSummary.js';

/**
 * The stats group: every report is computed on request from the school file, the summaries of the
 * class partitions and the journal aggregates (never the marks), read in parallel. Exports are
 * recorded in the audit log (they leave the workstation); reading figures is not.
 */

/** The school year of the report: the one containing the day, else the latest that started, else the first. */
export function yearOfReport(school: Pick<SchoolData, 'years'>, asOf: string): string | undefined {
  const years = [...school.years].sort((a, b) => (a.start < b.start ? -1 : 1));
  return (years.find((y) => y.start <= asOf && asOf <= y.end) ?? years.filter((y) => y.start <= asOf).at(-1) ?? years[0])?.id;
}

export async function loadStatsSource(core: Core, asOf: string): Promise<StatsSource> {
  const school = await core.store.school();
  const yearId = yearOfReport(school, asOf);
  const classes = school.classes.filter((c) => c.yearId === yearId);
  const rule = compromiseRule(school.compromises);
  const parts = await Promise.all(
    classes.map(async (c) => {
      const [summary, agg] = await Promise.all([core.store.classSummary(c.id), core.store.journalAggregates(c.yearId, c.id)]);
      return { data: await withoutInvalid(core, rule, summary), agg };
    }),
  );
  return prepareSource(school, parts, asOf);
}

/**
 * The summary as the statistics must see it when logins were reported compromised: documents and
 * final marks made with them from the moment on do not count (auth/compromise.ts). Only a class
 * with such final marks is read whole; without compromises the summary is used as it is.
 */
async function withoutInvalid(core: Core, rule: CompromiseRule, summary: ClassSummary): Promise<ClassSummary> {
  if (rule.users.size === 0 && rule.revokedIds.size === 0) return summary;
  const invalidDocs = invalidDocumentIdsOf(rule, summary.documents);
  // A hand-over recorded with a compromised login does not count for the weekly paper duty.
  const extracts = summary.extracts.filter((e) => !e.handedOver || !stepInvalid(rule, e.handedOver));
  const data = await core.store.classData(summary.classId);
  const badFinals = data.finalMarks.some((e) => finalMarkInvalid(rule, e));
  if (invalidDocs.size === 0 && !badFinals && extracts.length === summary.extracts.length) return summary;
  const finals = badFinals ? expandClassSummary(summarizeClass({ ...data, finalMarks: data.finalMarks.filter((e) => !finalMarkInvalid(rule, e)) }, null)).finals : summary.finals;
  return { ...summary, invalidIds: new Set([...summary.invalidIds, ...invalidDocs]), extracts, finals };
}

function metaOf(src: StatsSource, ctx: AuthedContext): DocMeta {
  return { schoolName: src.school.school.name, generated: `Сформирован ${ruDateTime(ctx.now.toISOString())}, ${shortName(ctx.user.name)}` };
}

export function statsHandlers(core: Core): GroupHandlers<typeof stats> {
  const source = (ctx: AuthedContext) => loadStatsSource(core, isoDay(ctx.now));
  const classOfStudent = (src: StatsSource, studentId: string): string => {
    const c = src.classes.find((x) => x.data.students.some((s) => s.id === studentId));
    if (!c) throw new AppError('not_found', 'Ученик не найден. Обновите страницу.');
    return c.cc.cls.id;
  };

  return {
    overview: async (input, ctx) => overview(await source(ctx), input.periodKey, input.days ?? DEFAULT_DAYS),
    fulfilment: async (input, ctx) => fulfilmentReport(await source(ctx), input.periodKey),
    lessonTypes: async (input, ctx) => lessonTypesReport(await source(ctx), input.periodKey),
    results: async (input, ctx) => resultsReport(await source(ctx), input.periodKey),
    finals: async (input, ctx) => finalsReport(await source(ctx), input.periodKey),
    regulations: async (input, ctx) => regulationsReport(await source(ctx), input.periodKey, input.days ?? DEFAULT_DAYS),
    classStats: async (input, ctx) => classStats(await source(ctx), input.classId, input.periodKey),
    studentStats: async (input, ctx) => {
      const src = await source(ctx);
      return studentStats(src, classOfStudent(src, input.studentId), input.studentId, input.periodKey);
    },

    export: async (input, ctx) => {
      const src = await source(ctx);
      const meta = metaOf(src, ctx);
      const days = input.days ?? DEFAULT_DAYS;
      let doc: ReportDoc;
      let extra = '';
      switch (input.report) {
        case 'overview':
          doc = overviewDoc(overview(src, input.periodKey, days), meta);
          break;
        case 'fulfilment':
          doc = fulfilmentDoc(fulfilmentReport(src, input.periodKey), meta);
          break;
        case 'lessonTypes':
          doc = lessonTypesDoc(lessonTypesReport(src, input.periodKey), meta);
          break;
        case 'results':
          doc = resultsDoc(resultsReport(src, input.periodKey), meta);
          break;
        case 'finals':
          doc = finalsDoc(finalsReport(src, input.periodKey), meta);
          break;
        case 'regulations':
          doc = regulationsDoc(regulationsReport(src, input.periodKey, days), meta);
          break;
        case 'class': {
          if (!input.classId) throw new AppError('validation', 'Выберите класс.');
          const c = classStats(src, input.classId, input.periodKey);
          doc = classDoc(c, meta);
          break;
        }
        case 'student': {
          if (!input.studentId) throw new AppError('validation', 'Выберите ученика.');
          doc = studentDoc(studentStats(src, classOfStudent(src, input.studentId), input.studentId, input.periodKey), meta);
          break;
        }
      }
      if (input.report !== 'class' && input.report !== 'student') {
        const p = src.columns.find((c) => c.key === input.periodKey);
        if (p) extra = p.title;
      }
      const name = reportFileName(doc, input.format, extra);
      const bytes = input.format === 'pdf' ? reportPdf(doc) : await reportXlsx(doc);
      await core.record(ctx, {
        action: 'stats.export',
        recordIds: [input.classId ?? input.studentId ?? 'school'],
        details: { report: input.report, format: input.format, ...(input.periodKey ? { periodKey: input.periodKey } : {}) },
      });
      return {
        name,
        mime: input.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: toBase64(bytes),
      };
    },
  };
}

import { compromiseRule } from '../auth/compromise.js';
import { AppError } from '../../contract/errors.js';
import type { Student } from '../../contract/entities/people.js';
import type { SchoolClass } from '../../contract/entities/school.js';
import { EXTRACT_READERS, type DutyRow, type ExtractRow, type RegisterFilter, type StepView, type extracts } from '../../contract/groups/extracts.js';
import { ROLE_LABELS } from '../../contract/roles.js';
import { compareRu } from '../../contract/text/collate.js';
import { fullName, ruDate, shortName } from '../../contract/text/format.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { codeCandidates, codeOf, qrText } from '../extracts/code.js';
import { factsOf } from '../extracts/facts.js';
import { handoverSheetFileName, handoverSheetPdf, type SheetRow } from '../extracts/handoverSheet.js';
import { periodProblem } from '../extracts/period.js';
import { ClassExtracts, templateSections, type ExtractContent, type ExtractSpec } from '../extracts/content.js';
import { ExtractContentCache } from '../extracts/contentCache.js';
import { classDuty, holidayDays, schoolYearStart, weekOf, type Week } from '../extracts/duty.js';
import { invalidDocumentIds, paperDuty } from '../extracts/paperDuty.js';
import { extractFileName, extractsPdf, type PrintableExtract } from '../extracts/pdf.js';
import type { ExtractRecord, ExtractStep } from '../extracts/record.js';
import {
  annul,
  handOver,
  prepare,
  problemsOf,
  recordPrint,
  renew,
  signOff,
  signedOffValidly,
  stateOf,
  type Actor,
  type CompromiseOf,
} from '../extracts/register.js';
import { registerXlsx } from '../extracts/registerXlsx.js';
import { classContext, type ClassContext } from '../journal/classContext.js';
import { activeDuring } from '../journal/periods.js';
import { toBase64 } from '../pdf/document.js';
import type { ClassData, SchoolData } from '../store/schema.js';
import { isoDay } from '../util/dates.js';
import { newId } from '../util/ids.js';
import { addMutation, takeStamp, type MutationStamp } from '../sync/mutations.js';
import { KeyedMutex } from '../util/mutex.js';

/**
 * The extracts group: the weekly duty list, the register, and the steps of an extract (prepare,
 * sign off, print, hand over), each recorded in the register and in the audit log (ids only).
 * Every change of the register runs under one lock, so numbers are never given twice.
 */

/**
 * A class with what its extracts are assembled from, loaded once per call. The journal is loaded
 * only when a content is not in the cache (see contentCache.ts).
 */
interface Source {
  cls: SchoolClass;
  cc: ClassContext;
  data: ClassData;
  /** The content of an extract of this class now: from the cache, or assembled from the journal. */
  content(spec: ExtractSpec): Promise<ExtractContent>;
  /** `contentHash`, remembered per content. */
  hash(number: number, issuedOn: string, content: ExtractContent): string;
  /**
   * Lets go of the class's journal and its indexes (a batch is done with the class): a batch of the
   * whole school then holds one class's journal at a time, not all of them (less memory, far less
   * garbage collection). A later content not in the cache assembles them again.
   */
  release(): void;
}

/** The content cache of each app (its core): one per store, dropped with it. */
const caches = new WeakMap<Core, ExtractContentCache>();

/** The extracts' content cache of an app (the bench empties it to measure a cold batch). */
export function extractContentCache(core: Core): ExtractContentCache {
  let c = caches.get(core);
  if (!c) caches.set(core, (c = new ExtractContentCache()));
  return c;
}

/** The content of an extract now, and the hash and issue date it would have. */
interface Current {
  contentHash: string;
  issuedOn: string;
  /** Null: not compared (a handed-over extract is final). */
  content: ExtractContent | null;
}

const PDF_MIME = 'application/pdf' as const;
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const;

class Loaded {
  private readonly sources = new Map<string, Promise<Source>>();
  readonly today: string;
  private readonly users: Map<string, SchoolData['users'][number]>;

  constructor(
    private readonly core: Core,
    readonly school: SchoolData,
    readonly ctx: AuthedContext,
  ) {
    this.today = isoDay(ctx.now);
    this.users = new Map(school.users.map((u) => [u.id, u]));
  }

  /** The compromise rule (auth/compromise.ts) over the school's records. */
  get compromisedAt(): CompromiseOf {
    return (this.rule ??= compromiseRule(this.school.compromises));
  }
  private rule: CompromiseOf | undefined;

  /** The central system's address for the QR code when the workstation is enrolled; null otherwise. */
  get centralUrl(): string | null {
    return this.school.sync?.token && this.school.settings.centralUrl ? this.school.settings.centralUrl : null;
  }

  userName(id: string): string {
    const u = this.users.get(id);
    return u ? shortName(u.name) : 'неизвестный пользователь';
  }

  actor(): Actor {
    return { id: this.ctx.user.id, role: this.ctx.user.role, name: shortName(this.ctx.user.name) };
  }

  cls(classId: string): SchoolClass {
    const c = this.school.classes.find((x) => x.id === classId);
    if (!c) throw new AppError('not_found', 'Класс не найден. Обновите страницу.');
    return c;
  }

  src(classId: string): Promise<Source> {
    let p = this.sources.get(classId);
    if (!p) {
      p = (async () => {
        const cls = this.cls(classId);
        const cc = classContext(this.school, classId);
        if (!cc) throw new AppError('not_found', 'У класса не указан учебный год. Обновите данные из центральной системы.');
        const store = this.core.store;
        const cache = extractContentCache(this.core);
        const [data, revision] = await Promise.all([store.classData(classId), store.journalRevision(cls.yearId, classId)]);
        const version = cache.versionOf(this.school, data, revision);
        /** Built on the first content not in the cache, with the version of the journal it read. */
        let ex: Promise<{ ex: ClassExtracts; version: string | null }> | null = null;
        const assemble = () =>
          (ex ??= store.journalWithRevision(cls.yearId, classId).then(({ journal, revision: rev }) => ({
            ex: new ClassExtracts({ school: this.school, cc, recommendations: data.recommendations, journal }),
            version: cache.versionOf(this.school, data, rev),
          })));
        return {
          cls,
          cc,
          data,
          async content(spec: ExtractSpec): Promise<ExtractContent> {
            const key = { studentId: spec.student.id, period: spec.period, issuedOn: spec.issuedOn, sections: spec.sections };
            const hit = cache.get(version, key);
            if (hit) return hit;
            const made = await assemble();
            const content = made.ex.content(spec);
            cache.set(made.version, key, content);
            return content;
          },
          hash: (number: number, issuedOn: string, content: ExtractContent) => cache.hash(number, issuedOn, content),
          release: () => {
            ex = null;
          },
        };
      })();
      this.sources.set(classId, p);
    }
    return p;
  }

  /** The classes the caller sees, in the school's order (grade, letter). */
  visibleClasses(): SchoolClass[] {
    return this.school.classes
      .filter((c) => this.core.canSeeClass(this.ctx.user, c.id))
      .sort((a, b) => a.grade - b.grade || compareRu(a.letter, b.letter));
  }
}

function studentOf(data: ClassData, studentId: string): Student | undefined {
  return data.students.find((s) => s.id === studentId);
}

async function contentOf(src: Source, rec: ExtractRecord, issuedOn: string): Promise<ExtractContent | null> {
  const student = studentOf(src.data, rec.studentId);
  if (!student) return null;
  return src.content({ student, period: { start: rec.periodStart, end: rec.periodEnd }, issuedOn, sections: rec.sections });
}

/**
 * What the extract is now: unchanged, or — when the data changed — the new version it becomes if
 * prepared again today (what a signer confirms and what a print makes).
 */
async function currentOf(src: Source, rec: ExtractRecord, today: string): Promise<Current> {
  const unchecked = { contentHash: rec.contentHash, issuedOn: rec.issuedOn, content: null };
  if (rec.handedOver || rec.annulled) return unchecked;
  const c1 = await contentOf(src, rec, rec.issuedOn);
  if (!c1) return unchecked;
  const h1 = src.hash(rec.number, rec.issuedOn, c1);
  if (h1 === rec.contentHash || rec.issuedOn === today) return { contentHash: h1, issuedOn: rec.issuedOn, content: c1 };
  const c2 = (await contentOf(src, rec, today))!;
  return { contentHash: src.hash(rec.number, today, c2), issuedOn: today, content: c2 };
}

function statusDay(week: Week, today: string): string {
  return today > week.sunday ? week.sunday : today;
}

export function extractsHandlers(core: Core): GroupHandlers<typeof extracts> {
  const lock = new KeyedMutex();
  /** Every change of the register, one at a time: numbers are unique, checks hold until written. */
  const exclusive = <R>(fn: () => Promise<R>): Promise<R> => lock.run('extracts', fn);

  async function load(ctx: AuthedContext): Promise<Loaded> {
    return new Loaded(core, await core.store.school(), ctx);
  }

  function step(L: Loaded, s: ExtractStep): StepView {
    return { at: s.at, byId: s.by, byName: L.userName(s.by), role: ROLE_LABELS[s.role] };
  }

  function rowOf(L: Loaded, src: Pick<Source, 'cls' | 'data'>, rec: ExtractRecord, cur?: Current): ExtractRow {
    const student = studentOf(src.data, rec.studentId);
    const guardians = src.data.guardians.filter((g) => g.studentIds.includes(rec.studentId));
    const checked = Boolean(cur?.content);
    const changed = checked && cur!.contentHash !== rec.contentHash;
    const state = stateOf(rec, checked ? cur!.contentHash : undefined, L.compromisedAt);
    const problems = problemsOf(rec, L.compromisedAt);
    if (changed && state === 'prepared') problems.push('Данные изменились после подготовки: при печати или утверждении выписка обновится (новый код).');
    const lastPrint = rec.printed.at(-1);
    const h = rec.handedOver;
    const hg = h ? guardians.find((g) => g.id === h.guardianId) : undefined;
    const an = rec.annulled;
    return {
      id: rec.id,
      number: rec.number,
      studentId: rec.studentId,
      studentName: student ? fullName(student) : '—',
      classId: src.cls.id,
      className: src.cls.name,
      periodStart: rec.periodStart,
      periodEnd: rec.periodEnd,
      reason: rec.reason,
      issuedOn: rec.issuedOn,
      state,
      code: codeOf(rec.contentHash),
      currentHash: cur?.contentHash ?? rec.contentHash,
      checked,
      prepared: step(L, rec.prepared),
      ...(rec.signedOff ? { signedOff: step(L, rec.signedOff) } : {}),
      printed: { count: rec.printed.length, ...(lastPrint ? { last: step(L, lastPrint) } : {}) },
      ...(h ? { handedOver: { ...step(L, h), date: h.date, guardianId: h.guardianId, guardianName: hg ? fullName(hg) : '—' } } : {}),
      ...(an ? { annulled: { ...step(L, an), reason: an.reason } } : {}),
      versions: rec.versions.length,
      problems,
      guardians: guardians.map((g) => ({ id: g.id, name: fullName(g), relation: g.relation })),
    };
  }

  function printable(L: Loaded, rec: ExtractRecord, content: ExtractContent): PrintableExtract {
    const signed = signedOffValidly(rec, L.compromisedAt) ? rec.signedOff : undefined;
    return {
      content,
      number: rec.number,
      issuedOn: rec.issuedOn,
      code: codeOf(rec.contentHash),
      reason: rec.reason,
      ...(signed ? { signedOff: { role: signed.role, name: signed.signerName, at: signed.at } } : {}),
      qr: qrText({ number: rec.number, code: codeOf(rec.contentHash), centralUrl: L.centralUrl }),
      ...(rec.annulled ? { annulled: { on: isoDay(new Date(rec.annulled.at)), reason: rec.annulled.reason } } : {}),
    };
  }

  async function locate(L: Loaded, id: string): Promise<{ src: Source; rec: ExtractRecord }> {
    for (const c of L.visibleClasses()) {
      const data = await core.store.classData(c.id);
      if (data.extracts.some((e) => e.id === id)) {
        const src = await L.src(c.id);
        return { src, rec: structuredClone(src.data.extracts.find((e) => e.id === id)!) };
      }
    }
    throw new AppError('not_found', 'Выписка не найдена в реестре или недоступна вам. Обновите список.');
  }

  async function nextNumber(school: SchoolData): Promise<number> {
    let max = 0;
    for (const c of school.classes) {
      for (const e of (await core.store.classData(c.id)).extracts) if (e.number > max) max = e.number;
    }
    return max + 1;
  }

  /** Takes `n` mutation stamps in one durable write of school.json (sync/mutations.ts: why first). */
  async function reserveStamps(n: number, now: Date): Promise<MutationStamp[]> {
    if (n === 0) return [];
    return core.store.updateSchool((d) => Array.from({ length: n }, () => takeStamp(d.workstation, now)));
  }

  /**
   * Writes changed and new records of a class in one durable write, with the facts the central
   * system learns of them (extracts/facts.ts) as pending mutations of the same write. A new record
   * takes its number here, in the write that records it: a refused attempt takes none.
   */
  async function commit(classId: string, records: ExtractRecord[], created: ReadonlySet<string>, ctx: AuthedContext): Promise<void> {
    const stored = await core.store.classData(classId);
    const count = records.reduce((n, rec) => n + factsOf(stored.extracts.find((e) => e.id === rec.id), rec).length, 0);
    const stamps = await reserveStamps(count, ctx.now);
    await core.store.updateClass(classId, (d) => {
      let k = 0;
      for (const rec of records) {
        const i = d.extracts.findIndex((e) => e.id === rec.id);
        const before = i >= 0 ? d.extracts[i] : undefined;
        if (created.has(rec.id)) {
          if (i >= 0 || d.extracts.some((e) => e.number === rec.number)) throw new AppError('conflict', 'Номер выписки уже занят. Повторите действие.');
          d.extracts.push(rec);
        } else {
          // A handed-over extract changes only by its annulment; an annulled one never.
          const annulling = Boolean(rec.annulled && !before?.annulled);
          if (!before || before.annulled || (before.handedOver && !annulling)) throw new AppError('conflict', 'Реестр выписок изменился. Обновите список и повторите.');
          d.extracts[i] = rec;
        }
        for (const f of factsOf(before, rec)) {
          const stamp = stamps[k++];
          if (!stamp) throw new AppError('conflict', 'Реестр выписок изменился. Повторите действие.');
          addMutation(d, stamp, { kind: f.kind, payload: f.payload, author: ctx.user.id, now: ctx.now });
        }
      }
    });
  }

  function byClass<T extends { src: Source }>(items: readonly T[]): Map<string, T[]> {
    const m = new Map<string, T[]>();
    for (const x of items) m.set(x.src.cls.id, [...(m.get(x.src.cls.id) ?? []), x]);
    return m;
  }

  function dutyClasses(L: Loaded, classId: string | undefined, week: Week): SchoolClass[] {
    if (classId) {
      core.assertClassAccess(L.ctx, classId);
      return [L.cls(classId)];
    }
    const years = new Map(L.school.years.map((y) => [y.id, y]));
    return L.visibleClasses().filter((c) => {
      const y = years.get(c.yearId);
      return !y || (y.start <= week.sunday && y.end >= week.monday);
    });
  }

  function assertAccess(L: Loaded, classId: string): void {
    core.assertClassAccess(L.ctx, classId);
  }

  /**
   * The duty of the classes in a week, with the weekly extract rows. `check`: compare each extract
   * with the data now (loads the class's journal); without it the recorded state is shown.
   */
  async function dutyOf(L: Loaded, classes: readonly SchoolClass[], week: Week, opts: { check: boolean; students?: ReadonlySet<string> }) {
    const asOf = statusDay(week, L.today);
    const out: Array<{ cls: SchoolClass; row: DutyRow; rec?: ExtractRecord; student: Student }> = [];
    for (const cls of classes) {
      const data = await core.store.classData(cls.id);
      const students = opts.students ? data.students.filter((s) => opts.students!.has(s.id)) : data.students;
      if (students.length === 0) continue;
      const invalid = invalidDocumentIds(data, L.compromisedAt);
      // Nobody is due before the class's school year starts (a refusal of 2016 counts from 01.09).
      const yearStart = schoolYearStart(L.school.years, cls.yearId, week.monday);
      const isHoliday = holidayDays(L.school.holidays, cls.grade);
      // An annulled extract neither was handed over nor is the week's paper: the family is due a correct one.
      const extracts = data.extracts.some((e) => e.annulled) ? data.extracts.filter((e) => !e.annulled) : data.extracts;
      const items = classDuty({ students, extracts, week, asOf, yearStart, isHoliday, duty: (s) => paperDuty(data, s, asOf, invalid), rule: L.compromisedAt });
      if (items.length === 0) continue;
      const src = opts.check && items.some((it) => it.extract && !it.extract.handedOver) ? await L.src(cls.id) : null;
      const guardiansOf = (id: string) => data.guardians.filter((g) => g.studentIds.includes(id)).map((g) => ({ id: g.id, name: fullName(g), relation: g.relation }));
      for (const it of items) {
        const extract = it.extract ? rowOf(L, { cls, data }, it.extract, src ? await currentOf(src, it.extract, L.today) : undefined) : undefined;
        out.push({
          cls,
          student: it.student,
          ...(it.extract ? { rec: it.extract } : {}),
          row: {
            studentId: it.student.id,
            studentName: fullName(it.student),
            classId: cls.id,
            className: cls.name,
            reasons: it.reasons,
            ...(it.since ? { since: it.since } : {}),
            ...(it.lastHandedOverOn ? { lastHandedOverOn: it.lastHandedOverOn } : {}),
            deadline: it.deadline,
            overdue: it.overdue,
            handedThisWeek: it.handedThisWeek,
            ...(extract ? { extract } : {}),
            guardians: guardiansOf(it.student.id),
          },
        });
      }
    }
    return out;
  }

  async function registerRows(L: Loaded, f: RegisterFilter): Promise<ExtractRow[]> {
    let classes = L.visibleClasses();
    if (f.classId) {
      assertAccess(L, f.classId);
      classes = classes.filter((c) => c.id === f.classId);
    }
    const rows: ExtractRow[] = [];
    for (const c of classes) {
      const data = await core.store.classData(c.id);
      const recs = data.extracts.filter(
        (e) =>
          (!f.studentId || e.studentId === f.studentId) &&
          (!f.from || e.issuedOn >= f.from) &&
          (!f.to || e.issuedOn <= f.to) &&
          (!f.reason || e.reason === f.reason) &&
          (!f.state ||
            (f.state === 'annulled' ? Boolean(e.annulled) : f.state === 'handed_over' ? Boolean(e.handedOver) && !e.annulled : !e.handedOver && !e.annulled)),
      );
      if (recs.length === 0) continue;
      const check = recs.some((e) => !e.handedOver && !e.annulled) && Boolean(f.classId || f.studentId || (f.state && f.state !== 'handed_over' && f.state !== 'annulled'));
      const src = check ? await L.src(c.id) : null;
      for (const rec of recs) {
        const row = rowOf(L, { cls: c, data }, rec, src ? await currentOf(src, rec, L.today) : undefined);
        if (!f.state || row.state === f.state) rows.push(row);
      }
    }
    return rows.sort((a, b) => b.number - a.number);
  }

  /** Renews a changed extract and records a print; what goes into the PDF. */
  async function planPrint(L: Loaded, src: Source, rec: ExtractRecord, actor: Actor): Promise<{ item: PrintableExtract; renewed: boolean }> {
    if (rec.annulled) throw new AppError('conflict', `Выписка № ${rec.number} аннулирована ${ruDate(isoDay(new Date(rec.annulled.at)))}: её не печатают снова. Для верных данных подготовьте новую выписку.`);
    if (rec.handedOver) throw new AppError('conflict', `Выписка № ${rec.number} уже выдана: её не печатают снова. Для новых данных подготовьте новую выписку.`);
    const cur = await currentOf(src, rec, L.today);
    if (!cur.content) throw new AppError('not_found', `Ученик выписки № ${rec.number} не найден в классе: напечатать её нельзя.`);
    const renewed = cur.contentHash !== rec.contentHash;
    if (renewed) renew(rec, cur, actor, L.ctx.now);
    recordPrint(rec, rec.contentHash, actor, L.ctx.now);
    return { item: printable(L, rec, cur.content), renewed };
  }

  function batchName(week: Week | null, scope: string, count: number): string {
    const period = week ? ` за неделю ${ruDate(week.monday)}–${ruDate(week.sunday)}` : '';
    return `Выписки${period} — ${scope} (${count}).pdf`;
  }

  return {
    duty: async (input, ctx) => {
      const L = await load(ctx);
      const week = weekOf(input.weekOf ?? L.today);
      // Comparing every extract with the journal needs each class's journal: done for one class.
      const items = await dutyOf(L, dutyClasses(L, input.classId, week), week, { check: Boolean(input.classId) });
      const rows = items.map((x) => x.row);
      return {
        monday: week.monday,
        sunday: week.sunday,
        today: L.today,
        ...(input.classId ? { classId: input.classId } : {}),
        rows,
        totals: {
          due: rows.length,
          handed: rows.filter((r) => r.handedThisWeek).length,
          overdue: rows.filter((r) => r.overdue).length,
          toSign: rows.filter((r) => r.extract && (r.extract.state === 'prepared' || r.extract.state === 'outdated')).length,
        },
      };
    },

    register: async (input, ctx) => registerRows(await load(ctx), input),

    prepare: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const classId = await core.classOfStudent(ctx, input.studentId);
        const src = await L.src(classId);
        const student = studentOf(src.data, input.studentId)!;
        const period = { start: input.from, end: input.to };
        // Checked before anything is assembled or numbered: a refused attempt takes no number.
        const problem = periodProblem({ reason: input.reason, from: input.from, to: input.to, today: L.today, year: L.school.years.find((y) => y.id === src.cls.yearId) });
        if (problem) throw new AppError('validation', problem.message, [{ path: problem.path, message: problem.short }]);
        if (!activeDuring(student, period)) {
          throw new AppError('rule', 'В эти даты ученик не учился в этом классе. Выберите другие даты.', [{ path: 'from', message: 'Ученик не в классе' }]);
        }
        const actor = L.actor();
        const existing = src.data.extracts.find(
          (e) => e.studentId === student.id && e.reason === input.reason && e.periodStart === period.start && e.periodEnd === period.end && !e.handedOver && !e.annulled,
        );
        if (existing) {
          const rec = structuredClone(existing);
          const cur = await currentOf(src, rec, L.today);
          if (cur.content && cur.contentHash !== rec.contentHash) {
            renew(rec, cur, actor, ctx.now);
            await commit(classId, [rec], new Set(), ctx);
            await core.record(ctx, { action: 'extracts.renew', recordIds: [rec.id, student.id], details: { number: rec.number } });
          }
          return rowOf(L, src, rec, cur);
        }
        const sections = templateSections(L.school.settings.extractSections);
        const number = await nextNumber(L.school);
        const content = await src.content({ student, period, issuedOn: L.today, sections });
        const rec = prepare(
          {
            id: newId('ex'),
            number,
            studentId: student.id,
            classId,
            periodStart: period.start,
            periodEnd: period.end,
            reason: input.reason,
            issuedOn: L.today,
            sections,
            contentHash: src.hash(number, L.today, content),
          },
          actor,
          ctx.now,
        );
        await commit(classId, [rec], new Set([rec.id]), ctx);
        await core.record(ctx, { action: 'extracts.prepare', recordIds: [rec.id, student.id], details: { number, reason: input.reason } });
        return rowOf(L, src, rec, { contentHash: rec.contentHash, issuedOn: rec.issuedOn, content });
      }),

    preview: async (input, ctx) => {
      const L = await load(ctx);
      const { src, rec } = await locate(L, input.id);
      let content: ExtractContent | null;
      let view = rec;
      if (rec.handedOver || rec.annulled) {
        content = await contentOf(src, rec, rec.issuedOn);
        if (!content) throw new AppError('not_found', 'Ученик выписки не найден в классе.');
        if (!rec.annulled && src.hash(rec.number, rec.issuedOn, content) !== rec.contentHash) {
          throw new AppError('rule', `Данные выписки № ${rec.number} изменились после выдачи: копия не совпадёт с выданной. Подготовьте новую выписку.`);
        }
      } else {
        const cur = await currentOf(src, rec, L.today);
        content = cur.content;
        if (!content) throw new AppError('not_found', 'Ученик выписки не найден в классе.');
        if (cur.contentHash !== rec.contentHash) {
          // What it becomes: a new version, not yet signed off.
          view = structuredClone(rec);
          view.contentHash = cur.contentHash;
          view.issuedOn = cur.issuedOn;
          delete view.signedOff;
        }
      }
      const bytes = extractsPdf([printable(L, view, content)]);
      await core.record(ctx, { action: 'extracts.preview', recordIds: [rec.id] });
      return { name: extractFileName({ number: rec.number, content }), mime: PDF_MIME, base64: toBase64(bytes) };
    },

    print: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const actor = L.actor();
        const located: Array<{ src: Source; rec: ExtractRecord }> = [];
        for (const id of [...new Set(input.ids)]) located.push(await locate(L, id));
        // Planned class by class (each class's journal assembled once, let go after), printed in the order asked.
        const planned = new Array<{ src: Source; rec: ExtractRecord; item: PrintableExtract }>(located.length);
        let renewed = 0;
        let done = 0;
        for (const group of byClass(located.map((x, at) => ({ ...x, at }))).values()) {
          for (const { src, rec, at } of group) {
            const p = await planPrint(L, src, rec, actor);
            if (p.renewed) renewed++;
            planned[at] = { src, rec, item: p.item };
            ctx.progress({ done: ++done, total: located.length * 2, label: 'Подготовка' });
          }
          group[0]!.src.release();
        }
        const plan = planned;
        const total = plan.length;
        const bytes = extractsPdf(
          plan.map((p) => p.item),
          (done) => ctx.progress({ done: total + done, total: total * 2, label: 'Печать' }),
        );
        for (const [classId, items] of byClass(plan)) await commit(classId, items.map((x) => x.rec), new Set(), ctx);
        const ids = plan.map((p) => p.rec.id);
        await core.record(ctx, { action: 'extracts.print', recordIds: ids, details: { count: ids.length, renewed } });
        const first = plan[0]!;
        const name = total === 1 ? extractFileName(first.item) : batchName(null, 'выбранные', total);
        return { file: { name, mime: PDF_MIME, base64: toBase64(bytes) }, count: total, prepared: 0, renewed, skipped: 0 };
      }),

    printDue: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const week = weekOf(input.weekOf ?? L.today);
        if (week.monday > L.today) throw new AppError('rule', 'Эта неделя ещё не началась: выписки за неё печатать рано.');
        const classes = dutyClasses(L, input.classId, week);
        const due = await dutyOf(L, classes, week, { check: false, ...(input.studentIds ? { students: new Set(input.studentIds) } : {}) });
        const todo = due.filter((d) => !d.row.handedThisWeek);
        if (todo.length === 0) {
          throw new AppError(
            'rule',
            due.length ? 'Всем семьям из списка выписки на этой неделе уже выданы: печатать нечего.' : 'На этой неделе нет учеников, которым нужна бумажная выписка.',
          );
        }
        const actor = L.actor();
        const sections = templateSections(L.school.settings.extractSections);
        const total = todo.length;
        let number = await nextNumber(L.school);
        const created = new Set<string>();
        let renewed = 0;
        const plan: Array<{ src: Source; rec: ExtractRecord; item: PrintableExtract }> = [];
        // A class's journal is let go once its last extract of the batch is planned.
        const left = new Map<string, number>();
        for (const d of todo) left.set(d.cls.id, (left.get(d.cls.id) ?? 0) + 1);
        for (const d of todo) {
          const src = await L.src(d.cls.id);
          if (d.rec) {
            const rec = structuredClone(d.rec);
            const p = await planPrint(L, src, rec, actor);
            if (p.renewed) renewed++;
            plan.push({ src, rec, item: p.item });
          } else {
            const content = await src.content({ student: d.student, period: { start: week.monday, end: week.sunday }, issuedOn: L.today, sections });
            const n = number++;
            const rec = prepare(
              {
                id: newId('ex'),
                number: n,
                studentId: d.student.id,
                classId: src.cls.id,
                periodStart: week.monday,
                periodEnd: week.sunday,
                reason: 'weekly',
                issuedOn: L.today,
                sections,
                contentHash: src.hash(n, L.today, content),
              },
              actor,
              ctx.now,
            );
            recordPrint(rec, rec.contentHash, actor, ctx.now);
            created.add(rec.id);
            plan.push({ src, rec, item: printable(L, rec, content) });
          }
          const n = left.get(d.cls.id)! - 1;
          left.set(d.cls.id, n);
          if (n === 0) src.release();
          ctx.progress({ done: plan.length, total: total * 2, label: 'Подготовка' });
        }
        const bytes = extractsPdf(
          plan.map((p) => p.item),
          (done) => ctx.progress({ done: total + done, total: total * 2, label: 'Печать' }),
        );
        for (const [classId, items] of byClass(plan)) await commit(classId, items.map((x) => x.rec), created, ctx);
        if (created.size) await core.record(ctx, { action: 'extracts.prepare', recordIds: [...created], details: { count: created.size, reason: 'weekly' } });
        const ids = plan.map((p) => p.rec.id);
        await core.record(ctx, { action: 'extracts.print', recordIds: ids, details: { count: ids.length, renewed, batch: true } });
        const scope = input.classId ? `${L.cls(input.classId).name} класс` : classes.length === 1 ? `${classes[0]!.name} класс` : 'вся школа';
        const name = total === 1 ? extractFileName(plan[0]!.item) : batchName(week, scope, total);
        return {
          file: { name, mime: PDF_MIME, base64: toBase64(bytes) },
          count: total,
          prepared: created.size,
          renewed,
          skipped: due.length - todo.length,
        };
      }),

    signOff: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const actor = L.actor();
        const done: Array<{ src: Source; rec: ExtractRecord; cur: Current }> = [];
        for (const item of input.items) {
          const { src, rec } = await locate(L, item.id);
          const cur = await currentOf(src, rec, L.today);
          if (!cur.content && !rec.handedOver && !rec.annulled) throw new AppError('not_found', `Ученик выписки № ${rec.number} не найден в классе.`);
          signOff(rec, { seenHash: item.contentHash, current: cur, actor, now: ctx.now, compromisedAt: L.compromisedAt });
          done.push({ src, rec, cur });
        }
        for (const [classId, items] of byClass(done)) await commit(classId, items.map((x) => x.rec), new Set(), ctx);
        await core.record(ctx, { action: 'extracts.signOff', recordIds: done.map((d) => d.rec.id), details: { count: done.length } });
        return done.map((d) => rowOf(L, d.src, d.rec, d.cur));
      }),

    handOver: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const { src, rec } = await locate(L, input.id);
        const cur = await currentOf(src, rec, L.today);
        handOver(rec, {
          guardianId: input.guardianId,
          guardianIds: src.data.guardians.filter((g) => g.studentIds.includes(rec.studentId)).map((g) => g.id),
          date: input.date,
          today: L.today,
          currentHash: cur.contentHash,
          actor: L.actor(),
          now: ctx.now,
          compromisedAt: L.compromisedAt,
        });
        await commit(src.cls.id, [rec], new Set(), ctx);
        await core.record(ctx, { action: 'extracts.handOver', recordIds: [rec.id, rec.studentId, input.guardianId], details: { number: rec.number } });
        return rowOf(L, src, rec);
      }),

    annul: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const { src, rec } = await locate(L, input.id);
        annul(rec, { reason: input.reason, actor: L.actor(), now: ctx.now });
        await commit(src.cls.id, [rec], new Set(), ctx);
        // The reason may name the child: it stays in the register, not in the audit log.
        await core.record(ctx, { action: 'extracts.annul', recordIds: [rec.id, rec.studentId], details: { number: rec.number } });
        return rowOf(L, src, rec);
      }),

    handOverSheet: async (input, ctx) => {
      const L = await load(ctx);
      const rows: Array<SheetRow & { grade: number; letter: string }> = [];
      const ids: string[] = [];
      for (const item of input.items) {
        if (ids.includes(item.id)) continue;
        const { src, rec } = await locate(L, item.id);
        const state = stateOf(rec, undefined, L.compromisedAt);
        if (state === 'annulled') throw new AppError('rule', `Выписка № ${rec.number} аннулирована: в ведомость её не включают.`);
        if (state === 'handed_over') throw new AppError('rule', `Выписка № ${rec.number} уже выдана ${ruDate(rec.handedOver!.date)}: уберите её из ведомости.`);
        if (!signedOffValidly(rec, L.compromisedAt)) throw new AppError('rule', `Выписка № ${rec.number} ещё не утверждена директором или заместителем: в ведомость включают только утверждённые.`);
        const student = studentOf(src.data, rec.studentId);
        const guardians = src.data.guardians.filter((g) => g.studentIds.includes(rec.studentId));
        const g = guardians.find((x) => x.id === item.guardianId) ?? guardians[0];
        if (item.guardianId && g?.id !== item.guardianId) throw new AppError('validation', `Выписка № ${rec.number}: выберите законного представителя этого ученика.`);
        ids.push(rec.id);
        rows.push({
          number: rec.number,
          issuedOn: rec.issuedOn,
          studentName: student ? fullName(student) : '—',
          className: src.cls.name,
          guardianName: g ? shortName(g) : '',
          grade: src.cls.grade,
          letter: src.cls.letter,
        });
      }
      rows.sort((a, b) => a.grade - b.grade || compareRu(a.letter, b.letter) || compareRu(a.studentName, b.studentName) || a.number - b.number);
      const actor = L.actor();
      const bytes = handoverSheetPdf({ schoolName: L.school.school.name, date: L.today, rows, issuer: { role: ROLE_LABELS[actor.role], name: actor.name } });
      await core.record(ctx, { action: 'extracts.handOverSheet', recordIds: ids, details: { count: ids.length } });
      return { name: handoverSheetFileName(L.today, rows.length), mime: PDF_MIME, base64: toBase64(bytes) };
    },

    handOverBatch: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const actor = L.actor();
        const done: Array<{ src: Source; rec: ExtractRecord }> = [];
        // Every row is checked before anything is written: one wrong row records nothing.
        for (const item of input.items) {
          if (done.some((d) => d.rec.id === item.id)) continue;
          const { src, rec } = await locate(L, item.id);
          const cur = await currentOf(src, rec, L.today);
          handOver(rec, {
            guardianId: item.guardianId,
            guardianIds: src.data.guardians.filter((g) => g.studentIds.includes(rec.studentId)).map((g) => g.id),
            date: input.date,
            today: L.today,
            currentHash: cur.contentHash,
            actor,
            now: ctx.now,
            compromisedAt: L.compromisedAt,
          });
          done.push({ src, rec });
        }
        for (const [classId, items] of byClass(done)) await commit(classId, items.map((x) => x.rec), new Set(), ctx);
        await core.record(ctx, { action: 'extracts.handOver', recordIds: done.map((d) => d.rec.id), details: { count: done.length, batch: true } });
        return { count: done.length, rows: done.map((d) => rowOf(L, d.src, d.rec)) };
      }),

    verify: async (input, ctx) => {
      const codes = codeCandidates(input.code);
      if (codes.length === 0) {
        return {
          result: 'not_found' as const,
          code: input.code.slice(0, 40),
          message: 'Код не распознан: он состоит из 20 знаков (цифры и буквы A–F) группами по четыре, например 1A2B-3C4D-5E6F-7A8B-9C0D.',
        };
      }
      const school = await core.store.school();
      const L = new Loaded(core, school, ctx);
      for (const c of school.classes) {
        const data = await core.store.classData(c.id);
        for (const rec of data.extracts) {
          const now = codeOf(rec.contentHash);
          const current = codes.includes(now);
          const oldCode = current ? undefined : rec.versions.map((v) => codeOf(v.contentHash)).find((x) => codes.includes(x));
          const old = oldCode !== undefined;
          const code = current ? now : oldCode;
          if (!code) continue;
          if (!current && !old) continue;
          // The administrator runs the workstation, not the school: no children's names for him.
          const visible = (EXTRACT_READERS as readonly string[]).includes(ctx.user.role) && core.canSeeClass(ctx.user, c.id);
          const student = studentOf(data, rec.studentId);
          const base = {
            code,
            number: rec.number,
            ...(visible && student ? { studentName: fullName(student) } : {}),
            className: c.name,
            periodStart: rec.periodStart,
            periodEnd: rec.periodEnd,
          };
          if (rec.annulled) {
            const on = ruDate(isoDay(new Date(rec.annulled.at)));
            await core.record(ctx, { action: 'extracts.verify', recordIds: [rec.id], details: { result: 'annulled' } });
            return {
              ...base,
              result: 'annulled' as const,
              message: `Выписка № ${rec.number} аннулирована ${on}${old ? ' (код её прежней версии)' : ''}: она недействительна. Не принимайте её; при необходимости школа выдаст новую.`,
              issuedOn: rec.issuedOn,
              state: 'annulled' as const,
              annulled: { at: rec.annulled.at, ...(visible ? { reason: rec.annulled.reason } : {}) },
            };
          }
          if (old) {
            await core.record(ctx, { action: 'extracts.verify', recordIds: [rec.id], details: { result: 'superseded' } });
            return {
              ...base,
              result: 'superseded' as const,
              message: `Код принадлежит прежней версии выписки № ${rec.number}: данные изменились, и выписка подготовлена заново. Эта бумага недействительна — нужна новая.`,
            };
          }
          const src = await L.src(c.id);
          const content = await contentOf(src, rec, rec.issuedOn);
          const same = content !== null && src.hash(rec.number, rec.issuedOn, content) === rec.contentHash;
          const state = stateOf(rec, same ? rec.contentHash : 'changed', L.compromisedAt);
          const signed = signedOffValidly(rec, L.compromisedAt) ? rec.signedOff : undefined;
          const result = same ? ('valid' as const) : ('outdated' as const);
          const who = signed ? `${signed.role === 'deputy' ? 'заместитель директора' : 'директор'} ${signed.signerName}` : '';
          const message = !same
            ? `Выписка № ${rec.number} есть в реестре, но данные журнала с тех пор изменились: сведения в ней устарели.`
            : rec.handedOver
              ? `Выписка № ${rec.number} подлинная: утверждена (${who}), выдана ${ruDate(rec.handedOver.date)}.`
              : signed
                ? `Выписка № ${rec.number} подлинная и утверждена (${who}); ещё не выдана.`
                : `Выписка № ${rec.number} есть в реестре, но ещё не утверждена директором или заместителем.`;
          await core.record(ctx, { action: 'extracts.verify', recordIds: [rec.id], details: { result } });
          return {
            ...base,
            result,
            message,
            issuedOn: rec.issuedOn,
            state,
            ...(signed ? { signedOff: { at: signed.at, byName: signed.signerName, role: ROLE_LABELS[signed.role] } } : {}),
            ...(rec.handedOver ? { handedOverOn: rec.handedOver.date } : {}),
          };
        }
      }
      await core.record(ctx, { action: 'extracts.verify', recordIds: [], details: { result: 'not_found' } });
      return {
        result: 'not_found' as const,
        code: codes[0]!,
        message: 'Такого кода в реестре выписок нет: выписка не выдавалась школой или код переписан с ошибкой. Не принимайте её как подлинную.',
      };
    },

    exportXlsx: async (input, ctx) => {
      const L = await load(ctx);
      const rows = await registerRows(L, input);
      const scope = input.classId ? `${L.cls(input.classId).name} класс` : 'Все классы';
      const bytes = await registerXlsx(rows, { scope, date: L.today });
      await core.record(ctx, { action: 'extracts.exportXlsx', recordIds: input.classId ? [input.classId] : [], details: { count: rows.length } });
      return { name: `Реестр выписок — ${scope} — ${ruDate(L.today)}.xlsx`, mime: XLSX_MIME, base64: toBase64(bytes) };
    },

    setTemplate: async (input, ctx) => {
      const sections = await core.store.updateSchool((d) => {
        d.settings.extractSections = { ...input.sections };
        return structuredClone(d.settings.extractSections);
      });
      await core.record(ctx, { action: 'extracts.setTemplate', recordIds: [], details: { sections: Object.values(sections).filter(Boolean).length } });
      return sections;
    },
  };
}


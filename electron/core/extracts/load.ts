import { compromiseRule, type CompromiseRule } from '../../contract/auth/compromise.js';
import { AppError } from '../../contract/errors.js';
import type { Student } from '../../contract/entities/people.js';
import type { SchoolClass } from '../../contract/entities/school.js';
import { compareRu } from '../../contract/text/collate.js';
import { shortName } from '../../contract/text/format.js';
import type { AuthedContext } from '../context.js';
import type { Core } from '../core.js';
import { classContext, type ClassContext } from '../journal/classContext.js';
import type { ClassData, SchoolData } from '../store/schema.js';
import { isoDay } from '../util/dates.js';
import { ClassExtracts, type ExtractContent, type ExtractSpec } from './content.js';
import type { ExtractRecord } from './record.js';
import type { Actor } from './register.js';

/**
 * What one call of the extracts group reads: the school, the caller, and — on demand, once per
 * call — each class with what its extracts are assembled from. The journal of a class is loaded
 * only when a content is not in the core's content cache (contentCache.ts).
 */

/** What the extracts read of the core: its store, its content cache and who sees which class. */
export type ExtractsCore = Pick<Core, 'store' | 'extractContents' | 'canSeeClass'>;

/** A class with what its extracts are assembled from, loaded once per call. */
export interface Source {
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

/** The content of an extract now, and the hash and issue date it would have. */
export interface Current {
  contentHash: string;
  issuedOn: string;
  /** Null: not compared (a handed-over extract is final). */
  content: ExtractContent | null;
}

export class ExtractsLoad {
  private readonly sources = new Map<string, Promise<Source>>();
  readonly today: string;
  private readonly users: Map<string, SchoolData['users'][number]>;
  private rule: CompromiseRule | undefined;

  constructor(
    private readonly core: ExtractsCore,
    readonly school: SchoolData,
    readonly ctx: AuthedContext,
  ) {
    this.today = isoDay(ctx.now);
    this.users = new Map(school.users.map((u) => [u.id, u]));
  }

  /** Reads the school for one call. */
  static async of(core: ExtractsCore, ctx: AuthedContext): Promise<ExtractsLoad> {
    return new ExtractsLoad(core, await core.store.school(), ctx);
  }

  /** The compromise rule (auth/compromise.ts) over the school's records. */
  get compromise(): CompromiseRule {
    return (this.rule ??= compromiseRule(this.school.compromises));
  }

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

  classData(classId: string): Promise<ClassData> {
    return this.core.store.classData(classId);
  }

  canSee(classId: string): boolean {
    return this.core.canSeeClass(this.ctx.user, classId);
  }

  src(classId: string): Promise<Source> {
    let p = this.sources.get(classId);
    if (!p) {
      p = this.loadSource(classId);
      this.sources.set(classId, p);
    }
    return p;
  }

  private async loadSource(classId: string): Promise<Source> {
    const cls = this.cls(classId);
    const cc = classContext(this.school, classId);
    if (!cc) throw new AppError('not_found', 'У класса не указан учебный год. Обновите данные из центральной системы.');
    const store = this.core.store;
    const cache = this.core.extractContents;
    const school = this.school;
    const [data, revision] = await Promise.all([store.classData(classId), store.journalRevision(cls.yearId, classId)]);
    const version = cache.versionOf(school, data, revision);
    /** Built on the first content not in the cache, with the version of the journal it read. */
    let ex: Promise<{ ex: ClassExtracts; version: string | null }> | null = null;
    const assemble = () =>
      (ex ??= store.journalWithRevision(cls.yearId, classId).then(({ journal, revision: rev }) => ({
        ex: new ClassExtracts({ school, cc, recommendations: data.recommendations, journal }),
        version: cache.versionOf(school, data, rev),
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
  }

  /** The classes the caller sees, in the school's order (grade, letter). */
  visibleClasses(): SchoolClass[] {
    return this.school.classes.filter((c) => this.canSee(c.id)).sort((a, b) => a.grade - b.grade || compareRu(a.letter, b.letter));
  }

  /** An extract of the register the caller sees, as a copy to change. */
  async locate(id: string): Promise<{ src: Source; rec: ExtractRecord }> {
    for (const c of this.visibleClasses()) {
      const data = await this.classData(c.id);
      if (data.extracts.some((e) => e.id === id)) {
        const src = await this.src(c.id);
        return { src, rec: structuredClone(src.data.extracts.find((e) => e.id === id)!) };
      }
    }
    throw new AppError('not_found', 'Выписка не найдена в реестре или недоступна вам. Обновите список.');
  }

  /** The next number of the register (numbers are school-wide). */
  async nextNumber(): Promise<number> {
    let max = 0;
    for (const c of this.school.classes) {
      for (const e of (await this.classData(c.id)).extracts) if (e.number > max) max = e.number;
    }
    return max + 1;
  }
}

export function studentOf(data: ClassData, studentId: string): Student | undefined {
  return data.students.find((s) => s.id === studentId);
}

/** The guardians of a student in the class's partition. */
export function guardiansOf(data: ClassData, studentId: string): ClassData['guardians'] {
  return data.guardians.filter((g) => g.studentIds.includes(studentId));
}

export async function contentOf(src: Source, rec: ExtractRecord, issuedOn: string): Promise<ExtractContent | null> {
  const student = studentOf(src.data, rec.studentId);
  if (!student) return null;
  return src.content({ student, period: { start: rec.periodStart, end: rec.periodEnd }, issuedOn, sections: rec.sections });
}

/**
 * What the extract is now: unchanged, or — when the data changed — the new version it becomes if
 * prepared again today (what a signer confirms and what a print makes).
 */
export async function currentOf(src: Source, rec: ExtractRecord, today: string): Promise<Current> {
  const unchecked = { contentHash: rec.contentHash, issuedOn: rec.issuedOn, content: null };
  if (rec.handedOver || rec.annulled) return unchecked;
  const c1 = await contentOf(src, rec, rec.issuedOn);
  if (!c1) return unchecked;
  const h1 = src.hash(rec.number, rec.issuedOn, c1);
  if (h1 === rec.contentHash || rec.issuedOn === today) return { contentHash: h1, issuedOn: rec.issuedOn, content: c1 };
  const c2 = (await contentOf(src, rec, today))!;
  return { contentHash: src.hash(rec.number, today, c2), issuedOn: today, content: c2 };
}

/** Groups items by the class of their source, classes in the order they first appear. */
export function byClass<T extends { src: Source }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const list = m.get(x.src.cls.id);
    if (list) list.push(x);
    else m.set(x.src.cls.id, [x]);
  }
  return m;
}

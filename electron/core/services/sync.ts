import type { SyncChangeGroup, SyncChangeKind, SyncStatus, sync } from '../../contract/groups/sync.js';
import { compromiseRule, type CompromiseRule } from '../../contract/auth/compromise.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import type { ClassData, PendingMutation, SchoolData } from '../store/schema.js';
import { syncEngineOf } from '../sync/engine.js';
import { MUTATION_KINDS } from '../../contract/sync/kinds.js';

/**
 * The sync page counts local changes by class and kind; it never names a student or a guardian,
 * never shows a mark or a document's content — for every role (the administrator sees no child).
 */


/** Invalid: made with a login from the moment it was reported known to others (the one rule), or marked so by old programs. */
function isInvalid(m: PendingMutation, rule: CompromiseRule): boolean {
  if (m.invalid === true) return true;
  if (m.kind === MUTATION_KINDS.compromise) return false; // a report of compromise: never voided by the window it opens
  return rule.isInvalidAt(m.author, m.createdAt);
}

function kindOf(m: PendingMutation, schoolWide: boolean): SyncChangeKind {
  if (schoolWide) return 'school';
  if (m.kind === MUTATION_KINDS.document) return 'document';
  if (m.kind === MUTATION_KINDS.finalMark) return 'finalMark';
  if (m.kind === MUTATION_KINDS.finalMarkPublished) return 'finalMarkPublished';
  return 'other';
}

const KIND_LABELS: Record<SyncChangeKind, string> = {
  document: 'Документы реестра',
  finalMark: 'Итоговые отметки',
  finalMarkPublished: 'Доведение итоговых результатов до семей',
  school: 'Учётные записи (сообщения о компрометации входа)',
  other: 'Другие изменения',
};

const KIND_ORDER: Record<SyncChangeKind, number> = { school: 0, document: 1, finalMark: 2, finalMarkPublished: 3, other: 4 };

/** Shown instead of a rejection reason that could carry personal data. */
export const GENERIC_REJECTION_REASON =
  'Центральная система отклонила изменение. Её объяснение здесь не показывается: в нём могут быть персональные данные. ' +
  'Отклонённый документ с причиной виден в карточке ученика (раздел «Согласия и отказы»); по другим изменениям обратитесь к администратору центральной системы.';

const fold = (w: string) => w.toLowerCase().replaceAll('ё', 'е');

/** A word of a name without its last vowel (or й, ь): «Смирнова» → «смирнов», so «Смирновой» is found too. */
function stemOf(word: string): string {
  const w = fold(word);
  return w.length > 3 && /[аяоеэыиуюйь]$/.test(w) ? w.slice(0, -1) : w;
}

/** The stems of every word of the names of the students and guardians of the classes (lower case, ё = е). */
export function nameWordsOf(classes: Iterable<Pick<ClassData, 'students' | 'guardians'>>): Set<string> {
  const stems = new Set<string>();
  for (const c of classes) {
    for (const p of [...c.students, ...c.guardians]) {
      for (const part of [p.lastName, p.firstName, p.middleName]) {
        for (const w of (part ?? '').split(/[^A-Za-zА-ЯЁа-яё]+/)) if (w.length > 2) stems.add(stemOf(w));
      }
    }
  }
  return stems;
}

/** The word is a name of the set, in any case form: its stem followed by at most three letters of ending. */
function isNameWord(word: string, stems: ReadonlySet<string>): boolean {
  const w = fold(word);
  for (let cut = 0; cut <= 3 && w.length - cut >= 3; cut++) if (stems.has(w.slice(0, w.length - cut))) return true;
  return false;
}

/**
 * A reason the central system gave is shown as it came only when it can carry no personal data:
 * no word of a student's or guardian's name (in any case form), no «Фамилия И. О.», no e-mail,
 * no phone or other long number, no date (of birth, of a signature). Anything else gets the
 * generic reason.
 */
export function safeRejectionReason(reason: string, nameStems: ReadonlySet<string>): string {
  return safeCentralText(reason, nameStems, GENERIC_REJECTION_REASON);
}

/** Shown instead of an error message of the central system that could carry personal data. */
export const GENERIC_CENTRAL_ERROR =
  'Центральная система ответила ошибкой. Её текст здесь не показывается: в нём могут быть персональные данные. ' +
  'Синхронизация будет повторена; если ошибка не пройдёт, сообщите администратору центральной системы.';

/** Text written by the central system, as it came when it can carry no personal data (see safeRejectionReason), else the fallback. */
export function safeCentralText(raw: string, nameStems: ReadonlySet<string>, fallback: string): string {
  const text = raw.trim();
  const unsafe =
    text === '' ||
    text.length > 400 ||
    text.includes('@') ||
    /\d[\d\s()+-]{4,}\d/.test(text) ||
    /\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}/.test(text) ||
    /[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s*(?:[А-ЯЁ]\.)?/.test(text) ||
    text.split(/[^A-Za-zА-ЯЁа-яё]+/).some((w) => isNameWord(w, nameStems));
  return unsafe ? fallback : text;
}

interface Counted {
  pending: number;
  rejected: number;
  invalid: number;
}

export function syncHandlers(core: Core): GroupHandlers<typeof sync> {
  const engine = () => syncEngineOf(core);

  /** The stems of every student's and guardian's name of the school (for texts of the central system). */
  async function schoolNameStems(school: SchoolData): Promise<Set<string>> {
    const all: ClassData[] = [];
    for (const c of school.classes) all.push(await core.store.classData(c.id));
    return nameWordsOf(all);
  }

  /** An error the central system wrote is shown only when it can carry no personal data; this workstation's own messages are. */
  async function errorText(p: { message: string; kind: string; own?: true }): Promise<string> {
    if (p.own || (p.kind !== 'server' && p.kind !== 'auth') || !(await core.store.hasSchool())) return p.message;
    return safeCentralText(p.message, await schoolNameStems(await core.store.school()), GENERIC_CENTRAL_ERROR);
  }

  async function counts(): Promise<Counted> {
    const n: Counted = { pending: 0, rejected: 0, invalid: 0 };
    if (!(await core.store.hasSchool())) return n;
    const school = await core.store.school();
    const rule = compromiseRule(school.compromises);
    const add = (m: PendingMutation) => {
      if (isInvalid(m, rule)) n.invalid++;
      else if (m.rejected) n.rejected++;
      else n.pending++;
    };
    for (const m of school.mutations ?? []) add(m);
    for (const c of school.classes) for (const m of (await core.store.classData(c.id)).mutations) add(m);
    return n;
  }

  /** The changes of the classes the user sees (and the school's own), counted by class and kind. */
  async function groups(ctx: AuthedContext): Promise<SyncChangeGroup[]> {
    const school: SchoolData = await core.store.school();
    const rule = compromiseRule(school.compromises);
    const parts: Array<{ classId: string; className: string; mutations: readonly PendingMutation[]; data?: ClassData }> = [
      { classId: '', className: 'Вся школа', mutations: school.mutations ?? [] },
    ];
    for (const c of school.classes) {
      if (!core.canSeeClass(ctx.user, c.id)) continue;
      const data = await core.store.classData(c.id);
      parts.push({ classId: c.id, className: c.name, mutations: data.mutations, data });
    }
    // The names a reason is checked against: every student and guardian of the school, read only when a change was refused.
    let nameWords: Set<string> | undefined;
    const names = async () => (nameWords ??= await schoolNameStems(school));
    const out: SyncChangeGroup[] = [];
    for (const part of parts) {
      const byKind = new Map<SyncChangeKind, SyncChangeGroup & { reasonCounts: Map<string, number> }>();
      for (const m of part.mutations) {
        const kind = kindOf(m, part.classId === '');
        let g = byKind.get(kind);
        if (!g) {
          g = { classId: part.classId, className: part.className, kind, label: KIND_LABELS[kind], pending: 0, rejected: 0, invalid: 0, reasons: [], reasonCounts: new Map() };
          byKind.set(kind, g);
        }
        if (isInvalid(m, rule)) g.invalid++;
        else {
          if (m.rejected) {
            g.rejected++;
            const text = safeRejectionReason(m.rejected.reason, await names());
            g.reasonCounts.set(text, (g.reasonCounts.get(text) ?? 0) + 1);
          } else g.pending++;
          if (g.oldestAt === undefined || m.createdAt < g.oldestAt) g.oldestAt = m.createdAt;
        }
      }
      for (const { reasonCounts, ...g } of [...byKind.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])) {
        out.push({ ...g, reasons: [...reasonCounts].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count) });
      }
    }
    return out;
  }

  /** The central system's verdict on this workstation's audit log (no personal data: counts only). */
  async function auditProblem(): Promise<Pick<SyncStatus, 'auditProblem'>> {
    if (!(await core.store.hasSchool())) return {};
    const p = (await core.store.school()).sync?.auditHeadProblem;
    return p ? { auditProblem: p } : {};
  }

  /** The central system's imports (school.json `imports`, pulled like any entity): source, moments, counts. */
  async function dataSources(): Promise<Pick<SyncStatus, 'dataSources'>> {
    if (!(await core.store.hasSchool())) return {};
    const list = (await core.store.school()).imports ?? [];
    if (list.length === 0) return {};
    return {
      dataSources: [...list]
        .sort((a, b) => b.importedAt.localeCompare(a.importedAt))
        .map((i) => ({ source: i.id, ...(i.sourceName ? { sourceName: i.sourceName } : {}), exportedAt: i.exportedAt, importedAt: i.importedAt, kinds: { ...i.kinds } })),
    };
  }

  async function status(): Promise<SyncStatus> {
    const s = await engine().status();
    return {
      configured: s.configured,
      enrolled: s.enrolled,
      centralUrl: s.centralUrl,
      ...(s.schoolName ? { schoolName: s.schoolName } : {}),
      online: s.online,
      running: s.running,
      ...(s.lastSyncAt ? { lastSyncAt: s.lastSyncAt } : {}),
      ...(s.lastAttemptAt ? { lastAttemptAt: s.lastAttemptAt } : {}),
      ...(s.nextAttemptAt ? { nextAttemptAt: s.nextAttemptAt } : {}),
      ...(s.lastError ? { lastError: await errorText(s.lastError), errorKind: s.lastError.kind } : {}),
      ...(s.progress ? { progress: s.progress } : {}),
      initialPullDone: s.initialPullDone,
      ...(await auditProblem()),
      ...(await dataSources()),
      ...(await counts()),
    };
  }

  return {
    status: () => status(),

    now: async (_input, ctx: AuthedContext) => {
      const r = await engine().syncNow((p) => ctx.progress(p));
      return {
        result: { pushed: r.pushed, accepted: r.accepted, rejected: r.rejected, pulled: r.pulled, repaired: r.repaired.length },
        status: await status(),
      };
    },

    enroll: async (input, ctx) => {
      const r = await engine().enroll(input.centralUrl, input.code, input.name);
      await core.record(ctx, { action: 'sync.enroll', recordIds: [r.schoolId] });
      return status();
    },

    changes: (_input, ctx) => groups(ctx),
  };
}

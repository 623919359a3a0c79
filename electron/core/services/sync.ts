import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../../contract/entities/documents.js';
import type { SyncChange, SyncStatus, sync } from '../../contract/groups/sync.js';
import { shortName } from '../../contract/text/format.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import type { ClassData, PendingMutation, SchoolData } from '../store/schema.js';
import { syncEngineOf } from '../sync/engine.js';
import { MUTATION_KINDS } from '../sync/kinds.js';

function isInvalid(m: PendingMutation, school: SchoolData): boolean {
  if (m.invalid) return true;
  const since = school.users.find((u) => u.id === m.author)?.compromisedAt;
  return since !== undefined && m.createdAt >= since;
}

function titleOf(m: PendingMutation, data: ClassData, school: SchoolData): string {
  const p = (m.payload ?? {}) as Record<string, unknown>;
  const student = typeof p.studentId === 'string' ? data.students.find((s) => s.id === p.studentId) : undefined;
  const who = student ? ` — ${shortName(student)}` : '';
  if (m.kind === MUTATION_KINDS.document) {
    const label = typeof p.kind === 'string' && p.kind in DOCUMENT_KIND_LABELS ? DOCUMENT_KIND_LABELS[p.kind as DocumentKind] : 'Документ';
    return `${label}${who}`;
  }
  if (m.kind === MUTATION_KINDS.finalMark) {
    const subject = school.subjects.find((s) => s.id === p.subjectId)?.name ?? 'предмет';
    const value = p.value === null ? 'отметка снята' : p.deferral ? 'отсрочка' : String(p.value ?? '');
    return `Итоговая отметка: ${subject}, ${value}${who}`;
  }
  if (m.kind === MUTATION_KINDS.finalMarkPublished) {
    const n = Array.isArray(p.entryIds) ? p.entryIds.length : 0;
    return `Итоговые результаты доведены до семьи (${n})`;
  }
  return `Изменение «${m.kind}»`;
}

export function syncHandlers(core: Core): GroupHandlers<typeof sync> {
  const engine = () => syncEngineOf(core);
  // The background loop starts once the app exists; it does nothing until the workstation is enrolled.
  setTimeout(() => engine().startBackground(), 0).unref?.();

  async function counts(): Promise<{ pending: number; rejected: number; invalid: number }> {
    let pending = 0;
    let rejected = 0;
    let invalid = 0;
    if (!(await core.store.hasSchool())) return { pending, rejected, invalid };
    const school = await core.store.school();
    for (const c of school.classes) {
      for (const m of (await core.store.classData(c.id)).mutations) {
        if (isInvalid(m, school)) invalid++;
        else if (m.rejected) rejected++;
        else pending++;
      }
    }
    return { pending, rejected, invalid };
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
      ...(s.lastError ? { lastError: s.lastError.message, errorKind: s.lastError.kind } : {}),
      ...(s.progress ? { progress: s.progress } : {}),
      initialPullDone: s.initialPullDone,
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

    changes: async (_input, ctx) => {
      const school = await core.store.school();
      const names = new Map(school.users.map((u) => [u.id, shortName(u.name)]));
      const out: SyncChange[] = [];
      for (const c of school.classes) {
        if (!core.canSeeClass(ctx.user, c.id)) continue;
        const data = await core.store.classData(c.id);
        for (const m of data.mutations) {
          const state = isInvalid(m, school) ? 'invalid' : m.rejected ? 'rejected' : 'pending';
          out.push({
            id: m.id,
            classId: c.id,
            className: c.name,
            title: titleOf(m, data, school),
            createdAt: m.createdAt,
            authorName: names.get(m.author) ?? '—',
            state,
            ...(m.rejected ? { reason: m.rejected.reason, rejectedAt: m.rejected.at } : {}),
          });
        }
      }
      const order = { rejected: 0, invalid: 1, pending: 2 } as const;
      return out.sort((a, b) => order[a.state] - order[b.state] || a.createdAt.localeCompare(b.createdAt)).slice(0, 1000);
    },
  };
}

import { AppError } from '../../contract/errors.js';
import type { Compromise } from '../../contract/entities/compromise.js';
import { ruDateTime } from '../../contract/text/format.js';
import type { Core } from '../core.js';
import type { SchoolData, UserRecord } from '../store/schema.js';
import { addMutation } from '../sync/mutations.js';
import { MUTATION_KINDS } from '../../contract/sync/kinds.js';
import { compromiseRule } from '../../contract/auth/compromise.js';

/** A «логин стал известен посторонним» report as the director (or the owner) makes it. */
export interface CompromiseReport {
  userId: string;
  /** The moment the director received the information; operations from it on are invalid. */
  from: Date;
  note?: string | undefined;
  /** Who records it. */
  by: UserRecord;
  now: Date;
}

/** Why a report cannot be recorded, in words the user acts on; undefined when it can. */
export function reportProblem(school: Pick<SchoolData, 'users' | 'compromises'>, r: Pick<CompromiseReport, 'userId' | 'from' | 'now'>): { message: string; path?: string } | undefined {
  const user = school.users.find((u) => u.id === r.userId);
  if (!user) return { message: 'Учётная запись не найдена. Выберите пользователя из списка.', path: 'userId' };
  if (Number.isNaN(r.from.getTime())) return { message: 'Укажите дату и время, когда руководитель получил информацию.', path: 'from' };
  if (r.from.getTime() > r.now.getTime() + 60_000) {
    return { message: 'Момент получения информации не может быть в будущем. Укажите, когда руководитель узнал о компрометации.', path: 'from' };
  }
  if (r.from.getTime() < Date.parse(user.createdAt)) {
    return { message: `Момент не может быть раньше создания учётной записи (${ruDateTime(user.createdAt)}).`, path: 'from' };
  }
  const rule = compromiseRule(school.compromises);
  if (rule.isBlocked(user.id) && rule.windowsOf(user.id).some((w) => w.to === undefined && w.from <= r.from.getTime())) {
    return { message: 'Учётная запись уже заблокирована как скомпрометированная с более раннего момента. Администратор откроет её заново с одноразовым паролем.' };
  }
  return undefined;
}

/**
 * Records a compromise (seed «Дополнения в Договор с родителями»): the account is blocked at once
 * (sessions ended, no login with the old password, not even to change it), every operation made
 * with it from `from` on is invalid by `compromiseRule`, and the report goes to the central system
 * in the school's pending mutations so that it revokes what it had accepted and tells every
 * workstation. Returns the record.
 */
export async function recordCompromise(core: Core, r: CompromiseReport): Promise<Compromise> {
  const record = await core.store.updateSchool((d) => {
    const problem = reportProblem(d, r);
    if (problem) throw new AppError('validation', problem.message, problem.path ? [{ path: problem.path, message: problem.message }] : undefined);
    const rec: Compromise = {
      id: `cmp-${d.workstation.id}-${d.workstation.nextMutationSeq}`.slice(0, 64),
      userId: r.userId,
      from: r.from.toISOString(),
      recordedAt: r.now.toISOString(),
      recordedBy: r.by.id,
      ...(r.note ? { note: r.note } : {}),
    };
    d.compromises.push(rec);
    const u = d.users.find((x) => x.id === r.userId)!;
    u.mustChangePassword = true;
    addMutation(d, d.workstation, { kind: MUTATION_KINDS.compromise, payload: rec, author: r.by.id, now: r.now });
    return structuredClone(rec);
  });
  core.sessions.endAllOf(r.userId);
  await core.audit.append({ userId: r.by.id, action: 'auth.compromised', recordIds: [r.userId], details: { from: record.from, compromiseId: record.id } });
  return record;
}

/**
 * The administrator reopens a blocked account with a one-time password: the open windows close at
 * this moment (they are never erased), and the reopening goes to the central system too.
 * Runs inside the caller's school write.
 */
export function closeWindows(d: SchoolData, userId: string, by: string, now: Date): number {
  let closed = 0;
  for (const c of d.compromises) {
    if (c.userId !== userId || c.reopenedAt !== undefined) continue;
    c.reopenedAt = now.toISOString();
    c.reopenedBy = by;
    addMutation(d, d.workstation, { kind: MUTATION_KINDS.compromise, payload: structuredClone(c), author: by, now });
    closed++;
  }
  return closed;
}

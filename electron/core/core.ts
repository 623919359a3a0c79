import { AppError } from '../contract/errors.js';
import { SCHOOL_WIDE_ROLES } from '../contract/roles.js';
import { DEFAULT_SETTINGS } from '../contract/entities/settings.js';
import type { UserView } from '../contract/entities/users.js';
import type { Compromise } from '../contract/entities/compromise.js';
import { AuditLog, type AuditRecord } from './audit/auditLog.js';
import { SessionTable } from './auth/sessions.js';
import { ExtractContentCache } from './extracts/contentCache.js';
import type { AuthedContext, CallContext } from './context.js';
import type { HostAbilities } from './host.js';
import { Store } from './store/store.js';
import type { UserRecord } from './store/schema.js';
import { SyncEngine } from './sync/engine.js';

/**
 * The application without a host: store, audit log and sessions, and the small helpers that
 * every service uses. Services (one file per contract group) are built on it in `handlers.ts`.
 */
export class Core {
  readonly store: Store;
  readonly audit: AuditLog;
  readonly sessions: SessionTable;
  readonly now: () => Date;
  readonly log: (line: string) => void;
  /** Contents of extracts already assembled, while their data stays the same (the bench empties it to measure a cold batch). */
  readonly extractContents = new ExtractContentCache();
  /** Sync with the central system: transport and background from the host (HostAbilities.sync). */
  readonly sync: SyncEngine;

  constructor(readonly host: HostAbilities) {
    this.now = host.now ?? (() => new Date());
    this.log = host.log ?? (() => undefined);
    this.store = new Store(host.backend);
    this.audit = new AuditLog(host.auditSink, this.now);
    this.sessions = new SessionTable(this.now);
    this.sync = new SyncEngine(this);
    // What the store recovered after a damaged or missing file goes to the audit log (ids only).
    this.store.onNotice((n) => {
      void this.audit
        .append({ userId: 'system', action: 'store.recovered', recordIds: [n.id], details: { file: n.file, from: n.from, replayed: n.replayed, lost: n.lost } })
        .catch(() => this.log('store.recovered: not recorded in the audit log'));
    });
  }

  async idleLockMinutes(): Promise<number> {
    if (!(await this.store.hasSchool())) return DEFAULT_SETTINGS.idleLockMinutes;
    return (await this.store.school()).settings.idleLockMinutes;
  }

  async user(id: string): Promise<UserRecord | undefined> {
    return (await this.store.school()).users.find((u) => u.id === id);
  }

  /** Records an operation in the audit log on behalf of the caller. */
  record(ctx: CallContext, rec: Omit<AuditRecord, 'userId'> & { userId?: string }): Promise<unknown> {
    return this.audit.append({ userId: rec.userId ?? ctx.user?.id ?? 'system', ...rec });
  }

  /** A class teacher works only with his classes; the school-wide roles with all. */
  canSeeClass(user: UserRecord, classId: string): boolean {
    return SCHOOL_WIDE_ROLES.includes(user.role) || user.classIds.includes(classId);
  }

  assertClassAccess(ctx: AuthedContext, classId: string): void {
    if (!this.canSeeClass(ctx.user, classId)) {
      throw new AppError('forbidden', 'Этот класс вам недоступен: классный руководитель работает только со своими классами.');
    }
  }

  /** Finds the class of a student, checking access. */
  async classOfStudent(ctx: AuthedContext, studentId: string): Promise<string> {
    const school = await this.store.school();
    for (const c of school.classes) {
      if (!this.canSeeClass(ctx.user, c.id)) continue;
      const data = await this.store.classData(c.id);
      if (data.students.some((s) => s.id === studentId)) return c.id;
    }
    throw new AppError('not_found', 'Ученик не найден или недоступен вам.');
  }
}

export function toUserView(u: UserRecord, compromises: readonly Compromise[] = []): UserView {
  const mine = compromises.filter((c) => c.userId === u.id);
  const open = mine.filter((c) => c.reopenedAt === undefined).map((c) => c.from).sort();
  return {
    id: u.id,
    login: u.login,
    name: u.name,
    role: u.role,
    classIds: u.classIds,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    ...(u.lockedUntil ? { lockedUntil: u.lockedUntil } : {}),
    ...(open[0] ? { blockedSince: open[0] } : {}),
    compromises: mine.map((c) => ({ from: c.from, recordedAt: c.recordedAt, ...(c.reopenedAt ? { reopenedAt: c.reopenedAt } : {}) })),
  };
}

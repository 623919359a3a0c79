import { AppError } from '../../contract/errors.js';
import type { auth } from '../../contract/groups/auth.js';
import type { SessionView, AppStatus } from '../../contract/groups/auth.js';
import { compromiseRule } from '../../contract/auth/compromise.js';
import { afterFailure, afterSuccess, loginClosed } from '../auth/lockout.js';
import { LoginGuard, tooManyAttemptsMessage } from '../auth/loginGuard.js';
import { dummyHash, hashPassword, verifyPassword } from '../auth/password.js';
import { assertNewPassword } from '../auth/passwordRules.js';
import type { Session } from '../auth/sessions.js';
import type { CallContext, GroupHandlers } from '../context.js';
import { toUserView, type Core } from '../core.js';
import { loadDemoSchool } from '../setup/loadDemoSchool.js';
import { emptySchool } from '../setup/emptySchool.js';
import type { SchoolData, UserRecord } from '../store/schema.js';
import { newId } from '../util/ids.js';
import { recordCompromise } from '../auth/recordCompromise.js';
import { invalidOperationsOf } from '../auth/invalidOperations.js';
import { cannotWrite } from '../store/durable/storageErrors.js';

async function sessionView(core: Core, session: Session, user: UserRecord): Promise<SessionView> {
  return { user: toUserView(user, (await core.store.school()).compromises), locked: session.locked, idleLockMinutes: await core.idleLockMinutes() };
}

async function status(core: Core, ctx: CallContext): Promise<AppStatus> {
  if (!(await core.store.hasSchool())) return { needsSetup: true, demo: false, session: null };
  const school = await core.store.school();
  const session = ctx.session && ctx.user ? await sessionView(core, ctx.session, ctx.user) : null;
  return { needsSetup: false, schoolName: school.school.shortName, demo: school.demo, session };
}

/**
 * The one answer to a wrong login, a wrong password and an account closed to logins (disabled,
 * locked out after failures, compromised): an outsider must not learn which logins exist or which
 * are blocked (issue 13). The person who knows his password is sent to the administrator.
 */
export const LOGIN_REFUSED = 'Неверный логин или пароль, или вход временно закрыт. Если вы уверены в пароле, обратитесь к администратору.';

function isCompromised(school: SchoolData, userId: string): boolean {
  // Old data may have no compromise records until its migration.
  return compromiseRule(school.compromises ?? []).isBlocked(userId);
}

function requireSession(ctx: CallContext): { session: Session; user: UserRecord } {
  if (!ctx.session || !ctx.user) throw new AppError('unauthenticated', 'Войдите в программу.');
  return { session: ctx.session, user: ctx.user };
}

export function authHandlers(core: Core): GroupHandlers<typeof auth> {
  // Failed logins and unlocks of this workstation, whatever the login (auth/loginGuard.ts).
  const guard = new LoginGuard();
  // Made now, so that the first unknown login does not take twice as long.
  void dummyHash(core.host.passwordCost).catch(() => undefined);

  function assertGuardOpen(now: Date): void {
    const verdict = guard.check(now);
    if (!verdict.open) throw new AppError('account_locked', tooManyAttemptsMessage(verdict.minutesLeft));
  }

  return {
    status: async (_input, ctx) => status(core, ctx),

    setup: async (input, ctx) => {
      if (await core.store.hasSchool()) {
        throw new AppError('conflict', 'Программа уже настроена. Войдите под своей учётной записью.');
      }
      if (input.mode === 'demo') {
        await loadDemoSchool(core, { asOf: ctx.now, onProgress: ctx.progress });
        await core.audit.append({ userId: 'system', action: 'setup.demo', recordIds: [] });
      } else {
        await assertNewPassword({ password: input.admin.password, login: input.admin.login, name: input.admin.name }, 'admin.password');
        const admin: UserRecord = {
          id: newId('u'),
          login: input.admin.login.toLowerCase(),
          name: input.admin.name,
          role: 'admin',
          classIds: [],
          passwordHash: await hashPassword(input.admin.password, core.host.passwordCost),
          failedAttempts: 0,
          mustChangePassword: false,
          disabled: false,
          createdAt: ctx.now.toISOString(),
        };
        await core.store.initSchool(emptySchool(input.schoolName, admin, ctx.now));
        await core.audit.append({ userId: admin.id, action: 'setup.empty', recordIds: [admin.id] });
      }
      return status(core, { ...ctx, session: null, user: null });
    },

    login: async (input, ctx) => {
      if (!(await core.store.hasSchool())) throw new AppError('conflict', 'Сначала выполните первый запуск.');
      assertGuardOpen(ctx.now);
      const school = await core.store.school();
      const login = input.login.toLowerCase();
      const user = school.users.find((u) => u.login === login);
      // Exactly one scrypt verification on every path (an unknown login against a hash of the same
      // cost), then the same writes on every failure: neither the answer nor its time tells an
      // unknown login, a wrong password and a closed account apart.
      const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash(core.host.passwordCost)));
      const closed = user === undefined || loginClosed(user, isCompromised(school, user.id), ctx.now);
      if (!ok || closed) {
        await core.store.updateSchool((d) => {
          const u = user && d.users.find((x) => x.id === user.id);
          // Only a wrong password on an open account counts toward its lockout; the file is written
          // in every case all the same.
          if (!u || loginClosed(u, isCompromised(d, u.id), ctx.now)) return;
          const next = afterFailure(u, ctx.now);
          u.failedAttempts = next.failedAttempts;
          if (next.lockedUntil) u.lockedUntil = next.lockedUntil;
          else delete u.lockedUntil;
        });
        await core.audit.append({ userId: user?.id ?? 'system', action: 'auth.loginFailed', recordIds: user ? [user.id] : [] });
        guard.failure(ctx.now);
        throw new AppError('unauthenticated', LOGIN_REFUSED);
      }
      // A data folder that cannot be written (read-only, full, no permission) still lets a right
      // password in, to read: the reset of the counters and the audit entry are skipped then (the
      // technical log says so), and every save says why it cannot be made.
      const updated = await core.store
        .updateSchool((d) => {
          const u = d.users.find((x) => x.id === user.id)!;
          Object.assign(u, afterSuccess());
          delete u.lockedUntil;
          return structuredClone(u);
        })
        .catch((e: unknown) => {
          if (!cannotWrite(e)) throw e;
          core.log('auth.login: data folder cannot be written, counters not reset');
          return user;
        });
      if (ctx.session) core.sessions.end(ctx.session.id);
      const session = core.sessions.create(user.id);
      await core.audit.append({ userId: user.id, action: 'auth.login', recordIds: [user.id] }).catch((e: unknown) => {
        if (!cannotWrite(e)) throw e;
        core.log('auth.login: data folder cannot be written, login not audited');
      });
      ctx.bindSession(session.id);
      return sessionView(core, session, updated);
    },

    logout: async (_input, ctx) => {
      if (ctx.session) {
        core.sessions.end(ctx.session.id);
        ctx.bindSession(null);
        await core.audit.append({ userId: ctx.session.userId, action: 'auth.logout', recordIds: [] });
      }
      return {};
    },

    unlock: async (input, ctx) => {
      const { session, user } = requireSession(ctx);
      assertGuardOpen(ctx.now);
      const school = await core.store.school();
      const ok = await verifyPassword(input.password, user.passwordHash);
      if (ok && !loginClosed(user, isCompromised(school, user.id), ctx.now)) {
        core.sessions.unlock(session);
        return sessionView(core, session, user);
      }
      // A failed unlock is a guess like a failed login: it counts here and toward the lockout.
      guard.failure(ctx.now);
      const next = await core.store.updateSchool((d) => {
        const u = d.users.find((x) => x.id === user.id);
        if (!u || loginClosed(u, isCompromised(d, u.id), ctx.now)) return undefined;
        const after = afterFailure(u, ctx.now);
        u.failedAttempts = after.failedAttempts;
        if (after.lockedUntil) u.lockedUntil = after.lockedUntil;
        return after;
      });
      await core.audit.append({ userId: user.id, action: 'auth.loginFailed', recordIds: [user.id] });
      if (!next || next.lockedUntil) {
        // The account was closed meanwhile (disabled, compromised) or is locked out now: the session
        // ends, and the login screen gives the one answer of closed accounts.
        core.sessions.end(session.id);
        ctx.bindSession(null);
        throw new AppError('unauthenticated', next ? 'Пять неудачных попыток подряд: сеанс завершён. Войдите снова позже.' : LOGIN_REFUSED);
      }
      throw new AppError('unauthenticated', 'Неверный пароль.');
    },

    touch: async (_input, ctx) => {
      if (!ctx.session) return { locked: false };
      core.sessions.touch(ctx.session);
      return { locked: ctx.session.locked };
    },

    changePassword: async (input, ctx) => {
      const { session, user } = requireSession(ctx);
      if (session.locked) throw new AppError('session_locked', 'Сеанс заблокирован. Введите пароль, чтобы продолжить.');
      if (!(await verifyPassword(input.current, user.passwordHash))) {
        throw new AppError('validation', 'Текущий пароль введён неверно.', [{ path: 'current', message: 'Неверный пароль' }]);
      }
      await assertNewPassword(
        { password: input.next, login: user.login, name: user.name, previousHashes: [user.passwordHash, user.previousPasswordHash] },
        'next',
      );
      const hash = await hashPassword(input.next, core.host.passwordCost);
      const updated = await core.store.updateSchool((d) => {
        const u = d.users.find((x) => x.id === user.id)!;
        // The password replaced becomes the previous one — except a temporary one set by the
        // administrator: the one kept is then the password before his reset (an adversary may know it).
        u.previousPasswordHash = user.mustChangePassword && user.previousPasswordHash ? user.previousPasswordHash : user.passwordHash;
        u.passwordHash = hash;
        u.mustChangePassword = false;
        delete u.compromisedAt;
        return structuredClone(u);
      });
      await core.audit.append({ userId: user.id, action: 'auth.passwordChanged', recordIds: [user.id] });
      return sessionView(core, session, updated);
    },

    // The owner reports his own login from this moment; the director may record an earlier one (users.reportCompromised).
    reportCompromised: async (input, ctx) => {
      await recordCompromise(core, { userId: ctx.user.id, from: ctx.now, note: input.note, by: ctx.user, now: ctx.now });
      ctx.bindSession(null);
      return { invalidatedOperations: await invalidOperationsOf(core, ctx.user.id) };
    },
  };
}

import { AppError } from '../../contract/errors.js';
import type { auth } from '../../contract/groups/auth.js';
import type { SessionView, AppStatus } from '../../contract/groups/auth.js';
import { afterFailure, afterSuccess, isLockedOut, minutesLeft } from '../auth/lockout.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { Session } from '../auth/sessions.js';
import type { CallContext, GroupHandlers } from '../context.js';
import { toUserView, type Core } from '../core.js';
import { loadDemoSchool } from '../setup/loadDemoSchool.js';
import { emptySchool } from '../setup/emptySchool.js';
import type { UserRecord } from '../store/schema.js';
import { newId } from '../util/ids.js';
import { invalidateOperationsOf } from '../auth/compromise.js';

async function sessionView(core: Core, session: Session, user: UserRecord): Promise<SessionView> {
  return { user: toUserView(user), locked: session.locked, idleLockMinutes: await core.idleLockMinutes() };
}

async function status(core: Core, ctx: CallContext): Promise<AppStatus> {
  if (!(await core.store.hasSchool())) return { needsSetup: true, demo: false, session: null };
  const school = await core.store.school();
  const session = ctx.session && ctx.user ? await sessionView(core, ctx.session, ctx.user) : null;
  return { needsSetup: false, schoolName: school.school.shortName, demo: school.demo, session };
}

function requireSession(ctx: CallContext): { session: Session; user: UserRecord } {
  if (!ctx.session || !ctx.user) throw new AppError('unauthenticated', 'Войдите в программу.');
  return { session: ctx.session, user: ctx.user };
}

export function authHandlers(core: Core): GroupHandlers<typeof auth> {
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
      const school = await core.store.school();
      const login = input.login.toLowerCase();
      const user = school.users.find((u) => u.login === login);
      const wrong = new AppError('unauthenticated', 'Неверный логин или пароль.');
      if (!user) throw wrong;
      if (user.disabled) throw new AppError('forbidden', 'Учётная запись отключена. Обратитесь к администратору.');
      if (isLockedOut(user, ctx.now)) {
        throw new AppError('account_locked', `Слишком много неудачных попыток. Вход заблокирован ещё на ${minutesLeft(user, ctx.now)} мин.`);
      }
      const ok = await verifyPassword(input.password, user.passwordHash);
      if (!ok) {
        const next = afterFailure(user, ctx.now);
        await core.store.updateSchool((d) => {
          const u = d.users.find((x) => x.id === user.id)!;
          u.failedAttempts = next.failedAttempts;
          if (next.lockedUntil) u.lockedUntil = next.lockedUntil;
          else delete u.lockedUntil;
        });
        await core.audit.append({ userId: user.id, action: 'auth.loginFailed', recordIds: [user.id] });
        if (next.lockedUntil) {
          throw new AppError('account_locked', `Пять неудачных попыток подряд. Вход заблокирован на ${minutesLeft(next, ctx.now)} мин.`);
        }
        throw wrong;
      }
      const updated = await core.store.updateSchool((d) => {
        const u = d.users.find((x) => x.id === user.id)!;
        Object.assign(u, afterSuccess());
        delete u.lockedUntil;
        return structuredClone(u);
      });
      if (ctx.session) core.sessions.end(ctx.session.id);
      const session = core.sessions.create(user.id);
      await core.audit.append({ userId: user.id, action: 'auth.login', recordIds: [user.id] });
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
      if (isLockedOut(user, ctx.now)) {
        throw new AppError('account_locked', `Слишком много неудачных попыток. Вход заблокирован ещё на ${minutesLeft(user, ctx.now)} мин.`);
      }
      if (!(await verifyPassword(input.password, user.passwordHash))) {
        const next = afterFailure(user, ctx.now);
        await core.store.updateSchool((d) => {
          const u = d.users.find((x) => x.id === user.id)!;
          u.failedAttempts = next.failedAttempts;
          if (next.lockedUntil) u.lockedUntil = next.lockedUntil;
        });
        if (next.lockedUntil) {
          core.sessions.end(session.id);
          ctx.bindSession(null);
          throw new AppError('account_locked', 'Пять неудачных попыток подряд. Сеанс завершён, вход заблокирован на 15 мин.');
        }
        throw new AppError('unauthenticated', 'Неверный пароль.');
      }
      core.sessions.unlock(session);
      return sessionView(core, session, user);
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
      if (input.current === input.next) {
        throw new AppError('validation', 'Новый пароль должен отличаться от текущего.', [{ path: 'next', message: 'Совпадает с текущим' }]);
      }
      const hash = await hashPassword(input.next, core.host.passwordCost);
      const updated = await core.store.updateSchool((d) => {
        const u = d.users.find((x) => x.id === user.id)!;
        u.passwordHash = hash;
        u.mustChangePassword = false;
        delete u.compromisedAt;
        return structuredClone(u);
      });
      await core.audit.append({ userId: user.id, action: 'auth.passwordChanged', recordIds: [user.id] });
      return sessionView(core, session, updated);
    },

    reportCompromised: async (_input, ctx) => {
      const invalidated = await invalidateOperationsOf(core, ctx.user.id, ctx.now, ctx.user.id);
      ctx.bindSession(null);
      return { invalidatedOperations: invalidated };
    },
  };
}

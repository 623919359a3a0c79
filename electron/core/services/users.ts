import { AppError } from '../../contract/errors.js';
import type { users } from '../../contract/groups/users.js';
import { hashPassword } from '../auth/password.js';
import { assertNewPassword } from '../auth/passwordRules.js';
import { checkPasswordForReset } from '../auth/resetPassword.js';
import type { GroupHandlers } from '../context.js';
import { toUserView, type Core } from '../core.js';
import type { UserRecord } from '../store/schema.js';
import { newId } from '../util/ids.js';
import { closeWindows, recordCompromise } from '../auth/recordCompromise.js';
import { invalidOperationsOf } from '../auth/invalidOperations.js';

export function usersHandlers(core: Core): GroupHandlers<typeof users> {
  async function checkClasses(classIds: string[]): Promise<void> {
    const known = new Set((await core.store.school()).classes.map((c) => c.id));
    const unknown = classIds.filter((id) => !known.has(id));
    if (unknown.length) throw new AppError('validation', 'Указан несуществующий класс.', [{ path: 'classIds', message: 'Нет такого класса' }]);
  }

  return {
    list: async () => {
      const school = await core.store.school();
      return school.users.map((u) => toUserView(u, school.compromises));
    },

    create: async (input, ctx) => {
      await checkClasses(input.classIds);
      const login = input.login.toLowerCase();
      if ((await core.store.school()).users.some((u) => u.login === login)) {
        throw new AppError('conflict', 'Пользователь с таким логином уже есть. Логины личные: придумайте другой.', [
          { path: 'login', message: 'Логин занят' },
        ]);
      }
      if (input.role === 'teacher' && input.classIds.length === 0) {
        throw new AppError('validation', 'Классному руководителю нужен хотя бы один класс.', [{ path: 'classIds', message: 'Выберите класс' }]);
      }
      await assertNewPassword({ password: input.password, login, name: input.name }, 'password');
      const user: UserRecord = {
        id: newId('u'),
        login,
        name: input.name,
        role: input.role,
        classIds: input.role === 'teacher' ? input.classIds : [],
        passwordHash: await hashPassword(input.password, core.host.passwordCost),
        failedAttempts: 0,
        // A password set by the administrator is temporary: the user sets his own.
        mustChangePassword: true,
        disabled: false,
        createdAt: ctx.now.toISOString(),
      };
      await core.store.updateSchool((d) => {
        d.users.push(user);
      });
      await core.record(ctx, { action: 'users.create', recordIds: [user.id], details: { role: user.role } });
      return toUserView(user);
    },

    update: async (input, ctx) => {
      await checkClasses(input.classIds);
      if (input.id === ctx.user.id && (input.disabled || input.role !== 'admin')) {
        throw new AppError('rule', 'Нельзя отключить себя или снять с себя роль администратора.');
      }
      const updated = await core.store.updateSchool((d) => {
        const u = d.users.find((x) => x.id === input.id);
        if (!u) throw new AppError('not_found', 'Пользователь не найден.');
        u.name = input.name;
        u.role = input.role;
        u.classIds = input.role === 'teacher' ? input.classIds : [];
        u.disabled = input.disabled;
        return structuredClone(u);
      });
      if (updated.disabled) core.sessions.endAllOf(updated.id);
      await core.record(ctx, { action: 'users.update', recordIds: [updated.id], details: { role: updated.role, disabled: updated.disabled } });
      return toUserView(updated, (await core.store.school()).compromises);
    },

    resetPassword: async (input, ctx) => {
      await checkPasswordForReset(core, input.id, input.password);
      const hash = await hashPassword(input.password, core.host.passwordCost);
      const updated = await core.store.updateSchool((d) => {
        const u = d.users.find((x) => x.id === input.id);
        if (!u) throw new AppError('not_found', 'Пользователь не найден.');
        u.passwordHash = hash;
        u.mustChangePassword = true;
        u.failedAttempts = 0;
        delete u.lockedUntil;
        // A blocked (compromised) account is reopened only so: the windows close now, never erased.
        const reopened = closeWindows(d, u.id, ctx.user.id, ctx.now);
        return { user: structuredClone(u), reopened, compromises: structuredClone(d.compromises) };
      });
      core.sessions.endAllOf(updated.user.id);
      await core.record(ctx, { action: 'users.resetPassword', recordIds: [updated.user.id], ...(updated.reopened ? { details: { reopened: updated.reopened } } : {}) });
      return toUserView(updated.user, updated.compromises);
    },

    reportCompromised: async (input, ctx) => {
      const from = input.from ? new Date(input.from) : ctx.now;
      const rec = await recordCompromise(core, { userId: input.userId, from, note: input.note, by: ctx.user, now: ctx.now });
      if (input.userId === ctx.user.id) ctx.bindSession(null);
      const school = await core.store.school();
      const user = school.users.find((u) => u.id === rec.userId)!;
      return { user: toUserView(user, school.compromises), invalidatedOperations: await invalidOperationsOf(core, rec.userId) };
    },
  };
}

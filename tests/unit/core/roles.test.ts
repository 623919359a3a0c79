import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { testApp } from '../helpers/testApp.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

describe('roles and class binding', () => {
  it('nobody logged in can call only public methods', async () => {
    const t = await testApp();
    const c = t.anonymous();
    expect(await codeOf(c.school.classes({}))).toBe('unauthenticated');
    expect(await codeOf(c.users.list({}))).toBe('unauthenticated');
    expect(await codeOf(c.auth.status({}))).toBe('ok');
  });

  it('only the administrator manages users; the director and deputies see them to record a compromise', async () => {
    const t = await testApp();
    for (const login of ['office', 'teacher.5a']) {
      const c = await t.as(login);
      expect(await codeOf(c.users.list({}))).toBe('forbidden');
    }
    for (const login of ['director', 'zavuch']) {
      const c = await t.as(login);
      expect(await codeOf(c.users.list({}))).toBe('ok');
      expect(await codeOf(c.users.create({ login: 'x.y', name: { lastName: 'Иванов', firstName: 'Иван' }, role: 'office', classIds: [], password: 'Dlinnyi-Parol-2026' }))).toBe('forbidden');
      expect(await codeOf(c.users.resetPassword({ id: 'u_office', password: 'Dlinnyi-Parol-2026' }))).toBe('forbidden');
    }
    expect(await codeOf((await t.as('admin')).users.list({}))).toBe('ok');
  });

  it('a class teacher sees only his classes; the office sees all', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    expect((await teacher.school.classes({})).map((c) => c.id)).toEqual(['c5a']);
    expect((await teacher.school.students({ classId: 'c5a' })).length).toBe(3);
    expect(await codeOf(teacher.school.students({ classId: 'c9b' }))).toBe('forbidden');
    const office = await t.as('office');
    expect((await office.school.classes({})).map((c) => c.id)).toEqual(['c5a', 'c9b']);
  });

  it('bad input gets a clear Russian error and changes nothing', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    const before = JSON.stringify([...t.backend.files.entries()]);
    const auditBefore = (await t.app.core.audit.all()).length;
    const res = await admin.transport.call('users.create', { login: 'x', role: 'king', classIds: 'no', password: '1' });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('validation');
      expect(res.error.message).toMatch(/^Проверьте данные/);
      expect(res.error.problems?.map((p) => p.path)).toEqual(expect.arrayContaining(['login', 'role', 'password']));
    }
    expect(JSON.stringify([...t.backend.files.entries()])).toBe(before);
    expect((await t.app.core.audit.all()).length).toBe(auditBefore);
  });

  it('an unknown method is refused', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    for (const path of ['users.drop', 'constructor.prototype', '__proto__.x', 'users', '']) {
      const res = await admin.transport.call(path, {});
      expect(res).toEqual({ ok: false, error: { code: 'not_found', message: 'Неизвестная операция. Обновите программу.' } });
    }
  });

  it('a failed write leaves memory as it was', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    const { settings } = await admin.school.overview({});
    t.backend.failWrites = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    const res = await admin.transport.call('school.updateSettings', { ...settings, idleLockMinutes: 3 });
    expect(res.ok).toBe(false);
    t.backend.failWrites = null;
    expect((await admin.school.overview({})).settings.idleLockMinutes).toBe(settings.idleLockMinutes);
  });
});

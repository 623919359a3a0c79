import { beforeEach, describe, expect, it, vi } from 'vitest';
import { GENERIC_CENTRAL_ERROR, GENERIC_REJECTION_REASON, nameWordsOf, safeRejectionReason } from '../../../electron/core/services/sync.js';
import { syncEngineOf } from '../../../electron/core/sync/engine.js';
import { fixtureSchool } from '../helpers/fixtureSchool.js';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { withFixtureJournal } from '../journal/fixtureJournal.js';

/**
 * Issue 13, «the administrator sees no child»: the sync page counts local changes by class and
 * kind; no student, guardian, mark or document reaches it, and a refusal reason of the central
 * system is shown only when it can carry no personal data.
 */
let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-10-26T09:00:00.000Z' });
  await withFixtureJournal(t);
});

/** Every way the fixture's students and guardians could be named. */
async function fixtureNames(): Promise<string[]> {
  const { classes } = await fixtureSchool();
  return classes.flatMap((c) =>
    [...c.students, ...c.guardians].flatMap((p) => [p.lastName, `${p.lastName} ${p.firstName}`, `${p.lastName} ${p.firstName[0]}.`]),
  );
}

async function makeChanges(): Promise<void> {
  const teacher = await t.as('teacher.5a');
  await teacher.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-10-20', body: { kind: 'pd_consent' } });
  await teacher.registry.register({ studentId: 's2', signerKind: 'guardian', signerId: 'g2', signedOn: '2026-10-20', body: { kind: 'pd_consent' } });
  await teacher.registry.register({ studentId: 's3', signerKind: 'guardian', signerId: 'g3', signedOn: '2026-10-20', body: { kind: 'pd_consent' } });
  // The deputy sets the final mark (the office only reads them): another login than the documents'.
  const deputy = await t.as('zavuch');
  await deputy.finals.set({ classId: 'c5a', studentId: 's1', subjectId: 'math', periodKey: 'y2026-q1', value: '4', knownOn: '2026-10-24' });
}

describe('the sync page, counted by class and kind', () => {
  it('the administrator sees how many changes wait, by class and kind, and no child', async () => {
    await makeChanges();
    const admin = await t.as('admin');
    const groups = await admin.sync.changes({});
    expect(groups).toEqual([
      { classId: 'c5a', className: '5А', kind: 'document', label: 'Документы реестра', pending: 3, rejected: 0, invalid: 0, oldestAt: expect.any(String), reasons: [] },
      { classId: 'c5a', className: '5А', kind: 'finalMark', label: 'Итоговые отметки', pending: 1, rejected: 0, invalid: 0, oldestAt: expect.any(String), reasons: [] },
    ]);
    const json = JSON.stringify(groups) + JSON.stringify(await admin.sync.status({}));
    for (const name of await fixtureNames()) expect(json).not.toContain(name);
    expect(json).not.toContain('Математика');
    expect((await admin.sync.status({})).pending).toBe(4);
  });

  it('a refusal reason naming a child is replaced by the generic one; a reason without personal data is shown, counted', async () => {
    await makeChanges();
    const reasons = [
      'Ученик Ёлкин П. И. не найден в этом классе',
      'Подписавший не указан в центральной системе как законный представитель этого ученика. Проверьте сведения о родителях.',
      'Подписавший не указан в центральной системе как законный представитель этого ученика. Проверьте сведения о родителях.',
    ];
    await t.app.core.store.updateClass('c5a', (d) => {
      d.mutations
        .filter((m) => m.kind === 'registry.document')
        .forEach((m, i) => {
          m.rejected = { reason: reasons[i]!, at: '2026-10-26T09:00:00.000Z' };
        });
    });
    const groups = await (await t.as('admin')).sync.changes({});
    const docs = groups.find((g) => g.kind === 'document')!;
    expect(docs).toMatchObject({ pending: 0, rejected: 3, invalid: 0 });
    expect(docs.reasons).toEqual([
      { text: reasons[1], count: 2 },
      { text: GENERIC_REJECTION_REASON, count: 1 },
    ]);
    expect(JSON.stringify(groups)).not.toContain('Ёлкин');
  });

  it('changes made with a login from the moment it was reported known to others are counted invalid (the one rule)', async () => {
    await makeChanges();
    await t.app.core.store.updateSchool((d) => {
      d.compromises.push({ id: 'cmp1', userId: 'u_zavuch', from: '2026-10-26T08:00:00.000Z', recordedAt: '2026-10-26T09:00:00.000Z', recordedBy: 'u_director' });
    });
    const admin = await t.as('admin');
    const groups = await admin.sync.changes({});
    expect(groups.find((g) => g.kind === 'finalMark')).toMatchObject({ pending: 0, rejected: 0, invalid: 1 });
    expect(groups.find((g) => g.kind === 'document')).toMatchObject({ pending: 3, invalid: 0 });
    expect(await admin.sync.status({})).toMatchObject({ pending: 3, invalid: 1 });
  });

  it('a window that began after the change leaves it valid; an old program\'s mark «invalid» still counts', async () => {
    await makeChanges();
    await t.app.core.store.updateSchool((d) => {
      d.compromises.push({ id: 'cmp1', userId: 'u_teacher_5a', from: '2026-10-27T08:00:00.000Z', recordedAt: '2026-10-27T09:00:00.000Z', recordedBy: 'u_director' });
    });
    await t.app.core.store.updateClass('c5a', (d) => {
      d.mutations.find((m) => m.kind === 'final_mark')!.invalid = true;
    });
    const groups = await (await t.as('admin')).sync.changes({});
    expect(groups.find((g) => g.kind === 'document')).toMatchObject({ pending: 3, invalid: 0 });
    expect(groups.find((g) => g.kind === 'finalMark')).toMatchObject({ pending: 0, invalid: 1 });
  });

  it('an error the central system wrote is shown only when it can carry no personal data; this workstation\'s own messages are', async () => {
    const engine = syncEngineOf(t.app.core);
    const real = await engine.status();
    const admin = await t.as('admin');
    const at = '2026-10-26T09:00:00.000Z';
    const spy = vi.spyOn(engine, 'status');
    spy.mockResolvedValue({ ...real, lastError: { message: 'Нельзя принять данные ученика Ёлкина Петра', kind: 'server', at } });
    expect(await admin.sync.status({})).toMatchObject({ lastError: GENERIC_CENTRAL_ERROR, errorKind: 'server' });
    spy.mockResolvedValue({ ...real, lastError: { message: 'Подключение рабочего места отозвано. Подключите его заново.', kind: 'auth', at } });
    expect(await admin.sync.status({})).toMatchObject({ lastError: 'Подключение рабочего места отозвано. Подключите его заново.', errorKind: 'auth' });
    spy.mockResolvedValue({ ...real, lastError: { message: 'Нет связи с центральной системой (http://10.0.0.15:8787).', kind: 'network', at } });
    expect(await admin.sync.status({})).toMatchObject({ lastError: 'Нет связи с центральной системой (http://10.0.0.15:8787).' });
    spy.mockRestore();
  });

  it('a class teacher counts only his classes', async () => {
    await makeChanges();
    expect(await (await t.as('teacher.9b')).sync.changes({})).toEqual([]);
    expect((await (await t.as('teacher.5a')).sync.changes({})).map((g) => g.kind)).toEqual(['document', 'finalMark']);
  });
});

describe('which refusal reasons can be shown', () => {
  const words = nameWordsOf([
    {
      students: [{ id: 's', classId: 'c', lastName: 'Ёлкин', firstName: 'Пётр', middleName: 'Ильич', birthDate: '2015-01-01', gender: 'm', enrolledOn: '2022-09-01' }],
      guardians: [{ id: 'g', lastName: 'Смирнова', firstName: 'Анна', relation: 'мать', studentIds: ['s'] }],
    },
  ]);
  it.each([
    ['Документ ученика Елкина не принят', false], // a name with е for ё
    ['ЁЛКИН: подпись не совпадает', false],
    ['Подписала Анна', false],
    ['Мать — Смирновой', false],
    ['Отчество Ильичу не совпадает', false],
    ['Подписавший Иванов И. И. не найден', false], // «Фамилия И. О.» of anyone
    ['Телефон +7 (912) 345-67-89 уже используется', false],
    ['Адрес parent@example.ru не принят', false],
    ['Дата рождения 02.03.2015 не совпадает', false],
    ['Дата 2015-03-02 не совпадает', false],
    ['', false],
    ['Класс не найден в центральной системе (c5a). Возможно, он расформирован: проверьте данные и зарегистрируйте заново.', true],
    ['Центральная система не знает изменений вида «final_mark». Обновите программу.', true],
    ['Итоговая отметка с таким номером уже есть в центральной системе с другим содержанием.', true],
  ])('%s → shown: %s', (reason, shown) => {
    expect(safeRejectionReason(reason, words)).toBe(shown ? reason : GENERIC_REJECTION_REASON);
  });
});

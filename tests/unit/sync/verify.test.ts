/**
 * Checking an extract from outside (issue 14, point 9): the workstation's register facts reach the
 * central system as mutations, and `GET /v1/verify/<code>` answers valid, annulled or unknown — as
 * JSON or as a Russian page, never with a child's name — for a code typed in Cyrillic look-alikes,
 * lower case and spaces too. PGlite always, PostgreSQL when EZHD_TEST_PG_URL is set.
 */
import { describe, expect, it } from 'vitest';
import { qrText } from '../../../electron/contract/extracts/code.js';
import { MUTATION_KINDS } from '../../../electron/contract/sync/kinds.js';
import { DB_KINDS, PG_SKIP_NOTE, skipDb, seedFixtureSchool, workstation, useCentral } from './helpers.js';

/** «A1B2-…» with its Latin letters as Cyrillic look-alikes (А В С Е), in lower case, spaced. */
function cyrillic(code: string): string {
  const map: Record<string, string> = { A: 'а', B: 'в', C: 'с', E: 'е' };
  return code
    .split('')
    .map((ch) => map[ch] ?? ch.toLowerCase())
    .join('')
    .replace(/-/g, ' ');
}

describe.each(DB_KINDS)('extract verification through the central system on %s', (kind) => {
  if (skipDb(kind)) {
    it.skip(`${PG_SKIP_NOTE} the verify tests against it`, () => undefined);
    return;
  }
  const env = useCentral(kind);

  const get = async (code: string, accept = 'application/json') => {
    const r = await fetch(`${env.central.url}/v1/verify/${encodeURIComponent(code)}`, { headers: { Accept: accept } });
    return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
  };

  it('valid after sign-off, annulled after annulment, unknown otherwise; Cyrillic look-alikes and spaces read; no child data', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const w = await workstation(env.t.db, schoolId, env.central.url, { id: 'ws-v', now: '2026-11-20T09:00:00.000Z' });
    await w.engine.syncNow();
    const office = await w.t.as('office');
    const director = await w.t.as('director');

    const row = await office.extracts.prepare({ studentId: 's1', from: '2026-11-02', to: '2026-11-13', reason: 'request' });
    // Prepared only: nothing is valid yet, nothing to send.
    expect((await w.t.app.core.store.classData('c5a')).mutations.filter((m) => m.kind.startsWith('extract.'))).toHaveLength(0);
    expect((await get(row.code)).status).toBe(404);

    await director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    const pending = (await w.t.app.core.store.classData('c5a')).mutations.filter((m) => m.kind.startsWith('extract.'));
    expect(pending.map((m) => m.kind)).toEqual([MUTATION_KINDS.extractIssued]);
    // The wire carries the digest, the number and dates: no code, no student, no name.
    const wire = JSON.stringify(pending[0]!.payload);
    expect(wire).not.toContain(row.code);
    expect(wire).not.toMatch(/s1|Ёлкин|studentId/);
    expect((await w.engine.syncNow()).accepted).toBe(1);

    const valid = await get(row.code);
    expect(valid.status).toBe(200);
    expect(valid.type).toContain('application/json');
    expect(JSON.parse(valid.text)).toMatchObject({ v: 1, result: 'valid', code: row.code, number: row.number, issuedOn: '2026-11-20' });
    expect(valid.text).not.toMatch(/Ёлкин|5А|s1/);

    // Typed from the paper with Cyrillic letters, in lower case, with spaces.
    const typed = cyrillic(row.code);
    expect(typed).not.toBe(row.code);
    expect(JSON.parse((await get(typed)).text)).toMatchObject({ result: 'valid', code: row.code });

    // The page for a phone: Russian, small, the number and the date, no child.
    const page = await get(row.code, 'text/html,application/xhtml+xml');
    expect(page.type).toContain('text/html');
    expect(page.text).toContain('Выписка действительна');
    expect(page.text).toContain(`№ ${row.number}`);
    expect(page.text).toContain('20.11.2026');
    expect(page.text).not.toMatch(/Ёлкин|<script/);

    // Annulled on the workstation: the central page says so once the fact arrives.
    await office.extracts.annul({ id: row.id, reason: 'Неверный период: семья просила октябрь' });
    expect((await w.engine.syncNow()).accepted).toBe(1);
    const annulled = JSON.parse((await get(row.code)).text);
    expect(annulled).toMatchObject({ result: 'annulled', number: row.number, annulledOn: '2026-11-20' });
    expect(annulled.superseded).toBeUndefined();
    expect(JSON.stringify(annulled)).not.toContain('октябрь'); // the reason stays in the school
    expect((await get(typed, 'text/html')).text).toContain('Выписка аннулирована');

    // A code nobody issued; and text that is not a code at all.
    const forged = await get('0000-1111-2222-3333-4444');
    expect(forged.status).toBe(404);
    expect(JSON.parse(forged.text)).toMatchObject({ result: 'unknown' });
    expect((await get('not a code', 'text/html')).text).toContain('Код не распознан');
  });

  it('a signed-off version replaced by a new one (the data changed) verifies as annulled; the new one as valid', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const w = await workstation(env.t.db, schoolId, env.central.url, { id: 'ws-r', now: '2026-11-20T09:00:00.000Z' });
    await w.engine.syncNow();
    let office = await w.t.as('office');
    let director = await w.t.as('director');
    const first = await office.extracts.prepare({ studentId: 's2', from: '2026-09-01', to: '2026-11-13', reason: 'request' });
    await director.extracts.signOff({ items: [{ id: first.id, contentHash: first.currentHash }] });
    // A teacher's recommendation of the period added the next day: the next sign-off makes a new version.
    w.t.clock.now = new Date('2026-11-21T09:00:00.000Z');
    await w.t.app.core.store.updateClass('c5a', (d) => {
      d.recommendations.push({ id: 'rec-late', studentId: 's2', subjectId: 'rus', teacherId: 't2', date: '2026-11-12', text: 'Читать вслух 15 минут в день' });
    });
    office = await w.t.as('office');
    director = await w.t.as('director');
    const [again] = await office.extracts.register({ classId: 'c5a', studentId: 's2' });
    expect(again!.state).toBe('outdated');
    const [second] = await director.extracts.signOff({ items: [{ id: again!.id, contentHash: again!.currentHash }] });
    expect(second!.code).not.toBe(first.code);
    await w.engine.syncNow();
    expect(JSON.parse((await get(first.code)).text)).toMatchObject({ result: 'annulled', superseded: true, annulledOn: '2026-11-21' });
    expect(JSON.parse((await get(second!.code)).text)).toMatchObject({ result: 'valid', number: first.number, issuedOn: '2026-11-21' });
  });

  it('the QR code holds the check page of the central system when enrolled, the plain text otherwise', () => {
    expect(qrText({ number: 57, code: 'A1B2-C3D4-E5F6-0718-293A', centralUrl: 'https://ezhd.example.ru/' })).toBe('https://ezhd.example.ru/v1/verify/A1B2-C3D4-E5F6-0718-293A');
    expect(qrText({ number: 57, code: 'A1B2-C3D4-E5F6-0718-293A', centralUrl: null })).toBe('EZHD-VYPISKA N57 A1B2-C3D4-E5F6-0718-293A');
  });
});

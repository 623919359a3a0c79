import { describe, expect, it } from 'vitest';
import type { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import type { RegisterInput } from '../../../electron/contract/groups/registry.js';
import { seriesOf } from '../../../electron/core/registry/numbers.js';
import type { ClassData } from '../../../electron/core/store/schema.js';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { pdfText, squash } from '../helpers/pdfText.js';

const S = seriesOf('ws-test');
const consent = (studentId: string, signerId: string, signedOn = '2026-09-01'): RegisterInput => ({ studentId, signerKind: 'guardian', signerId, signedOn, body: { kind: 'pd_consent' } });
const classFile = (t: TestApp, id: string) => t.backend.files.get(`classes/${id}.json`) as ClassData;

/** A document as an older program registered it: no number. */
function oldDocument(id: string, studentId: string, signerId: string, at: string, ws = 'ws-old'): RegistryDocument {
  return { id, studentId, signerKind: 'guardian', signerId, signedOn: at.slice(0, 10), registeredAt: at, registeredBy: 'u_office', hlc: `${at}-0000-${ws}`, workstationId: ws, kind: 'pd_consent' };
}

describe('registration numbers (the registry service)', () => {
  it('each registered document gets the next number of this workstation, across classes, stored with it and sent with it', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const a = await office.registry.register(consent('s1', 'g1'));
    const b = await office.registry.register(consent('s10', 'g10'));
    const c = await office.registry.register(consent('s2', 'g2'));
    expect([a.number, b.number, c.number]).toEqual([`${S}-1/2026-27`, `${S}-2/2026-27`, `${S}-3/2026-27`]);
    expect(classFile(t, 'c5a').documents.map((d) => d.regNo)).toEqual([
      { series: S, seq: 1, year: 2026 },
      { series: S, seq: 3, year: 2026 },
    ]);
    expect((classFile(t, 'c9b').mutations[0]!.payload as RegistryDocument).regNo).toEqual({ series: S, seq: 2, year: 2026 });
  });

  it('two registrations at the same moment in two classes never take the same number', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const results = await Promise.all([office.registry.register(consent('s1', 'g1')), office.registry.register(consent('s10', 'g10')), office.registry.register(consent('s2', 'g2'))]);
    expect(new Set(results.map((r) => r.number)).size).toBe(3);
  });

  it('a refused registration takes no number', async () => {
    const t = await testApp();
    const office = await t.as('office');
    await office.registry.register(consent('s1', 'g1'));
    await expect(office.registry.register(consent('s1', 'g1'))).rejects.toThrow(/уже зарегистрирован/);
    expect((await office.registry.register(consent('s2', 'g2'))).number).toBe(`${S}-2/2026-27`);
  });

  it('the journal shows the same number in the class view and school-wide, and never renumbers', async () => {
    const t = await testApp();
    const office = await t.as('office');
    await office.registry.register(consent('s10', 'g10'));
    const { document } = await office.registry.register(consent('s1', 'g1', '2026-09-05'));
    const numberIn = async (classId?: string) => (await office.registry.log(classId ? { classId } : {})).rows.find((r) => r.documentId === document.id)!.number;
    expect(await numberIn('c5a')).toBe(`${S}-2/2026-27`);
    expect(await numberIn()).toBe(`${S}-2/2026-27`);
    // A paper dated earlier, registered later: it takes the next number; the others keep theirs.
    await office.registry.register(consent('s2', 'g2', '2026-09-02'));
    expect(await numberIn('c5a')).toBe(`${S}-2/2026-27`);
    expect(await numberIn()).toBe(`${S}-2/2026-27`);
    const card = await office.registry.student({ studentId: 's1' });
    expect(card.timeline[0]!.number).toBe(`${S}-2/2026-27`);
  });

  it('documents from before numbers are numbered in their own series by registration order; new ones do not change them', async () => {
    const t = await testApp();
    await t.app.core.store.updateClass('c5a', (d) => {
      d.documents.push(oldDocument('old2', 's2', 'g2', '2026-09-03T08:00:00.000Z'), oldDocument('old1', 's1', 'g1', '2026-09-02T08:00:00.000Z'));
    });
    await t.app.core.store.updateClass('c9b', (d) => {
      d.documents.push(oldDocument('old3', 's10', 'g10', '2026-09-04T08:00:00.000Z'));
    });
    const office = await t.as('office');
    const OLD = seriesOf('ws-old');
    const numbers = async () => Object.fromEntries((await office.registry.log({})).rows.map((r) => [r.documentId, r.number]));
    const before = await numbers();
    expect(before).toEqual({ old1: `${OLD}-1/2026-27`, old2: `${OLD}-2/2026-27`, old3: `${OLD}-3/2026-27` });
    const { number } = await office.registry.register(consent('s3', 'g3'));
    expect(number).toBe(`${S}-1/2026-27`);
    expect(await numbers()).toMatchObject(before);
  });

  it('the number is printed on the registered copy and in the journal PDF', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const { document, number } = await office.registry.register(consent('s1', 'g1'));
    const form = squash(pdfText((await office.registry.form({ studentId: 's1', kind: 'pd_consent', documentId: document.id })).base64));
    expect(form).toContain(`Рег. № ${number}`);
    expect(form).toContain(`Регистрационный № ${number}.`);
    const log = squash(pdfText((await office.registry.logPdf({})).base64));
    expect(log).toContain(number!);
  });
});

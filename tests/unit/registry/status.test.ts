import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import type { StudentStatus } from '../../../electron/contract/groups/registry.js';
import { deriveStatus } from '../../../electron/core/registry/status.js';
import { GUARDIANS, STUDENT, TODAY, annulment, application, consent, contacts, doc, nonconsent, refusal, voiding } from './world.js';

const statusOf = (documents: RegistryDocument[], extra: { today?: string; invalid?: string[]; rejected?: [string, string][]; student?: typeof STUDENT } = {}) =>
  deriveStatus({
    student: extra.student ?? STUDENT,
    guardians: GUARDIANS,
    documents,
    today: extra.today ?? TODAY,
    invalidIds: new Set(extra.invalid ?? []),
    rejected: new Map(extra.rejected ?? []),
  });

const codes = (s: StudentStatus) => s.review.map((r) => r.code);

describe('производный статус ученика', () => {
  it('без документов: согласия нет, электронной формы нет, нужна бумажная информация', () => {
    const s = statusOf([]);
    expect(s.consent.state).toBe('none');
    expect(s.service).toEqual({ electronic: false, reason: 'no_consent', since: STUDENT.enrolledOn });
    expect(s.paper).toEqual({ due: true, reasons: ['no_consent'], since: STUDENT.enrolledOn });
    expect(s.review).toEqual([]);
    expect(s.summary).toMatch(/Электронной формы нет: нет согласия/);
  });

  it('согласие представителя: электронная форма на основании согласия', () => {
    const s = statusOf([consent({ id: 'C', on: '2026-09-01' })]);
    expect(s.consent.state).toBe('given');
    expect(s.service).toEqual({ electronic: true, reason: 'consent', documentId: 'C', since: '2026-09-01' });
    expect(s.paper.due).toBe(false);
    expect(s.summary).toMatch(/Электронная форма: да — согласие на обработку ПД от 01\.09\.2026 \(Жукова И\. П\.\)/);
  });

  it('отказ при согласии: формы нет, основание — отказ, бумага нужна с даты отказа', () => {
    const s = statusOf([consent({ on: '2026-09-01' }), refusal({ id: 'R', on: '2026-09-10' })]);
    expect(s.service).toEqual({ electronic: false, reason: 'refusal', documentId: 'R', since: '2026-09-10' });
    expect(s.paper).toEqual({ due: true, reasons: ['refusal'], since: '2026-09-10' });
  });

  it('аннулирование отказа возобновляет форму и становится её основанием', () => {
    const s = statusOf([consent({ on: '2026-09-01' }), refusal({ id: 'R', on: '2026-09-10' }), annulment('R', { id: 'A', on: '2026-10-01' })]);
    expect(s.service).toEqual({ electronic: true, reason: 'annulment', documentId: 'A', since: '2026-10-01' });
    expect(s.paper.due).toBe(false);
  });

  it('заявление ученика 14+ при отказе родителя: форма есть, основание — заявление, его собственное согласие', () => {
    const s = statusOf([refusal({ id: 'R', on: '2026-09-10' }), application({ id: 'APP', on: '2026-10-01' })]);
    expect(s.service).toEqual({ electronic: true, reason: 'student_application', documentId: 'APP', since: '2026-10-01' });
    expect(s.consent.studentOwn).toEqual({ documentId: 'APP', signedOn: '2026-10-01' });
    expect(s.canApply).toBe(false);
  });

  it('отказ, поданный после заявления ученика, снова отключает форму', () => {
    const s = statusOf([consent({ on: '2026-09-01' }), application({ on: '2026-10-01' }), refusal({ id: 'R2', on: '2026-10-05', signer: 'father' })]);
    expect(s.service.electronic).toBe(false);
    expect(s.service.documentId).toBe('R2');
  });

  it('несогласие на обработку ПД: формы нет, основание — несогласие', () => {
    const s = statusOf([nonconsent({ id: 'N', on: '2026-09-01' })]);
    expect(s.consent.state).toBe('refused');
    expect(s.service).toMatchObject({ electronic: false, reason: 'nonconsent', documentId: 'N' });
  });

  it('мать согласна, отец нет: противоречие, формы нет, на проверку', () => {
    const s = statusOf([consent({ on: '2026-09-01' }), nonconsent({ on: '2026-09-05', signer: 'father' })]);
    expect(s.consent.state).toBe('disputed');
    expect(s.service.reason).toBe('disputed');
    expect(codes(s)).toEqual(['consent_disputed']);
  });

  it('отозванный отказ не действует', () => {
    const s = statusOf([consent({ on: '2026-09-01' }), refusal({ id: 'R', on: '2026-09-10' }), voiding('R', { on: '2026-09-11' })]);
    expect(s.service).toMatchObject({ electronic: true, reason: 'consent' });
    expect(s.review).toEqual([]);
  });

  it('один и тот же отказ с двух рабочих мест: оба сохранены и на проверке; аннулирование снимает оба', () => {
    const a = refusal({ id: 'Ra', on: '2026-09-10', ws: 'wsA', hlc: '2026-09-10T10:00:00.000Z-0000-wsA' });
    const b = refusal({ id: 'Rb', on: '2026-09-10', ws: 'wsB', hlc: '2026-09-10T11:00:00.000Z-0000-wsB' });
    const s = statusOf([consent({ on: '2026-09-01' }), a, b]);
    expect(s.service).toMatchObject({ electronic: false, reason: 'refusal' });
    expect(s.review).toEqual([expect.objectContaining({ code: 'duplicate', documentIds: ['Ra', 'Rb'] })]);
    expect(s.review[0]!.message).toMatch(/зарегистрирован 2 раза/);
    const after = statusOf([consent({ on: '2026-09-01' }), a, b, annulment('Rb', { on: '2026-10-01' })]);
    expect(after.service).toMatchObject({ electronic: true, reason: 'annulment' });
  });

  it('согласие и несогласие в один день: оба на проверке, действует более позднее по часам', () => {
    const c = consent({ id: 'C', on: '2026-09-01', hlc: '2026-09-01T09:00:00.000Z-0000-wsA' });
    const n = nonconsent({ id: 'N', on: '2026-09-01', hlc: '2026-09-01T12:00:00.000Z-0000-wsB' });
    const s = statusOf([n, c]);
    expect(s.consent.state).toBe('refused');
    expect(s.review).toEqual([expect.objectContaining({ code: 'same_day', documentIds: ['C', 'N'] })]);
  });

  it('выбран способ «на бумаге»: бумажная информация нужна и при электронной форме', () => {
    const s = statusOf([consent({ on: '2026-09-01' }), contacts(['sms', 'paper'], { id: 'K', on: '2026-09-02' })]);
    expect(s.service.electronic).toBe(true);
    expect(s.paper).toEqual({ due: true, reasons: ['paper_channel'], since: '2026-09-02' });
    expect(s.channels).toEqual(['sms', 'paper']);
    expect(s.contacts).toEqual([{ guardianId: 'mother', phone: '+7 912 345-67-89', channels: ['sms', 'paper'], source: 'written', documentId: 'K', signedOn: '2026-09-02' }]);
  });

  it('может подать заявление: 14 лет есть и формы нет; до 14 — нет', () => {
    const docs = [consent({ on: '2026-09-01' }), refusal({ on: '2026-09-10' })];
    expect(statusOf(docs).canApply).toBe(true);
    expect(statusOf(docs, { today: '2026-02-28' }).canApply).toBe(false);
    expect(statusOf(docs, { today: '2026-03-01' }).canApply).toBe(true);
  });

  it('документ, зарегистрированный под взломанной учётной записью, не действует и на проверке', () => {
    const s = statusOf([consent({ id: 'C', on: '2026-09-01' })], { invalid: ['C'] });
    expect(s.service.electronic).toBe(false);
    expect(codes(s)).toEqual(['invalid_login']);
  });

  it('аннулирование без действующего отказа (пришло с другого места) ничего не меняет и на проверке', () => {
    const s = statusOf([consent({ on: '2026-09-01' }), annulment('missing', { on: '2026-09-20' })]);
    expect(s.service).toMatchObject({ electronic: true, reason: 'consent' });
    expect(codes(s)).toEqual(['annulment_without_refusal']);
  });

  it('заявление младше 14 лет (пришло с другого места) не действует и на проверке', () => {
    const s = statusOf([refusal({ on: '2026-01-10' }), application({ on: '2026-02-01' }, true, '2026-02-01')]);
    expect(s.service).toMatchObject({ electronic: false, reason: 'refusal' });
    expect(codes(s)).toEqual(['application_invalid']);
  });

  it('документ, отклонённый центральной системой, на проверке с причиной', () => {
    const s = statusOf([consent({ id: 'C', on: '2026-09-01' })], { rejected: [['C', 'ученик переведён в другую школу']] });
    expect(s.review[0]!.message).toMatch(/отклонила.*переведён/);
  });

  it('документ от лица, которое больше не представитель, на проверке', () => {
    const s = statusOf([consent({ on: '2026-09-01', signer: 'stranger' })]);
    expect(codes(s)).toEqual(['signer_unknown']);
  });

  it('документы других учеников не учитываются', () => {
    const s = statusOf([{ ...consent({ on: '2026-09-01' }), studentId: 's2' }]);
    expect(s.consent.state).toBe('none');
  });
});

/** Random documents of one student over a few days, with cross references, so that orders matter. */
const docsArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom('pd_consent', 'pd_nonconsent', 'refusal', 'annulment', 'student_application', 'contacts', 'void'),
      day: fc.integer({ min: 1, max: 4 }),
      clock: fc.integer({ min: 0, max: 5 }),
      ws: fc.constantFrom('wsA', 'wsB'),
      signer: fc.constantFrom('mother', 'father', 'stranger'),
      ref: fc.nat(),
      flag: fc.boolean(),
    }),
    { maxLength: 14 },
  )
  .map((specs) => {
    const out: RegistryDocument[] = [];
    specs.forEach((s, i) => {
      const on = `2026-0${s.day + 4}-1${s.day}`;
      const meta = { id: `x${i}`, on, signer: s.signer, ws: s.ws, hlc: `${on}T0${s.clock}:00:00.000Z-0000-${s.ws}` };
      const pick = () => out[s.ref % Math.max(1, out.length)]?.id ?? 'none';
      switch (s.kind) {
        case 'pd_consent':
          out.push(consent(meta));
          break;
        case 'pd_nonconsent':
          out.push(nonconsent(meta));
          break;
        case 'refusal':
          out.push(refusal(meta, s.flag ? 'текст' : undefined));
          break;
        case 'annulment':
          out.push(annulment(out.filter((d) => d.kind === 'refusal')[s.ref % 3]?.id ?? 'none', meta));
          break;
        case 'student_application':
          out.push(application({ ...meta, signer: STUDENT.id }, s.flag));
          break;
        case 'contacts':
          out.push(contacts(s.flag ? ['paper'] : ['sms'], meta));
          break;
        case 'void':
          out.push(doc({ kind: 'void', targetId: pick(), reason: 'ошибка' }, { ...meta, signer: 'u1', signerKind: 'staff' }));
          break;
      }
    });
    return out;
  });

describe('порядок поступления не влияет на статус', () => {
  it('любая перестановка документов (и повтор одного и того же) даёт тот же статус', () => {
    fc.assert(
      fc.property(
        docsArb.chain((docs) => fc.tuple(fc.constant(docs), fc.shuffledSubarray(docs, { minLength: docs.length, maxLength: docs.length }), fc.subarray(docs))),
        ([docs, shuffled, repeated]) => {
          const a = statusOf(docs);
          const b = statusOf([...shuffled, ...repeated]);
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('каждый документ либо действует, либо отозван, либо назван в проверке: ничего не теряется молча', () => {
    fc.assert(
      fc.property(docsArb, (docs) => {
        const s = statusOf(docs);
        expect(s.summary.length).toBeGreaterThan(10);
        // Duplicates never disappear: every copy is named in the review.
        const dupIds = s.review.filter((r) => r.code === 'duplicate').flatMap((r) => r.documentIds);
        expect(new Set(dupIds).size).toBe(dupIds.length);
      }),
      { numRuns: 200 },
    );
  });
});

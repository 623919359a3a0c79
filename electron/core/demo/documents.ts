import { type Channel, type DocumentBody, type RegistryDocument } from '../../contract/entities/documents.js';
import type { Guardian } from '../../contract/entities/people.js';
import type { ClassSpec } from './classes.js';
import { ageOn, birthdayAt, isoOf, makeDay, timestampMs, weekdayOf, type Day } from './dates.js';
import { fullName, translit } from './names.js';
import type { StudentProfile } from './people.js';
import type { Rng } from './rng.js';

import { REFUSAL_PHRASE } from '../../contract/groups/registry.js';
import { formatHlc } from '../sync/hlc.js';

/** The phrase a written refusal must contain, verbatim: the registry's, so there is one copy. */
export { REFUSAL_PHRASE };

export const DEMO_WORKSTATION_ID = 'ws-demo';

/** A void (отзыв ошибочной записи) is drawn up by the staff member who registers it. */
const VOID_SIGNER: RegistryDocument['signerKind'] = 'staff';

/** A hybrid-logical-clock value in the sync clock's own format, in registration order. */
export function demoHlc(ms: number, counter: number, node = DEMO_WORKSTATION_ID): string {
  return formatHlc({ millis: ms, counter: counter % 0x10000, node });
}

/**
 * The registry of a class: consents to personal-data processing signed by a guardian in early
 * September (a few non-consents, some students with nothing yet), contact declarations with
 * channels, written refusals of the electronic service (with the mandated phrase), some later
 * annulled, applications of students of 14 and older with a passport who want the service back,
 * and now and then a consent registered under the wrong guardian and voided. Registration follows
 * signature by a few days at most; nothing is dated after `asOf` or after the student left.
 */
export interface ClassRegistry {
  documents: RegistryDocument[];
  /** Per student, the day ranges [from, to] in which the electronic service was on (to ≤ asOf). */
  serviceWindows: Map<string, [Day, Day][]>;
}

interface Draft {
  key: number;
  body: DocumentBody;
  studentId: string;
  signerKind: RegistryDocument['signerKind'];
  signerId: string;
  signedOn: Day;
  note?: string;
  /** For annulments and voids: the draft they refer to. */
  ref?: Draft;
  regMs?: number;
  /** Registration in relation to another draft: just before (-) or after (+) it, in minutes. */
  regNear?: { draft: Draft; minutes: number };
  registeredBy?: string;
  id?: string;
}

export function generateRegistry(
  spec: ClassSpec,
  profiles: readonly StudentProfile[],
  schoolDays: readonly Day[],
  asOf: Day,
  startYear: number,
  registrars: { classTeacher: string; office: string },
  rng: Rng,
): ClassRegistry {
  const drafts: Draft[] = [];
  const windows = new Map<string, [Day, Day][]>();
  let key = 0;
  // Nothing is signed after asOf, nor after the student left the school.
  const until = new Map(profiles.map((p) => [p.student.id, p.left === null ? asOf : Math.min(asOf, p.left)] as const));
  const add = (d: Omit<Draft, 'key'>): Draft => {
    const draft = { ...d, key: key++ };
    if (draft.signedOn <= (until.get(draft.studentId) ?? asOf)) drafts.push(draft);
    return draft;
  };
  const septDays = schoolDays.filter((d) => d <= makeDay(startYear, 9, 12));
  // Papers are signed and registered at school: on a school day (Monday–Friday).
  const workDays = schoolDays.filter((d) => weekdayOf(d) <= 5);
  const weekdayOnOrAfter = (d: Day): Day => {
    let lo = 0;
    let hi = workDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((workDays[mid] as Day) < d) lo = mid + 1;
      else hi = mid;
    }
    return workDays[lo] ?? d + 365;
  };

  // One senior student per class whose parent refused and who applies himself at 14+.
  let forcedApplicant = -1;
  if (spec.grade >= 8 && rng.chance(0.7)) {
    const eligible = profiles.filter((p) => p.left === null && p.enrolled <= makeDay(startYear, 9, 1) && ageOn(p.birth, asOf - 20) >= 14);
    if (eligible.length > 0) forcedApplicant = rng.pick(eligible).index;
  }

  for (const p of profiles) {
    const sid = p.student.id;
    const last = until.get(sid) ?? asOf;
    const gs: readonly Guardian[] = p.guardians;
    const main = gs[0];
    if (!main) continue;
    const start = p.enrolled >= makeDay(startYear, 9, 1) ? weekdayOnOrAfter(p.enrolled) : rng.pick(septDays.length > 0 ? septDays : [makeDay(startYear, 9, 1)]);
    const joinedLate = p.enrolled > makeDay(startYear, 9, 1);
    const roll = rng.next();
    const forced = p.index === forcedApplicant;
    const status = forced || joinedLate ? 'consent' : roll < 0.88 ? 'consent' : roll < 0.91 ? 'nonconsent' : 'none';
    if (status === 'none') continue;
    if (status === 'nonconsent') {
      add({ body: { kind: 'pd_nonconsent' }, studentId: sid, signerKind: 'guardian', signerId: main.id, signedOn: start });
      if (rng.chance(0.7)) add({ body: { kind: 'contacts', channels: ['paper'], source: 'written', phone: phone(rng) }, studentId: sid, signerKind: 'guardian', signerId: main.id, signedOn: start });
      continue;
    }
    add({ body: { kind: 'pd_consent' }, studentId: sid, signerKind: 'guardian', signerId: main.id, signedOn: start });
    const second = gs[1];
    if (second && rng.chance(0.35)) add({ body: { kind: 'pd_consent' }, studentId: sid, signerKind: 'guardian', signerId: second.id, signedOn: start });
    if (rng.chance(0.75)) {
      const channels = rng.weighted<Channel[]>([[['sms'], 35], [['email'], 25], [['sms', 'email'], 40]]);
      const body: DocumentBody = { kind: 'contacts', channels, source: rng.chance(0.8) ? 'written' : 'edoc' };
      if (channels.includes('sms') || rng.chance(0.5)) body.phone = phone(rng);
      if (channels.includes('email')) body.email = email(rng, main.firstName, main.lastName);
      add({ body, studentId: sid, signerKind: 'guardian', signerId: main.id, signedOn: weekdayOnOrAfter(start + (rng.chance(0.7) ? 0 : rng.int(1, 30))) });
    }
    const window: [Day, Day] = [start, last];
    const studentWindows: [Day, Day][] = [window];
    windows.set(sid, studentWindows);

    // Refusal of the electronic form.
    if (!(forced || rng.chance(0.04)) || last - start < 10) continue;
    const refusedOn = forced
      ? weekdayOnOrAfter(start + rng.int(3, Math.max(3, Math.min(20, last - start - 10))))
      : weekdayOnOrAfter(start + rng.int(3, Math.max(3, last - start)));
    if (refusedOn > last) continue;
    const signer = rng.pick(gs);
    const refusal = add({
      body: { kind: 'refusal', text: refusalText(signer, p, spec) },
      studentId: sid,
      signerKind: 'guardian',
      signerId: signer.id,
      signedOn: refusedOn,
    });
    window[1] = refusedOn - 1;
    if (rng.chance(0.5)) add({ body: { kind: 'contacts', channels: ['paper'], source: 'written' }, studentId: sid, signerKind: 'guardian', signerId: signer.id, signedOn: refusedOn });

    const b14 = birthdayAt(p.birth, 14);
    if (!forced && rng.chance(0.3)) {
      const annulledOn = weekdayOnOrAfter(refusedOn + rng.int(20, 90));
      if (annulledOn <= last) {
        add({ body: { kind: 'annulment', refusalId: 'pending' }, studentId: sid, signerKind: 'guardian', signerId: signer.id, signedOn: annulledOn, ref: refusal });
        studentWindows.push([annulledOn, last]);
      }
    } else if (forced || (ageOn(p.birth, last) >= 14 && rng.chance(0.6))) {
      const appliedOn = weekdayOnOrAfter(Math.max(refusedOn + 7, b14 + 10));
      if (appliedOn <= last && ageOn(p.birth, appliedOn) >= 14) {
        const issued = b14 + rng.int(1, Math.max(1, Math.min(30, appliedOn - b14)));
        const passport = {
          series: `45${String(new Date(issued * 86_400_000).getUTCFullYear() % 100).padStart(2, '0')}`,
          number: String(rng.int(100000, 999999)),
          issuedOn: isoOf(issued),
        };
        add({
          body: { kind: 'student_application', passport, ownConsent: true },
          studentId: sid,
          signerKind: 'student',
          signerId: sid,
          signedOn: appliedOn,
          note: 'Прошу предоставлять мне услугу в электронном виде; своё письменное согласие прилагаю',
        });
        studentWindows.push([appliedOn, last]);
      }
    }
  }

  // Now and then a consent is first registered under the wrong guardian, voided minutes later
  // by the one who registered it, and then registered correctly.
  if (rng.chance(0.2)) {
    const signersOf = new Map<string, Set<string>>();
    for (const d of drafts) if (d.body.kind === 'pd_consent') signersOf.set(d.studentId, (signersOf.get(d.studentId) ?? new Set()).add(d.signerId));
    const otherGuardian = (d: Draft) => profiles.find((p) => p.student.id === d.studentId)?.guardians.find((g) => g.id !== d.signerId);
    const candidates = drafts.filter((d) => {
      const other = d.body.kind === 'pd_consent' ? otherGuardian(d) : undefined;
      return other !== undefined && !signersOf.get(d.studentId)?.has(other.id);
    });
    const orig = candidates.length > 0 ? rng.pick(candidates) : undefined;
    const other = orig ? otherGuardian(orig) : undefined;
    if (orig && other) {
      const registrar = rng.chance(0.8) ? registrars.classTeacher : registrars.office;
      const base = { studentId: orig.studentId, signedOn: orig.signedOn, registeredBy: registrar };
      const wrong = add({ ...base, body: { kind: 'pd_consent' }, signerKind: 'guardian', signerId: other.id, regNear: { draft: orig, minutes: -rng.int(20, 40) } });
      add({
        ...base,
        body: { kind: 'void', targetId: 'pending', reason: 'Ошибка регистрации: указан не тот законный представитель, документ подписан другим родителем' },
        signerKind: VOID_SIGNER,
        signerId: VOID_SIGNER === 'guardian' ? other.id : registrar,
        ref: wrong,
        regNear: { draft: orig, minutes: -rng.int(3, 15) },
      });
    }
  }

  // Registration: a few days after signature at most, office hours, never after asOf.
  for (const d of drafts) {
    if (d.regNear) continue;
    const day = Math.min(asOf, weekdayOnOrAfter(d.signedOn + (rng.chance(0.6) ? 0 : rng.int(1, 3))));
    // Office hours, 09:00–16:59 Moscow time: time enough before for a mistake to be made and voided.
    d.regMs = timestampMs(Math.max(d.signedOn, day), rng.int(9, 16), rng.int(0, 59), rng.int(0, 59)) + rng.int(0, 999);
  }
  // A student's papers are registered in the order they were signed (a consent before the contacts
  // that rely on it, a refusal before its annulment).
  const byStudent = new Map<string, Draft[]>();
  for (const d of drafts) if (!d.regNear) byStudent.set(d.studentId, [...(byStudent.get(d.studentId) ?? []), d]);
  for (const list of byStudent.values()) {
    list.sort((a, b) => a.signedOn - b.signedOn || a.key - b.key);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]?.regMs ?? 0;
      const cur = list[i] as Draft;
      if ((cur.regMs ?? 0) <= prev) cur.regMs = prev + rng.int(1, 15) * 60_000 + rng.int(0, 59_999);
    }
  }
  for (const d of drafts) if (d.regNear) d.regMs = (d.regNear.draft.regMs ?? 0) + d.regNear.minutes * 60_000 + rng.int(0, 59_999);
  drafts.sort((a, b) => (a.regMs ?? 0) - (b.regMs ?? 0) || a.key - b.key);
  drafts.forEach((d, i) => (d.id = `doc.${spec.id}.${String(i + 1).padStart(4, '0')}`));

  const documents = drafts.map((d, i): RegistryDocument => {
    let body = d.body;
    if (body.kind === 'annulment') body = { kind: 'annulment', refusalId: d.ref?.id ?? '' };
    if (body.kind === 'void') body = { ...body, targetId: d.ref?.id ?? '' };
    const ms = d.regMs ?? 0;
    const doc: RegistryDocument = {
      id: d.id ?? '',
      studentId: d.studentId,
      signerKind: d.signerKind,
      signerId: d.signerId,
      signedOn: isoOf(d.signedOn),
      registeredAt: new Date(ms).toISOString(),
      registeredBy: d.registeredBy ?? (rng.chance(0.8) ? registrars.classTeacher : registrars.office),
      hlc: demoHlc(ms, i),
      workstationId: DEMO_WORKSTATION_ID,
      ...body,
    };
    if (d.note) doc.note = d.note;
    return doc;
  });
  return { documents, serviceWindows: windows };
}

function refusalText(signer: Guardian, p: StudentProfile, spec: ClassSpec): string {
  return (
    `Я, ${fullName(signer)} (${signer.relation}), законный представитель обучающегося ${spec.name} класса ` +
    `(${fullName(p.student)}), отказываюсь от получения услуги «Ведение электронного дневника и электронного журнала ` +
    `успеваемости» в электронном виде и прошу предоставлять мне информацию о текущей успеваемости ребёнка ` +
    `в форме выписки на бумажном носителе. Настоящим подтверждаю, что ${REFUSAL_PHRASE}.`
  );
}

function phone(rng: Rng): string {
  const d = () => rng.int(0, 9);
  return `+7 (9${d()}${d()}) ${d()}${d()}${d()}-${d()}${d()}-${d()}${d()}`;
}

function email(rng: Rng, first: string, last: string): string {
  const domain = rng.pick(['mail.ru', 'yandex.ru', 'bk.ru', 'inbox.ru', 'gmail.com']);
  const login = rng.chance(0.5) ? `${translit(first)}.${translit(last)}` : `${translit(last)}${rng.int(70, 99)}`;
  return `${login}@${domain}`;
}

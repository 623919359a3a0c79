import { compromiseRule, invalidDocumentIdsIn, type CompromiseRule } from '../../contract/auth/compromise.js';
import { AppError } from '../../contract/errors.js';
import type { RegistryDocument } from '../../contract/entities/documents.js';
import type { Guardian, Student } from '../../contract/entities/people.js';
import type { SchoolClass } from '../../contract/entities/school.js';
import type { GuardianRef, LogInput, LogRow, RegisterInput, RegistryLog, StudentStatus, registry } from '../../contract/groups/registry.js';
import { fullName, ruDate, ruDateTime, shortName } from '../../contract/text/format.js';
import { normalizePhone } from '../../contract/text/phone.js';
import { MUTATION_KINDS } from '../../contract/sync/kinds.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { formFileName, renderRegistryForm, type FormData } from '../registry/print/paperForms.js';
import { registryLogXlsx, renderRegistryLogPdf } from '../registry/print/registrationLog.js';
import { contentOf, describeChange, signerName } from '../registry/describe.js';
import { ageOn, anniversary, sortDocuments } from '../registry/order.js';
import { yearsText } from '../registry/text.js';
import { checkDocument, draftDocument, type DocumentDraft, type RuleOutcome } from '../registry/rules.js';
import { readScan, scanRefOf, storeScan } from '../registry/scans.js';
import { deriveStatus, fold } from '../registry/status.js';
import { formatRegNumber, nextRegNumber, numberDocuments, schoolYearOf, seriesOf } from '../registry/numbers.js';
import type { RegNumber } from '../../contract/entities/documents.js';
import type { ClassData, SchoolData } from '../store/schema.js';
import { addMutation, reserveStamp } from '../sync/mutations.js';
import { isoDay } from '../util/dates.js';
import { newId } from '../util/ids.js';
import { KeyedMutex } from '../util/mutex.js';
import { toBase64 } from '../pdf/document.js';

const guardianRef = (g: Guardian): GuardianRef => ({
  id: g.id,
  lastName: g.lastName,
  firstName: g.firstName,
  ...(g.middleName ? { middleName: g.middleName } : {}),
  relation: g.relation,
});

/**
 * Documents not in force because they were registered with a login reported compromised (the one
 * rule, auth/compromise.ts, or marked so by an older program), and those the central system refused.
 */
function mutationFlags(data: ClassData, rule: CompromiseRule): { invalidIds: Set<string>; rejected: Map<string, string> } {
  const invalidIds = invalidDocumentIdsIn(rule, data);
  const rejected = new Map<string, string>();
  for (const m of data.mutations) {
    if (m.kind !== MUTATION_KINDS.document || !m.rejected) continue;
    const id = (m.payload as { id?: unknown } | null)?.id;
    if (typeof id === 'string') rejected.set(id, m.rejected.reason);
  }
  return { invalidIds, rejected };
}

/** The registration day of a moment, on the workstation's calendar (as the registration takes it). */
const registrationDay = (at: string) => isoDay(new Date(at));

/** Every document's registration number in the school (all classes: numbers are school-wide). */
async function schoolNumbers(core: Core, school: SchoolData): Promise<Map<string, RegNumber>> {
  const docs: RegistryDocument[] = [];
  for (const c of school.classes) docs.push(...(await core.store.classData(c.id)).documents);
  return numberDocuments(docs, registrationDay);
}

const numberText = (numbers: Map<string, RegNumber>, id: string): string | undefined => {
  const n = numbers.get(id);
  return n ? formatRegNumber(n) : undefined;
};

function guardiansOf(data: ClassData, studentId: string): Guardian[] {
  return data.guardians.filter((g) => g.studentIds.includes(studentId));
}

function statusOf(data: ClassData, student: Student, today: string, rule: CompromiseRule, extra?: RegistryDocument): StudentStatus {
  const { invalidIds, rejected } = mutationFlags(data, rule);
  const documents = data.documents.filter((d) => d.studentId === student.id);
  return deriveStatus({
    student,
    guardians: guardiansOf(data, student.id),
    documents: extra ? [...documents, extra] : documents,
    today,
    invalidIds,
    rejected,
  });
}

function userNamer(school: SchoolData): (id: string) => string {
  const users = new Map(school.users.map((u) => [u.id, u]));
  return (id) => {
    const u = users.get(id);
    return u ? shortName(u.name) : 'неизвестный пользователь';
  };
}

function classOf(school: SchoolData, classId: string): SchoolClass {
  const c = school.classes.find((x) => x.id === classId);
  if (!c) throw new AppError('not_found', 'Класс не найден. Обновите страницу.');
  return c;
}

function classTeacherName(school: SchoolData, c: SchoolClass): string {
  const t = c.classTeacherId ? school.teachers.find((x) => x.id === c.classTeacherId) : undefined;
  return t ? fullName(t) : '';
}

function studentIn(data: ClassData, studentId: string): Student {
  const s = data.students.find((x) => x.id === studentId);
  if (!s) throw new AppError('not_found', 'Ученик не найден или недоступен вам.');
  return s;
}

/** The signer the user chose, completed: the student himself, or the user for a void. */
function draftOf(input: RegisterInput, ctx: AuthedContext): DocumentDraft {
  const signerId = input.signerKind === 'student' ? (input.signerId ?? input.studentId) : input.signerKind === 'staff' ? ctx.user.id : input.signerId;
  return { signerKind: input.signerKind, signerId, signedOn: input.signedOn, body: withNormalPhone(input.body) };
}

/** A phone is stored as «+7 (912) 345-67-89» however it was typed; a wrong one is left for the rules to refuse. */
function withNormalPhone(body: RegisterInput['body']): RegisterInput['body'] {
  if (body.kind !== 'contacts' || !body.phone?.trim()) return body;
  const phone = normalizePhone(body.phone);
  return phone.ok ? { ...body, phone: phone.value } : body;
}

function ruleError(outcome: RuleOutcome): AppError {
  const first = outcome.problems[0]!;
  const more = outcome.problems.length > 1 ? ` (и ещё ${outcome.problems.length - 1})` : '';
  return new AppError(
    'rule',
    `Документ не зарегистрирован: ${first.message}${more}`,
    outcome.problems.map((p) => ({ path: p.path, message: p.message })),
  );
}

export function registryHandlers(core: Core): GroupHandlers<typeof registry> {
  /** Registration numbers are taken one at a time on a workstation (this core's): see registry/numbers.ts. */
  const numbering = new KeyedMutex();
  /** The class of a student the caller may see, with its data. */
  async function studentContext(ctx: AuthedContext, studentId: string) {
    const classId = await core.classOfStudent(ctx, studentId);
    const [school, data] = await Promise.all([core.store.school(), core.store.classData(classId)]);
    return { classId, school, data, student: studentIn(data, studentId), cls: classOf(school, classId) };
  }

  function check(data: ClassData, student: Student, draft: DocumentDraft, today: string, rule: CompromiseRule): RuleOutcome {
    const { invalidIds } = mutationFlags(data, rule);
    return checkDocument({ student, guardians: data.guardians, documents: data.documents, today, invalidIds }, draft);
  }

  async function logOf(ctx: AuthedContext, input: LogInput): Promise<{ log: RegistryLog; school: SchoolData; classIds: string[] }> {
    const school = await core.store.school();
    let classes: SchoolClass[];
    if (input.classId) {
      core.assertClassAccess(ctx, input.classId);
      classes = [classOf(school, input.classId)];
    } else {
      classes = school.classes.filter((c) => core.canSeeClass(ctx.user, c.id));
    }
    const userName = userNamer(school);
    const today = isoDay(ctx.now);
    const rule = compromiseRule(school.compromises);
    const numbers = await schoolNumbers(core, school);
    const entries: Array<Omit<LogRow, 'no'> & { hlc: string }> = [];
    for (const c of classes) {
      const data = await core.store.classData(c.id);
      const { invalidIds } = mutationFlags(data, rule);
      for (const student of data.students) {
        const docs = data.documents.filter((d) => d.studentId === student.id);
        if (!docs.length) continue;
        const guardians = guardiansOf(data, student.id);
        const f = fold({ student, documents: docs, invalidIds });
        const review = new Set(statusOf(data, student, today, rule).review.flatMap((r) => r.documentIds));
        for (const d of docs) {
          if (input.from && d.signedOn < input.from) continue;
          if (input.to && d.signedOn > input.to) continue;
          const voided = f.voidedBy.get(d.id);
          const state: LogRow['state'] = invalidIds.has(d.id) ? 'invalid' : voided ? 'voided' : review.has(d.id) ? 'review' : 'active';
          const number = numberText(numbers, d.id);
          entries.push({
            documentId: d.id,
            ...(number ? { number } : {}),
            registeredAt: d.registeredAt,
            hlc: d.hlc,
            signedOn: d.signedOn,
            kind: d.kind,
            className: c.name,
            studentId: student.id,
            studentName: fullName(student),
            signerName: signerName(d, { student, guardians, userName }),
            content: contentOf(d, docs),
            registeredByName: userName(d.registeredBy),
            state,
            stateNote: voided ? `${ruDate(voided.signedOn)}, ${voided.reason}` : state === 'invalid' ? 'логин регистрировавшего стал известен посторонним' : '',
          });
        }
      }
    }
    // In the order of registration: the moment, then the clock (several within one moment), then the id.
    const key = (e: (typeof entries)[number]) => [e.registeredAt, e.hlc, e.documentId] as const;
    entries.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return 0;
    });
    const rows: LogRow[] = entries.map(({ hlc: _hlc, ...e }, i) => ({ no: i + 1, ...e }));
    const period = input.from || input.to ? `, документы ${input.from ? `с ${ruDate(input.from)} ` : ''}${input.to ? `по ${ruDate(input.to)}` : ''}`.trimEnd() : '';
    const scope = input.classId ? `${classes[0]!.name} класс${period}` : classes.length === school.classes.length ? `Вся школа${period}` : `Классы: ${classes.map((c) => c.name).join(', ')}${period}`;
    return { log: { title: 'Журнал регистрации согласий и отказов', scope, rows }, school, classIds: classes.map((c) => c.id) };
  }

  return {
    classStatus: async (input, ctx) => {
      core.assertClassAccess(ctx, input.classId);
      const [school, data] = await Promise.all([core.store.school(), core.store.classData(input.classId)]);
      const cls = classOf(school, input.classId);
      const today = isoDay(ctx.now);
      const rule = compromiseRule(school.compromises);
      return {
        classId: cls.id,
        className: cls.name,
        classTeacherName: classTeacherName(school, cls),
        today,
        rows: data.students.map((student) => ({
          student,
          guardians: guardiansOf(data, student.id).map(guardianRef),
          status: statusOf(data, student, today, rule),
          documentCount: data.documents.filter((d) => d.studentId === student.id).length,
        })),
      };
    },

    student: async (input, ctx) => {
      const { school, data, student, cls } = await studentContext(ctx, input.studentId);
      const today = isoDay(ctx.now);
      const guardians = guardiansOf(data, student.id);
      const rule = compromiseRule(school.compromises);
      const status = statusOf(data, student, today, rule);
      const { invalidIds, rejected } = mutationFlags(data, rule);
      const docs = sortDocuments(data.documents.filter((d) => d.studentId === student.id));
      const f = fold({ student, documents: docs, invalidIds });
      const review = new Set(status.review.flatMap((r) => r.documentIds));
      const userName = userNamer(school);
      const numbers = await schoolNumbers(core, school);
      return {
        student,
        className: cls.name,
        today,
        guardians: guardians.map(guardianRef),
        status,
        timeline: docs.map((d) => {
          const v = f.voidedBy.get(d.id);
          const rej = rejected.get(d.id);
          const number = numberText(numbers, d.id);
          return {
            document: d,
            ...(number ? { number } : {}),
            signerName: signerName(d, { student, guardians, userName }),
            registeredByName: userName(d.registeredBy),
            content: contentOf(d, docs),
            ...(v ? { voidedBy: { documentId: v.id, signedOn: v.signedOn, reason: v.reason } } : {}),
            invalid: invalidIds.has(d.id),
            ...(rej ? { rejected: rej } : {}),
            review: review.has(d.id),
          };
        }),
      };
    },

    check: async (input, ctx) => {
      const { data, student, school } = await studentContext(ctx, input.studentId);
      const today = isoDay(ctx.now);
      const draft = draftOf(input, ctx);
      const rule = compromiseRule(school.compromises);
      const outcome = check(data, student, draft, today, rule);
      const effect = outcome.ok ? describeChange(statusOf(data, student, today, rule), statusOf(data, student, today, rule, draftDocument(student, draft))) : [];
      return { ok: outcome.ok, problems: outcome.problems, warnings: outcome.warnings, effect };
    },

    register: async (input, ctx) => {
      const { classId, data, student, school } = await studentContext(ctx, input.studentId);
      const today = isoDay(ctx.now);
      const draft = draftOf(input, ctx);
      const rule = compromiseRule(school.compromises);
      // Checked before anything is written: a broken rule records nothing at all.
      const outcome = check(data, student, draft, today, rule);
      if (!outcome.ok) throw ruleError(outcome);

      let scan: RegistryDocument['scan'];
      if (input.scan) {
        const { ref, bytes } = scanRefOf(input.scan);
        await storeScan(core.store, ref, bytes);
        scan = ref;
      }
      const stamp = await reserveStamp(core.store, ctx.now);
      const document = {
        id: newId('doc'),
        studentId: student.id,
        signerKind: draft.signerKind,
        signerId: draft.signerId!,
        signedOn: draft.signedOn,
        registeredAt: ctx.now.toISOString(),
        registeredBy: ctx.user.id,
        hlc: stamp.hlc,
        workstationId: stamp.workstationId,
        ...(scan ? { scan } : {}),
        ...(input.note ? { note: input.note } : {}),
        ...draft.body,
      } as RegistryDocument;

      // The document with its number and its pending mutation: one durable write of the class
      // partition, under the numbering lock (the next number is read and used with nothing between).
      const status = await numbering.run('registration', async () => {
        const numbers = await schoolNumbers(core, await core.store.school());
        document.regNo = nextRegNumber(numbers.values(), seriesOf(stamp.workstationId), schoolYearOf(today));
        return core.store.updateClass(classId, (d) => {
          // Someone may have registered in between: the rules run again on what is really there.
          const again = check(d, student, draft, today, rule);
          if (!again.ok) throw ruleError(again);
          d.documents.push(document);
          addMutation(d, stamp, { kind: MUTATION_KINDS.document, payload: document, author: ctx.user.id, now: ctx.now });
          return statusOf(d, student, today, rule);
        });
      });
      await core.record(ctx, {
        action: 'registry.register',
        recordIds: [document.id, student.id, ...(document.signerKind === 'guardian' ? [document.signerId] : [])],
        details: { kind: document.kind, classId, number: formatRegNumber(document.regNo!) },
      });
      return { document, status, number: formatRegNumber(document.regNo!) };
    },

    form: async (input, ctx) => {
      const { school, data, student, cls } = await studentContext(ctx, input.studentId);
      const docs = data.documents.filter((d) => d.studentId === student.id);
      const doc = input.documentId ? docs.find((d) => d.id === input.documentId) : undefined;
      if (input.documentId && !doc) throw new AppError('not_found', 'Документ не найден у этого ученика.');
      if (doc && doc.kind !== input.kind) throw new AppError('validation', 'Вид бланка не совпадает с видом документа.');
      const guardianId = doc?.signerKind === 'guardian' ? doc.signerId : input.guardianId;
      const guardian = guardianId ? guardiansOf(data, student.id).find((g) => g.id === guardianId) : undefined;
      if (guardianId && !guardian) throw new AppError('not_found', 'Этот законный представитель не найден у ученика.');
      const refusalId = doc?.kind === 'annulment' ? doc.refusalId : input.refusalId;
      const refusal = refusalId ? docs.find((d) => d.id === refusalId && d.kind === 'refusal') : undefined;
      if (refusalId && !refusal) throw new AppError('not_found', 'Заявление об отказе не найдено у этого ученика.');
      if (input.kind === 'student_application' && !doc) {
        const age = ageOn(student.birthDate, isoDay(ctx.now));
        if (age < 14) {
          throw new AppError('rule', `Ученику ${yearsText(age)}: самостоятельно подать заявление можно с 14 лет (с ${ruDate(anniversary(student.birthDate, 14))}).`);
        }
      }
      const userName = userNamer(school);
      const formData: FormData = {
        kind: input.kind,
        school: school.school,
        className: cls.name,
        student,
        guardian,
        signedOn: doc?.signedOn,
        refusalSignedOn: refusal?.signedOn,
        // The application's own passport; a blank one: the student's passport where the school's system holds it.
        passport: doc?.kind === 'student_application' ? doc.passport : input.kind === 'student_application' ? student.passport : undefined,
        contacts: doc?.kind === 'contacts' ? { phone: doc.phone, email: doc.email, channels: doc.channels, source: doc.source } : undefined,
        registration: doc
          ? {
              at: ruDateTime(doc.registeredAt),
              by: userName(doc.registeredBy),
              byName: school.users.find((u) => u.id === doc.registeredBy)?.name,
              number: numberText(await schoolNumbers(core, school), doc.id),
            }
          : undefined,
        printedOn: isoDay(ctx.now),
      };
      const bytes = renderRegistryForm(formData);
      await core.record(ctx, {
        action: 'registry.form',
        recordIds: [student.id, ...(guardian ? [guardian.id] : []), ...(doc ? [doc.id] : [])],
        details: { kind: input.kind },
      });
      return { name: formFileName(input.kind, student), base64: toBase64(bytes) };
    },

    scan: async (input, ctx) => {
      const school = await core.store.school();
      for (const c of school.classes) {
        if (!core.canSeeClass(ctx.user, c.id)) continue;
        const doc = (await core.store.classData(c.id)).documents.find((d) => d.id === input.documentId);
        if (!doc) continue;
        if (!doc.scan) throw new AppError('not_found', 'К этому документу скан не приложен.');
        const bytes = await readScan(core.store, doc.scan);
        await core.record(ctx, { action: 'registry.scan', recordIds: [doc.id, doc.studentId] });
        const ext = doc.scan.mime === 'application/pdf' ? 'pdf' : doc.scan.mime === 'image/png' ? 'png' : 'jpg';
        return { name: `Скан ${ruDate(doc.signedOn)}.${ext}`, mime: doc.scan.mime, base64: bytes.toString('base64') };
      }
      throw new AppError('not_found', 'Документ не найден или недоступен вам.');
    },

    log: async (input, ctx) => (await logOf(ctx, input)).log,

    logPdf: async (input, ctx) => {
      const { log, school, classIds } = await logOf(ctx, input);
      const bytes = renderRegistryLogPdf(log, { schoolName: school.school.name, printedAt: ruDateTime(ctx.now.toISOString()) });
      await core.record(ctx, { action: 'registry.logPdf', recordIds: classIds, details: { rows: log.rows.length } });
      return { name: `Журнал согласий и отказов ${isoDay(ctx.now)}.pdf`, base64: toBase64(bytes) };
    },

    logXlsx: async (input, ctx) => {
      const { log, school, classIds } = await logOf(ctx, input);
      const bytes = await registryLogXlsx(log, { schoolName: school.school.name, createdAt: ctx.now });
      await core.record(ctx, { action: 'registry.logXlsx', recordIds: classIds, details: { rows: log.rows.length } });
      return { name: `Журнал согласий и отказов ${isoDay(ctx.now)}.xlsx`, base64: toBase64(bytes) };
    },
  };
}

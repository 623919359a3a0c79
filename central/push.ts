/**
 * Push: mutations from a workstation, each applied exactly once. The first answer to a mutation id
 * is stored in the same transaction as its effect, so a retry (a lost answer, a duplicated request)
 * gets that answer again and changes nothing. A rejection is an answer too, with a Russian reason
 * the user sees; it never stops the other mutations of the request.
 */
import { createHash } from 'node:crypto';
import { RegistryDocument } from '../electron/contract/entities/documents.js';
import { FinalMarkEntry } from '../electron/contract/entities/journal.js';
import { canonicalJson } from '../electron/contract/sync/hash.js';
import { classPartition, MUTATION_KINDS, SCHOOL_PARTITION } from '../electron/contract/sync/kinds.js';
import type { FirstAnswer, PushEnvelope, PushResponse, PushResult, WireMutation } from '../electron/contract/sync/protocol.js';
import { checkWireMutation, jsonValueProblem, PROTOCOL_VERSION, WireId, WireMoment } from '../electron/contract/sync/protocol.js';
import { z } from 'zod';
import { num, type Db, type Queryable } from './db.js';
import { compromiseRule, mutationInvalid, type CompromiseRule } from '../electron/contract/auth/compromise.js';
import type { Compromise } from '../electron/contract/entities/compromise.js';
import { planCompromise, schoolCompromises } from './compromise.js';
import { planExtractFact } from './verify.js';
import { entityKey, getEntities, getEntity, lockSchool, writeEntities, type EntityChange } from './entities.js';
import type { AuthInfo } from './schools.js';
import { CentralError } from './schools.js';
import { humanIssue, type IssueLike } from '../electron/contract/validation/humanIssue.js';

type Outcome = { reject: string } | { changes: EntityChange[] };

const reject = (reason: string): Outcome => ({ reject: reason });

function payloadHash(m: WireMutation): string {
  return createHash('sha256').update(canonicalJson({ kind: m.kind, classId: m.classId, payload: m.payload }), 'utf8').digest('hex');
}

/**
 * A payload's schema checked with the app's own Russian words asked for in the parse (humanIssue
 * names the field: «Поле «Дата подписи» заполнено неверно»), whatever zod's global locale is; the
 * reason reaches the workstation's user, so it never quotes a field's English key.
 */
const IN_RUSSIAN = { error: (issue: unknown) => humanIssue(issue as IssueLike) };

function firstIssue(e: { issues: Array<{ message: string }> }): string {
  return e.issues[0]?.message ?? 'неверные данные';
}

/**
 * The entities a push reads, fetched in one query before it is planned, with the changes of the
 * mutations planned so far laid over them (a later mutation sees an earlier one of the request).
 */
class View {
  private readonly base = new Map<string, Record<string, unknown> | null>();
  private readonly overlay = new Map<string, Record<string, unknown> | null>();

  constructor(
    private readonly q: Queryable,
    private readonly schoolId: string,
  ) {}

  async prefetch(keys: Array<{ part: string; kind: string; id: string }>): Promise<void> {
    const want = keys.filter((k) => !this.base.has(entityKey(k.part, k.kind, k.id)));
    const got = await getEntities(this.q, this.schoolId, want);
    for (const k of want) {
      const key = entityKey(k.part, k.kind, k.id);
      this.base.set(key, got.get(key) ?? null);
    }
  }

  async get(part: string, kind: string, id: string): Promise<Record<string, unknown> | null> {
    const key = entityKey(part, kind, id);
    if (this.overlay.has(key)) return this.overlay.get(key)!;
    if (!this.base.has(key)) this.base.set(key, await getEntity(this.q, this.schoolId, part, kind, id));
    return this.base.get(key)!;
  }

  apply(changes: EntityChange[]): void {
    for (const c of changes) this.overlay.set(entityKey(c.part, c.kind, c.id), c.data);
  }
}

/** What a mutation will read: fetched for the whole request at once. */
function readsOf(m: WireMutation): Array<{ part: string; kind: string; id: string }> {
  if (m.classId === undefined) return m.kind === MUTATION_KINDS.compromise && typeof (m.payload as { id?: unknown } | null)?.id === 'string' ? [{ part: SCHOOL_PARTITION, kind: 'compromise', id: String((m.payload as { id: string }).id).slice(0, 64) }] : [];
  const part = classPartition(m.classId);
  const p = (m.payload ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.length <= 64 ? [v] : []);
  const keys = [{ part: SCHOOL_PARTITION, kind: 'class', id: m.classId }];
  if (m.kind === MUTATION_KINDS.document) {
    for (const id of str(p.studentId)) keys.push({ part, kind: 'student', id });
    for (const id of str(p.signerId)) keys.push({ part, kind: 'guardian', id });
    for (const id of [...str(p.id), ...str(p.targetId), ...str(p.refusalId)]) keys.push({ part, kind: 'document', id });
  } else if (m.kind === MUTATION_KINDS.finalMark) {
    for (const id of str(p.studentId)) keys.push({ part, kind: 'student', id });
    for (const id of str(p.subjectId)) keys.push({ part: SCHOOL_PARTITION, kind: 'subject', id });
    for (const id of str(p.id)) keys.push({ part, kind: 'finalMark', id });
  } else if (m.kind === MUTATION_KINDS.finalMarkPublished && Array.isArray(p.entryIds)) {
    for (const id of p.entryIds.slice(0, 5000).flatMap(str)) keys.push({ part, kind: 'finalMark', id });
  }
  return keys;
}

/** `final_mark_published`: strict, a real moment. */
const PublishedPayload = z.object({ entryIds: z.array(WireId).min(1).max(5000), publishedAt: WireMoment }).strict();

/** What a mutation changes, or why it is refused. */
async function plan(q: Queryable, schoolId: string, v: View, rule: CompromiseRule, m: WireMutation): Promise<Outcome> {
  if (m.kind === MUTATION_KINDS.compromise) return planCompromise(q, schoolId, v, m);
  if (m.classId === undefined) return reject(`Центральная система не знает изменений вида «${m.kind}» без класса. Обновите программу.`);
  // A change made with a login from the moment the director learned it was compromised is void (the regulations).
  if (mutationInvalid(rule, m)) {
    return reject('Изменение сделано под учётной записью, логин которой стал известен посторонним: по положению оно недействительно и не принято.');
  }
  const cls = await v.get(SCHOOL_PARTITION, 'class', m.classId);
  if (!cls) return reject(`Класс не найден в центральной системе (${m.classId}). Возможно, он расформирован: проверьте данные и зарегистрируйте заново.`);
  const part = classPartition(m.classId);

  switch (m.kind) {
    case MUTATION_KINDS.document: {
      const parsed = RegistryDocument.safeParse(m.payload, IN_RUSSIAN);
      if (!parsed.success) return reject(`Документ не принят: ${firstIssue(parsed.error)}. Обновите программу или зарегистрируйте документ заново.`);
      const doc = parsed.data as Record<string, unknown> & { id: string; studentId: string; signerKind: string; signerId: string; kind: string };
      const student = await v.get(part, 'student', doc.studentId);
      if (!student) return reject('Ученик не найден в этом классе в центральной системе (возможно, выбыл или переведён). Документ сохранён только на этом рабочем месте.');
      if (doc.signerKind === 'guardian') {
        const g = await v.get(part, 'guardian', doc.signerId);
        if (!g || !Array.isArray(g.studentIds) || !g.studentIds.includes(doc.studentId)) {
          return reject('Подписавший не указан в центральной системе как законный представитель этого ученика. Проверьте сведения о родителях.');
        }
      } else if (doc.signerKind === 'student' && doc.signerId !== doc.studentId) {
        return reject('Заявление обучающегося должно быть подписано самим обучающимся.');
      }
      const target = doc.kind === 'void' ? (doc as { targetId?: string }).targetId : doc.kind === 'annulment' ? (doc as { refusalId?: string }).refusalId : undefined;
      if (target && !(await v.get(part, 'document', target))) {
        return reject('Документ, на который ссылается этот, не найден в центральной системе. Синхронизируйте рабочие места и повторите.');
      }
      const existing = await v.get(part, 'document', doc.id);
      if (existing) {
        if (canonicalJson(existing) === canonicalJson(doc)) return { changes: [] };
        return reject('Документ с таким номером уже зарегистрирован в центральной системе с другим содержанием.');
      }
      // What the schema parsed is stored, never the raw payload (unknown fields go).
      return { changes: [{ part, kind: 'document', id: doc.id, data: doc }] };
    }

    case MUTATION_KINDS.finalMark: {
      const parsed = FinalMarkEntry.safeParse(m.payload, IN_RUSSIAN);
      if (!parsed.success) return reject(`Итоговая отметка не принята: ${firstIssue(parsed.error)}.`);
      const e = parsed.data;
      if (!(await v.get(part, 'student', e.studentId))) {
        return reject('Ученик не найден в этом классе в центральной системе (возможно, выбыл или переведён).');
      }
      if (!(await v.get(SCHOOL_PARTITION, 'subject', e.subjectId))) return reject('Предмет не найден в центральной системе.');
      const existing = await v.get(part, 'finalMark', e.id);
      if (existing) {
        if (canonicalJson(existing) === canonicalJson(e)) return { changes: [] };
        return reject('Итоговая отметка с таким номером уже есть в центральной системе с другим содержанием.');
      }
      return { changes: [{ part, kind: 'finalMark', id: e.id, data: e as Record<string, unknown> }] };
    }

    case MUTATION_KINDS.finalMarkPublished: {
      const parsed = PublishedPayload.safeParse(m.payload);
      if (!parsed.success) return reject('Отметка о доведении итоговых результатов не принята: неверные данные. Обновите программу.');
      const p = parsed.data;
      const changes: EntityChange[] = [];
      for (const id of p.entryIds) {
        const e = await v.get(part, 'finalMark', id);
        if (!e) return reject('Итоговая отметка не найдена в центральной системе. Синхронизируйте рабочее место и повторите.');
        if (e.publishedAt) continue;
        changes.push({ part, kind: 'finalMark', id, data: { ...e, publishedAt: p.publishedAt } });
      }
      return { changes };
    }

    case MUTATION_KINDS.extractIssued:
    case MUTATION_KINDS.extractAnnulled:
      return planExtractFact(q, schoolId, m);

    default:
      return reject(`Центральная система не знает изменений вида «${m.kind}». Обновите программу.`);
  }
}

/**
 * Applies a push in one transaction; the answers come in the order of the request. The reads are
 * fetched at once, the changes written at once, the answers recorded at once: a push of a hundred
 * documents is a handful of queries.
 */
export async function applyPush(db: Db, auth: AuthInfo, envelope: PushEnvelope, now: Date = new Date()): Promise<PushResponse> {
  if (envelope.schoolId !== auth.schoolId) throw new CentralError(403, 'wrong_school', 'Рабочее место подключено к другой школе.');
  if (envelope.workstationId !== auth.workstationId) throw new CentralError(403, 'wrong_workstation', 'Токен выдан другому рабочему месту.');
  // Every mutation is checked on its own before any SQL: a bad one is answered, the others apply.
  const checked = envelope.mutations.map((raw) => {
    const c = checkWireMutation(raw, envelope.workstationId);
    if ('reject' in c) return c;
    const problem = jsonValueProblem(c.ok.payload);
    return problem ? { reject: { id: c.ok.id, reason: `Изменение не принято: ${problem}. Обновите программу; если повторится, сообщите администратору.` } } : c;
  });
  const req = { mutations: checked.flatMap((c) => ('ok' in c ? [c.ok] : [])) };
  const at = now.toISOString();
  return db.tx(async (q) => {
    const head = await lockSchool(q, auth.schoolId);
    if (head === null) throw new CentralError(404, 'not_found', 'Школа не найдена в центральной системе.');
    const seqs = req.mutations.map((m) => String(m.seq));
    const seen = await q.query<{ seq: unknown; payload_hash: string; status: string; reason: string | null; change_seq: unknown; received_at: unknown }>(
      `SELECT seq, payload_hash, status, reason, change_seq, received_at FROM mutations WHERE school_id = $1 AND workstation_id = $2 AND seq = ANY($3::bigint[])`,
      [auth.schoolId, auth.workstationId, seqs],
    );
    const first = new Map<number, { hash: string; answer: FirstAnswer }>();
    for (const r of seen.rows) {
      const receivedAt = r.received_at instanceof Date ? r.received_at.toISOString() : String(r.received_at);
      first.set(num(r.seq), {
        hash: r.payload_hash,
        answer: r.status === 'accepted' ? { status: 'accepted', seq: num(r.change_seq ?? 0), at: receivedAt } : { status: 'rejected', reason: r.reason ?? '', at: receivedAt },
      });
    }
    const view = new View(q, auth.schoolId);
    await view.prefetch(req.mutations.filter((m) => !first.has(m.seq)).flatMap(readsOf));
    let compromises = await schoolCompromises(q, auth.schoolId);
    let rule = compromiseRule(compromises);

    const results: PushResult[] = [];
    const fresh: Array<{ m: WireMutation; hash: string; index: number; outcome: Outcome }> = [];
    const changes: EntityChange[] = [];
    const planned = new Set<number>();
    for (const m of req.mutations) {
      const hash = payloadHash(m);
      const prior = first.get(m.seq);
      if (prior || planned.has(m.seq)) {
        const firstHash = prior?.hash ?? fresh.find((f) => f.m.seq === m.seq)!.hash;
        if (firstHash !== hash) {
          // The same id with other content: an old backup restored on the workstation, or a bug.
          results.push({ id: m.id, status: 'rejected', reason: 'Номер изменения уже использован другим изменением (возможно, на рабочем месте восстановлена старая резервная копия). Зарегистрируйте документ заново.' });
        } else {
          results.push({ id: m.id, status: 'duplicate', first: { status: 'accepted', seq: 0, at } }); // filled in below
        }
        continue;
      }
      planned.add(m.seq);
      const outcome = await plan(q, auth.schoolId, view, rule, m);
      if (!('reject' in outcome)) {
        view.apply(outcome.changes);
        changes.push(...outcome.changes);
        // A report applies to the rest of the request at once.
        if (m.kind === MUTATION_KINDS.compromise && outcome.changes.length > 0) rule = compromiseRule((compromises = [...compromises, ...outcome.changes.map((c) => c.data as unknown as Compromise)]));
      }
      fresh.push({ m, hash, index: results.length, outcome });
      results.push({ id: m.id, status: 'rejected', reason: '' }); // filled in below
    }

    const written = await writeEntities(q, auth.schoolId, head, changes);
    const answers = new Map<number, FirstAnswer>();
    const rec = { seq: [] as string[], kind: [] as string[], hash: [] as string[], status: [] as string[], reason: [] as (string | null)[], change: [] as (string | null)[], author: [] as string[], hlc: [] as string[] };
    for (const f of fresh) {
      let answer: FirstAnswer;
      if ('reject' in f.outcome) {
        answer = { status: 'rejected', reason: f.outcome.reject, at };
        results[f.index] = { id: f.m.id, status: 'rejected', reason: f.outcome.reject };
      } else {
        const mine = f.outcome.changes.map((c) => written.seqs.get(entityKey(c.part, c.kind, c.id)) ?? 0);
        const seq = mine.length > 0 && Math.max(...mine) > 0 ? Math.max(...mine) : written.head;
        answer = { status: 'accepted', seq, at };
        results[f.index] = { id: f.m.id, status: 'accepted', seq };
      }
      answers.set(f.m.seq, answer);
      rec.seq.push(String(f.m.seq));
      rec.kind.push(f.m.kind);
      rec.hash.push(f.hash);
      rec.status.push(answer.status);
      rec.reason.push(answer.status === 'rejected' ? answer.reason : null);
      rec.change.push(answer.status === 'accepted' ? String(answer.seq) : null);
      rec.author.push(f.m.author);
      rec.hlc.push(f.m.hlc);
    }
    // Duplicates inside the request get the answer the first of them got now.
    req.mutations.forEach((m, i) => {
      const r = results[i]!;
      if (r.status === 'duplicate' && !first.has(m.seq)) results[i] = { id: m.id, status: 'duplicate', first: answers.get(m.seq)! };
      else if (r.status === 'duplicate') results[i] = { id: m.id, status: 'duplicate', first: first.get(m.seq)!.answer };
    });
    // The answers in the order of the request, the refused-before-SQL ones in their places.
    let k = 0;
    const ordered: PushResult[] = checked.map((c) => ('ok' in c ? results[k++]! : { id: c.reject.id, status: 'rejected', reason: c.reject.reason }));
    if (rec.seq.length > 0) {
      await q.query(
        `INSERT INTO mutations (school_id, workstation_id, seq, kind, payload_hash, status, reason, change_seq, author, hlc, received_at)
         SELECT $1, $2, k.seq, k.kind, k.hash, k.status, k.reason, k.change, k.author, k.hlc, $11
           FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::text[]) AS k(seq, kind, hash, status, reason, change, author, hlc)`,
        [auth.schoolId, auth.workstationId, rec.seq, rec.kind, rec.hash, rec.status, rec.reason, rec.change, rec.author, rec.hlc, at],
      );
    }
    const max = await q.query<{ m: unknown }>(`SELECT max(seq) AS m FROM mutations WHERE school_id = $1 AND workstation_id = $2`, [auth.schoolId, auth.workstationId]);
    await q.query(`UPDATE workstations SET last_seen_at = $3 WHERE school_id = $1 AND id = $2`, [auth.schoolId, auth.workstationId, at]);
    return { v: PROTOCOL_VERSION, results: ordered, maxSeq: num(max.rows[0]?.m ?? 0) };
  });
}

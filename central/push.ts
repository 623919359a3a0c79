/**
 * Push: mutations from a workstation, each applied exactly once. The first answer to a mutation id
 * is stored in the same transaction as its effect, so a retry (a lost answer, a duplicated request)
 * gets that answer again and changes nothing. A rejection is an answer too, with a Russian reason
 * the user sees; it never stops the other mutations of the request.
 */
import { createHash } from 'node:crypto';
import { RegistryDocument } from '../electron/contract/entities/documents.js';
import { FinalMarkEntry } from '../electron/contract/entities/journal.js';
import { canonicalJson } from '../electron/core/sync/hash.js';
import { classPartition, MUTATION_KINDS, SCHOOL_PARTITION } from '../electron/core/sync/kinds.js';
import type { FirstAnswer, PushRequest, PushResponse, PushResult, WireMutation } from '../electron/core/sync/protocol.js';
import { PROTOCOL_VERSION } from '../electron/core/sync/protocol.js';
import { num, type Db, type Queryable } from './db.js';
import { getEntity, lockSchool, writeEntities, type EntityChange } from './entities.js';
import type { AuthInfo } from './schools.js';
import { CentralError } from './schools.js';

type Outcome = { reject: string } | { changes: EntityChange[] };

const reject = (reason: string): Outcome => ({ reject: reason });

function payloadHash(m: WireMutation): string {
  return createHash('sha256').update(canonicalJson({ kind: m.kind, classId: m.classId, payload: m.payload }), 'utf8').digest('hex');
}

function firstIssue(e: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const i = e.issues[0];
  return i ? `${i.path.map(String).join('.') || 'данные'}: ${i.message}` : 'неверные данные';
}

/** What a mutation changes, or why it is refused. Reads see the earlier mutations of the request. */
async function plan(q: Queryable, schoolId: string, m: WireMutation): Promise<Outcome> {
  const cls = await getEntity(q, schoolId, SCHOOL_PARTITION, 'class', m.classId);
  if (!cls) return reject(`Класс не найден в центральной системе (${m.classId}). Возможно, он расформирован: проверьте данные и зарегистрируйте заново.`);
  const part = classPartition(m.classId);

  switch (m.kind) {
    case MUTATION_KINDS.document: {
      const parsed = RegistryDocument.safeParse(m.payload);
      if (!parsed.success) return reject(`Документ не принят: ${firstIssue(parsed.error)}. Обновите программу или зарегистрируйте документ заново.`);
      const doc = parsed.data as Record<string, unknown> & { id: string; studentId: string; signerKind: string; signerId: string; kind: string };
      const student = await getEntity(q, schoolId, part, 'student', doc.studentId);
      if (!student) return reject('Ученик не найден в этом классе в центральной системе (возможно, выбыл или переведён). Документ сохранён только на этом рабочем месте.');
      if (doc.signerKind === 'guardian') {
        const g = await getEntity(q, schoolId, part, 'guardian', doc.signerId);
        if (!g || !Array.isArray(g.studentIds) || !g.studentIds.includes(doc.studentId)) {
          return reject('Подписавший не указан в центральной системе как законный представитель этого ученика. Проверьте сведения о родителях.');
        }
      } else if (doc.signerKind === 'student' && doc.signerId !== doc.studentId) {
        return reject('Заявление обучающегося должно быть подписано самим обучающимся.');
      }
      const target = doc.kind === 'void' ? (doc as { targetId?: string }).targetId : doc.kind === 'annulment' ? (doc as { refusalId?: string }).refusalId : undefined;
      if (target && !(await getEntity(q, schoolId, part, 'document', target))) {
        return reject('Документ, на который ссылается этот, не найден в центральной системе. Синхронизируйте рабочие места и повторите.');
      }
      const existing = await getEntity(q, schoolId, part, 'document', doc.id);
      if (existing) {
        if (canonicalJson(existing) === canonicalJson(m.payload)) return { changes: [] };
        return reject('Документ с таким номером уже зарегистрирован в центральной системе с другим содержанием.');
      }
      return { changes: [{ part, kind: 'document', id: doc.id, data: m.payload as Record<string, unknown> }] };
    }

    case MUTATION_KINDS.finalMark: {
      const parsed = FinalMarkEntry.safeParse(m.payload);
      if (!parsed.success) return reject(`Итоговая отметка не принята: ${firstIssue(parsed.error)}.`);
      const e = parsed.data;
      if (!(await getEntity(q, schoolId, part, 'student', e.studentId))) {
        return reject('Ученик не найден в этом классе в центральной системе (возможно, выбыл или переведён).');
      }
      if (!(await getEntity(q, schoolId, SCHOOL_PARTITION, 'subject', e.subjectId))) return reject('Предмет не найден в центральной системе.');
      const existing = await getEntity(q, schoolId, part, 'finalMark', e.id);
      if (existing) {
        if (canonicalJson(existing) === canonicalJson(m.payload)) return { changes: [] };
        return reject('Итоговая отметка с таким номером уже есть в центральной системе с другим содержанием.');
      }
      return { changes: [{ part, kind: 'finalMark', id: e.id, data: m.payload as Record<string, unknown> }] };
    }

    case MUTATION_KINDS.finalMarkPublished: {
      const p = m.payload as { entryIds?: unknown; publishedAt?: unknown } | null;
      const ids = p && Array.isArray(p.entryIds) ? p.entryIds : null;
      if (!ids || ids.length === 0 || ids.length > 5000 || !ids.every((x) => typeof x === 'string') || typeof p?.publishedAt !== 'string' || Number.isNaN(Date.parse(p.publishedAt))) {
        return reject('Отметка о доведении итоговых результатов не принята: неверные данные. Обновите программу.');
      }
      const changes: EntityChange[] = [];
      for (const id of ids as string[]) {
        const e = await getEntity(q, schoolId, part, 'finalMark', id);
        if (!e) return reject('Итоговая отметка не найдена в центральной системе. Синхронизируйте рабочее место и повторите.');
        if (e.publishedAt) continue;
        changes.push({ part, kind: 'finalMark', id, data: { ...e, publishedAt: p!.publishedAt } });
      }
      return { changes };
    }

    default:
      return reject(`Центральная система не знает изменений вида «${m.kind}». Обновите программу.`);
  }
}

/** Applies a push in one transaction; the answers come in the order of the request. */
export async function applyPush(db: Db, auth: AuthInfo, req: PushRequest, now: Date = new Date()): Promise<PushResponse> {
  if (req.schoolId !== auth.schoolId) throw new CentralError(403, 'wrong_school', 'Рабочее место подключено к другой школе.');
  if (req.workstationId !== auth.workstationId) throw new CentralError(403, 'wrong_workstation', 'Токен выдан другому рабочему месту.');
  for (const m of req.mutations) {
    if (m.id !== `${req.workstationId}:${m.seq}`) throw new CentralError(400, 'bad_request', `Номер изменения ${m.id} не совпадает с рабочим местом и порядковым номером.`);
  }
  const at = now.toISOString();
  return db.tx(async (q) => {
    let head = await lockSchool(q, auth.schoolId);
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
    const results: PushResult[] = [];
    for (const m of req.mutations) {
      const hash = payloadHash(m);
      const prior = first.get(m.seq);
      if (prior) {
        if (prior.hash !== hash) {
          // The same id with other content: an old backup restored on the workstation, or a bug.
          results.push({ id: m.id, status: 'rejected', reason: 'Номер изменения уже использован другим изменением (возможно, на рабочем месте восстановлена старая резервная копия). Зарегистрируйте документ заново.' });
        } else {
          results.push({ id: m.id, status: 'duplicate', first: prior.answer });
        }
        continue;
      }
      const outcome = await plan(q, auth.schoolId, m);
      let answer: FirstAnswer;
      if ('reject' in outcome) {
        answer = { status: 'rejected', reason: outcome.reject, at };
        results.push({ id: m.id, status: 'rejected', reason: outcome.reject });
      } else {
        const w = await writeEntities(q, auth.schoolId, head, outcome.changes);
        head = w.head;
        answer = { status: 'accepted', seq: head, at };
        results.push({ id: m.id, status: 'accepted', seq: head });
      }
      await q.query(
        `INSERT INTO mutations (school_id, workstation_id, seq, kind, payload_hash, status, reason, change_seq, author, hlc, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          auth.schoolId,
          auth.workstationId,
          String(m.seq),
          m.kind,
          hash,
          answer.status,
          answer.status === 'rejected' ? answer.reason : null,
          answer.status === 'accepted' ? String(answer.seq) : null,
          m.author,
          m.hlc,
          at,
        ],
      );
      first.set(m.seq, { hash, answer });
    }
    const max = await q.query<{ m: unknown }>(`SELECT max(seq) AS m FROM mutations WHERE school_id = $1 AND workstation_id = $2`, [auth.schoolId, auth.workstationId]);
    await q.query(`UPDATE workstations SET last_seen_at = $3 WHERE school_id = $1 AND id = $2`, [auth.schoolId, auth.workstationId, at]);
    return { v: PROTOCOL_VERSION, results, maxSeq: num(max.rows[0]?.m ?? 0) };
  });
}

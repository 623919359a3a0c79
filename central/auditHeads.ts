/**
 * The audit log's end, kept on the central server per workstation (docs/sync-protocol.md §5.2).
 * A workstation reports the head of its log (count and hash of the last entry) with every sync.
 * The server keeps the greatest one; a head that comes back with a smaller count, or with another
 * hash at a count already seen, means entries were removed or an older backup was put back — unless
 * the workstation's log records a restore that replaced a log reaching at least that head.
 */
import type { AuditHeadAnswer, AuditHeadReport } from '../electron/contract/sync/protocol.js';
import { PROTOCOL_VERSION } from '../electron/contract/sync/protocol.js';
import { num, type Db } from './db.js';
import type { AuthInfo } from './schools.js';
import { CentralError } from './schools.js';

export interface KnownHead {
  count: number;
  hash: string;
}

/** The verdict on a reported head against the one kept (pure: the rule, with a table test). */
export function judgeHead(known: KnownHead | null, report: Pick<AuditHeadReport, 'head' | 'restores'>): { ok: boolean; keep: KnownHead; problem?: string } {
  const head = { count: report.head.count, hash: report.head.hash };
  if (!known) return { ok: true, keep: head };
  // A restore the log records explains the loss when the log it replaced reached at least as far as
  // the head the server knows (entries may have been added between the last sync and the restore).
  // The restore entry is in the hash chain whose head is kept encrypted: it cannot be forged without the key.
  const explained = report.restores.some((r) => r.count > known.count || (r.count === known.count && r.hash === known.hash));
  if (head.count < known.count) {
    if (explained) return { ok: true, keep: head };
    return {
      ok: false,
      keep: known,
      problem: `Журнал действий рабочего места короче, чем центральная система видела раньше (${head.count} записей вместо ${known.count}): последние записи удалены или восстановлена старая копия без записи о восстановлении.`,
    };
  }
  if (head.count === known.count && head.hash !== known.hash && !explained) {
    return { ok: false, keep: known, problem: `Журнал действий рабочего места изменён: запись № ${known.count} не та, что центральная система видела раньше.` };
  }
  return { ok: true, keep: head };
}

export async function reportAuditHead(db: Db, auth: AuthInfo, report: AuditHeadReport, now: Date = new Date()): Promise<AuditHeadAnswer> {
  if (report.schoolId !== auth.schoolId) throw new CentralError(403, 'wrong_school', 'Рабочее место подключено к другой школе.');
  if (report.workstationId !== auth.workstationId) throw new CentralError(403, 'wrong_workstation', 'Токен выдан другому рабочему месту.');
  return db.tx(async (q) => {
    const r = await q.query<{ count: unknown; hash: string }>(`SELECT count, hash FROM audit_heads WHERE school_id = $1 AND workstation_id = $2 FOR UPDATE`, [auth.schoolId, auth.workstationId]);
    const known = r.rows[0] ? { count: num(r.rows[0].count), hash: r.rows[0].hash } : null;
    const v = judgeHead(known, report);
    await q.query(
      `INSERT INTO audit_heads (school_id, workstation_id, count, hash, at, reported_at, problem) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (school_id, workstation_id) DO UPDATE SET count = excluded.count, hash = excluded.hash, at = excluded.at, reported_at = excluded.reported_at,
         problem = coalesce(excluded.problem, audit_heads.problem)`,
      [auth.schoolId, auth.workstationId, String(v.keep.count), v.keep.hash, report.head.at, now.toISOString(), v.problem ?? null],
    );
    return { v: PROTOCOL_VERSION, ok: v.ok, known: v.keep, ...(v.problem ? { problem: v.problem } : {}) };
  });
}

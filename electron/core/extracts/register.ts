import { stepInvalid, type CompromiseRule } from '../../contract/auth/compromise.js';
import { AppError } from '../../contract/errors.js';
import { EXTRACT_ANNULLERS, EXTRACT_PREPARERS, EXTRACT_SIGNERS, type ExtractState } from '../../contract/groups/extracts.js';
import type { Role } from '../../contract/roles.js';
import type { ExtractRecord, ExtractStep } from './record.js';

/**
 * The register's state machine, pure: who may do which step, in which order, and what a change of
 * the data does to an extract.
 *
 *   prepared ──sign off──▶ signed_off ──hand over──▶ handed_over
 *      ▲  (print: any time before hand-over; hand-over needs a print of the current version)
 *      └──── the data changed: a new version (same number, new code), signed off again ────┘
 *
 * A signed-off extract whose data changed is `outdated`: it cannot be handed over; printing it or
 * signing it off again makes the new version. A handed-over extract is final.
 *
 *   any state ──annul (office or director, with a reason)──▶ annulled
 *
 * An annulled extract stays in the register with who, when and why; it is never signed off,
 * printed, renewed or handed over again, and its code verifies as annulled.
 */

export type Step = 'prepare' | 'signOff' | 'print' | 'handOver' | 'annul';

const STEP_ROLES: Record<Step, readonly Role[]> = {
  prepare: EXTRACT_PREPARERS,
  signOff: EXTRACT_SIGNERS,
  print: EXTRACT_PREPARERS,
  handOver: EXTRACT_PREPARERS,
  annul: EXTRACT_ANNULLERS,
};

export function mayDo(role: Role, step: Step): boolean {
  return STEP_ROLES[step].includes(role);
}

export interface Actor {
  id: string;
  role: Role;
  /** «Орлова А. Ю.» */
  name: string;
}

/**
 * Whether the extract carries a valid sign-off of its current version: a step made with a login
 * from the moment it was reported compromised is invalid (auth/compromise.ts, the one rule).
 */
export function signedOffValidly(rec: ExtractRecord, rule: CompromiseRule): boolean {
  return rec.signedOff !== undefined && !stepInvalid(rule, rec.signedOff);
}

/**
 * The state of an extract. `currentHash`: the hash of its content now (undefined: not compared,
 * the recorded state is shown).
 */
export function stateOf(rec: ExtractRecord, currentHash: string | undefined, rule: CompromiseRule): ExtractState {
  if (rec.annulled) return 'annulled';
  if (rec.handedOver && !stepInvalid(rule, rec.handedOver)) return 'handed_over';
  if (!signedOffValidly(rec, rule)) return 'prepared';
  if (currentHash !== undefined && currentHash !== rec.contentHash) return 'outdated';
  return 'signed_off';
}

/** Problems of a record worth showing: steps made with a compromised login. */
export function problemsOf(rec: ExtractRecord, rule: CompromiseRule): string[] {
  const out: string[] = [];
  const bad = (s: ExtractStep | undefined) => s !== undefined && stepInvalid(rule, s);
  if (bad(rec.prepared)) out.push('Подготовлена под учётной записью, о взломе которой сообщено: проверьте содержание.');
  if (bad(rec.signedOff)) out.push('Утверждение сделано под учётной записью, о взломе которой сообщено: оно недействительно, утвердите заново.');
  if (rec.printed.some(bad)) out.push('Есть печать под учётной записью, о взломе которой сообщено.');
  if (bad(rec.handedOver)) out.push('Выдача записана под учётной записью, о взломе которой сообщено: проверьте подпись представителя.');
  if (bad(rec.annulled)) out.push('Аннулирование записано под учётной записью, о взломе которой сообщено: проверьте, верно ли оно; при необходимости подготовьте выписку заново.');
  return out;
}

function step(actor: Actor, now: Date): ExtractStep {
  return { at: now.toISOString(), by: actor.id, role: actor.role };
}

function assertStep(actor: Actor, s: Step): void {
  if (!mayDo(actor.role, s)) {
    const who = s === 'signOff' ? 'директор или заместитель директора' : s === 'annul' ? 'канцелярия или директор' : 'классный руководитель или канцелярия';
    throw new AppError('forbidden', `Этот шаг делает ${who}.`);
  }
}

function assertOpen(rec: ExtractRecord): void {
  if (rec.annulled) throw new AppError('conflict', `Выписка № ${rec.number} аннулирована: с ней больше ничего не делают. Для верных данных подготовьте новую выписку.`);
  if (rec.handedOver) throw new AppError('conflict', `Выписка № ${rec.number} уже выдана: её нельзя изменить. Для новых данных подготовьте новую выписку.`);
}

/** What preparing an extract is given: the record's own data, before any step. */
export type NewExtract = Pick<ExtractRecord, 'id' | 'number' | 'studentId' | 'classId' | 'periodStart' | 'periodEnd' | 'reason' | 'issuedOn' | 'sections' | 'contentHash'>;

export function prepare(n: NewExtract, actor: Actor, now: Date): ExtractRecord {
  assertStep(actor, 'prepare');
  return { ...n, sections: [...n.sections], prepared: step(actor, now), printed: [], versions: [] };
}

/**
 * Makes a new version of an extract whose data changed: the old one goes to the history (with its
 * sign-off and prints), the new one has a new issue date and hash and must be signed off again.
 */
export function renew(rec: ExtractRecord, next: { contentHash: string; issuedOn: string }, actor: Actor, now: Date): void {
  assertOpen(rec);
  if (next.contentHash === rec.contentHash) return;
  rec.versions.push({
    contentHash: rec.contentHash,
    issuedOn: rec.issuedOn,
    prepared: rec.prepared,
    ...(rec.signedOff ? { signedOff: rec.signedOff } : {}),
    printed: rec.printed,
    replaced: step(actor, now),
  });
  rec.contentHash = next.contentHash;
  rec.issuedOn = next.issuedOn;
  rec.prepared = step(actor, now);
  delete rec.signedOff;
  rec.printed = [];
}

/**
 * Sign-off of the content the signer saw (`seenHash`, from the list or the preview). If the data
 * changed since the extract was prepared, the signer signs the new version (`current`), and only if
 * that is what he saw.
 */
export function signOff(
  rec: ExtractRecord,
  a: { seenHash: string; current: { contentHash: string; issuedOn: string }; actor: Actor; now: Date; rule: CompromiseRule },
): 'signed' | 'already' {
  assertStep(a.actor, 'signOff');
  assertOpen(rec);
  if (a.seenHash !== a.current.contentHash) {
    throw new AppError('conflict', `Данные выписки № ${rec.number} изменились, пока вы её смотрели. Обновите список и проверьте её снова.`);
  }
  if (a.current.contentHash === rec.contentHash && signedOffValidly(rec, a.rule)) return 'already';
  renew(rec, a.current, a.actor, a.now);
  rec.signedOff = { ...step(a.actor, a.now), signerName: a.actor.name };
  return 'signed';
}

/** Records a print of the current version (the caller renews a changed extract first). */
export function recordPrint(rec: ExtractRecord, currentHash: string, actor: Actor, now: Date): void {
  assertStep(actor, 'print');
  assertOpen(rec);
  if (currentHash !== rec.contentHash) throw new Error('print of a stale version');
  rec.printed.push(step(actor, now));
}

/** Hand-over to a guardian of the student, against signature, on a date (not in the future). */
export function handOver(
  rec: ExtractRecord,
  a: { guardianId: string; guardianIds: readonly string[]; date: string; today: string; currentHash: string; actor: Actor; now: Date; rule: CompromiseRule },
): void {
  assertStep(a.actor, 'handOver');
  assertOpen(rec);
  if (!signedOffValidly(rec, a.rule)) {
    throw new AppError('rule', `Выписка № ${rec.number} ещё не утверждена директором или заместителем: выдать её нельзя.`);
  }
  if (a.currentHash !== rec.contentHash) {
    throw new AppError('rule', `Данные выписки № ${rec.number} изменились после утверждения: напечатайте её заново и утвердите снова.`);
  }
  if (rec.printed.length === 0) throw new AppError('rule', `Выписка № ${rec.number} ещё не напечатана: сначала напечатайте её.`);
  if (!a.guardianIds.includes(a.guardianId)) {
    throw new AppError('validation', 'Выберите законного представителя этого ученика.', [{ path: 'guardianId', message: 'Не представитель ученика' }]);
  }
  if (a.date > a.today) throw new AppError('validation', 'Дата выдачи ещё не наступила.', [{ path: 'date', message: 'Дата в будущем' }]);
  if (a.date < rec.issuedOn) {
    throw new AppError('validation', 'Дата выдачи раньше даты выписки.', [{ path: 'date', message: 'Раньше даты выписки' }]);
  }
  rec.handedOver = { ...step(a.actor, a.now), guardianId: a.guardianId, date: a.date };
}

/** The shortest reason accepted: a few words a later reader understands. */
export const ANNUL_REASON_MIN = 5;

/**
 * Annuls an erroneous extract (any state but annulled): it stays in the register with who, when
 * and why. A handed-over one too — that paper is out, and its code must now say it is void.
 */
export function annul(rec: ExtractRecord, a: { reason: string; actor: Actor; now: Date }): void {
  assertStep(a.actor, 'annul');
  if (rec.annulled) throw new AppError('conflict', `Выписка № ${rec.number} уже аннулирована.`);
  const reason = a.reason.replace(/\s+/g, ' ').trim();
  if (reason.length < ANNUL_REASON_MIN) {
    throw new AppError('validation', 'Укажите причину аннулирования: что в выписке неверно.', [{ path: 'reason', message: 'Укажите причину' }]);
  }
  rec.annulled = { ...step(a.actor, a.now), reason };
}

/**
 * Checking an extract from outside (issue 14, point 9; docs/sync-protocol.md, «Проверка выписки»).
 *
 * Workstations push the facts of their registers of extracts (`extract.issued`: a version signed
 * off; `extract.annulled`: annulled, or replaced by a new version) — each with the digest of the
 * code (electron/contract/extracts/code.ts, `codeDigest`), the extract's number and dates, never a
 * child's name or id. `GET /v1/verify/<code>` needs no login: it is the address in the QR code on
 * the paper. It answers a small Russian HTML page, or JSON when the client asks for it
 * (`Accept: application/json`): valid, annulled or unknown, with the number and the date.
 *
 * The facts live in a table of their own, `extract_checks`, created the first time it is needed
 * (never pulled by workstations: it is not a part of the replica).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { codeCandidates, codeDigest } from '../electron/contract/extracts/code.js';
import { ExtractAnnulled, ExtractIssued } from '../electron/contract/extracts/facts.js';
import { ruDate } from '../electron/contract/text/format.js';
import { MUTATION_KINDS } from '../electron/contract/sync/kinds.js';
import type { WireMutation } from '../electron/contract/sync/protocol.js';
import type { Db, Queryable } from './db.js';
import type { EntityChange } from './entities.js';

type Outcome = { reject: string } | { changes: EntityChange[] };

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const VERIFY_PATH = '/v1/verify/';

const TABLE_SQL = [
  `CREATE TABLE IF NOT EXISTS extract_checks (
    school_id text NOT NULL,
    -- SHA-256 of the code (codeDigest): the code itself is never stored
    digest text NOT NULL,
    number bigint NOT NULL,
    issued_on text NOT NULL,
    signed_on text,
    -- 'valid' | 'annulled' | 'superseded'; an annulled code never becomes valid again
    state text NOT NULL,
    annulled_on text,
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, digest)
  )`,
  `CREATE INDEX IF NOT EXISTS extract_checks_digest ON extract_checks (digest)`,
];

/** Connections (transactions) that have seen the table: it is looked up once per transaction. */
const seen = new WeakSet<object>();

async function tableExists(q: Queryable): Promise<boolean> {
  const r = await q.query<{ t: string | null }>(`SELECT to_regclass('extract_checks')::text AS t`);
  return Boolean(r.rows[0]?.t);
}

async function ensureTable(q: Queryable): Promise<void> {
  if (seen.has(q)) return;
  if (!(await tableExists(q))) for (const sql of TABLE_SQL) await q.query(sql);
  seen.add(q);
}

/** What an `extract.issued` or `extract.annulled` mutation records, or why it is refused. */
export async function planExtractFact(q: Queryable, schoolId: string, m: WireMutation): Promise<Outcome> {
  if (m.kind === MUTATION_KINDS.extractIssued) {
    const p = ExtractIssued.safeParse(m.payload);
    if (!p.success) return { reject: 'Сведения о выписке не приняты: неверные данные. Обновите программу.' };
    await ensureTable(q);
    const f = p.data;
    await q.query(
      `INSERT INTO extract_checks (school_id, digest, number, issued_on, signed_on, state) VALUES ($1, $2, $3, $4, $5, 'valid')
       ON CONFLICT (school_id, digest) DO UPDATE SET signed_on = COALESCE(extract_checks.signed_on, excluded.signed_on)`,
      [schoolId, f.digest, f.number, f.issuedOn, f.signedOn],
    );
    return { changes: [] };
  }
  if (m.kind === MUTATION_KINDS.extractAnnulled) {
    const p = ExtractAnnulled.safeParse(m.payload);
    if (!p.success) return { reject: 'Сведения об аннулировании выписки не приняты: неверные данные. Обновите программу.' };
    await ensureTable(q);
    const f = p.data;
    await q.query(
      `INSERT INTO extract_checks (school_id, digest, number, issued_on, state, annulled_on) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (school_id, digest) DO UPDATE
         SET state = CASE WHEN extract_checks.state = 'annulled' THEN 'annulled' ELSE excluded.state END,
             annulled_on = COALESCE(extract_checks.annulled_on, excluded.annulled_on), changed_at = now()`,
      [schoolId, f.digest, f.number, f.issuedOn, f.superseded ? 'superseded' : 'annulled', f.annulledOn],
    );
    return { changes: [] };
  }
  return { reject: `Центральная система не знает изменений вида «${m.kind}». Обновите программу.` };
}

export type VerifyOutcome = 'valid' | 'annulled' | 'unknown';

/** The answer about a code: no child's name, no student, only the register's facts. */
export interface VerifyAnswer {
  v: 1;
  result: VerifyOutcome;
  /** The code as read (normalised), or what was typed when it is not a code. */
  code: string;
  message: string;
  number?: number;
  issuedOn?: string;
  schoolName?: string;
  annulledOn?: string;
  /** Annulled because a new version replaced it (the data changed). */
  superseded?: boolean;
}

/** Checks a code (as typed or read from the QR: Cyrillic look-alikes, layout, case and spaces are fine). */
export async function verifyCode(db: Db, raw: string): Promise<VerifyAnswer> {
  const codes = codeCandidates(raw);
  const shown = codes[0] ?? raw.slice(0, 40);
  const unknown: VerifyAnswer = {
    v: 1,
    result: 'unknown',
    code: shown,
    message:
      codes.length === 0
        ? 'Код не распознан: он состоит из 20 знаков (цифры и буквы A–F) группами по четыре, например 1A2B-3C4D-5E6F-7A8B-9C0D.'
        : 'Выписки с таким кодом нет в реестре центральной системы. Если школа выдала её только что, сведения могут ещё не дойти — уточните в школе; до тех пор не принимайте выписку как подлинную.',
  };
  if (codes.length === 0 || !(await tableExists(db))) return unknown;
  const digests = codes.map((c) => codeDigest(c, sha256Hex));
  const r = await db.query<{ digest: string; number: unknown; issued_on: string; state: string; annulled_on: string | null; name: string }>(
    `SELECT e.digest, e.number, e.issued_on, e.state, e.annulled_on, s.name FROM extract_checks e JOIN schools s ON s.id = e.school_id WHERE e.digest = ANY($1::text[])`,
    [digests],
  );
  // The reading that matches, in the order of the readings (look-alike first).
  const at = (d: string) => digests.indexOf(d);
  const row = [...r.rows].sort((a, b) => at(a.digest) - at(b.digest))[0];
  if (!row) return unknown;
  const code = codes[at(row.digest)]!;
  const number = Number(row.number);
  const base = { v: 1 as const, code, number, issuedOn: row.issued_on, schoolName: row.name };
  if (row.state === 'valid') {
    return { ...base, result: 'valid', message: `Выписка № ${number} от ${ruDate(row.issued_on)} подлинная: выдана школой и утверждена в реестре выписок.` };
  }
  const superseded = row.state === 'superseded';
  const on = row.annulled_on ? ` ${ruDate(row.annulled_on)}` : '';
  return {
    ...base,
    result: 'annulled',
    ...(row.annulled_on ? { annulledOn: row.annulled_on } : {}),
    ...(superseded ? { superseded: true } : {}),
    message: superseded
      ? `Выписка № ${number} от ${ruDate(row.issued_on)} заменена${on} новой версией (данные журнала изменились): эта бумага недействительна.`
      : `Выписка № ${number} от ${ruDate(row.issued_on)} аннулирована школой${on}: она недействительна.`,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const COLORS: Record<VerifyOutcome, string> = { valid: '#1a7f37', annulled: '#b00020', unknown: '#9a6700' };
const HEADINGS: Record<VerifyOutcome, string> = { valid: 'Выписка действительна', annulled: 'Выписка аннулирована', unknown: 'Выписка не найдена' };

/** The check page: small, no scripts, readable on a phone. */
export function verifyHtml(a: VerifyAnswer): string {
  const rows: Array<[string, string]> = [['Код проверки', a.code]];
  if (a.number !== undefined) rows.push(['Номер выписки', `№ ${a.number}`]);
  if (a.issuedOn) rows.push(['Дата выписки', ruDate(a.issuedOn)]);
  if (a.annulledOn) rows.push([a.superseded ? 'Заменена' : 'Аннулирована', ruDate(a.annulledOn)]);
  if (a.schoolName) rows.push(['Школа', a.schoolName]);
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Проверка выписки — ${esc(HEADINGS[a.result])}</title>
<style>body{font:16px/1.45 system-ui,sans-serif;margin:0;padding:24px;color:#1f2328;max-width:640px}h1{font-size:22px;color:${COLORS[a.result]};margin:0 0 8px}dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{color:#59636e}dd{margin:0;font-weight:600}footer{margin-top:24px;font-size:13px;color:#59636e}</style>
</head><body data-result="${a.result}">
<h1>${esc(HEADINGS[a.result])}</h1>
<p>${esc(a.message)}</p>
<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<footer>Проверка по реестру выписок центральной системы электронного журнала. Сведения об ученике здесь не показываются: сверьте номер и дату с бумагой.</footer>
</body></html>
`;
}

/** Whether the client asked for JSON rather than a page. */
function wantsJson(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '').toLowerCase();
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** `GET /v1/verify/<code>`: the page or the JSON; 404 when the code is unknown. */
export async function serveVerify(db: Db, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  let raw: string;
  try {
    raw = decodeURIComponent(path.slice(VERIFY_PATH.length)).slice(0, 300);
  } catch {
    raw = '';
  }
  const answer = await verifyCode(db, raw);
  const json = wantsJson(req);
  const body = Buffer.from(json ? JSON.stringify(answer) : verifyHtml(answer), 'utf8');
  res.writeHead(answer.result === 'unknown' ? 404 : 200, {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
    Vary: 'Accept',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

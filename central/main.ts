/**
 * `npm run central`: the reference central server.
 *
 *   --db <postgres://…>      PostgreSQL (or EZHD_CENTRAL_DB); without it PGlite, embedded:
 *   --data <dir>             PGlite data folder (EZHD_CENTRAL_DATA; default .data/central)
 *   --port <n>               default 8787 (EZHD_CENTRAL_PORT)
 *   --host <addr>            default 127.0.0.1 (EZHD_CENTRAL_HOST); 0.0.0.0 to serve a network
 *   --tls-cert, --tls-key    PEM files: serve HTTPS (EZHD_CENTRAL_TLS_CERT, EZHD_CENTRAL_TLS_KEY)
 *   --demo                   on an empty database, load the demo school and print a code
 *   --partitions <n>         hash partitions of the big tables when the database is created
 *   --school "<name>"        a school's own server: the school (created on first start), a code printed
 *   --import <folder|zip|xlsx|csv>  with --school: load an export (docs/exchange-format.md) or a
 *                            class list (a spreadsheet: .xlsx or .csv) into it first
 *
 * With PGlite the admin commands (`npm run central:admin`) reach the running server through an
 * admin endpoint on 127.0.0.1, announced in <data>/central.json with a secret in <data>/admin.secret.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { timingSafeEqual } from 'node:crypto';
import { AdminError, adminErrorText } from './adminError.js';
import { runAdmin } from './adminOps.js';
import { prepareAfterChange, prepareAllFirstPulls } from './firstPull.js';
import { openDb, type Db } from './db.js';
import { loadDemo } from './demo.js';
import { migrate } from './schema.js';
import { CentralError, createSchool, issueCode, listSchools } from './schools.js';
import { formatReport, importExport } from './exchange/import.js';
import { importClassList } from './exchange/classList/importClassList.js';
import { formatClassListReport } from './exchange/classList/preview.js';
import { isClassListPath } from './exchange/classList/sheet.js';
import { startCentralServer } from './server.js';

const OPTIONS = {
  db: { type: 'string' },
  data: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  demo: { type: 'boolean', default: false },
  partitions: { type: 'string' },
  school: { type: 'string' },
  import: { type: 'string' },
} as const;

/** The options of the command line; an unknown or incomplete one ends the start with a Russian message. */
function options() {
  try {
    return parseArgs({ options: OPTIONS, strict: true }).values;
  } catch (e) {
    // node:util's text is English: only the option it names is shown.
    const named = /'(-[^']*)'/.exec(e instanceof Error ? e.message : '')?.[1];
    console.error(`Центральная система не запустилась: ${named ? `параметр ${named} не понят` : 'параметры не поняты'}. Параметры: ${Object.keys(OPTIONS).map((k) => `--${k}`).join(', ')}`);
    process.exit(1);
  }
}

const values = options();

/** What the administrator reads of an error: errors of this system as they are, others in Russian words by their code. */
const errorText = (e: unknown) => adminErrorText(e, (x) => x instanceof CentralError);

const log = (line: string) => console.log(`[central] ${line}`);

async function readJson(req: IncomingMessage, max: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > max) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** The loopback admin endpoint: POST / {command, args} with X-Ezhd-Admin: <secret>. */
async function startAdminEndpoint(db: Db, secret: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const remote = req.socket.remoteAddress ?? '';
    const given = Buffer.from(String(req.headers['x-ezhd-admin'] ?? ''));
    const want = Buffer.from(secret);
    if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remote) || given.length !== want.length || !timingSafeEqual(given, want)) {
      return reply(403, { error: 'команда не принята: секрет администратора не совпадает (команды принимаются только с этой машины, из папки данных этой центральной системы)' });
    }
    if (req.method !== 'POST') return reply(405, { error: 'команда не принята: нужен запрос POST' });
    void (async () => {
      try {
        const body = (await readJson(req, 1_000_000)) as { command?: unknown; args?: unknown };
        const lines: string[] = [];
        const result = await runAdmin(db, String(body.command), (body.args ?? {}) as Record<string, unknown>, (l) => lines.push(l));
        reply(200, { result, log: lines });
      } catch (e) {
        reply(400, { error: errorText(e) });
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function main(): Promise<void> {
  const url = values.db ?? process.env.EZHD_CENTRAL_DB;
  const dataDir = url ? undefined : resolve(values.data ?? process.env.EZHD_CENTRAL_DATA ?? '.data/central');
  const port = Number(values.port ?? process.env.EZHD_CENTRAL_PORT ?? 8787);
  const host = values.host ?? process.env.EZHD_CENTRAL_HOST ?? '127.0.0.1';
  const certFile = values['tls-cert'] ?? process.env.EZHD_CENTRAL_TLS_CERT;
  const keyFile = values['tls-key'] ?? process.env.EZHD_CENTRAL_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new AdminError('TLS: укажите и --tls-cert, и --tls-key');

  log(url ? 'база данных: PostgreSQL' : `база данных: PGlite, папка ${dataDir}`);
  const db = await openDb(url ? { url } : { dataDir: dataDir! });
  await migrate(db, values.partitions ? { partitions: Number(values.partitions) } : {});

  if (values.demo && (await listSchools(db)).length === 0) {
    log('загружаю демонстрационную школу…');
    const r = await loadDemo(db);
    log(`демо-школа ${r.schoolId}: ${r.entities} записей`);
  }

  // A school's own server (issue 17): its school, its data from an export, a code to enrol with.
  const own = values.school ? await ownSchool(db, values.school, values.import) : null;
  if (values.import && !own) throw new AdminError('--import: укажите и школу: --school "МБОУ СОШ № 1"');

  const central = await startCentralServer({ db, port, host, log, ...(certFile && keyFile ? { tls: { certFile, keyFile } } : {}) });
  let admin: { url: string; close(): Promise<void> } | null = null;
  if (dataDir) {
    const secret = randomBytes(24).toString('base64url');
    admin = await startAdminEndpoint(db, secret);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'admin.secret'), secret, { mode: 0o600 });
    writeFileSync(join(dataDir, 'central.json'), JSON.stringify({ pid: process.pid, adminUrl: admin.url }), { mode: 0o600 });
  }
  log(`центральная система работает: ${central.url}`);
  // New workstations' first pulls, prepared in the background where the rule asks (firstPull.ts).
  void prepareAllFirstPulls(db, log);
  if (values.demo) {
    for (const s of await listSchools(db)) {
      const code = await issueCode(db, s.id);
      log(`школа ${s.id} «${s.name}»: код подключения ${code.code} (действует до ${code.expiresAt})`);
    }
  }

  if (own) {
    const code = await issueCode(db, own);
    log(`школа ${own}: код подключения ${code.code} (действует до ${code.expiresAt}); в программе: «Синхронизация» → адрес ${central.url} и этот код`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('остановка…');
    await central.close();
    await admin?.close();
    if (dataDir) {
      rmSync(join(dataDir, 'central.json'), { force: true });
      rmSync(join(dataDir, 'admin.secret'), { force: true });
    }
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** The school of a school's own server, by its name (created with an id made from it), with an export loaded. */
async function ownSchool(db: Db, name: string, importPath: string | undefined): Promise<string> {
  const existing = (await listSchools(db)).find((s) => s.name === name);
  const id = existing?.id ?? `sch-${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8)}`;
  if (!existing) await createSchool(db, id, name);
  log(`школа ${id} «${name}»`);
  if (importPath) {
    if (isClassListPath(importPath)) {
      // A class list (XLSX or CSV): the mapping of its columns and counts are printed, no names.
      log(`загружаю список классов ${resolve(importPath)}…`);
      const r = await importClassList(db, id, { path: resolve(importPath) });
      for (const line of formatClassListReport(r).split('\n')) log(line);
    } else {
      log(`загружаю выгрузку ${resolve(importPath)}…`);
      const r = await importExport(db, id, { path: resolve(importPath) });
      for (const line of formatReport(r).split('\n')) log(line);
    }
    // A new workstation's first pull, prepared ahead once the log has moved enough (firstPull.ts).
    log((await prepareAfterChange(db, id)).line);
  }
  return id;
}

main().catch((e: unknown) => {
  console.error(`Центральная система не запустилась: ${errorText(e)}`);
  process.exit(1);
});

/**
 * `npm run central:admin -- <command> [--option value …]`: administration of the central server.
 *
 *   create-school --id sch1 --name "МБОУ СОШ № 1"
 *   issue-code --school sch1 [--hours 72]            a one-time enrolment code for a workstation
 *   load-demo [--school id] [--seed n] [--students n] [--as-of YYYY-MM-DD] [--density x]
 *   add-marks --school sch1 --count 100 [--changed n] [--deleted n] [--class id] [--seed n]
 *   list-schools | list-workstations --school sch1 | revoke --school sch1 --workstation ws
 *   purge-tombstones --school sch1 --older-than-days 90
 *   count --school sch1 | show-entity --school sch1 --part class/c5a --kind document --id …
 *   compromises --school sch1                        the compromise records (JSON), with what each revoked
 *   import --school sch1 <folder|zip> [--dry-run]    an export in the exchange format (docs/exchange-format.md)
 *   export --school sch1 <folder>                    the school in the exchange format
 *   import-class-list --school sch1 <file.xlsx|csv> [--dry-run]
 *                                                    a school's class list (docs/exchange-format.md, «Списки классов»);
 *                                                    --dry-run prints the mapping of its columns and the first rows
 *
 * Database: --db <postgres://…> (EZHD_CENTRAL_DB) or --data <PGlite folder> (EZHD_CENTRAL_DATA,
 * default .data/central). When the server is running on that PGlite folder, the command is sent to
 * it through its loopback admin endpoint; otherwise the folder is opened here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AdminError, adminErrorText } from './adminError.js';
import { ADMIN_HELP } from './adminHelp.js';
import { runAdmin } from './adminOps.js';
import { openDb } from './db.js';
import { CentralError } from './schools.js';
import { migrate } from './schema.js';

function parse(argv: string[]): { command: string; args: Record<string, string>; db?: string; data?: string } {
  const [command = 'help', ...rest] = argv;
  const args: Record<string, string> = {};
  let db: string | undefined;
  let data: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    // import/export: the folder or ZIP (a full path: a running server reads it), and a flag.
    if (!a.startsWith('--') && (command === 'import' || command === 'export' || command === 'import-class-list') && args.path === undefined) {
      args.path = resolve(a);
      continue;
    }
    if (a === '--dry-run') {
      args['dry-run'] = 'true';
      continue;
    }
    if (!a.startsWith('--')) throw new AdminError(`непонятный аргумент: ${a}`);
    const [k, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const v = inline ?? rest[++i];
    if (v === undefined) throw new AdminError(`--${k}: нет значения`);
    if (k === 'db') db = v;
    else if (k === 'data') data = v;
    else args[k] = v;
  }
  return { command, args, ...(db ? { db } : {}), ...(data ? { data } : {}) };
}

/** The running server's announcement in its data folder (central.json). */
function runningServer(dataDir: string): { pid: number; adminUrl: string } {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, 'central.json'), 'utf8')) as { pid?: unknown; adminUrl?: unknown };
    if (typeof info.pid === 'number' && typeof info.adminUrl === 'string') return { pid: info.pid, adminUrl: info.adminUrl };
  } catch {
    /* told below */
  }
  throw new AdminError(`файл ${join(dataDir, 'central.json')} повреждён: если центральная система не запущена, удалите его и повторите команду`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const { command, args, db: dbArg, data } = parse(process.argv.slice(2));
  if (command === 'help' || command === '--help') {
    console.log(ADMIN_HELP);
    return;
  }
  const url = dbArg ?? process.env.EZHD_CENTRAL_DB;
  const dataDir = url ? undefined : resolve(data ?? process.env.EZHD_CENTRAL_DATA ?? '.data/central');
  const print = (result: unknown) => console.log(typeof result === 'string' ? result : JSON.stringify(result, null, 2));

  if (dataDir && existsSync(join(dataDir, 'central.json'))) {
    const info = runningServer(dataDir);
    if (alive(info.pid)) {
      const secret = readFileSync(join(dataDir, 'admin.secret'), 'utf8').trim();
      const notAnswering = `центральная система, запущенная на этой папке данных (процесс ${info.pid}), не отвечает на команды`;
      const r = await fetch(info.adminUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ezhd-Admin': secret }, body: JSON.stringify({ command, args }) }).catch(() => {
        throw new AdminError(`${notAnswering}: перезапустите её и повторите команду`);
      });
      const body = (await r.json().catch(() => ({}))) as { result?: unknown; error?: string; log?: string[] };
      for (const l of body.log ?? []) console.error(l);
      if (!r.ok) throw new AdminError(body.error ?? `${notAnswering} (ответ ${r.status}): перезапустите её и повторите команду`);
      print(body.result);
      return;
    }
  }
  const db = await openDb(url ? { url } : { dataDir: dataDir! });
  try {
    await migrate(db);
    print(await runAdmin(db, command, args, (l) => console.error(l)));
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(`Ошибка: ${adminErrorText(e, (x) => x instanceof CentralError)}`);
  process.exit(1);
});

/**
 * The central server of the sync benchmark, in a worker thread of its own: the server and the
 * workstation then run side by side on two cores, as they do in reality (two machines, or two
 * processes), instead of taking turns on one event loop. The bench drives it by messages
 * (`CentralWorkerCall`); the worker owns the database (a PGlite folder can be opened by one
 * thread only).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPg, openPglite, type Db } from '../central/db.js';
import { addMarks, loadDemo, provideDemoGenerator, type AddMarksOptions, type LoadDemoOptions } from '../central/demo.js';
import { WORKSTATION_DEMO } from '../scripts/central/workstationDemo.js';
import { migrate } from '../central/schema.js';
import { dropFirstPull, prepareFirstPull } from '../central/firstPull.js';
import { enroll, getSchool, issueCode } from '../central/schools.js';
import { startCentralServer, type CentralServer } from '../central/server.js';

// The central server is given the workstation's demo school generator (central/demo.ts).
provideDemoGenerator(WORKSTATION_DEMO);

export interface CentralWorkerData {
  /** A PGlite data folder, or a PostgreSQL URL (with `schema`). */
  pglite?: string;
  pgUrl?: string;
  schema?: string;
}

export type CentralWorkerCall =
  | { op: 'loadDemo'; options: Omit<LoadDemoOptions, 'onProgress'> }
  | { op: 'ensureLoaded'; options: Omit<LoadDemoOptions, 'onProgress'> & { schoolId: string } }
  | { op: 'analyze' }
  | { op: 'prepareFirstPull'; schoolId: string; force?: boolean }
  | { op: 'dropFirstPull'; schoolId: string }
  | { op: 'start' }
  | { op: 'stop' }
  | { op: 'stats' }
  | { op: 'issueCode'; schoolId: string }
  | { op: 'enroll'; schoolId: string; workstationId: string }
  | { op: 'addMarks'; schoolId: string; options: AddMarksOptions }
  | { op: 'close' };

const data = workerData as CentralWorkerData;
let db: Db | null = null;
let server: CentralServer | null = null;

async function open(): Promise<Db> {
  if (db) return db;
  db = data.pgUrl ? await openPg(data.pgUrl, { ...(data.schema ? { schema: data.schema } : {}), max: 16 }) : await openPglite(data.pglite);
  await migrate(db);
  return db;
}

async function handle(call: CentralWorkerCall, progress: (line: string) => void): Promise<unknown> {
  const d = await open();
  switch (call.op) {
    case 'loadDemo':
      return loadDemo(d, {
        ...call.options,
        onProgress: (done, total) => {
          if (done % 10 === 0) progress(`  ${done}/${total} partitions loaded`);
        },
      });
    case 'ensureLoaded': {
      // PostgreSQL keeps the loaded school in its schema; the mark is set only when the load is done.
      const mark = await d.query<{ value: string }>(`SELECT value FROM ezhd_meta WHERE key = 'bench.loaded'`);
      if (mark.rows.length > 0) return { loadedNow: false, entities: 0 };
      if (await getSchool(d, call.options.schoolId)) {
        // A load that was stopped half-way: start again in an empty schema.
        if (!data.schema) throw new Error('half-loaded database');
        await d.query(`DROP SCHEMA ${data.schema} CASCADE`);
        await d.query(`CREATE SCHEMA ${data.schema}`);
        await migrate(d);
      }
      // Schemas of earlier keys (another school or code) are dropped.
      if (data.schema) {
        const old = await d.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sync\\_bench\\_%' AND nspname <> $1`, [data.schema]);
        for (const o of old.rows) await d.query(`DROP SCHEMA ${o.nspname} CASCADE`);
      }
      const loaded = await handle({ op: 'loadDemo', options: call.options }, progress);
      await d.query('ANALYZE');
      await d.query(`INSERT INTO ezhd_meta (key, value) VALUES ('bench.loaded', $1)`, [new Date().toISOString()]);
      return { loadedNow: true, entities: (loaded as { entities: number }).entities };
    }
    case 'analyze':
      await d.query('ANALYZE');
      return null;
    case 'prepareFirstPull':
      return prepareFirstPull(d, call.schoolId, { force: call.force ?? false });
    case 'dropFirstPull':
      return dropFirstPull(d, call.schoolId);
    case 'start':
      server ??= await startCentralServer({ db: d, port: 0 });
      return server.url;
    case 'stop':
      await server?.close();
      server = null;
      return null;
    case 'stats':
      return server ? { ...server.stats } : null;
    case 'issueCode':
      return (await issueCode(d, call.schoolId)).code;
    case 'enroll':
      return (await enroll(d, { code: (await issueCode(d, call.schoolId)).code, workstationId: call.workstationId })).token;
    case 'addMarks':
      return addMarks(d, call.schoolId, call.options);
    case 'close':
      await server?.close();
      server = null;
      await d.close();
      db = null;
      return null;
  }
}

parentPort!.on('message', (m: { id: number; call: CentralWorkerCall }) => {
  const progress = (line: string) => parentPort!.postMessage({ progress: line });
  handle(m.call, progress).then(
    (value) => parentPort!.postMessage({ id: m.id, ok: true, value }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, ok: false, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }),
  );
});

/**
 * The central server's side of a first pull, alone: every page of the bench school built
 * (pullPage) and compressed as the server sends it (compressParts), with the CPU of each phase.
 * `npx tsx bench/pullServer.ts <pglite folder>` (a copy of the sync bench's cached database);
 * PULL_STRINGS=1: the page read as strings, as from PostgreSQL (no `queryBytes`).
 */
import { openPglite, type Db } from '../central/db.js';
import { compressParts } from '../central/compressParts.js';
import { pullPage } from '../central/pull.js';

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: pullServer.ts <pglite folder>');
  const pglite = await openPglite(dir);
  const db: Db = process.env.PULL_STRINGS === '1' ? { ...pglite, tx: (fn, o) => pglite.tx((q) => fn({ query: q.query.bind(q) }), o) } : pglite;
  const limit = Number(process.env.PULL_LIMIT ?? 20_000);
  const maxPages = Number(process.env.PULL_PAGES ?? 1e9);
  let since = '0';
  let pages = 0, rows = 0, bytes = 0, wire = 0;
  let qCpu = 0, zCpu = 0, qWall = 0, zWall = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (;;) {
    let c = process.cpuUsage();
    let t = performance.now();
    const page = await pullPage(db, 'bench', since, limit);
    qCpu += cpuMs(process.cpuUsage(c));
    qWall += performance.now() - t;
    c = process.cpuUsage();
    t = performance.now();
    const z = await compressParts(page.parts, 'br', { brotliQuality: 1, gzipLevel: 4 });
    zCpu += cpuMs(process.cpuUsage(c));
    zWall += performance.now() - t;
    pages++;
    rows += page.rows;
    bytes += page.parts.reduce((n, p) => n + p.length, 0);
    wire += z.length;
    const m = /"cursor":"([^"]+)".*?"more":(true|false)/.exec(Buffer.from(page.parts[0]!).toString());
    if (!m || m[2] !== 'true' || pages >= maxPages) break;
    since = m[1]!;
  }
  const total = cpuMs(process.cpuUsage(c0));
  console.log(
    `pages ${pages}, rows ${rows}, ${(bytes / 1e6).toFixed(1)} MB json, ${(wire / 1e6).toFixed(1)} MB wire; wall ${Math.round(performance.now() - t0)} ms, CPU ${Math.round(total)} ms; ` +
      `page query CPU ${Math.round(qCpu)} ms (wall ${Math.round(qWall)}), compression CPU ${Math.round(zCpu)} ms (wall ${Math.round(zWall)})`,
  );
  await db.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

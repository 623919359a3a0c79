/**
 * The bench school (BENCH_OPTIONS: 1,000 students, a full year) on a MemoryBackend, for running
 * one bench module by itself (`npx tsx bench/journal.bench.ts`). `npm run bench` builds it through
 * the real FileBackend instead (scripts/bench.ts).
 */
import type { App } from '../electron/core/app.js';

export async function memoryBenchApp(students?: number): Promise<App> {
  const { createApp } = await import('../electron/core/app.js');
  const { MemoryAuditSink } = await import('../electron/core/audit/auditLog.js');
  const { MemoryBackend } = await import('../electron/core/store/backend.js');
  const { SCHEMA_VERSION } = await import('../electron/core/store/schema.js');
  const { BENCH_OPTIONS, createDemoSchoolStream } = await import('../electron/core/demo/index.js');
  const options = { ...BENCH_OPTIONS, students: students ?? BENCH_OPTIONS.students };
  const asOf = new Date(`${options.asOf}T12:00:00+03:00`);
  const app = createApp({ backend: new MemoryBackend(), auditSink: new MemoryAuditSink(), now: () => asOf });
  const t0 = performance.now();
  const demo = createDemoSchoolStream(options);
  let marks = 0;
  for (const part of demo.classes()) {
    marks += part.journal.marks.length;
    await app.core.store.updateJournal(part.journal.yearId, part.journal.classId, (d) => Object.assign(d, part.journal));
    await app.core.store.updateClass(part.classData.classId, (d) => Object.assign(d, part.classData));
  }
  await app.core.store.initSchool({
    ...demo.school,
    schemaVersion: SCHEMA_VERSION.school,
    users: demo.users.map((u) => ({
      id: u.id,
      login: u.login,
      name: u.name,
      role: u.role,
      classIds: u.classIds,
      passwordHash: 'not-used-by-the-bench',
      failedAttempts: 0,
      mustChangePassword: false,
      disabled: false,
      createdAt: asOf.toISOString(),
    })),
    compromises: [],
    mutations: [],
    workstation: { id: 'ws-bench', lastHlc: '', nextMutationSeq: 1 },
  });
  console.log(`school built: ${demo.school.classes.length} classes, ${marks} marks, ${Math.round(performance.now() - t0)} ms`);
  return app;
}

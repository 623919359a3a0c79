import { describe, expect, it } from 'vitest';
import { AuditLog, MemoryAuditSink } from '../../../electron/core/audit/auditLog.js';

async function logWith(n: number) {
  const sink = new MemoryAuditSink();
  const log = new AuditLog(sink, () => new Date('2026-11-20T10:00:00.000Z'));
  for (let i = 0; i < n; i++) await log.append({ userId: 'u1', action: 'registry.record', recordIds: [`d${i}`] });
  return { sink, log };
}

describe('audit log chain', () => {
  it('an untouched log verifies', async () => {
    const { log } = await logWith(5);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 5, breaks: [], restores: [] });
  });

  it('an edited line breaks the chain at that line', async () => {
    const { sink, log } = await logWith(5);
    const lines = sink.months.get('2026-11')!;
    lines[2] = lines[2]!.replace('"d2"', '"d9"');
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('a removed line breaks the chain', async () => {
    const { sink, log } = await logWith(5);
    sink.months.get('2026-11')!.splice(1, 1);
    expect((await log.verify()).ok).toBe(false);
  });

  it('a re-hashed forged line still breaks the link to the next', async () => {
    const { sink, log } = await logWith(3);
    const lines = sink.months.get('2026-11')!;
    const e = JSON.parse(lines[0]!);
    e.recordIds = ['forged'];
    const { hashEntry } = await import('../../../electron/core/audit/auditEntry.js');
    const { hash: _h, ...rest } = e;
    e.hash = hashEntry(rest);
    lines[0] = JSON.stringify(e);
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('holds no personal data: only ids', async () => {
    const { sink } = await logWith(1);
    const line = sink.months.get('2026-11')![0]!;
    expect(Object.keys(JSON.parse(line)).sort()).toEqual(['action', 'at', 'hash', 'prev', 'recordIds', 'seq', 'userId']);
  });
});

import { describe, expect, it } from 'vitest';
import { AuditLog, MemoryAuditSink } from '../../../electron/core/audit/auditLog.js';
import { hashEntry } from '../../../electron/core/audit/auditEntry.js';

async function logWith(n: number) {
  const sink = new MemoryAuditSink();
  const log = new AuditLog(sink, () => new Date('2026-11-20T10:00:00.000Z'));
  for (let i = 0; i < n; i++) await log.append({ userId: 'u1', action: 'registry.record', recordIds: [`d${i}`] });
  return { sink, log };
}

const lineWith = (sink: MemoryAuditSink, id: string) => sink.months.get('2026-11')!.findIndex((l) => l.includes(`"${id}"`));

describe('audit log chain', () => {
  it('an untouched log verifies', async () => {
    const { log } = await logWith(5);
    // The first entry of a new log says that its head is kept.
    expect((await log.all())[0]).toMatchObject({ seq: 1, userId: 'system', action: 'audit.headStarted' });
    expect(await log.verify()).toMatchObject({ ok: true, entries: 6, breaks: [], restores: [] });
  });

  it('an edited line breaks the chain at that line', async () => {
    const { sink, log } = await logWith(5);
    const lines = sink.months.get('2026-11')!;
    const i = lineWith(sink, 'd2');
    lines[i] = lines[i]!.replace('"d2"', '"d9"');
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: i + 1 });
  });

  it('a removed line breaks the chain', async () => {
    const { sink, log } = await logWith(5);
    sink.months.get('2026-11')!.splice(2, 1);
    expect((await log.verify()).ok).toBe(false);
  });

  it('a re-hashed forged line still breaks the link to the next', async () => {
    const { sink, log } = await logWith(3);
    const lines = sink.months.get('2026-11')!;
    const i = lineWith(sink, 'd0');
    const e = JSON.parse(lines[i]!);
    e.recordIds = ['forged'];
    const { hash: _h, ...rest } = e;
    e.hash = hashEntry(rest);
    lines[i] = JSON.stringify(e);
    expect(await log.verify()).toMatchObject({ ok: false, brokenAt: i + 2 });
  });

  it('removing the newest lines is seen against the head, recorded, and stays seen', async () => {
    const { sink, log } = await logWith(5);
    sink.months.get('2026-11')!.splice(-2, 2);
    const check = await log.verify();
    expect(check).toMatchObject({ ok: false, breaks: [{ reason: 'truncated', lostFrom: 5, lostTo: 6 }] });
    // The break is now an entry of the chain itself; later appends do not hide it.
    await log.append({ userId: 'u1', action: 'registry.record', recordIds: ['d7'] });
    const fresh = new AuditLog(sink, () => new Date('2026-11-20T11:00:00.000Z'));
    const again = await fresh.verify();
    expect(again).toMatchObject({ ok: false, breaks: [{ reason: 'truncated', lostFrom: 5, lostTo: 6 }] });
    expect(again.brokenAt).toBeUndefined();
  });

  it('a damaged head is a break', async () => {
    const { sink, log } = await logWith(2);
    sink.headDamaged = true;
    expect(await log.verify()).toMatchObject({ ok: false, breaks: [{ reason: 'head_unreadable' }] });
  });

  it('holds no personal data: only ids', async () => {
    const { sink } = await logWith(1);
    const line = sink.months.get('2026-11')![lineWith(sink, 'd0')]!;
    expect(Object.keys(JSON.parse(line)).sort()).toEqual(['action', 'at', 'hash', 'prev', 'recordIds', 'seq', 'userId']);
  });
});

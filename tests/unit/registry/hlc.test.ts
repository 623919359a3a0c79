import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockDriftError, compareHlc, formatHlc, parseHlc, receiveHlc, tickHlc } from '../../../electron/core/sync/hlc.js';
import { addMutation, reserveStamp, takeStamp } from '../../../electron/core/sync/mutations.js';
import { MemoryBackend } from '../../../electron/core/store/backend.js';
import { Store } from '../../../electron/core/store/store.js';
import { emptyClassData, type WorkstationState } from '../../../electron/core/store/schema.js';
import { fixtureSchool } from '../helpers/fixtureSchool.js';

const T = Date.parse('2026-11-20T09:00:00.000Z');

describe('гибридные логические часы', () => {
  it('первое значение — время стенных часов, счётчик 0', () => {
    expect(tickHlc('', T, 'ws1')).toBe('2026-11-20T09:00:00.000Z-0000-ws1');
  });

  it('в ту же миллисекунду растёт счётчик', () => {
    const a = tickHlc('', T, 'ws1');
    const b = tickHlc(a, T, 'ws1');
    expect(b).toBe('2026-11-20T09:00:00.000Z-0001-ws1');
    expect(compareHlc(a, b)).toBe(-1);
  });

  it('часы, переведённые назад, не отматывают время назад', () => {
    const a = tickHlc('', T, 'ws1');
    const b = tickHlc(a, T - 3_600_000, 'ws1');
    expect(compareHlc(a, b)).toBe(-1);
    expect(parseHlc(b)!.millis).toBe(T);
  });

  it('переполнение счётчика занимает следующую миллисекунду', () => {
    const full = formatHlc({ millis: T, counter: 0xffff, node: 'ws1' });
    expect(tickHlc(full, T, 'ws1')).toBe('2026-11-20T09:00:00.001Z-0000-ws1');
  });

  it('получение чужого значения переводит часы за него', () => {
    const remote = formatHlc({ millis: T + 5000, counter: 7, node: 'wsB' });
    const local = receiveHlc(tickHlc('', T, 'wsA'), remote, T, 'wsA');
    expect(compareHlc(remote, local)).toBe(-1);
    expect(parseHlc(local)).toEqual({ millis: T + 5000, counter: 8, node: 'wsA' });
  });

  it('чужие часы, ушедшие вперёд больше чем на сутки, отвергаются', () => {
    const remote = formatHlc({ millis: T + 2 * 86_400_000, counter: 0, node: 'wsB' });
    expect(() => receiveHlc('', remote, T, 'wsA')).toThrow(ClockDriftError);
  });

  it('последовательность событий при любых показаниях часов строго возрастает', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: T - 10_000, max: T + 10_000 }), { minLength: 1, maxLength: 200 }), (nows) => {
        let last = '';
        for (const now of nows) {
          const next = tickHlc(last, now, 'ws1');
          expect(compareHlc(last, next)).toBe(-1);
          last = next;
        }
      }),
    );
  });

  it('строки сортируются как (время, счётчик)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 0xffff }), (m1, c1, m2, c2) => {
        const a = formatHlc({ millis: m1, counter: c1, node: 'n' });
        const b = formatHlc({ millis: m2, counter: c2, node: 'n' });
        expect(Math.sign(compareHlc(a, b))).toBe(Math.sign(m1 - m2 || c1 - c2));
        expect(parseHlc(a)).toEqual({ millis: m1, counter: c1, node: 'n' });
      }),
    );
  });
});

describe('мутации для синхронизации', () => {
  it('штамп берёт следующий номер и значение часов рабочего места', () => {
    const ws: WorkstationState = { id: 'ws1', lastHlc: '', nextMutationSeq: 1 };
    const a = takeStamp(ws, new Date(T));
    const b = takeStamp(ws, new Date(T));
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(compareHlc(a.hlc, b.hlc)).toBe(-1);
    expect(ws).toEqual({ id: 'ws1', lastHlc: b.hlc, nextMutationSeq: 3 });
  });

  it('мутация добавляется в раздел класса; повтор идентификатора отвергается', () => {
    const d = emptyClassData('c1');
    const stamp = { workstationId: 'ws1', seq: 5, hlc: 'h' };
    const m = addMutation(d, stamp, { kind: 'k', payload: { id: 'x' }, author: 'u1', now: new Date(T) });
    expect(m).toMatchObject({ id: 'ws1:5', seq: 5, kind: 'k', hlc: 'h', author: 'u1', createdAt: '2026-11-20T09:00:00.000Z' });
    expect(d.mutations).toHaveLength(1);
    expect(() => addMutation(d, stamp, { kind: 'k', payload: {}, author: 'u1', now: new Date(T) })).toThrow(/already used/);
    const ws: WorkstationState = { id: 'ws1', lastHlc: '', nextMutationSeq: 6 };
    expect(addMutation(d, ws, { kind: 'k', payload: {}, author: 'u1', now: new Date(T) }).id).toBe('ws1:6');
  });

  it('сбой между резервированием и записью класса оставляет пропуск номера, но не повтор', async () => {
    const backend = new MemoryBackend();
    const { school } = await fixtureSchool();
    const store = new Store(backend);
    await store.initSchool(school);
    const first = await reserveStamp(store, new Date(T));
    // The class write fails (disk full, a crash): the reserved number is never used.
    backend.failWrites = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    await expect(store.updateClass('c5a', (d) => addMutation(d, first, { kind: 'k', payload: {}, author: 'u', now: new Date(T) }))).rejects.toThrow();
    backend.failWrites = null;
    // After a restart (a new store over the same files) the next number is fresh.
    const restarted = new Store(backend);
    const second = await reserveStamp(restarted, new Date(T - 1000));
    expect(second.seq).toBe(first.seq + 1);
    expect(compareHlc(first.hlc, second.hlc)).toBe(-1);
    await restarted.updateClass('c9b', (d) => addMutation(d, second, { kind: 'k', payload: {}, author: 'u', now: new Date(T) }));
    const ids = [...(await restarted.classData('c5a')).mutations, ...(await restarted.classData('c9b')).mutations].map((m) => m.id);
    expect(ids).toEqual([`ws-test:${second.seq}`]);
  });
});

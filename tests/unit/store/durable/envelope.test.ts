import { describe, expect, it } from 'vitest';
import {
  ENVELOPE_OVERHEAD,
  openEnvelope,
  openLine,
  sealEnvelope,
  sealLine,
} from '../../../../electron/core/store/durable/envelope.js';
import { StorageError } from '../../../../electron/core/store/durable/storageErrors.js';
import { AppError } from '../../../../electron/contract/errors.js';
import { testKey } from './fixtures/tempDir.js';

function caught(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    expect(e).toBeInstanceOf(AppError);
    return e as StorageError;
  }
  throw new Error('expected a StorageError');
}

describe('envelope', () => {
  const key = testKey();
  const plain = Buffer.from(JSON.stringify({ students: [{ name: 'Иванов Иван', mark: 5 }] }), 'utf8');

  it('round-trips, with the magic and version in the header and nothing readable', () => {
    const sealed = sealEnvelope(key, 'classes/7a.json', plain);
    expect(sealed.length).toBe(plain.length + ENVELOPE_OVERHEAD);
    expect(sealed.subarray(0, 4).toString('ascii')).toBe('EZHD');
    expect(sealed[4]).toBe(1);
    expect(sealed.includes(Buffer.from('Иванов', 'utf8'))).toBe(false);
    expect(sealed.includes(Buffer.from('students'))).toBe(false);
    expect(openEnvelope(key, 'classes/7a.json', sealed).equals(plain)).toBe(true);
  });

  it('round-trips empty and large plaintexts', () => {
    expect(openEnvelope(key, 'x', sealEnvelope(key, 'x', Buffer.alloc(0))).length).toBe(0);
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    expect(openEnvelope(key, 'x', sealEnvelope(key, 'x', big)).equals(big)).toBe(true);
  });

  it('uses a fresh IV for every write', () => {
    const a = sealEnvelope(key, 'school.json', plain);
    const b = sealEnvelope(key, 'school.json', plain);
    expect(a.subarray(6, 18).equals(b.subarray(6, 18))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it('rejects a wrong key with a crypto error', () => {
    const sealed = sealEnvelope(key, 'school.json', plain);
    const e = caught(() => openEnvelope(testKey(), 'school.json', sealed));
    expect(e.code).toBe('crypto');
    expect(e.reason).toBe('auth_failed');
    expect(e.message).toMatch(/ключ шифрования неверен/);
  });

  it('detects a flipped byte at every position', () => {
    const sealed = sealEnvelope(key, 'school.json', plain);
    for (let i = 0; i < sealed.length; i++) {
      for (const mask of [0x01, 0x80]) {
        const bad = Buffer.from(sealed);
        bad[i]! ^= mask;
        const e = caught(() => openEnvelope(key, 'school.json', bad));
        expect(['crypto', 'storage']).toContain(e.code);
      }
    }
  });

  it('detects a file copied over another (the logical name is authenticated)', () => {
    const sealed = sealEnvelope(key, 'classes/7a.json', plain);
    const e = caught(() => openEnvelope(key, 'classes/7b.json', sealed));
    expect(e.reason).toBe('auth_failed');
  });

  it('detects truncation at every length and trailing bytes', () => {
    const sealed = sealEnvelope(key, 'school.json', plain);
    for (let n = 0; n < sealed.length; n++) {
      const e = caught(() => openEnvelope(key, 'school.json', sealed.subarray(0, n)));
      expect(e.reason).toBe('damaged');
      expect(e.code).toBe('storage');
    }
    expect(caught(() => openEnvelope(key, 'school.json', Buffer.concat([sealed, Buffer.alloc(1)]))).detail).toBe('length_mismatch');
  });

  it('detects a zero-filled file', () => {
    const e = caught(() => openEnvelope(key, 'school.json', Buffer.alloc(4096)));
    expect(e.reason).toBe('damaged');
    expect(e.detail).toBe('bad_magic');
    expect(e.message).toMatch(/повреждён/);
  });

  it('refuses a newer format version without calling it damage', () => {
    const sealed = sealEnvelope(key, 'school.json', plain);
    sealed[4] = 2;
    const e = caught(() => openEnvelope(key, 'school.json', sealed));
    expect(e.reason).toBe('unsupported_format');
    expect(e.message).toMatch(/Обновите/);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => sealEnvelope(Buffer.alloc(16), 'x', plain)).toThrow(RangeError);
  });

  it('seals lines without newlines and opens them', () => {
    const line = sealLine(key, 'audit/2026-11.jsonl', '{"who":"u1","what":"login"}');
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).not.toContain('login');
    expect(openLine(key, 'audit/2026-11.jsonl', line)).toBe('{"who":"u1","what":"login"}');
    expect(caught(() => openLine(key, 'audit/2026-12.jsonl', line)).reason).toBe('auth_failed');
    expect(caught(() => openLine(key, 'audit/2026-11.jsonl', line.slice(0, -8))).code).toMatch(/storage|crypto/);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createSignatureFile,
  sha512Base64,
  trustedKeyOf,
  verifyUpdateSignature,
  type TrustedKey,
} from '../../../electron/core/update/signature.js';
import { TRUSTED_UPDATE_KEYS } from '../../../electron/core/update/trustedKeys.js';
import { fileNameOfUrl, publishedNameOf, signatureUrl, updateFeedUrl } from '../../../electron/core/update/feed.js';

function newKey(id: string): { pem: string; trusted: TrustedKey } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { pem, trusted: trustedKeyOf(id, pem) };
}

const installer = Buffer.from('MZ… installer of ЭЖД Офис 1.2.0 …'.repeat(1000));
const fileName = 'ezhd-office-1.2.0-x64.exe';
const version = '1.2.0';
const k2026 = newKey('ezhd-2026-1');
const k2027 = newKey('ezhd-2027-1');

function signWith(key: { pem: string; trusted: TrustedKey }, over: Partial<{ bytes: Buffer; version: string; fileName: string }> = {}): string {
  return createSignatureFile({
    sha512: sha512Base64(over.bytes ?? installer),
    version: over.version ?? version,
    fileName: over.fileName ?? fileName,
    keyId: key.trusted.id,
    privateKeyPem: key.pem,
  });
}

describe('подпись обновления (Ed25519)', () => {
  it('верная подпись встроенного ключа — обновление принимается', () => {
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: signWith(k2026), trustedKeys: [k2026.trusted] });
    expect(r).toEqual({ ok: true, keyId: 'ezhd-2026-1' });
  });

  it('можно передать готовый SHA-512 (файл хешируется потоком)', () => {
    const r = verifyUpdateSignature({ sha512: sha512Base64(installer), version, fileName, signatureFile: Buffer.from(signWith(k2026)), trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(true);
  });

  it('изменённый файл — отказ', () => {
    const tampered = Buffer.from(installer);
    tampered[100] = tampered[100]! ^ 1;
    const r = verifyUpdateSignature({ fileBytes: tampered, version, fileName, signatureFile: signWith(k2026), trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/Подпись обновления не сходится/);
  });

  it('испорченная подпись — отказ', () => {
    const sig = JSON.parse(signWith(k2026)) as { signature: string };
    const bytes = Buffer.from(sig.signature, 'base64');
    bytes[0] = bytes[0]! ^ 0xff;
    const bad = JSON.stringify({ ...sig, signature: bytes.toString('base64') });
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: bad, trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(false);
  });

  it('подпись чужим ключом под именем встроенного — отказ', () => {
    const impostor = newKey('ezhd-2026-1');
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: signWith(impostor), trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(false);
  });

  it.each([[null], [undefined], [''], [Buffer.alloc(0)]])('нет подписи (%j) — отказ', (signatureFile) => {
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile, trustedKeys: [k2026.trusted] });
    expect(r).toEqual({ ok: false, reason: 'У обновления нет подписи: обновление не установлено.' });
  });

  it.each([['не JSON'], ['{}'], ['{"format":"ezhd-update-signature/1","keyId":1}'], ['<html>404</html>']])('файл подписи повреждён (%s) — отказ', (signatureFile) => {
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile, trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/повреждён/);
  });

  it('подпись от другой версии — отказ (нельзя подсунуть старую версию под новым номером)', () => {
    const old = signWith(k2026, { version: '1.1.0' });
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: old, trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('для версии 1.1.0');
  });

  it('поле версии в файле подписи подправлено — подпись всё равно не сходится', () => {
    const old = JSON.parse(signWith(k2026, { version: '1.1.0' })) as Record<string, string>;
    const forged = JSON.stringify({ ...old, version });
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: forged, trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/не сходится/);
  });

  it('подпись для другого файла — отказ', () => {
    const other = signWith(k2026, { fileName: 'ezhd-office-1.2.0-x86_64.AppImage' });
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: other, trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/другого файла/);
    const forged = JSON.stringify({ ...(JSON.parse(other) as object), fileName });
    expect(verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: forged, trustedKeys: [k2026.trusted] }).ok).toBe(false);
  });

  it('неизвестный ключ — отказ с его именем', () => {
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: signWith(k2027), trustedKeys: [k2026.trusted] });
    expect(r).toEqual({ ok: false, reason: 'Обновление подписано неизвестным ключом «ezhd-2027-1»: обновление не установлено.' });
  });

  describe('смена ключа', () => {
    it('переходная версия доверяет обоим ключам', () => {
      const both = [k2026.trusted, k2027.trusted];
      expect(verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: signWith(k2026), trustedKeys: both }).ok).toBe(true);
      expect(verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: signWith(k2027), trustedKeys: both })).toEqual({ ok: true, keyId: 'ezhd-2027-1' });
    });

    it('старый ключ убран — его подпись больше не принимается, новая принимается', () => {
      const afterRotation = [k2027.trusted];
      const old = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: signWith(k2026), trustedKeys: afterRotation });
      expect(old.ok).toBe(false);
      if (!old.ok) expect(old.reason).toContain('неизвестным ключом «ezhd-2026-1»');
      expect(verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: signWith(k2027), trustedKeys: afterRotation }).ok).toBe(true);
    });
  });

  it('без встроенных ключей не принимается ничего', () => {
    const r = verifyUpdateSignature({ fileBytes: installer, version, fileName, signatureFile: signWith(k2026), trustedKeys: [] });
    expect(r.ok).toBe(false);
  });

  it('перевод строки в версии или имени не даёт подменить подписанное сообщение', () => {
    expect(() => createSignatureFile({ sha512: 'x', version: '1.0\nx', fileName, keyId: 'k', privateKeyPem: k2026.pem })).toThrow();
    const r = verifyUpdateSignature({ fileBytes: installer, version: '1.2.0\nevil', fileName, signatureFile: signWith(k2026), trustedKeys: [k2026.trusted] });
    expect(r.ok).toBe(false);
  });

  it('подписать можно только ключом Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => createSignatureFile({ sha512: 'x', version, fileName, keyId: 'k', privateKeyPem: pem })).toThrow(/Ed25519/);
  });

  it('встроенный список ключей — корректные ключи Ed25519 с разными именами', () => {
    const ids = new Set<string>();
    for (const k of TRUSTED_UPDATE_KEYS) {
      expect(Buffer.from(k.publicKey, 'base64url')).toHaveLength(32);
      expect(ids.has(k.id)).toBe(false);
      ids.add(k.id);
    }
  });
});

describe('лента обновлений', () => {
  it('адрес из настроек: http(s), без учётных данных; папка со слешем на конце', () => {
    expect(updateFeedUrl('https://school.example/updates')).toBe('https://school.example/updates/');
    expect(updateFeedUrl(' http://10.0.0.5:8080/ezhd/ ')).toBe('http://10.0.0.5:8080/ezhd/');
    expect(updateFeedUrl('')).toBeNull();
    expect(updateFeedUrl(undefined)).toBeNull();
    expect(updateFeedUrl('ftp://school.example/')).toBeNull();
    expect(updateFeedUrl('file:///C:/updates')).toBeNull();
    expect(updateFeedUrl('https://user:pw@school.example/')).toBeNull();
    expect(updateFeedUrl('не адрес')).toBeNull();
  });

  it('подпись лежит рядом с файлом', () => {
    expect(signatureUrl('https://school.example/updates/', fileName)).toBe('https://school.example/updates/ezhd-office-1.2.0-x64.exe.sig');
    expect(signatureUrl('https://s.example/u/', 'ЭЖД Офис 1.2.0.exe')).toBe('https://s.example/u/%D0%AD%D0%96%D0%94%20%D0%9E%D1%84%D0%B8%D1%81%201.2.0.exe.sig');
    expect(signatureUrl('https://s.example/u/', '../evil')).toBe('https://s.example/u/..%2Fevil.sig');
  });

  it('имя загруженного файла — по его SHA-512 в описании обновления', () => {
    const sha = sha512Base64(installer);
    const files = [
      { url: 'ezhd-office-1.2.0-ia32.exe', sha512: 'other' },
      { url: 'https://cdn.example/x/ezhd-office-1.2.0-x64.exe?token=1', sha512: sha },
    ];
    expect(publishedNameOf(files, sha)).toBe(fileName);
    expect(publishedNameOf(files, 'nothing')).toBeNull();
    expect(fileNameOfUrl('a/b/%D1%8D.exe')).toBe('э.exe');
  });
});

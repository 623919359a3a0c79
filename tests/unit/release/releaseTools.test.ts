import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyUpdateSignature } from '../../../electron/core/update/signature.js';
import { generateUpdateKey, writeUpdateKey } from '../../../scripts/release/gen-update-key.js';
import { sha512OfFile, signInstallers } from '../../../scripts/release/sign-update.js';

const dir = mkdtempSync(join(tmpdir(), 'ezhd-sign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('инструменты выпуска: ключ и подпись', () => {
  it('gen-update-key пишет закрытый ключ с правами 0600 и не перезаписывает его', () => {
    const { path, trusted } = writeUpdateKey(dir, 'ezhd-test-1');
    expect(trusted.id).toBe('ezhd-test-1');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(() => writeUpdateKey(dir, 'ezhd-test-1')).toThrow();
    expect(() => generateUpdateKey('Плохое имя')).toThrow();
  });

  it('sign-update подписывает установщик; приложение принимает подпись', async () => {
    const { file, trusted } = generateUpdateKey('ezhd-test-2');
    const installer = join(dir, 'ezhd-office-1.2.0-x86_64.AppImage');
    writeFileSync(installer, Buffer.alloc(300_000, 1));
    const [sigPath] = await signInstallers({ keyFileText: JSON.stringify(file), version: '1.2.0', installers: [installer], trustedKeys: [trusted] });
    expect(sigPath).toBe(`${installer}.sig`);
    const r = verifyUpdateSignature({
      sha512: await sha512OfFile(installer),
      version: '1.2.0',
      fileName: 'ezhd-office-1.2.0-x86_64.AppImage',
      signatureFile: readFileSync(sigPath!),
      trustedKeys: [trusted],
    });
    expect(r).toEqual({ ok: true, keyId: 'ezhd-test-2' });
  });

  it('ключом, которому приложение не доверяет, подписывать отказывается', async () => {
    const { file } = generateUpdateKey('ezhd-test-3');
    const installer = join(dir, 'x.exe');
    writeFileSync(installer, 'x');
    await expect(signInstallers({ keyFileText: JSON.stringify(file), version: '1.0.0', installers: [installer], trustedKeys: [] })).rejects.toThrow(/not in TRUSTED_UPDATE_KEYS/);
    await expect(signInstallers({ keyFileText: 'мусор', version: '1.0.0', installers: [installer], trustedKeys: [] })).rejects.toThrow(/not JSON/);
  });

  it('командная строка: gen-update-key и sign-update', () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const gen = spawnSync(tsx, ['scripts/release/gen-update-key.ts', '--id', 'ezhd-cli-1', '--out', dir], { encoding: 'utf8' });
    expect(gen.status).toBe(0);
    expect(gen.stdout).toMatch(/\{ id: 'ezhd-cli-1', publicKey: '[A-Za-z0-9_-]{43}' \},/);
    const installer = join(dir, 'ezhd-office-0.1.0-amd64.deb');
    writeFileSync(installer, 'deb');
    const sign = spawnSync(tsx, ['scripts/release/sign-update.ts', '--key', join(dir, 'ezhd-cli-1.update-key.json'), '--allow-untrusted-key', installer], { encoding: 'utf8' });
    expect(sign.status).toBe(0);
    const sig = JSON.parse(readFileSync(`${installer}.sig`, 'utf8')) as Record<string, string>;
    expect(sig).toMatchObject({ format: 'ezhd-update-signature/1', keyId: 'ezhd-cli-1', fileName: 'ezhd-office-0.1.0-amd64.deb' });
    expect(sig.version).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});

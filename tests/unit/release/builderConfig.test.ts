import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig, repoRoot } from './builderConfig.js';

const config = loadBuilderConfig();

describe('electron-builder.yml', () => {
  it('приложение: id, название, asar, папка выпуска', () => {
    expect(config.appId).toBe('ru.ezhd.office');
    expect(config.productName).toBe('ЭЖД Офис');
    expect(config.asar).toBe(true);
    expect(config.directories.output).toBe('release');
    expect(config.npmRebuild).toBe(false);
    // Installer names in ASCII: they are signed and fetched by name.
    expect(config.artifactName).toMatch(/^[a-z0-9-]+-\$\{version\}-\$\{arch\}\.\$\{ext\}$/);
    expect(config.executableName).toBe('ezhd-office');
  });

  it('в пакет идёт только собранное приложение и package.json, без node_modules', () => {
    const include = config.files.filter((f) => !f.startsWith('!'));
    expect(include.sort()).toEqual(['dist/electron/**', 'dist/renderer/**', 'package.json']);
    const exclude = config.files.filter((f) => f.startsWith('!'));
    expect(exclude).toContain('!**/*.map');
    // The main process is bundled with its dependencies: no node_modules in the package.
    expect(exclude).toContain('!**/node_modules/**');
  });

  it('предохранители Electron (fuses) выставлены', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('Windows: NSIS на компьютер, с выбором папки, по-русски', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      language: '1049',
      installerLanguages: ['ru_RU'],
      deleteAppDataOnUninstall: false,
    });
  });

  it('Linux: AppImage и deb, категория, сопровождающий, хранилище ключей', () => {
    expect(config.linux.target.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Education');
    expect(config.linux.desktop.entry.Categories).toBe('Education;Office;');
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    expect(config.deb.depends).toContain('libsecret-1-0');
    expect(config.deb.recommends.join(' ')).toMatch(/gnome-keyring/);
  });

  it('обновления: generic, адрес — заглушка, который переопределяется', () => {
    expect(config.publish.provider).toBe('generic');
    expect(config.publish.url).toMatch(/^https:\/\//);
  });

  it('значки есть: PNG 512×512 и ICO с 256×256', () => {
    const png = readFileSync(join(repoRoot, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
    const ico = readFileSync(join(repoRoot, config.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toContain(256);
    expect(existsSync(join(repoRoot, config.linux.icon, '512x512.png'))).toBe(true);
  });

  it('Electron для сборки без сети: EZHD_ELECTRON_DIST и EZHD_UPDATE_URL через обёртку', async () => {
    const { builderArgs } = await import('../../../scripts/release/build-installers.mjs');
    const plain = builderArgs(['--linux', 'dir'], {});
    expect(plain.slice(0, 2)).toEqual(['--linux', 'dir']);
    expect(plain.some((a) => a.startsWith('-c.electronDist='))).toBe(false);
    expect(plain.find((a) => a.startsWith('-c.electronVersion='))).toMatch(/^-c\.electronVersion=\d+\.\d+\.\d+$/);
    const offline = builderArgs(['--win', 'nsis'], { EZHD_ELECTRON_DIST: ' /opt/electron-v45 ', EZHD_UPDATE_URL: 'https://s.example/u/' });
    expect(offline).toContain('-c.electronDist=/opt/electron-v45');
    expect(offline).toContain('-c.publish.url=https://s.example/u/');
  });
});

/**
 * Packages the app with electron-builder (`--linux dir`) in a temp copy of the project, with a
 * stand-in Electron (no binary can be downloaded here), and reads what would ship: the asar and
 * the fuses of the executable.
 *
 * The stand-in is a small file with Electron's fuse wire in it, so electron-builder flips the
 * fuses exactly as it would in the real binary, and the test reads them back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuilderConfig, repoRoot } from './builderConfig.js';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
};
const fuses = require('@electron/fuses') as { getCurrentFuseWire(path: string): Promise<Record<string, unknown>> };

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in wire order: RunAsNode … GrantFileProtocolExtraPrivileges. */
const DEFAULT_WIRE = '10110001';
const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

let work = '';
let archive = '';
let entries: string[] = [];
let appEntries: string[] = [];
let rendererSource = '';
const timings: Record<string, number> = {};

function timed<T>(name: string, fn: () => T): T {
  const t = performance.now();
  try {
    return fn();
  } finally {
    timings[name] = Math.round(performance.now() - t);
  }
}

/** Copies the installed production dependencies (npm's view of them) into the temp project. */
function copyProductionModules(to: string): void {
  // npm ls exits 1 on an extraneous or invalid package, yet still lists the tree.
  const out = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).stdout;
  const paths = out.trim().split('\n').filter((p) => p.startsWith(join(repoRoot, 'node_modules'))).sort();
  const tops: string[] = [];
  for (const p of paths) if (!tops.some((t) => p.startsWith(`${t}/`))) tops.push(p);
  const rel = tops.map((p) => relative(repoRoot, p));
  // Hard links in one go where the file system allows (fast; electron-builder only reads them).
  if (spawnSync('cp', ['-al', '--parents', ...rel, to], { cwd: repoRoot }).status === 0) return;
  for (const r of rel) cpSync(join(repoRoot, r), join(to, r), { recursive: true });
}

function standInElectron(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.from(DEFAULT_WIRE, 'latin1');
  const body = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in for Electron: cannot run"\nexit 1\n'),
    Buffer.alloc(32),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    wire,
    Buffer.alloc(32),
  ]);
  writeFileSync(join(dir, 'electron'), body, { mode: 0o755 });
  writeFileSync(join(dir, 'version'), electronVersion);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ezhd-pack-'));
  const project = join(work, 'project');
  mkdirSync(project);
  for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(join(repoRoot, f), join(project, f));
  cpSync(join(repoRoot, 'build'), join(project, 'build'), { recursive: true });
  timed('copy production node_modules', () => copyProductionModules(project));
  timed('build main and preload', () =>
    execFileSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', join(project, 'dist', 'electron')], { cwd: repoRoot, stdio: 'pipe' }),
  );
  // The real renderer, built into the temp copy; a minimal page if it does not build (yet).
  const vite = timed('build renderer', () =>
    spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', join(project, 'dist', 'renderer'), '--emptyOutDir', '--logLevel', 'error'], {
      cwd: repoRoot,
      stdio: 'pipe',
      timeout: 60_000,
    }),
  );
  if (vite.status === 0 && existsSync(join(project, 'dist', 'renderer', 'index.html'))) {
    rendererSource = 'vite build';
  } else {
    rendererSource = 'minimal stand-in (vite build failed)';
    mkdirSync(join(project, 'dist', 'renderer'), { recursive: true });
    writeFileSync(join(project, 'dist', 'renderer', 'index.html'), '<!doctype html><html lang="ru"><title>ЭЖД Офис</title></html>\n');
  }
  standInElectron(join(work, 'electron-dist'));
  // Through the release wrapper, so that its environment settings are what is tested.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EZHD_ELECTRON_DIST: join(work, 'electron-dist'),
    EZHD_UPDATE_URL: 'https://updates.school.example/ezhd/',
    ELECTRON_BUILDER_CACHE: join(work, 'builder-cache'),
  };
  const builder = timed('electron-builder --linux dir', () =>
    spawnSync(
      process.execPath,
      [join(repoRoot, 'scripts', 'release', 'build-installers.mjs'), '--linux', 'dir', '-c.npmRebuild=false', `-c.directories.output=${join(work, 'release')}`],
      { cwd: project, env, encoding: 'utf8', timeout: 120_000 },
    ),
  );
  if (builder.status !== 0) throw new Error(`electron-builder failed:\n${builder.stdout}\n${builder.stderr}`);
  archive = join(work, 'release', 'linux-unpacked', 'resources', 'app.asar');
  entries = asar.listPackage(archive, { isPack: false }).map((e) => e.replace(/\\/g, '/'));
  appEntries = entries.filter((e) => !e.startsWith('/node_modules'));
  console.log(
    `packaging: ${JSON.stringify(timings)} ms; app.asar ${(statSync(archive).size / 1e6).toFixed(1)} MB, ${entries.length} entries; renderer: ${rendererSource}`,
  );
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('пакет (electron-builder --linux dir, Electron-заглушка)', () => {
  it('в asar есть главный процесс, preload и страница', () => {
    for (const f of ['/package.json', '/dist/electron/main.js', '/dist/electron/preload.cjs', '/dist/renderer/index.html']) expect(entries).toContain(f);
  });

  it('из самого приложения — только собранные файлы', () => {
    const allowed = (e: string) =>
      e === '/package.json' || e === '/dist' || e === '/dist/electron' || e === '/dist/electron/main.js' || e === '/dist/electron/preload.cjs' || e === '/dist/renderer' || e.startsWith('/dist/renderer/');
    expect(appEntries.filter((e) => !allowed(e))).toEqual([]);
  });

  it('нет тестов', () => {
    expect(entries.filter((e) => /(^|\/)(tests?|__tests__|__mocks__)(\/|$)/.test(e))).toEqual([]);
    expect(appEntries.filter((e) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(e))).toEqual([]);
    expect(entries.filter((e) => /\.(test|spec)\.[cm]?tsx?$/.test(e))).toEqual([]);
  });

  it('нет исходников TypeScript', () => {
    expect(entries.filter((e) => /\.[cm]?tsx?$/.test(e))).toEqual([]);
  });

  it('нет карт исходников (а значит, и исходников в них)', () => {
    const maps = entries.filter((e) => e.endsWith('.map'));
    const withSources = maps.filter((m) => /"sourcesContent"\s*:\s*\[\s*"/.test(asar.extractFile(archive, m.slice(1)).toString('utf8')));
    expect(withSources).toEqual([]);
    expect(maps).toEqual([]);
    for (const f of ['dist/electron/main.js', 'dist/electron/preload.cjs']) expect(asar.extractFile(archive, f).toString('utf8')).not.toMatch(/sourceMappingURL/);
  });

  it('нет секретов в коде приложения', () => {
    for (const e of appEntries.filter((x) => /\.(js|cjs|html|json)$/.test(x))) {
      expect(asar.extractFile(archive, e.slice(1)).toString('utf8')).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }
  });

  it('нет зависимостей для разработки', () => {
    const dev = Object.keys(pkg.devDependencies);
    for (const name of [...dev, 'vitest', 'electron-builder', 'playwright', '@playwright/test', 'electron', 'typescript', 'esbuild', 'vite', 'tsx']) {
      expect(entries, name).not.toContain(`/node_modules/${name}/package.json`);
    }
    const shipped = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(shipped.devDependencies).toBeUndefined();
    expect(shipped.scripts).toBeUndefined();
    expect(shipped.main).toBe('dist/electron/main.js');
  });

  it('всё, что импортирует главный процесс, упаковано', () => {
    const main = asar.extractFile(archive, 'dist/electron/main.js').toString('utf8');
    // `from "x"` of an import statement, not the word «from» inside a string such as `path: "from"`.
    const specs = new Set([...main.matchAll(/(?:(?<!["'\w])from\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)"([^"\s,]+)"/g)].map((m) => m[1]!));
    const bare = [...specs].filter((s) => !s.startsWith('node:') && !s.startsWith('.') && s !== 'electron');
    expect(bare.length).toBeGreaterThan(0);
    for (const s of bare) {
      const name = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!;
      expect(Object.keys(pkg.dependencies), `${name} must be a dependency`).toContain(name);
      expect(entries, `${name} must be packaged`).toContain(`/node_modules/${name}/package.json`);
    }
  });

  it('собранный preload (CommonJS) просит только electron и выставляет только ezhd', () => {
    const code = asar.extractFile(archive, 'dist/electron/preload.cjs').toString('utf8');
    const asked: string[] = [];
    const exposed: Record<string, unknown> = {};
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) },
      ipcRenderer: { invoke: async () => undefined, on: () => undefined, removeListener: () => undefined },
    };
    const fakeRequire = (id: string) => {
      asked.push(id);
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
      return fakeElectron;
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)(fakeRequire, module, module.exports);
    expect(asked).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['ezhd']);
    expect(Object.keys(exposed.ezhd as object).sort()).toEqual(['call', 'onProgress', 'printPdf', 'saveFile']);
  });

  it('предохранители (fuses) выставлены в исполняемом файле так, как в конфигурации', async () => {
    const wire = await fuses.getCurrentFuseWire(join(work, 'release', 'linux-unpacked', 'ezhd-office'));
    const expected = loadBuilderConfig().electronFuses;
    FUSE_ORDER.forEach((name, i) => {
      expect(wire[String(i)], name).toBe(expected[name] ? 49 : 48);
    });
    // …and they differ from Electron's defaults where it matters.
    expect(wire['0']).toBe(48); // runAsNode off
    expect(wire['5']).toBe(49); // onlyLoadAppFromAsar on
  });

  it('лента обновлений в пакете — generic, адрес из EZHD_UPDATE_URL', () => {
    const feed = readFileSync(join(work, 'release', 'linux-unpacked', 'resources', 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/provider: generic/);
    expect(feed).toContain('url: https://updates.school.example/ezhd/');
  });
});

/**
 * Packages the app with electron-builder (`--linux dir`) in a temp copy of the project, with a
 * stand-in Electron (no binary can be downloaded here), and reads what would ship: the asar and
 * the fuses of the executable. The main process is bundled with its dependencies, so the asar holds
 * no node_modules; the packaged main is then started under Node with a stand-in 'electron' module
 * (tests/unit/electron/host/fakeElectron.mjs) and nothing else to require.
 *
 * The stand-in is a small file with Electron's fuse wire in it, so electron-builder flips the
 * fuses exactly as it would in the real binary, and the test reads them back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_ASSETS, OPTIONAL_ABSENT, RUNTIME_ASSETS } from '../../../scripts/build-electron.mjs';
import { pdfText } from '../helpers/pdfText.js';
import { loadBuilderConfig, repoRoot } from './builderConfig.js';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
  extractAll(archive: string, dest: string): void;
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

  it('из самого приложения — только собранные файлы и шрифты рядом с ними', () => {
    const assets = [...RUNTIME_ASSETS.map((a) => a.to), ...GENERATED_ASSETS].map((a) => `/dist/electron/${a}`);
    const assetDirs = assets.map((a) => a.slice(0, a.lastIndexOf('/')));
    const allowed = (e: string) =>
      e === '/package.json' ||
      e === '/dist' ||
      e === '/dist/electron' ||
      e === '/dist/electron/main.js' ||
      e === '/dist/electron/preload.cjs' ||
      assets.includes(e) ||
      assetDirs.includes(e) ||
      e === '/dist/renderer' ||
      e.startsWith('/dist/renderer/');
    expect(appEntries.filter((e) => !allowed(e))).toEqual([]);
    for (const a of assets) expect(entries).toContain(a);
  });

  it('app.asar не больше 10 МБ и без node_modules', () => {
    expect(statSync(archive).size).toBeLessThanOrEqual(10_000_000);
    expect(entries.filter((e) => e.startsWith('/node_modules'))).toEqual([]);
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

  it('главный процесс собран с зависимостями: снаружи только electron, модули Node и необязательные модули jsPDF', () => {
    const main = asar.extractFile(archive, 'dist/electron/main.js').toString('utf8');
    // `from "x"` of an import statement, not the word «from» inside a string such as `path: "from"`;
    // esbuild's `__require("x")` for what a bundled CommonJS module requires from outside; not a
    // template in a bundled library's message (`from "${url}"`).
    const specs = new Set([...main.matchAll(/(?:(?<!["'\w])from\s*|\bimport\s*\(\s*|(?:\b|__)require\s*\(\s*)"([^"\s,$]+)"/g)].map((m) => m[1]!));
    expect(specs).toContain('electron');
    const outside = [...specs].filter((s) => !s.startsWith('node:') && !builtinModules.includes(s) && s !== 'electron');
    expect(outside.filter((s) => !OPTIONAL_ABSENT.includes(s))).toEqual([]);
  });

  it('приложение не вызывает то, для чего jsPDF требует отсутствующие модули (html, addSvgAsImage)', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
    const files = sources(join(repoRoot, 'electron'));
    expect(files.length).toBeGreaterThan(50);
    const calls = files.filter((f) => /\.(html|addSvgAsImage)\s*\(/.test(readFileSync(f, 'utf8'))).map((f) => relative(repoRoot, f));
    expect(calls).toEqual([]);
  });

  it('упакованный главный процесс запускается под Node с подставным electron: окно, вход, PDF с кириллицей, XLSX', () => {
    const app = join(work, 'unpacked');
    asar.extractAll(archive, app);
    const fake = join(app, 'node_modules', 'electron');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'electron', type: 'module', main: 'index.mjs', exports: './index.mjs' }));
    cpSync(join(repoRoot, 'tests', 'unit', 'electron', 'host', 'fakeElectron.mjs'), join(fake, 'index.mjs'));
    const env = { ...process.env };
    delete env.EZHD_ALLOW_ENV_KEY;
    delete env.EZHD_DATA_KEY;
    const run = spawnSync(process.execPath, [join(repoRoot, 'tests', 'unit', 'release', 'packagedMain.mjs'), app, join(work, 'profile')], {
      cwd: work,
      env,
      encoding: 'utf8',
      timeout: 90_000,
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
    expect(line, `the packaged main failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`).toBeDefined();
    const out = JSON.parse(line!.slice('@@RESULT '.length)) as Record<string, any>;
    console.log(`packaged main: window after ${out.startMs} ms`);
    expect(out.errorBoxes).toEqual([]);
    expect(out.exits).toEqual([]);
    expect(out.index.status).toBe(200);
    expect(out.index.text).toContain('<');
    expect(out.setup.ok, JSON.stringify(out.setup)).toBe(true);
    expect(out.login.ok, JSON.stringify(out.login)).toBe(true);
    expect(out.pdf.ok, JSON.stringify(out.pdf)).toBe(true);
    expect(out.pdf.value.mime).toBe('application/pdf');
    const pdf = Buffer.from(out.pdf.value.base64 as string, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(pdf)).toMatch(/Журнал действий/i);
    expect(out.xlsx.ok, JSON.stringify(out.xlsx)).toBe(true);
    expect(Buffer.from(out.xlsx.value.base64 as string, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
  }, 120_000);

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

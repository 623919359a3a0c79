import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkFindings,
  DEFAULT_ALLOWLIST,
  main,
  parseAllowlist,
  parseSarif,
  type Finding,
} from '../../../scripts/release/electronegativity.js';
import { repoRoot } from './builderConfig.js';

const PLANTED = `import { BrowserWindow } from 'electron';

export function openReport(): BrowserWindow {
  return new BrowserWindow({ width: 800, webPreferences: { nodeIntegration: true } });
}
`;

describe('обёртка electronegativity: разбор и список разрешённого', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ezhd-en-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a.ts'), 'line one\n  const w = new BrowserWindow(opts);  \n');
  const sarif = JSON.stringify({
    runs: [
      {
        results: [
          { ruleId: 'CSP_GLOBAL_CHECK', message: { text: 'No CSP' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///' }, region: { startLine: 1 } } }] },
          { ruleId: 'SANDBOX_JS_CHECK', message: { text: 'Use sandbox' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts' }, region: { startLine: 2 } } }] },
        ],
      },
    ],
  });

  it('читает SARIF и строку кода, на которую указывает находка', () => {
    expect(parseSarif(sarif, dir)).toEqual([
      { check: 'CSP_GLOBAL_CHECK', file: '(global)', line: 1, code: '', message: 'No CSP' },
      { check: 'SANDBOX_JS_CHECK', file: 'a.ts', line: 2, code: 'const w = new BrowserWindow(opts);', message: 'Use sandbox' },
    ]);
  });

  it('находка разрешена, только если совпали проверка, файл и строка кода', () => {
    const findings = parseSarif(sarif, dir);
    const entry = { check: 'SANDBOX_JS_CHECK', file: 'a.ts', code: 'const w = new BrowserWindow(opts);', reason: 'reviewed: sandbox set elsewhere' };
    expect(checkFindings(findings, [entry]).unallowed.map((f) => f.check)).toEqual(['CSP_GLOBAL_CHECK']);
    const changed: Finding = { ...findings[1]!, code: 'const w = new BrowserWindow({ nodeIntegration: true });' };
    expect(checkFindings([changed], [entry]).unallowed).toHaveLength(1);
    expect(checkFindings([], [entry]).stale).toEqual([entry]);
  });

  it('у каждой записи списка есть причина', () => {
    expect(() => parseAllowlist('[{"check":"X","file":"f","code":"c","reason":""}]')).toThrow(/reason/);
    expect(() => parseAllowlist('{}')).toThrow();
    const reviewed = parseAllowlist(readFileSync(DEFAULT_ALLOWLIST, 'utf8'));
    expect(reviewed.length).toBeGreaterThan(0);
    for (const e of reviewed) expect(e.reason.length).toBeGreaterThan(30);
  });
});

describe('electronegativity на приложении и на подброшенном небезопасном окне', () => {
  let work = '';
  let onApp: { code: number; lines: string[] };
  let onPlanted: { code: number; lines: string[] };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ezhd-en-'));
    // The app's own electron/ folder plus one file with an insecure window.
    cpSync(join(repoRoot, 'electron'), join(work, 'electron'), { recursive: true });
    writeFileSync(join(work, 'electron', 'main', 'reportWindow.ts'), PLANTED);
    const run = async (input: string) => {
      const lines: string[] = [];
      const code = await main(['--input', input], (l) => lines.push(l));
      return { code, lines };
    };
    // Both at once: each run spends ~10 s on a network check that fails here.
    [onApp, onPlanted] = await Promise.all([run(join(repoRoot, 'electron')), run(join(work, 'electron'))]);
  }, 150_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('приложение проходит: все находки просмотрены', () => {
    expect(onApp.lines.join('\n')).toMatch(/all reviewed in the allowlist/);
    expect(onApp.code).toBe(0);
  });

  it('nodeIntegration: true в новом окне — проверка падает и называет файл', () => {
    expect(onPlanted.code).toBe(1);
    const report = onPlanted.lines.join('\n');
    expect(report).toMatch(/NODE_INTEGRATION_JS_CHECK main\/reportWindow\.ts:4/);
  });
});

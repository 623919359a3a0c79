/**
 * Runs @doyensec/electronegativity (an Electron security linter) and fails on any finding that is
 * not in the reviewed allowlist. The linter always exits 0, so its SARIF report is parsed here.
 *
 *   npx tsx scripts/release/electronegativity.ts [--input electron] [--allowlist scripts/release/electronegativity-allowlist.json]
 *
 * An allowlist entry names the check, the file (relative to the input folder) and the flagged
 * line's code, with the reason it was accepted; a change to that line needs a new review.
 * About 10 s: the linter first tries to fetch Electron's release list (no network here) and
 * carries on without it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_ALLOWLIST = join(repoRoot, 'scripts', 'release', 'electronegativity-allowlist.json');

export interface Finding {
  check: string;
  /** Relative to the scanned folder; '(global)' for whole-application checks. */
  file: string;
  line: number;
  /** The flagged line's code, trimmed; '' for global checks. */
  code: string;
  message: string;
}

export interface AllowlistEntry {
  check: string;
  file: string;
  code: string;
  reason: string;
}

interface SarifResult {
  ruleId?: string;
  message?: { text?: string };
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
}

const normalize = (code: string) => code.replace(/\s+/g, ' ').trim();

/** Reads electronegativity's SARIF report; `inputDir` supplies the flagged lines' code. */
export function parseSarif(sarif: string, inputDir: string): Finding[] {
  const report = JSON.parse(sarif) as { runs?: { results?: SarifResult[] }[] };
  const findings: Finding[] = [];
  for (const run of report.runs ?? []) {
    for (const r of run.results ?? []) {
      const loc = r.locations?.[0]?.physicalLocation;
      const uri = loc?.artifactLocation?.uri ?? '';
      const line = loc?.region?.startLine ?? 0;
      const global = uri === '' || uri.startsWith('file:///') || uri === 'N/A';
      const file = global ? '(global)' : uri.replace(/\\/g, '/');
      let code = '';
      if (!global && existsSync(join(inputDir, file))) code = normalize(readFileSync(join(inputDir, file), 'utf8').split('\n')[line - 1] ?? '');
      findings.push({ check: r.ruleId ?? 'UNKNOWN', file, line, code, message: r.message?.text ?? '' });
    }
  }
  return findings;
}

export function parseAllowlist(text: string): AllowlistEntry[] {
  const list = JSON.parse(text) as unknown;
  if (!Array.isArray(list)) throw new Error('the allowlist must be a JSON array');
  return list.map((e: unknown, i) => {
    const o = (e ?? {}) as Record<string, unknown>;
    for (const k of ['check', 'file', 'code', 'reason'] as const) {
      if (typeof o[k] !== 'string') throw new Error(`allowlist entry ${i}: "${k}" must be a string`);
    }
    if ((o.reason as string).trim().length < 10) throw new Error(`allowlist entry ${i}: give the reason it was accepted`);
    return { check: o.check as string, file: o.file as string, code: normalize(o.code as string), reason: o.reason as string };
  });
}

const matches = (f: Finding, e: AllowlistEntry) => f.check === e.check && f.file === e.file && f.code === e.code;

/** Findings nobody reviewed, and reviewed entries that no longer match anything. */
export function checkFindings(findings: Finding[], allowlist: AllowlistEntry[]): { unallowed: Finding[]; stale: AllowlistEntry[] } {
  return {
    unallowed: findings.filter((f) => !allowlist.some((e) => matches(f, e))),
    stale: allowlist.filter((e) => !findings.some((f) => matches(f, e))),
  };
}

/** Runs the linter on a folder (assuming the installed Electron version) and returns its findings. */
export async function runElectronegativity(inputDir: string): Promise<Finding[]> {
  const pkgPath = require.resolve('@doyensec/electronegativity/package.json');
  const bin = join(dirname(pkgPath), (JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: { electronegativity: string } }).bin.electronegativity);
  const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
  const out = mkdtempSync(join(tmpdir(), 'ezhd-electronegativity-'));
  try {
    const report = join(out, 'report.sarif');
    const args = [bin, '--input', inputDir, '--output', report, '--relative', '--electron-version', electronVersion, '--verbose', 'false'];
    const log = await new Promise<{ status: number | null; output: string }>((done, fail) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', fail);
      child.on('close', (status) => done({ status, output }));
    });
    if (!existsSync(report)) throw new Error(`electronegativity wrote no report (exit ${log.status}):\n${log.output}`);
    return parseSarif(readFileSync(report, 'utf8'), inputDir);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The whole check; returns the exit code. */
export async function main(args: string[], print: (line: string) => void = console.log): Promise<number> {
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const input = resolve(arg('--input') ?? join(repoRoot, 'electron'));
  const allowlist = parseAllowlist(readFileSync(resolve(arg('--allowlist') ?? DEFAULT_ALLOWLIST), 'utf8'));
  const findings = await runElectronegativity(input);
  const { unallowed, stale } = checkFindings(findings, allowlist);
  for (const e of stale) print(`note: allowlist entry no longer matches (remove it): ${e.check} ${e.file}: ${e.code}`);
  if (unallowed.length === 0) {
    print(`electronegativity: ${findings.length} finding(s), all reviewed in the allowlist`);
    return 0;
  }
  print(`electronegativity: ${unallowed.length} finding(s) not in the allowlist:`);
  for (const f of unallowed) print(`  ${f.check} ${f.file}:${f.line}  ${f.code}  — ${f.message}`);
  print('Fix them, or review each and add it to scripts/release/electronegativity-allowlist.json with the reason.');
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(2);
    },
  );
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../electron/contract/errors.js';
import { REFUSAL_STANDARD_TEXT } from '../../../electron/contract/groups/registry.js';
import type { ClassData } from '../../../electron/core/store/schema.js';
import type { TestApp } from '../helpers/testApp.js';

/** The text of a PDF (base64 or bytes) as pdftotext reads it; `layout` keeps columns on their lines. */
export function pdfText(file: Uint8Array | string, layout = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'ezhd-extract-'));
  try {
    const path = join(dir, 'f.pdf');
    writeFileSync(path, typeof file === 'string' ? Buffer.from(file, 'base64') : file);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), path, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfPages(file: Uint8Array | string): number {
  const dir = mkdtempSync(join(tmpdir(), 'ezhd-extract-'));
  try {
    const path = join(dir, 'f.pdf');
    writeFileSync(path, typeof file === 'string' ? Buffer.from(file, 'base64') : file);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)![1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders the pages of a PDF as PNG files `<prefix>-N.png` in `dir` (pdftoppm, 70 dpi); returns their paths. */
export function renderPng(file: Uint8Array | string, dir: string, prefix: string): string[] {
  const path = join(dir, `${prefix}.pdf`);
  writeFileSync(path, typeof file === 'string' ? Buffer.from(file, 'base64') : file);
  execFileSync('pdftoppm', ['-png', '-r', '70', path, join(dir, prefix)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

export const classFile = (t: TestApp, id: string) => t.app.core.store.classData(id) as Promise<ClassData>;

/** Registers, as the class teacher of 5А, a guardian's consent (the electronic service on). */
export async function giveConsent(t: TestApp, studentId: string, guardianId: string, signedOn = '2026-09-01') {
  const teacher = await t.as('teacher.5a');
  return teacher.registry.register({ studentId, signerKind: 'guardian', signerId: guardianId, signedOn, body: { kind: 'pd_consent' } });
}

export async function refuse(t: TestApp, studentId: string, guardianId: string, signedOn: string) {
  const teacher = await t.as('teacher.5a');
  return teacher.registry.register({ studentId, signerKind: 'guardian', signerId: guardianId, signedOn, body: { kind: 'refusal', text: REFUSAL_STANDARD_TEXT } });
}

export async function annul(t: TestApp, studentId: string, guardianId: string, refusalId: string, signedOn: string) {
  const teacher = await t.as('teacher.5a');
  return teacher.registry.register({ studentId, signerKind: 'guardian', signerId: guardianId, signedOn, body: { kind: 'annulment', refusalId } });
}

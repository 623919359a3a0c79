import { AppError } from '../../../electron/contract/errors.js';
import { REFUSAL_STANDARD_TEXT } from '../../../electron/contract/groups/registry.js';
import type { ClassData } from '../../../electron/core/store/schema.js';
import type { TestApp } from '../helpers/testApp.js';

export { pdfPages, pdfText, renderPng, squash } from '../helpers/pdfText.js';

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

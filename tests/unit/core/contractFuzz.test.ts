import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../electron/contract/errors.js';
import { contract } from '../../../electron/contract/index.js';
import { listMethods } from '../../../electron/contract/method.js';
import { testApp } from '../helpers/testApp.js';

const methods = listMethods(contract);
// Methods whose success legitimately changes data even for a random valid payload are still
// checked: the property is «never an internal error, never a crash, always a Russian message».
const payload = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.anything(), { maxKeys: 6 }),
  fc.record({ classId: fc.string(), id: fc.string(), login: fc.string(), password: fc.string() }, { requiredKeys: [] }),
);

describe('random payloads at every method', () => {
  it('covers every method of the table', () => {
    expect(methods.length).toBeGreaterThan(10);
  });

  for (const role of ['anonymous', 'admin', 'teacher.5a'] as const) {
    it(`as ${role}: answers with a known error code and a Russian message, never crashes`, async () => {
      const t = await testApp();
      const c = role === 'anonymous' ? t.anonymous() : await t.as(role);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...methods.filter((m) => m !== 'auth.logout' && m !== 'auth.reportCompromised')), payload, async (path, input) => {
          const res = await c.transport.call(path, input);
          if (!res.ok) {
            expect(ERROR_CODES).toContain(res.error.code);
            expect(res.error.code).not.toBe('internal');
            expect(res.error.message).toMatch(/[А-Яа-яЁё]/);
            expect(res.error.message).not.toMatch(/at .*\.ts:\d+|Error:/);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('invalid payloads change nothing on disk', async () => {
    const t = await testApp();
    const c = await t.as('admin');
    const snapshot = () => JSON.stringify([...t.backend.files.entries()]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.anything(), async (path, input) => {
        const before = snapshot();
        const res = await c.transport.call(path, input);
        if (!res.ok && res.error.code === 'validation') expect(snapshot()).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});

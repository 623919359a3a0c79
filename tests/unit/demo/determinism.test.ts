import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDemoSchoolStream, generateDemoSchool, type DemoOptions } from '../../../electron/core/demo/index.js';

const hash = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');

describe('demo school determinism', () => {
  const options: DemoOptions = { seed: 42, students: 300, asOf: '2027-01-20' };

  it('gives the same school for the same options', () => {
    const a = generateDemoSchool(options);
    const b = generateDemoSchool({ ...options });
    expect(hash(a)).toBe(hash(b));
    expect(a.classes[3]).toEqual(b.classes[3]);
  });

  it('gives another school for another seed', () => {
    const a = generateDemoSchool({ ...options, students: 60 });
    const b = generateDemoSchool({ ...options, students: 60, seed: 43 });
    expect(hash(a)).not.toBe(hash(b));
    expect(a.classes[0]?.students[0]).not.toEqual(b.classes[0]?.students[0]);
  });

  it('streams the same classes it collects, and survives a JSON round trip unchanged', () => {
    const small: DemoOptions = { seed: 9, students: 120, asOf: '2026-11-20' };
    const whole = generateDemoSchool(small);
    const stream = createDemoSchoolStream(small);
    const parts = [...stream.classes()];
    expect(hash(parts.map((p) => p.classData))).toBe(hash(whole.classes));
    expect(hash(parts.map((p) => p.journal))).toBe(hash(whole.journals));
    expect(JSON.parse(JSON.stringify(whole))).toStrictEqual(whole);
  });
});

import { describe, expect, it } from 'vitest';
import { BENCH_AS_OF, BENCH_MARK_DENSITY, BENCH_OPTIONS, createDemoSchoolStream } from '../../../electron/core/demo/index.js';
import { cpuMs } from '../helpers/cpuTime.js';

/**
 * DESIGN.md: «a school of 1,000 students produces about 1.5 million marks a year». The benchmark
 * reproduces that figure with BENCH_MARK_DENSITY over a full year; this keeps the constant honest
 * when the generator changes. Streamed class by class, as the CLI does, so memory stays low.
 */
describe('benchmark school', () => {
  it('has about 1.5 million marks for 1,000 students in a full year, generated well under a minute', () => {
    expect(BENCH_OPTIONS).toMatchObject({ students: 1000, asOf: BENCH_AS_OF, markDensity: BENCH_MARK_DENSITY });
    let marks = 0;
    let students = 0;
    let yearMarks = 0;
    // CPU time: a busy machine inflates the wall time, not the work.
    const { ms } = cpuMs(() => {
      const stream = createDemoSchoolStream(BENCH_OPTIONS);
      for (const { classData, journal } of stream.classes()) {
        marks += journal.marks.length;
        students += classData.students.length;
        yearMarks += classData.finalMarks.filter((f) => f.periodId === `year:${stream.school.years[0]?.id}`).length;
      }
    });
    const seconds = ms / 1000;
    expect(students).toBe(1000);
    expect(marks).toBeGreaterThan(1_450_000);
    expect(marks).toBeLessThan(1_550_000);
    expect(yearMarks).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
  });
});

import { z } from 'zod';
import { LessonType } from './common.js';

export const EXTRACT_SECTIONS = [
  'marks',
  'forecast',
  'absences',
  'unsatisfactory',
  'homework',
  'recommendations',
  'timetable',
  'tests',
  'holidays',
  'teachers',
] as const;
export const ExtractSection = z.enum(EXTRACT_SECTIONS);
export type ExtractSection = z.infer<typeof ExtractSection>;

export const Settings = z.object({
  /** Final and exam results must reach the family within this many days (regulations: 1 or 3). */
  finalMarkDeadlineDays: z.number().int().min(1).max(10),
  /** The session locks after this many idle minutes. */
  idleLockMinutes: z.number().int().min(1).max(240),
  forecast: z.object({
    typeWeights: z.record(LessonType, z.number().min(0).max(10)),
    /** Fraction at which a mark rounds up: 0.5 (2.5 → 3) or 0.6 (2.6 → 3). */
    roundUpFrom: z.number().min(0.01).max(0.99),
    minMarks: z.number().int().min(0).max(50),
    maxAbsenceShare: z.number().min(0).max(1),
  }),
  sou: z.object({
    w5: z.number(),
    w4: z.number(),
    w3: z.number(),
    w2: z.number(),
    w1: z.number(),
    na: z.number(),
  }),
  extractSections: z.record(ExtractSection, z.boolean()),
  /** Address of the central system, e.g. https://ezhd.region.ru; empty when not connected. */
  centralUrl: z.string().max(300),
  /** Address of the update feed (electron-updater generic provider). */
  updateUrl: z.string().max(300),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  finalMarkDeadlineDays: 1,
  idleLockMinutes: 10,
  forecast: {
    typeWeights: {
      урок: 1,
      контрольная: 2,
      практическая: 1.5,
      лабораторная: 1.5,
      самостоятельная: 1.5,
      проверочная: 1.5,
      зачёт: 2,
    },
    roundUpFrom: 0.6,
    minMarks: 3,
    maxAbsenceShare: 0.5,
  },
  sou: { w5: 1, w4: 0.64, w3: 0.36, w2: 0.16, w1: 0.08, na: 0.07 },
  extractSections: {
    marks: true,
    forecast: true,
    absences: true,
    unsatisfactory: true,
    homework: true,
    recommendations: true,
    timetable: true,
    tests: true,
    holidays: true,
    teachers: true,
  },
  centralUrl: '',
  updateUrl: '',
};

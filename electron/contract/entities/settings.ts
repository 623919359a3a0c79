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

/** The deadlines of final results the regulations allow (положение о ЭЖД: «не позже суток», contract: «не позже трёх дней»). */
export const FINAL_MARK_DEADLINE_DAYS = [1, 3] as const;
export const FinalMarkDeadlineDays = z.literal(FINAL_MARK_DEADLINE_DAYS, { error: 'Срок — 1 или 3 дня (положение о ЭЖД)' });
export type FinalMarkDeadlineDays = z.infer<typeof FinalMarkDeadlineDays>;

export const IDLE_LOCK_MINUTES = { min: 1, max: 60 } as const;
const IDLE_LOCK_MESSAGE = `Блокировка после простоя — от ${IDLE_LOCK_MINUTES.min} до ${IDLE_LOCK_MINUTES.max} минут, целым числом`;
export const IdleLockMinutes = z
  .number({ error: IDLE_LOCK_MESSAGE })
  .int({ error: IDLE_LOCK_MESSAGE })
  .min(IDLE_LOCK_MINUTES.min, { error: IDLE_LOCK_MESSAGE })
  .max(IDLE_LOCK_MINUTES.max, { error: IDLE_LOCK_MESSAGE });

/**
 * Brings settings written by older versions within the regulations (for the school.json
 * migration): a deadline other than 1 or 3 days becomes the nearest allowed one not longer than
 * what the school had chosen (2 → 1, 4–10 → 3: families never learn results later than before);
 * idle minutes are rounded and clamped to 1–60 (240 → 60). Numbers written as text are read;
 * anything else becomes the default.
 */
export function clampSettingsToRegulations(raw: { finalMarkDeadlineDays?: unknown; idleLockMinutes?: unknown }): {
  finalMarkDeadlineDays: FinalMarkDeadlineDays;
  idleLockMinutes: number;
} {
  const numberOf = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '') ? Number(v) : Number.NaN);
  const days = numberOf(raw.finalMarkDeadlineDays);
  const minutes = numberOf(raw.idleLockMinutes);
  return {
    finalMarkDeadlineDays: Number.isFinite(days) ? (days >= 3 ? 3 : 1) : DEFAULT_SETTINGS.finalMarkDeadlineDays,
    idleLockMinutes: Number.isFinite(minutes)
      ? Math.min(IDLE_LOCK_MINUTES.max, Math.max(IDLE_LOCK_MINUTES.min, Math.round(minutes)))
      : DEFAULT_SETTINGS.idleLockMinutes,
  };
}

const LESSONS_PER_MARK_MESSAGE = 'Одна отметка на каждые 1–20 проведённых уроков, целым числом';

export const Settings = z.object({
  /** Final and exam results must reach the family within this many days: exactly 1 or 3. */
  finalMarkDeadlineDays: FinalMarkDeadlineDays,
  /** The session locks after this many minutes without the user's own input (1–60). */
  idleLockMinutes: IdleLockMinutes,
  forecast: z.object({
    typeWeights: z.record(LessonType, z.number().min(0).max(10)),
    /** Fraction at which a mark rounds up: 0.5 (2.5 → 3) or 0.6 (2.6 → 3). */
    roundUpFrom: z.number().min(0.01).max(0.99),
    minMarks: z.number().int().min(0).max(50),
    /**
     * «Мало отметок» rule: one mark expected per this many lessons held, up to `minMarks`
     * (journal/forecast.ts `expectedMarks`). Absent in settings written before it: the default.
     */
    lessonsPerMark: z.number({ error: LESSONS_PER_MARK_MESSAGE }).int({ error: LESSONS_PER_MARK_MESSAGE }).min(1, { error: LESSONS_PER_MARK_MESSAGE }).max(20, { error: LESSONS_PER_MARK_MESSAGE }).optional(),
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
    lessonsPerMark: 3,
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

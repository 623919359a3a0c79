/**
 * Schema versions and migrations of the partition files.
 *
 * Every partition carries `schemaVersion` (a file without one is version 0). When the store reads a
 * partition older than the version this program writes, it runs the migrations of that kind in
 * order — `table[kind][v]` turns version v into v + 1 — and writes the result back durably before
 * anyone sees it. A partition newer than this program is refused with a clear error and never
 * written (an older program must not damage data it does not understand).
 *
 * To change a format: bump SCHEMA_VERSION[kind] in schema.ts and add `table[kind][old]` here, a
 * pure function of the old object (it may mutate and return it), with a test.
 */
import { AppError } from '../../contract/errors.js';
import { SCHEMA_VERSION } from './schema.js';
import { clampSettingsToRegulations } from '../../contract/entities/settings.js';

export type MigratedKind = keyof typeof SCHEMA_VERSION;
export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;
export type MigrationTable = { [K in MigratedKind]?: Record<number, Migration> };
export type SchemaVersions = { [K in MigratedKind]: number };

const KIND_LABEL: Record<MigratedKind, string> = { school: 'сведения о школе', class: 'данные класса', journal: 'журнал класса' };

function ensureArrays(data: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) if (!Array.isArray(data[k])) data[k] = [];
}

/**
 * School v2: compromise reports become records that a password change never erases (the old
 * `users[].compromisedAt` was cleared by one), school-wide pending mutations get their list, and
 * the settings come within the regulation (idle lock 1–60 min, results deadline 1 or 3 days).
 */
function schoolV2(d: Record<string, unknown>): Record<string, unknown> {
  ensureArrays(d, ['compromises', 'mutations']);
  const compromises = d.compromises as Array<Record<string, unknown>>;
  for (const u of d.users as Array<Record<string, unknown>>) {
    const at = u.compromisedAt;
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) {
      compromises.push({ id: `cmp-${String(u.id)}-${Date.parse(at)}`, userId: u.id, from: at, recordedAt: at, recordedBy: u.id });
    }
    delete u.compromisedAt;
  }
  const settings = d.settings as Record<string, unknown> | undefined;
  if (settings) Object.assign(settings, clampSettingsToRegulations(settings));
  return d;
}

/** The migrations of this program. Version 0: files written before versions were recorded. */
export const MIGRATIONS: MigrationTable = {
  school: {
    0: (d) => {
      ensureArrays(d, ['years', 'periods', 'classes', 'subjects', 'teachers', 'curriculum', 'timetable', 'timetableChanges', 'holidays', 'tests', 'users']);
      return d;
    },
    1: (d) => schoolV2(d),
  },
  class: {
    0: (d) => {
      ensureArrays(d, ['students', 'guardians', 'documents', 'finalMarks', 'recommendations', 'extracts', 'diaryViews', 'mutations']);
      return d;
    },
  },
  journal: {
    0: (d) => {
      ensureArrays(d, ['lessons', 'marks', 'attendance']);
      return d;
    },
  },
};

export function versionOf(data: unknown): number {
  if (data === null || typeof data !== 'object') return 0;
  const v = (data as { schemaVersion?: unknown }).schemaVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

export function newerVersionError(kind: MigratedKind, found: number, known: number): AppError {
  return new AppError(
    'storage',
    `Данные созданы более новой версией программы (${KIND_LABEL[kind]}: версия формата ${found}, эта программа знает версию ${known}). ` +
      'Данные не изменены. Обновите «ЭЖД Офис» до последней версии.',
  );
}

/**
 * Brings `data` to `target`. Returns null when it is already there; throws for a newer version or
 * a missing step.
 */
export function migrate<T>(kind: MigratedKind, data: T, target: number, table: MigrationTable = MIGRATIONS): T | null {
  const from = versionOf(data);
  if (from > target) throw newerVersionError(kind, from, target);
  if (from === target) return null;
  let d = data as Record<string, unknown>;
  for (let v = from; v < target; v++) {
    const step = table[kind]?.[v];
    if (!step) throw new AppError('internal', `Нет преобразования данных (${KIND_LABEL[kind]}) с версии ${v}. Сообщите разработчикам.`);
    d = step(d);
    d.schemaVersion = v + 1;
  }
  return d as T;
}

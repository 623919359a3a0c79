import { Low } from 'lowdb';
import { AppError } from '../../contract/errors.js';
import { KeyedMutex } from '../util/mutex.js';
import type { StoreBackend } from './backend.js';
import { emptyClassData, emptyJournal, type ClassData, type JournalData, type SchoolData } from './schema.js';

const SCHOOL = 'school.json';
const classPath = (classId: string) => `classes/${classId}.json`;
const journalPath = (yearId: string, classId: string) => `journal/${yearId}/${classId}.json`;

/**
 * The local replica, partitioned into small lowdb files so that a write touches one of them.
 * Every update is copy-on-write: the change is applied to a copy, written durably, and only
 * then becomes visible; a failed write leaves memory and disk as they were.
 */
export class Store {
  private readonly mutex = new KeyedMutex();
  private readonly dbs = new Map<string, Low<unknown>>();
  private readonly journalLru: string[] = [];

  constructor(
    private readonly backend: StoreBackend,
    private readonly options: { journalCacheSize?: number } = {},
  ) {}

  private async open<T>(relPath: string): Promise<Low<T> | null> {
    const cached = this.dbs.get(relPath) as Low<T> | undefined;
    if (cached) return cached;
    const db = new Low<T>(this.backend.adapter<T>(relPath), null as T);
    await db.read();
    if (db.data === null) return null;
    this.dbs.set(relPath, db as Low<unknown>);
    return db;
  }

  private async update<T, R>(relPath: string, fallback: (() => T) | null, fn: (draft: T) => R): Promise<R> {
    return this.mutex.run(relPath, async () => {
      let db = await this.open<T>(relPath);
      if (!db) {
        if (!fallback) throw new AppError('not_found', 'Данные не найдены. Обновите страницу.');
        db = new Low<T>(this.backend.adapter<T>(relPath), fallback());
      }
      const previous = db.data;
      const draft = structuredClone(previous);
      const result = fn(draft);
      db.data = draft;
      try {
        await db.write();
      } catch (e) {
        db.data = previous;
        throw e;
      }
      this.dbs.set(relPath, db as Low<unknown>);
      return result;
    });
  }

  async hasSchool(): Promise<boolean> {
    return (await this.open<SchoolData>(SCHOOL)) !== null;
  }

  async school(): Promise<SchoolData> {
    const db = await this.open<SchoolData>(SCHOOL);
    if (!db) throw new AppError('not_found', 'Школа ещё не настроена. Выполните первый запуск.');
    return db.data;
  }

  /** Writes the whole school file (first start, demo load, restore). */
  async initSchool(data: SchoolData): Promise<void> {
    await this.update<SchoolData, void>(SCHOOL, () => data, (d) => {
      Object.assign(d, structuredClone(data));
    });
  }

  updateSchool<R>(fn: (draft: SchoolData) => R): Promise<R> {
    return this.update<SchoolData, R>(SCHOOL, null, fn);
  }

  async classData(classId: string): Promise<ClassData> {
    const db = await this.open<ClassData>(classPath(classId));
    return db ? db.data : emptyClassData(classId);
  }

  updateClass<R>(classId: string, fn: (draft: ClassData) => R): Promise<R> {
    return this.update<ClassData, R>(classPath(classId), () => emptyClassData(classId), fn);
  }

  async journal(yearId: string, classId: string): Promise<JournalData> {
    const path = journalPath(yearId, classId);
    const db = await this.open<JournalData>(path);
    this.touchJournal(path);
    return db ? db.data : emptyJournal(yearId, classId);
  }

  updateJournal<R>(yearId: string, classId: string, fn: (draft: JournalData) => R): Promise<R> {
    const path = journalPath(yearId, classId);
    this.touchJournal(path);
    return this.update<JournalData, R>(path, () => emptyJournal(yearId, classId), fn);
  }

  /** Journal partitions are large: keep only the most recently used ones in memory. */
  private touchJournal(path: string): void {
    const i = this.journalLru.indexOf(path);
    if (i >= 0) this.journalLru.splice(i, 1);
    this.journalLru.push(path);
    const max = this.options.journalCacheSize ?? 8;
    while (this.journalLru.length > max) {
      const evicted = this.journalLru.shift()!;
      this.dbs.delete(evicted);
    }
  }

  /** Forget cached partitions (after a restore). */
  reset(): void {
    this.dbs.clear();
    this.journalLru.length = 0;
  }
}

import { randomBytes } from 'node:crypto';
import type { StoreBackend } from './backend.js';
import { codecFor } from './codec/index.js';
import { NOTICES_PATH } from './paths.js';

/**
 * What the store recovered (or could not) when it read a damaged or missing file: shown to the
 * administrator in Russian until he acknowledges it, and recorded in the audit log (ids only).
 */
export interface StoreNotice {
  id: string;
  at: string;
  /** The file's logical name ('classes/c5a.json', 'wal'). */
  file: string;
  /** Where the data came from: the file's previous version, the log alone, or nothing could be read. */
  from: 'backup' | 'log' | 'file' | 'none';
  /** Log records replayed over it. */
  replayed: number;
  /** Whether acknowledged changes could not be recovered. */
  lost: boolean;
  /** The Russian text for the administrator. */
  text: string;
}

const DAMAGE_RU: Record<string, string> = {
  missing: 'файл отсутствовал',
  bad_magic: 'файл испорчен (нули или посторонние данные)',
  bad_header: 'испорчен заголовок файла',
  truncated: 'файл обрезан',
  length_mismatch: 'длина файла неверна',
  auth_failed: 'содержимое изменено или на его место скопирован другой файл',
  decode_failed: 'содержимое не удалось разобрать',
  unsupported_version: 'файл записан более новой версией программы',
};

/** The administrator's text about a partition recovered (or not) from its previous version and the log. */
export function noticeText(file: string, from: StoreNotice['from'], detail: string | undefined, replayed: number, lost: boolean): string {
  const why = detail ? ` (${DAMAGE_RU[detail] ?? detail})` : '';
  const head = `Файл данных «${file}» был повреждён или отсутствовал${why}.`;
  const how =
    from === 'backup'
      ? ` Программа восстановила его из предыдущей версии${replayed > 0 ? ` и журнала изменений (применено записей: ${replayed})` : ''}.`
      : from === 'log'
        ? ` Программа восстановила его из журнала изменений (применено записей: ${replayed}).`
        : '';
  const tail = lost
    ? ' Часть сохранённых изменений восстановить не удалось: проверьте последние изменения в этих данных и при необходимости внесите их снова.'
    : ' Ни одно сохранённое изменение не потеряно; ничего делать не нужно. Если это повторяется, проверьте диск.';
  return `${head}${how}${tail}`;
}

/** The text about damaged records of the write-ahead log. */
export function damagedLogText(lines: number): string {
  return `В журнале изменений найдено повреждённых записей: ${lines}. Изменения, которые уже были записаны в файлы данных, сохранены; остальные из этих записей восстановить нельзя. Проверьте последние изменения и при необходимости внесите их снова; проверьте диск.`;
}

/** The notices not yet acknowledged, kept in their own file (store-notices.json). */
export class StoreNotices {
  private list: StoreNotice[] | null = null;
  private readonly listeners = new Set<(n: StoreNotice) => void>();

  constructor(private readonly backend: StoreBackend) {}

  private async load(): Promise<StoreNotice[]> {
    if (this.list) return this.list;
    let read: unknown = null;
    try {
      read = await this.backend.adapter<unknown>(NOTICES_PATH, codecFor(NOTICES_PATH)).read();
    } catch {
      read = null;
    }
    const list = read && typeof read === 'object' && Array.isArray((read as { notices?: unknown }).notices) ? (read as { notices: StoreNotice[] }).notices : [];
    if (!this.list) this.list = list;
    return this.list;
  }

  async add(n: Omit<StoreNotice, 'id' | 'at'>): Promise<void> {
    const notice: StoreNotice = { id: `rec-${randomBytes(6).toString('hex')}`, at: new Date().toISOString(), ...n };
    const list = await this.load();
    list.push(notice);
    for (const fn of this.listeners) {
      try {
        fn(notice);
      } catch {
        // a listener's failure is not the store's
      }
    }
    await this.save();
  }

  private async save(): Promise<void> {
    try {
      await this.backend.adapter<unknown>(NOTICES_PATH, codecFor(NOTICES_PATH)).write({ notices: this.list ?? [] });
    } catch {
      // A read-only folder: the notices stay for this session.
    }
  }

  async all(): Promise<StoreNotice[]> {
    return [...(await this.load())];
  }

  async acknowledge(ids: readonly string[]): Promise<void> {
    const list = await this.load();
    this.list = list.filter((n) => !ids.includes(n.id));
    await this.save();
  }

  onNotice(fn: (n: StoreNotice) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

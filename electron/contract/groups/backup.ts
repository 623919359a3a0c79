import { z } from 'zod';
import { method } from '../method.js';

export const BACKUP_PASSWORD_MIN = 8;

const BackupPassword = z
  .string()
  .min(BACKUP_PASSWORD_MIN, `Пароль резервной копии — не короче ${BACKUP_PASSWORD_MIN} символов`)
  .max(200, 'Пароль слишком длинный');

export const BackupStatus = z.object({
  /** When the last backup was made on this workstation. */
  lastBackupAt: z.string().optional(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

export const backup = {
  status: method({
    title: 'Сведения о резервном копировании',
    access: 'authenticated',
    input: z.object({}),
    output: BackupStatus,
  }),
  export: method({
    title: 'Резервная копия данных',
    access: ['admin'],
    progress: true,
    input: z.object({ password: BackupPassword }),
    output: z.object({
      /** Suggested file name, e.g. ezhd-backup-2026-11-20-0900.ezhdbak */
      fileName: z.string(),
      /** The encrypted backup file. */
      base64: z.string(),
      bytes: z.number(),
      createdAt: z.string(),
      files: z.number(),
    }),
  }),
  restore: method({
    title: 'Восстановление данных из резервной копии',
    access: ['admin'],
    progress: true,
    input: z.object({
      base64: z.string().min(1, 'Выберите файл резервной копии'),
      password: z.string().min(1, 'Введите пароль резервной копии').max(200, 'Пароль слишком длинный'),
    }),
    output: z.object({
      /** When the restored backup was made. */
      createdAt: z.string(),
      files: z.number(),
      /** False when the restored data has no account with the caller's id: log in again. */
      sessionKept: z.boolean(),
    }),
  }),
};
